"""How chunks, passages and document records are kept in Chroma's metadata (flat values
only: lists and page starts as strings)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from steunwijzer.types import Chunk, DocumentInfo, Passage


def version(info: DocumentInfo) -> str:
    """The version of a document its chunks belong to: its content as read by one version of
    ingest (a new ingest version may cut the same file into other chunks)."""
    return f"{info.content_hash}.{info.reader}"


def belongs(chunk_version: str, info: DocumentInfo) -> bool:
    """Whether a stored chunk is of this version of the document; a chunk of an index made
    before the version held the ingest version carries the content hash alone."""
    return chunk_version in (version(info), info.content_hash)


def stored_id(chunk: Chunk, info: DocumentInfo) -> str:
    """A chunk's id in the store: its content id plus the document version it belongs to."""
    return f"{chunk.id}-{info.content_hash[:16]}.{info.reader}"


def chunk_metadata(chunk: Chunk, info: DocumentInfo) -> dict[str, Any]:
    return {
        "doc_id": info.doc_id,
        "version": version(info),
        "position": chunk.position,
        "section": chunk.section,
        "page": chunk.page,
        "page_starts": json.dumps(chunk.page_starts),
        "document": info.document,
        "title": info.title,
        "schools": "|".join(info.schools),
        "kind": info.kind,
    }


def passage_of(chunk_id: str, text: str, meta: Any, score: float) -> Passage:
    starts = tuple((int(o), int(p)) for o, p in json.loads(str(meta["page_starts"])))
    return Passage(
        chunk_id=chunk_id,
        doc_id=str(meta["doc_id"]),
        document=str(meta["document"]),
        title=str(meta["title"]),
        page=int(meta["page"]),
        section=str(meta["section"]),
        text=text,
        score=score,
        page_starts=starts,
        schools=tuple(s for s in str(meta["schools"]).split("|") if s),
        kind=str(meta["kind"]),
        position=int(meta["position"]),
        dense_similarity=score,
    )


def document_metadata(info: DocumentInfo) -> dict[str, Any]:
    meta = asdict(info)
    meta["schools"] = "|".join(info.schools)
    meta["instructions"] = json.dumps(info.instructions, ensure_ascii=False)
    return meta


def document_of(meta: Any) -> DocumentInfo:
    values = dict(meta)
    values["schools"] = tuple(s for s in str(values.get("schools", "")).split("|") if s)
    values["instructions"] = tuple(json.loads(str(values.get("instructions") or "[]")))
    return DocumentInfo(**values)
