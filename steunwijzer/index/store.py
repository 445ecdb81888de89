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
"""

from __future__ import annotations

import fcntl
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from steunwijzer.errors import ConfigError, EmbedderMismatchError
from steunwijzer.index.chroma_server import connect
from steunwijzer.index.records import (
    chunk_metadata,
    document_metadata,
    document_of,
    passage_of,
    stored_id,
)
from steunwijzer.types import Chunk, DocumentInfo, Passage

CHUNKS = "steunwijzer-chunks"
DOCUMENTS = "steunwijzer-documents"
BATCH = 1000
GENERATION = "generation"  # the key of the token in the documents collection's metadata


class Store:
    """A Chroma-backed index that records which embedder built it and refuses to mix."""

    def __init__(
        self, path: Path, embedder_name: str, server_url: str = "", token: str = ""
    ) -> None:
        """`path`: the store folder; the index itself lives there too unless `server_url`
        names a Chroma server (with `token` when it asks for one)."""
        try:
            path.mkdir(parents=True, exist_ok=True)
            if not server_url:
                self._client = chromadb.PersistentClient(
                    path=str(path), settings=ChromaSettings(anonymized_telemetry=False)
                )
        except (OSError, ValueError) as exc:
            raise ConfigError(f"De indexmap {path} is niet te gebruiken ({exc}).") from exc
        if server_url:
            self._client = connect(server_url, token)
        self.path = path
        self.location = server_url or str(path)  # where the index is, for people
        self.embedder_name = embedder_name
        # embedding_function=None: Chroma must never fall back to its own (downloading) model.
        self._chunks = self._client.get_or_create_collection(
            CHUNKS,
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedder": embedder_name},
        )
        self._documents = self._client.get_or_create_collection(DOCUMENTS, embedding_function=None)
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

    def generation(self) -> str:
        """The token that every commit changes ("" before the first): one cheap read."""
        try:
            collection = self._client.get_collection(DOCUMENTS, embedding_function=None)
        except Exception as exc:  # noqa: BLE001 - whatever the client raises, it cannot read
            raise ConfigError(f"De index in {self.location} is niet te lezen ({exc}).") from exc
        return str((collection.metadata or {}).get(GENERATION, ""))

    def _committed(self) -> None:
        """Tell every reader of the index that it changed; called right after a commit."""
        self._documents.modify(metadata={GENERATION: uuid.uuid4().hex})

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the store's write lock: one ingest at a time, so that one run's recover()
        never sweeps away another run's uncommitted chunks."""
        with open(self.path / "ingest.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    # -- documents -------------------------------------------------------------------------

    def documents(self) -> list[DocumentInfo]:
        """All committed documents, sorted by file name."""
        records = self._documents.get(include=["metadatas"])
        docs = [document_of(meta) for meta in records["metadatas"] or []]
        return sorted(docs, key=lambda d: (d.document, d.source))

    def document(self, doc_id: str) -> DocumentInfo | None:
        records = self._documents.get(ids=[doc_id], include=["metadatas"])
        metas = records["metadatas"] or []
        return document_of(metas[0]) if metas else None

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
            {"$and": [{"doc_id": info.doc_id}, {"version": {"$ne": info.content_hash}}]}
            for info in infos
        ]
        self._chunks.delete(where=stale[0] if len(stale) == 1 else {"$or": stale})

    def delete_document(self, doc_id: str) -> None:
        """Remove a document: the record first (the commit), then its chunks."""
        self._documents.delete(ids=[doc_id])
        self._committed()
        self._chunks.delete(where={"doc_id": doc_id})

    def recover(self) -> int:
        """Delete chunks that no committed document owns; returns how many."""
        committed = {d.doc_id: d.content_hash for d in self.documents()}
        orphans = [
            chunk_id
            for chunk_id, _, meta in self._all_chunks(with_text=False)
            if committed.get(str(meta["doc_id"])) != meta["version"]
        ]
        for start in range(0, len(orphans), BATCH):
            self._chunks.delete(ids=orphans[start : start + BATCH])
        return len(orphans)

    # -- chunks ----------------------------------------------------------------------------

    def chunk_count(self) -> int:
        return sum(d.chunks for d in self.documents())

    def passages(self) -> list[Passage]:
        """Every committed chunk as a passage (score 0), in a stable order."""
        committed = {d.doc_id: d.content_hash for d in self.documents()}
        found = [
            passage_of(chunk_id, text, meta, 0.0)
            for chunk_id, text, meta in self._all_chunks(with_text=True)
            if committed.get(str(meta["doc_id"])) == meta["version"]
        ]
        return sorted(found, key=lambda p: (p.doc_id, p.position))

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
