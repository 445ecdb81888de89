"""Index files: read, clean, chunk, infer metadata, embed and store.

Unchanged files (same content hash) are skipped, changed files replace their chunks in one
commit, a bad file is reported and skipped, and `prune` drops documents whose file is gone.
Files are read a few ahead, in a thread, while the embedder works; small documents are embedded
together (one embedder batch for several files), each distinct text once, and committed
together: each document is either all there or as it was."""

from __future__ import annotations

import hashlib
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

from steunwijzer.errors import DocumentError, os_reason
from steunwijzer.index.embeddings import NamedEmbeddings, embed_distinct
from steunwijzer.index.instructions import InstructionScreen
from steunwijzer.index.store import Store
from steunwijzer.index.vector_cache import CachedEmbeddings, sentences_of
from steunwijzer.ingest.chunk import chunk_blocks
from steunwijzer.ingest.clean import clean_pages
from steunwijzer.ingest.metadata import (
    infer_kind,
    infer_period,
    infer_schools,
    infer_swv,
    infer_title,
)
from steunwijzer.ingest.progress import Estimate, IngestProgress, Outcome, Progress, Stage
from steunwijzer.ingest.readers import SUPPORTED, Limits, read_document
from steunwijzer.ingest.uploads import slot
from steunwijzer.types import Chunk, DocumentInfo, indexed_text

# Recorded with every document: bump it when reading, cleaning, chunking or what is read from
# a document (title, schools, SWV, period) changes, so that the next ingest reads every file
# again instead of skipping it as unchanged.
# 7: a table's rows no longer run on after a long cell; 8: unless the next word would not fit;
# 9, 10: 'SO De Klankkast' is a school's name ('VSO HAVO-VWO' is not); 11: the headings a
# Word or text file marks are headings, Word's list paragraphs bullets; 12: a school year
# after 'geldig tot en met' is no period; 13: Word's numbered items are bullets, an underline needs
# a short title line of its own; 14: a marked heading marks its own line only; 18: an initial
# after a title ends no sentence ('mw. drs. A. Aydın')
INGEST_VERSION = 18
# Documents are read (PDF text, cleaning, chunking) this many files ahead, in a thread, while
# the embedder works on the ones before: the embedder's arithmetic leaves the interpreter free.
READ_AHEAD = 2
# Passages are embedded in filled batches: a short SOP has 3 or 4, and each call costs the
# embedder's threads a start and a wait, dear on a busy machine. The same vectors either way.
FLUSH_PASSAGES = 32
# Sentences, once the documents are searchable: this many a batch (about 11,000 tokens).
SENTENCE_BATCH = 512


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
    blocks = clean_pages(raw.pages, headings=raw.headings) or clean_pages(
        raw.pages, drop_running=False, headings=raw.headings
    )
    doc_id = doc_id_for(path)
    chunks = chunk_blocks(doc_id, blocks)
    if not chunks:
        raise DocumentError("het bestand bevat geen bruikbare tekst")
    limits.check_chunks(len(chunks))
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
    read_ahead: int = READ_AHEAD,
    limits: Limits | None = None,
) -> IngestReport:
    """Index every supported file under `paths` into `store` (a file past `limits` fails);
    `progress` hears of every file as it is done. Then, with a vector cache, the sentences of
    the new passages are embedded (answers rank and quote them): the documents are searchable
    before that stage, and an interrupted one only leaves work for the first questions."""
    with store.writing():
        run = _Run(store, embedder, progress, limits or Limits())
        run.ingest(paths, read_ahead)
        if prune:
            for doc in store.documents():
                if not Path(doc.source).exists():
                    store.delete_document(doc.doc_id)
                    run.report.removed.append(doc.source)
    if isinstance(embedder, CachedEmbeddings):
        run.sentences(embedder)
    return run.report


@dataclass(frozen=True)
class _Loaded:
    """A file read and chunked, waiting to be embedded and committed."""

    path: Path
    info: DocumentInfo
    chunks: list[Chunk]
    replaces: bool  # an earlier version of the file is indexed

    @property
    def texts(self) -> list[str]:
        """What is embedded for each chunk."""
        return [indexed_text(self.info.title, c.section, c.text) for c in self.chunks]


@dataclass(frozen=True)
class _Unchanged:
    path: Path


@dataclass(frozen=True)
class _Failed:
    path: Path
    reason: str


def _load(
    path: Path, indexed: dict[str, tuple[str, int]], limits: Limits
) -> _Loaded | _Unchanged | _Failed:
    """Read and chunk a file, unless it is indexed with this content by this version of
    ingest (`indexed`: content hash and ingest version by document id)."""
    try:
        # Read once: the text indexed is exactly the content the hash stands for.
        data = path.read_bytes()
        content_hash = hashlib.sha256(data).hexdigest()
        existing = indexed.get(doc_id_for(path))
        if existing == (content_hash, INGEST_VERSION):
            return _Unchanged(path)
        info, chunks = load_document(path, content_hash, data, limits)
    except Exception as exc:  # noqa: BLE001 - one odd file must not stop the others
        return _Failed(path, _reason(exc))
    return _Loaded(path, info, chunks, existing is not None)


def _read(
    files: Sequence[Path], indexed: dict[str, tuple[str, int]], ahead: int, limits: Limits
) -> Iterator[_Loaded | _Unchanged | _Failed]:
    """Every file loaded, in order; up to `ahead` files are read in a thread meanwhile."""
    if ahead < 1:
        yield from (_load(path, indexed, limits) for path in files)
        return
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="steunwijzer-read")
    try:
        queued: deque[Future[_Loaded | _Unchanged | _Failed]] = deque()
        waiting = iter(files)
        for path in islice(waiting, ahead + 1):
            queued.append(pool.submit(_load, path, indexed, limits))
        while queued:
            loaded = queued.popleft().result()
            for path in islice(waiting, 1):
                queued.append(pool.submit(_load, path, indexed, limits))
            yield loaded
    finally:  # an interrupted run does not read on
        pool.shutdown(wait=True, cancel_futures=True)


class _Run:
    """One ingest run: the files in order, embedded and committed in filled batches (a batch's
    documents in one commit), each reported to `progress` when it is done."""

    def __init__(
        self,
        store: Store,
        embedder: NamedEmbeddings,
        progress: Progress | None,
        limits: Limits,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.progress = progress
        self.limits = limits
        self.screen = InstructionScreen(embedder)  # sentences addressed to an AI system
        self.report = IngestReport(recovered_chunks=store.recover())
        self.done = 0
        self.total = 0
        self.estimate = Estimate({})
        self.stored: list[Chunk] = []  # the chunks this run committed

    def ingest(self, paths: Sequence[Path], ahead: int) -> None:
        files, self.report.failed = find_files(paths)
        self.total = len(files)
        self.estimate = Estimate({str(path): _size(path) for path in files})
        self._tell(IngestProgress(0, self.total))
        indexed = {d.doc_id: (d.content_hash, d.reader) for d in self.store.documents()}
        waiting: list[_Loaded] = []
        for loaded in _read(files, indexed, ahead, self.limits):
            if isinstance(loaded, _Unchanged):
                self.report.skipped.append(str(loaded.path))
                self._finished(loaded.path, Outcome.SKIPPED)
            elif isinstance(loaded, _Failed):
                self.report.failed.append((str(loaded.path), loaded.reason))
                self._finished(loaded.path, Outcome.FAILED)
            else:
                later = sum(len(chunk.text) for chunk in loaded.chunks)  # its sentences
                self.estimate.read(str(loaded.path), _chars(loaded), later)
                waiting.append(loaded)
                if sum(len(w.chunks) for w in waiting) >= FLUSH_PASSAGES:
                    self._commit(waiting)
                    waiting = []
        self._commit(waiting)

    def sentences(self, cache: CachedEmbeddings) -> None:
        """Embed the sentences of the passages this run stored that the cache lacks."""
        missing = cache.missing(sentences_of(c.text for c in self.stored))
        total = len(missing)
        if not total:
            return
        self.estimate.settle(sum(len(text) for text in missing))
        left = self.estimate.seconds_left()
        self._tell(IngestProgress(0, total, seconds_left=left, stage=Stage.SENTENCES))
        for start in range(0, total, SENTENCE_BATCH):
            batch = missing[start : start + SENTENCE_BATCH]
            cache.embed_documents(batch)
            self.estimate.embedded(sum(len(text) for text in batch))
            done = min(start + SENTENCE_BATCH, total)
            left = self.estimate.seconds_left()
            self._tell(IngestProgress(done, total, seconds_left=left, stage=Stage.SENTENCES))

    def _commit(self, waiting: Sequence[_Loaded]) -> None:
        """Embed the waiting documents together, then store them one commit each."""
        if not waiting:
            return
        try:
            vectors = embed_distinct(self.embedder, [t for loaded in waiting for t in loaded.texts])
        except Exception as exc:  # noqa: BLE001
            if len(waiting) > 1:  # find the file it came from: one at a time
                for loaded in waiting:
                    self._commit([loaded])
            else:
                self.report.failed.append((str(waiting[0].path), _reason(exc)))
                self.estimate.embedded(_chars(waiting[0]))
                self._finished(waiting[0].path, Outcome.FAILED)
            return
        parts = []
        end = 0
        for loaded in waiting:
            start, end = end, end + len(loaded.chunks)
            found = self.screen.instructions([c.text for c in loaded.chunks])
            parts.append(
                (replace(loaded.info, instructions=found), loaded.chunks, vectors[start:end])
            )
            self.estimate.embedded(_chars(loaded))
        try:
            self.store.put_documents(parts)  # one commit for the batch
        except Exception:  # noqa: BLE001 - find the document it came from: one at a time
            for loaded, part in zip(waiting, parts, strict=True):
                try:
                    self.store.put_documents([part])
                except Exception as exc:  # noqa: BLE001
                    self.report.failed.append((str(loaded.path), _reason(exc)))
                    self._finished(loaded.path, Outcome.FAILED)
                    continue
                self._stored(loaded)
            return
        for loaded in waiting:
            self._stored(loaded)

    def _stored(self, loaded: _Loaded) -> None:
        self.stored.extend(loaded.chunks)
        (self.report.updated if loaded.replaces else self.report.added).append(str(loaded.path))
        self.report.chunks_added += len(loaded.chunks)
        outcome = Outcome.UPDATED if loaded.replaces else Outcome.ADDED
        self._finished(loaded.path, outcome, loaded.info.pages, len(loaded.chunks))

    def _finished(self, path: Path, outcome: Outcome, pages: int = 0, passages: int = 0) -> None:
        if outcome in (Outcome.SKIPPED, Outcome.FAILED):
            self.estimate.skipped(str(path))
        self.done += 1
        left = self.estimate.seconds_left()
        self._tell(IngestProgress(self.done, self.total, path.name, outcome, pages, passages, left))

    def _tell(self, progress: IngestProgress) -> None:
        if self.progress:
            self.progress(progress)


def _chars(loaded: _Loaded) -> int:
    return sum(len(text) for text in loaded.texts)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _reason(exc: Exception) -> str:
    """Why a file could not be indexed, for the report (in Dutch)."""
    if isinstance(exc, DocumentError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"kan het bestand niet lezen ({os_reason(exc)})"
    return f"onverwachte fout bij het verwerken ({type(exc).__name__}: {exc})"
