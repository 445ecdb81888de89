"""An embedder that remembers: the vectors of the texts it embedded are kept on disk beside the
index (SQLite, by embedder and text). Ingest embeds every sentence of the passages it adds, once
they are searchable, so that ranking, quoting and checking sentences at question time costs
lookups, not embedding (embedding them at every question was nine tenths of the time to the
passages). A passage's own vector is kept too, so a changed document embeds only the passages
that changed."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from contextlib import closing
from pathlib import Path

import numpy as np

from steunwijzer.errors import StoreError, os_reason
from steunwijzer.index.embeddings import NamedEmbeddings, embed_distinct
from steunwijzer.language.text import sentence_spans

# SQLite allows this many parameters in one statement on every build.
_LOOKUP_BATCH = 500
RECENT_QUERIES = 64


class CachedEmbeddings(NamedEmbeddings):
    """`embed_documents` through a cache on disk; queries are embedded as they come. The cache
    holds vectors only, keyed by embedder and text: a missing entry costs an embedding, never a
    wrong vector, so an interrupted ingest leaves nothing to clean up, and a cache that cannot
    be read or written (a full disk, a damaged file) only makes answers slower."""

    def __init__(self, embedder: NamedEmbeddings, path: Path) -> None:
        self.embedder = embedder
        self.name = embedder.name  # the index records the model, not the cache
        self.batch_size = embedder.batch_size
        self.path = path
        # The last questions' vectors, in memory: one answer asks for its question's vector
        # several times (the search, the rerank, the sentence rankings).
        self._queries: dict[str, list[float]] = {}
        self._queries_lock = threading.Lock()

    def check(self) -> None:
        """Make sure the cache can be used: a damaged file is moved aside (to
        vectors.sqlite.beschadigd) and started anew; a folder or an unreadable file in its
        place is a StoreError that says what to do."""
        if self.path.exists() and not self.path.is_file():
            raise StoreError(
                f"{self.path} is geen bestand. Verwijder het (rm -r '{self.path}'); Steunwijzer "
                "maakt het opnieuw aan."
            )
        try:
            with closing(self._connect()) as connection:
                connection.execute("SELECT key FROM vectors LIMIT 1").fetchall()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                return
            try:
                self.path.replace(self.path.with_name(self.path.name + ".beschadigd"))
            except OSError as moved:
                raise StoreError(
                    f"{self.path} is beschadigd en kan niet opzij gezet worden "
                    f"({os_reason(moved)}). Verwijder het; Steunwijzer maakt het opnieuw aan."
                ) from exc
        except OSError as exc:
            raise StoreError(
                f"{self.path} is niet te gebruiken ({os_reason(exc)}). Controleer de rechten op "
                f"{self.path.parent}."
            ) from exc

    def embed_query(self, text: str) -> list[float]:
        vector = self._queries.get(text)
        if vector is None:
            vector = self.embedder.embed_query(text)
            with self._queries_lock:  # the app's sessions ask at the same time
                if len(self._queries) >= RECENT_QUERIES:
                    self._queries.pop(next(iter(self._queries)), None)
                self._queries[text] = vector
        return vector

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        keys = [self._key(text) for text in texts]
        known = self._read(list(dict.fromkeys(keys)))
        new = {key: text for key, text in zip(keys, texts, strict=True) if key not in known}
        if new:
            rows = embed_distinct(self.embedder, list(new.values()))
            vectors = [np.asarray(row, dtype=np.float32) for row in rows]
            known.update(zip(new, vectors, strict=True))
            self._write([(key, known[key]) for key in new])
        return [known[key].tolist() for key in keys]

    def add_sentences(self, texts: Iterable[str]) -> None:
        """Embed the sentences of these passage texts, ahead of the questions that rank them."""
        self.embed_documents(sentences_of(texts))

    def missing(self, texts: Sequence[str]) -> list[str]:
        """Those of `texts` whose vectors are not kept yet (each once)."""
        keys = {self._key(text): text for text in texts}
        known = self._read(list(keys))
        return [text for key, text in keys.items() if key not in known]

    def keep_only(self, texts: Iterable[str]) -> None:
        """Forget every vector but those of these passage texts and their sentences: what the
        index no longer holds (removed or changed documents, checked model sentences) goes."""
        keep = [
            (self._key(part),)
            for text in texts
            for part in (text, *(text[start:end] for start, end in sentence_spans(text)))
        ]
        try:
            with closing(self._connect()) as connection, connection:
                connection.execute("CREATE TEMP TABLE keep (key TEXT PRIMARY KEY)")
                connection.executemany("INSERT OR IGNORE INTO keep (key) VALUES (?)", keep)
                connection.execute("DELETE FROM vectors WHERE key NOT IN (SELECT key FROM keep)")
        except (sqlite3.Error, OSError):
            pass

    def _key(self, text: str) -> str:
        return hashlib.sha1(f"{self.name}\x00{text}".encode()).hexdigest()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=30)
        connection.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB)")
        return connection

    def _read(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        try:
            with closing(self._connect()) as connection:
                for start in range(0, len(keys), _LOOKUP_BATCH):
                    part = keys[start : start + _LOOKUP_BATCH]
                    marks = ",".join("?" * len(part))
                    rows = connection.execute(
                        f"SELECT key, vector FROM vectors WHERE key IN ({marks})", part
                    )
                    found.update((key, np.frombuffer(blob, dtype=np.float32)) for key, blob in rows)
        except (sqlite3.Error, OSError):
            return {}
        return found

    def _write(self, rows: Sequence[tuple[str, np.ndarray]]) -> None:
        try:
            with closing(self._connect()) as connection, connection:
                connection.executemany(
                    "INSERT OR IGNORE INTO vectors (key, vector) VALUES (?, ?)",
                    [(key, vector.tobytes()) for key, vector in rows],
                )
        except (sqlite3.Error, OSError):
            pass


def sentences_of(texts: Iterable[str]) -> list[str]:
    """The sentences of passage texts, as answers rank and quote them."""
    return [text[start:end] for text in texts for start, end in sentence_spans(text)]
