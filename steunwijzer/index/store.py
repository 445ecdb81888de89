"""The index: chunks and their vectors in Chroma, plus one record per committed document.

Replacing a document is made crash-safe by ordering: new chunks are written first (tagged
with the new content hash), then the document record is written (the commit point), then the
old chunks are deleted. Readers only see chunks whose hash matches a committed record, and
`recover()` sweeps away whatever an interrupted run left behind.

Chroma runs embedded in the store folder (`PersistentClient`), or as a server that several
app instances share (`server_url`: `HttpClient`; a token goes out as `Authorization: Bearer`).
The store folder is used either way, for the write lock and for caches such as profiles.json.

Generation: right after every commit (a document record written or deleted) the documents
collection's metadata gets a new random `generation` token. Whatever is built in memory over
the index (the retriever's passage snapshot and BM25 side) keeps the token it read just before
it was built; `generation()` is one cheap read, and a different token means that someone else
(another process, another app instance on the same server) changed the index, so the snapshot
must be rebuilt. Token read before the snapshot, token written after the commit: a snapshot is
never older than its token (at worst it is rebuilt once too often).

Damage: whatever Chroma or SQLite raise (a truncated or overwritten chroma.sqlite3, a read-only
folder, a server that stopped) becomes a `StoreError` with a Dutch message that says what to
do; a zero-byte chroma.sqlite3 is damage too, not an empty index. After every write the
sources of the committed documents are recorded in sources.json beside the index, so that
`steunwijzer ingest --rebuild` can index them again when the index itself is lost.
"""

from __future__ import annotations

import errno
import fcntl
import functools
import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from steunwijzer.errors import (
    REBUILD_HINT,
    ConfigError,
    EmbedderMismatchError,
    SteunwijzerError,
    StoreError,
)
from steunwijzer.index.chroma_server import connect
from steunwijzer.index.records import (
    belongs,
    chunk_metadata,
    document_metadata,
    document_of,
    passage_of,
    stored_id,
    version,
)
from steunwijzer.language.injection import flag_instructions
from steunwijzer.types import Chunk, DocumentInfo, Passage

CHUNKS = "steunwijzer-chunks"
DOCUMENTS = "steunwijzer-documents"
BATCH = 1000
GENERATION = "generation"  # the key of the token in the documents collection's metadata
DATABASE = "chroma.sqlite3"
SOURCES = "sources.json"  # the files of the committed documents, for a rebuild
LOCK = "ingest.lock"
P = ParamSpec("P")
R = TypeVar("R")


def guarded(method: Callable[Concatenate[Store, P], R]) -> Callable[Concatenate[Store, P], R]:
    """Whatever the index raises becomes a StoreError that says what to do."""

    @functools.wraps(method)
    def wrapper(self: Store, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(self, *args, **kwargs)
        except SteunwijzerError:
            raise
        except BaseException as exc:  # Chroma's Rust side panics with a BaseException
            if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
                raise
            raise self.failure(exc) from exc

    return wrapper


class Store:
    """A Chroma-backed index that records which embedder built it and refuses to mix."""

    def __init__(
        self, path: Path, embedder_name: str, server_url: str = "", token: str = ""
    ) -> None:
        """`path`: the store folder; the index itself lives there too unless `server_url`
        names a Chroma server (with `token` when it asks for one)."""
        self.path = path
        self.server_url = server_url
        self.location = server_url or str(path)  # where the index is, for people
        self.embedder_name = embedder_name
        self._write_lock = threading.RLock()  # the threads of this process, one at a time
        self._lock_depth = 0
        try:
            path.mkdir(parents=True, exist_ok=True)
        except (OSError, ValueError) as exc:
            raise ConfigError(f"De indexmap {path} is niet te gebruiken ({exc}).") from exc
        database = path / DATABASE
        if not server_url and (database.is_dir() or database.is_file() and not _size(database)):
            raise StoreError(
                f"De index in {path} is beschadigd: {DATABASE} is leeg of geen bestand. "
                + REBUILD_HINT
            )
        self._open(token)
        built_with = (self._chunks.metadata or {}).get("embedder")
        if built_with != embedder_name:
            other = (
                "een andere server (STEUNWIJZER_CHROMA_URL)"
                if server_url
                else "een andere map (STEUNWIJZER_STORE)"
            )
            raise EmbedderMismatchError(
                f"De index in {self.location} is gebouwd met {built_with!r}, niet met "
                f"{embedder_name!r}. Kies hetzelfde model (STEUNWIJZER_EMBEDDER) of {other}."
            )

    @guarded
    def _open(self, token: str) -> None:
        if self.server_url:
            self._client = connect(self.server_url, token)
        else:
            self._client = chromadb.PersistentClient(
                path=str(self.path), settings=ChromaSettings(anonymized_telemetry=False)
            )
        # embedding_function=None: Chroma must never fall back to its own (downloading) model.
        self._chunks = self._client.get_or_create_collection(
            CHUNKS,
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedder": self.embedder_name},
        )
        self._documents = self._client.get_or_create_collection(DOCUMENTS, embedding_function=None)

    def failure(self, exc: BaseException) -> StoreError:
        """The Dutch message for what went wrong with the index."""
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        if self.server_url:
            return StoreError(
                f"De Chroma-server op {self.server_url} gaf een fout of is niet meer bereikbaar "
                f"({reason}). Controleer of de server draait en probeer het opnieuw."
            )
        read_only = isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EROFS)
        if read_only or "readonly" in reason.lower() or not os.access(self.path, os.W_OK):
            return StoreError(
                f"De indexmap {self.path} is alleen-lezen of niet toegankelijk ({reason}). Geef "
                "schrijfrechten op die map, of kies een andere met STEUNWIJZER_STORE."
            )
        return StoreError(f"De index in {self.path} is beschadigd ({reason}). {REBUILD_HINT}")

    @guarded
    def generation(self) -> str:
        """The token that every commit changes ("" before the first): one cheap read."""
        collection = self._client.get_collection(DOCUMENTS, embedding_function=None)
        return str((collection.metadata or {}).get(GENERATION, ""))

    def _committed(self) -> None:
        """Tell every reader of the index that it changed; called right after a commit."""
        self._documents.modify(metadata={GENERATION: uuid.uuid4().hex})

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the store's write lock: one ingest at a time, so that one run's recover()
        never sweeps away another run's uncommitted chunks. Re-entrant within a thread (an
        upload holds it around its ingest); afterwards the sources are recorded."""
        with self._write_lock:
            if self._lock_depth:
                self._lock_depth += 1
                try:
                    yield
                finally:
                    self._lock_depth -= 1
                return
            with self._lock_file() as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                self._lock_depth = 1
                try:
                    yield
                    self._record_sources()
                finally:
                    self._lock_depth = 0
                    fcntl.flock(lock, fcntl.LOCK_UN)

    def _lock_file(self) -> Any:
        path = self.path / LOCK
        try:
            return open(path, "a")  # noqa: SIM115 - closed by writing()
        except IsADirectoryError as exc:
            raise StoreError(
                f"{path} is een map, geen slotbestand. Verwijder die map (rm -r '{path}') als er "
                "geen indexering meer loopt, en probeer het opnieuw."
            ) from exc
        except OSError as exc:
            raise self.failure(exc) from exc

    def _record_sources(self) -> None:
        """Write the committed documents' files to sources.json (for `--rebuild`)."""
        sources = sorted({doc.source for doc in self.documents()})
        partial = self.path / f".{SOURCES}.{os.getpid()}.part"
        try:
            partial.write_text(json.dumps(sources, ensure_ascii=False), encoding="utf-8")
            partial.replace(self.path / SOURCES)
        except OSError:
            partial.unlink(missing_ok=True)  # only a rebuild needs it, and the index has them

    @guarded
    def reset(self) -> None:
        """Drop every document and chunk (a rebuild on a Chroma server)."""
        for name in (CHUNKS, DOCUMENTS):
            self._client.delete_collection(name)
        self._open("")

    # -- documents -------------------------------------------------------------------------

    @guarded
    def documents(self) -> list[DocumentInfo]:
        """All committed documents, sorted by file name. The sentences their ingest found
        addressed to an AI system are registered as such (`flag_instructions`)."""
        records = self._documents.get(include=["metadatas"])
        docs = [document_of(meta) for meta in records["metadatas"] or []]
        flag_instructions(s for doc in docs for s in doc.instructions)
        return sorted(docs, key=lambda d: (d.document, d.source))

    @guarded
    def document(self, doc_id: str) -> DocumentInfo | None:
        records = self._documents.get(ids=[doc_id], include=["metadatas"])
        metas = records["metadatas"] or []
        return document_of(metas[0]) if metas else None

    @guarded
    def put_document(
        self, info: DocumentInfo, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]]
    ) -> None:
        """Add or replace one document with its chunks, so that a crash leaves no mix."""
        self.put_documents([(info, chunks, embeddings)])

    def put_documents(
        self,
        documents: Sequence[tuple[DocumentInfo, Sequence[Chunk], Sequence[Sequence[float]]]],
    ) -> None:
        """Add or replace several documents with their chunks in one commit: their chunks
        first, then their records (the commit point), then their old chunks. A crash leaves
        each document as it was or as it is now, never a mix; a run that ingests many small
        files pays for a few writes instead of a few per file."""
        if not documents:
            return
        rows = [
            (chunk, info, vector)
            for info, chunks, embeddings in documents
            for chunk, vector in zip(chunks, embeddings, strict=True)
        ]
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            self._chunks.upsert(
                # The version is part of the id: rewriting a document never touches the
                # chunks of the committed version until the new one is committed.
                ids=[stored_id(chunk, info) for chunk, info, _ in batch],
                embeddings=np.asarray([vector for _, _, vector in batch], dtype=np.float32),
                documents=[chunk.text for chunk, _, _ in batch],
                metadatas=[chunk_metadata(chunk, info) for chunk, info, _ in batch],
            )
        infos = [info for info, _, _ in documents]
        self._documents.upsert(
            ids=[info.doc_id for info in infos],
            embeddings=np.zeros((len(infos), 1), dtype=np.float32),
            documents=[info.title for info in infos],
            metadatas=[document_metadata(info) for info in infos],
        )
        self._committed()
        stale: list[Any] = [
            {"$and": [{"doc_id": info.doc_id}, {"version": {"$ne": version(info)}}]}
            for info in infos
        ]
        self._chunks.delete(where=stale[0] if len(stale) == 1 else {"$or": stale})

    @guarded
    def delete_document(self, doc_id: str) -> None:
        """Remove a document: the record first (the commit), then its chunks."""
        self._documents.delete(ids=[doc_id])
        self._committed()
        self._chunks.delete(where={"doc_id": doc_id})

    @guarded
    def recover(self) -> int:
        """Delete chunks that no committed document owns; returns how many."""
        committed = {d.doc_id: d for d in self.documents()}
        orphans = [
            chunk_id
            for chunk_id, _, meta in self._all_chunks(with_text=False)
            if not _owned(meta, committed)
        ]
        for start in range(0, len(orphans), BATCH):
            self._chunks.delete(ids=orphans[start : start + BATCH])
        return len(orphans)

    # -- chunks ----------------------------------------------------------------------------

    def chunk_count(self) -> int:
        return sum(d.chunks for d in self.documents())

    @guarded
    def passages(self) -> list[Passage]:
        """Every committed chunk as a passage (score 0), in a stable order."""
        committed = {d.doc_id: d for d in self.documents()}
        found = [
            passage_of(chunk_id, text, meta, 0.0)
            for chunk_id, text, meta in self._all_chunks(with_text=True)
            if _owned(meta, committed)
        ]
        return sorted(found, key=lambda p: (p.doc_id, p.position))

    @guarded
    def dense_search(
        self, embedding: Sequence[float], n: int, doc_ids: Sequence[str] | None = None
    ) -> list[Passage]:
        """Nearest chunks to `embedding`, best first, score = cosine similarity.

        Chunks of an unfinished ingest may be among them; the retriever keeps only the
        chunk ids of its committed snapshot."""
        where: dict[str, Any] | None = None
        if doc_ids is not None:
            if not doc_ids:
                return []
            where = {"doc_id": {"$in": list(doc_ids)}}
        total = self._chunks.count()
        if total == 0:
            return []
        result = self._chunks.query(
            query_embeddings=np.asarray([embedding], dtype=np.float32),
            n_results=min(n, total),
            where=where,
            include=["documents", "metadatas", "distances"],
        )
        return [
            passage_of(chunk_id, text, meta, 1.0 - float(distance))
            for chunk_id, text, meta, distance in zip(
                result["ids"][0],
                (result["documents"] or [[]])[0],
                (result["metadatas"] or [[]])[0],
                (result["distances"] or [[]])[0],
                strict=True,
            )
        ]

    def _all_chunks(self, with_text: bool) -> Iterator[tuple[str, str, Any]]:
        """(id, text or "", metadata) of every stored chunk, committed or not, in batches."""
        include: Any = ["documents", "metadatas"] if with_text else ["metadatas"]
        offset = 0
        while True:
            batch = self._chunks.get(include=include, limit=BATCH, offset=offset)
            texts = batch["documents"] if with_text else None
            texts = texts or [""] * len(batch["ids"])
            yield from zip(batch["ids"], texts, batch["metadatas"] or [], strict=True)
            if len(batch["ids"]) < BATCH:
                return
            offset += BATCH


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def recorded_sources(path: Path) -> list[str]:
    """The files the index in `path` was built from: sources.json, or else what can still be
    read from a damaged chroma.sqlite3."""
    try:
        found = json.loads((path / SOURCES).read_text(encoding="utf-8"))
        if isinstance(found, list) and all(isinstance(s, str) for s in found):
            return found
    except (OSError, ValueError):
        pass
    try:
        uri = f"file:{path / DATABASE}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as database:
            rows = database.execute(
                "SELECT DISTINCT string_value FROM embedding_metadata WHERE key = 'source'"
            )
            return sorted(str(row[0]) for row in rows if row[0])
    except sqlite3.Error:
        return []


def _owned(meta: Any, committed: dict[str, DocumentInfo]) -> bool:
    """Whether a stored chunk belongs to the committed version of its document."""
    document = committed.get(str(meta["doc_id"]))
    return document is not None and belongs(str(meta["version"]), document)
