"""Index files: read, clean, chunk, infer metadata, embed and store.

Unchanged files (same content hash) are skipped, changed files replace their chunks in one
commit, a bad file is reported and skipped, and `prune` drops documents whose file is gone.
Small documents are embedded together (one embedder batch for several files) and then
committed one document at a time."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from steunwijzer.errors import DocumentError, os_reason
from steunwijzer.index.embeddings import NamedEmbeddings
from steunwijzer.index.instructions import InstructionScreen
from steunwijzer.index.store import Store
from steunwijzer.index.vector_cache import CachedEmbeddings
from steunwijzer.ingest.chunk import chunk_blocks
from steunwijzer.ingest.clean import clean_pages
from steunwijzer.ingest.metadata import (
    infer_kind,
    infer_period,
    infer_schools,
    infer_swv,
    infer_title,
)
from steunwijzer.ingest.readers import SUPPORTED, Limits, read_document
from steunwijzer.ingest.uploads import slot
from steunwijzer.types import Chunk, DocumentInfo, indexed_text

# Recorded with every document: bump it when reading, cleaning or chunking changes, so that
# the next ingest reads every file again instead of skipping it as unchanged.
INGEST_VERSION = 3  # 3: sentences addressed to AI systems are found and stored at ingest

Progress = Callable[[int, int, str], None]  # (files done, files in all, current file name)


@dataclass
class IngestReport:
    """What an ingest run did, per file."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    removed: list[str] = field(default_factory=list)
    chunks_added: int = 0
    recovered_chunks: int = 0


def find_files(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Supported files under `paths` (folders recursively), and paths that cannot be used."""
    files: list[Path] = []
    problems: list[tuple[str, str]] = []
    for path in paths:
        if path.is_dir():
            found, unreadable = _walk(path)
            files.extend(found)
            problems.extend(
                (folder, "map is niet te lezen (geen toegang)") for folder in unreadable
            )
        elif path.is_file():
            files.append(path)
        else:
            problems.append((str(path), "bestand of map bestaat niet"))
    return list(dict.fromkeys(p.resolve() for p in files)), problems


def _walk(folder: Path) -> tuple[list[Path], list[str]]:
    """The supported files under `folder` (hidden folders and files left out), and the folders
    that could not be read."""
    unreadable: list[str] = []
    found: list[Path] = []
    for root, dirs, names in os.walk(folder, onerror=lambda e: unreadable.append(e.filename)):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            Path(root) / name
            for name in names
            if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED
        )
    return sorted(p for p in found if p.is_file()), unreadable


def doc_id_for(path: Path) -> str:
    """Documents are keyed by their absolute path; the versions of an upload by the path they
    share (`uploads.slot`), so that a new version replaces the old one in one commit."""
    return hashlib.sha1(str(slot(path.resolve())).encode()).hexdigest()[:16]


def load_document(
    path: Path, content_hash: str, data: bytes | None = None, limits: Limits | None = None
) -> tuple[DocumentInfo, list[Chunk]]:
    """Read and chunk one file; raises DocumentError when it cannot be used or costs more than
    `limits` allow."""
    limits = limits or Limits()
    raw = read_document(path, data, limits)
    # Pages that are all alike would lose everything as "running headers": keep them then.
    blocks = clean_pages(raw.pages) or clean_pages(raw.pages, drop_running=False)
    doc_id = doc_id_for(path)
    chunks = chunk_blocks(doc_id, blocks)
    limits.check_chunks(len(chunks))
    if not chunks:
        raise DocumentError("het bestand bevat geen bruikbare tekst")
    text = "\n".join(block.text for block in blocks)
    title = infer_title(raw.pages, raw.declared_title, path)
    info = DocumentInfo(
        doc_id=doc_id,
        document=path.name,
        source=str(path),
        title=title,
        kind=infer_kind(title, path, text),
        schools=infer_schools(title, text),
        swv=infer_swv(text),
        period=infer_period(title, path, text),
        pages=len(raw.pages),
        chunks=len(chunks),
        content_hash=content_hash,
        reader=INGEST_VERSION,
        indexed_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    return info, chunks


def ingest_paths(
    paths: Sequence[Path],
    store: Store,
    embedder: NamedEmbeddings,
    prune: bool = False,
    progress: Progress | None = None,
    limits: Limits | None = None,
) -> IngestReport:
    """Index every supported file under `paths` into `store`; a file past `limits` fails."""
    with store.writing():
        return _ingest(paths, store, embedder, prune, progress, limits or Limits())


def _ingest(
    paths: Sequence[Path],
    store: Store,
    embedder: NamedEmbeddings,
    prune: bool,
    progress: Progress | None,
    limits: Limits,
) -> IngestReport:
    report = IngestReport(recovered_chunks=store.recover())
    files, report.failed = find_files(paths)
    waiting: list[_Loaded] = []  # read and chunked, not yet embedded
    for done, path in enumerate(files):
        if progress:
            progress(done, len(files), path.name)
        loaded = _load(path, store, report, limits)
        if loaded is None:
            continue
        # Batches of one document were small (a short SOP has 3 or 4 chunks), and each batch
        # costs the embedder's threads a start and a wait, dear on a busy machine. Filled
        # batches give the same vectors.
        if waiting and _size(waiting) + len(loaded.chunks) > embedder.batch_size:
            _commit(waiting, store, embedder, report)
            waiting = []
        waiting.append(loaded)
    _commit(waiting, store, embedder, report)
    if progress:
        progress(len(files), len(files), "")
    if prune:
        for doc in store.documents():
            if not Path(doc.source).exists():
                store.delete_document(doc.doc_id)
                report.removed.append(doc.source)
    return report


@dataclass(frozen=True)
class _Loaded:
    """A file read and chunked, waiting to be embedded and committed."""

    path: Path
    info: DocumentInfo
    chunks: list[Chunk]
    replaces: bool  # an earlier version of the file is indexed


def _size(waiting: Sequence[_Loaded]) -> int:
    return sum(len(loaded.chunks) for loaded in waiting)


def _load(path: Path, store: Store, report: IngestReport, limits: Limits) -> _Loaded | None:
    """Read and chunk a file; None when it is unchanged (skipped) or unusable (failed)."""
    try:
        # Read once: the text indexed is exactly the content the hash stands for.
        data = path.read_bytes()
        content_hash = hashlib.sha256(data).hexdigest()
        existing = store.document(doc_id_for(path))
        if (
            existing is not None
            and existing.content_hash == content_hash
            and existing.reader == INGEST_VERSION
        ):
            report.skipped.append(str(path))
            return None
        info, chunks = load_document(path, content_hash, data, limits)
    except Exception as exc:  # noqa: BLE001 - one odd file must not stop the others
        report.failed.append((str(path), _reason(exc)))
        return None
    return _Loaded(path, info, chunks, existing is not None)


def _commit(
    waiting: Sequence[_Loaded], store: Store, embedder: NamedEmbeddings, report: IngestReport
) -> None:
    """Embed the waiting documents together, then store them one commit each."""
    texts = [
        indexed_text(loaded.info.title, chunk.section, chunk.text)
        for loaded in waiting
        for chunk in loaded.chunks
    ]
    try:
        vectors = _embed(embedder, texts)
        if isinstance(embedder, CachedEmbeddings):  # the sentences answers rank and quote
            embedder.add_sentences(chunk.text for loaded in waiting for chunk in loaded.chunks)
    except Exception as exc:  # noqa: BLE001
        if len(waiting) > 1:  # find the file it came from: one at a time
            for loaded in waiting:
                _commit([loaded], store, embedder, report)
        elif waiting:
            report.failed.append((str(waiting[0].path), _reason(exc)))
        return
    screen = InstructionScreen(embedder)  # sentences addressed to an AI system
    end = 0
    for loaded in waiting:
        start, end = end, end + len(loaded.chunks)
        try:
            info = replace(
                loaded.info, instructions=screen.instructions([c.text for c in loaded.chunks])
            )
            store.put_document(info, loaded.chunks, vectors[start:end])
        except Exception as exc:  # noqa: BLE001
            report.failed.append((str(loaded.path), _reason(exc)))
            continue
        (report.updated if loaded.replaces else report.added).append(str(loaded.path))
        report.chunks_added += len(loaded.chunks)


def _reason(exc: Exception) -> str:
    """Why a file could not be indexed, for the report (in Dutch)."""
    if isinstance(exc, DocumentError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"kan het bestand niet lezen ({os_reason(exc)})"
    return f"onverwachte fout bij het verwerken ({type(exc).__name__}: {exc})"


def _embed(embedder: NamedEmbeddings, texts: Sequence[str]) -> list[list[float]]:
    vectors: list[list[float]] = []
    for start in range(0, len(texts), embedder.batch_size):
        vectors.extend(embedder.embed_documents(list(texts[start : start + embedder.batch_size])))
    return vectors
