"""The public API the CLI and the app share: index files (also uploads), ask questions (answered
as a whole or streamed, within filters), list and remove what is indexed."""

from __future__ import annotations

import hashlib
import shutil
import threading
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

from steunwijzer.answering.decision import Answerer
from steunwijzer.composing.compose import Composer
from steunwijzer.config import Settings
from steunwijzer.errors import ConfigError, DocumentError, StoreError, os_reason
from steunwijzer.generation.generate import AnswerStream, Generator
from steunwijzer.generation.grounding import SupportChecker
from steunwijzer.index.embeddings import NamedEmbeddings, embedder_name, load_embedder
from steunwijzer.index.store import DATABASE, Store, recorded_sources
from steunwijzer.index.vector_cache import CachedEmbeddings
from steunwijzer.ingest.pipeline import IngestReport, doc_id_for, ingest_paths
from steunwijzer.ingest.progress import Progress
from steunwijzer.ingest.readers import MB, Limits
from steunwijzer.ingest.uploads import (
    check_upload,
    is_version,
    remove_version,
    tidy,
    write_version,
)
from steunwijzer.language.glossary import GlossaryEntry, glossary_of
from steunwijzer.llm.backends import ChatBackend, load_chat_model
from steunwijzer.llm.prompts import AUDIENCES
from steunwijzer.pipeline import QuestionPipeline
from steunwijzer.profiles.addressed import addressed_findings
from steunwijzer.profiles.checks import Finding, check, need_conflicts, unaddressed_standards
from steunwijzer.profiles.coverage import CoverageMap, coverage_maps
from steunwijzer.profiles.profile import Profile, ProfileCache
from steunwijzer.profiles.schools_with import Mention, schools_with
from steunwijzer.profiles.standards import Coverage, coverage, standards_in
from steunwijzer.retrieval.followup import FollowUps
from steunwijzer.retrieval.retrieve import Filters, RetrievalOptions, Retriever
from steunwijzer.retrieval.translate import Translator
from steunwijzer.types import Answer, DocumentInfo, Passage, Turn, indexed_text
from steunwijzer.viewing.source import SourceView, source_view


def _move_aside(store_dir: Path) -> None:
    """Move a local Chroma index (its database and segment folders) into .vorige-index."""
    kept = store_dir / ".vorige-index"
    if not store_dir.is_dir():
        return
    try:
        shutil.rmtree(kept, ignore_errors=True)
        kept.mkdir()
        for item in store_dir.iterdir():
            if item.name == DATABASE or (item.is_dir() and _is_segment(item.name)):
                item.rename(kept / item.name)
    except OSError as exc:
        raise StoreError(
            f"De index in {store_dir} kan niet opzij gezet worden ({os_reason(exc)}); controleer "
            "de rechten op die map."
        ) from exc


def _is_segment(name: str) -> bool:
    """Chroma keeps each segment in a folder named by a UUID."""
    try:
        uuid.UUID(name)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Stats:
    documents: int
    chunks: int
    embedder: str
    store: str


class Assistant:
    """One embedder, one store, an optional chat model, and a retriever over the committed
    index (rebuilt after an ingest, also one by another Assistant, process or app instance on
    the same store or Chroma server: see `Store.generation`)."""

    def __init__(
        self,
        settings: Settings,
        options: RetrievalOptions | None = None,
        backend: ChatBackend | None = None,
    ) -> None:
        """`backend`: a chat model to use; None loads the one the settings choose, when it is
        first needed (`Settings.llm="none"` means quoted answers only)."""
        self.settings = settings
        self.options = options
        self._given_backend = backend
        self._profiles_lock = threading.Lock()
        # What is built over the index is built once, by one thread: the app's sessions share
        # this Assistant and ask at the same time.
        self._build = threading.RLock()
        self._forget_index()

    @cached_property
    def embedder(self) -> NamedEmbeddings:
        """The embedding model, remembering the vectors of passage sentences beside the index."""
        cache = CachedEmbeddings(load_embedder(self.settings.embedder), self.settings.vector_cache)
        cache.check()
        return cache

    @property
    def limits(self) -> Limits:
        """What one document may cost, from the settings."""
        settings = self.settings
        return Limits(
            max_chars=settings.max_document_chars,
            max_chunks=settings.max_document_chunks,
            max_unpacked_bytes=settings.max_unpacked_mb * MB,
        )

    @cached_property
    def store(self) -> Store:
        """The index; opening it does not load the embedding model."""
        settings = self.settings
        name = (
            self.__dict__["embedder"].name
            if "embedder" in self.__dict__
            else embedder_name(settings.embedder)
        )
        return Store(settings.store_dir, name, settings.chroma_url, settings.chroma_token)

    @cached_property
    def backend(self) -> ChatBackend | None:
        """The chat model that writes answers, or None for quoted answers (STEUNWIJZER_LLM
        "none", the default). Loaded when first needed; a chosen model that cannot be loaded
        raises ModelError."""
        if self._given_backend is not None:
            return self._given_backend
        return load_chat_model(self.settings)

    def ingest(
        self, paths: Sequence[Path], prune: bool = False, progress: Progress | None = None
    ) -> IngestReport:
        """Index files and folders; see `ingest.ingest_paths`."""

        report = ingest_paths(
            paths, self.store, self.embedder, prune=prune, progress=progress, limits=self.limits
        )
        self._forget_index()
        if report.added or report.updated or report.removed:
            self._prune_vectors()
            self.profiles()  # read once here, so that no question waits for them
        return report

    def add_file(self, name: str, data: bytes, progress: Progress | None = None) -> IngestReport:
        """Keep an uploaded file in the uploads folder and index it; a file of the same name is
        replaced, and bytes already indexed (under any name) are not added again (the report
        lists the indexed file as skipped). DocumentError when it cannot be indexed: then
        nothing of it is kept (a replaced version and its passages stay as they were).

        The new version is written to a folder of its own, indexed (its record replaces the
        old version's in one commit), and only then is the old file removed: a crash at any
        moment leaves every record describing a file that holds those very bytes, and what it
        left over goes at the next upload or removal (`tidy_uploads`)."""
        safe = check_upload(name, len(data), self.settings.max_upload_mb)
        digest = hashlib.sha256(data).hexdigest()
        with self.store.writing():
            documents = self.tidy_uploads()
            same = next((d for d in documents if d.content_hash == digest), None)
            if same is not None:
                return IngestReport(skipped=[same.source])
            path = write_version(self.settings.uploads, safe, data)
            previous = self.store.document(doc_id_for(path))
            try:
                report = self.ingest([path], progress=progress)
            except BaseException:
                remove_version(path)
                raise
            if report.failed:
                remove_version(path)
                raise DocumentError(f"{name}: {report.failed[0][1]}")
            if previous is not None and Path(previous.source) != path.resolve():
                self._remove_upload(Path(previous.source))
        return report

    def tidy_uploads(self) -> list[DocumentInfo]:
        """Remove the upload versions no document names (what a crash left); returns the
        documents. Holds the store's write lock."""
        with self.store.writing():
            documents = self.store.documents()
            tidy(self.settings.uploads, (d.source for d in documents))
        return documents

    def remove(self, doc_id: str) -> None:
        """Drop a document from the index, and its file when it was uploaded in the app."""
        with self.store.writing():
            info = self.store.document(doc_id)
            if info is None:
                return
            self.store.delete_document(doc_id)
            self._remove_upload(Path(info.source))
        self._forget_index()
        self._prune_vectors()

    def _remove_upload(self, source: Path) -> None:
        """Delete an uploaded file (sources are stored resolved; the uploads folder may be
        relative or reached through a symlink); files elsewhere are the user's own."""
        uploads = self.settings.uploads.resolve()
        if source.parent == uploads:  # uploaded before versions had folders
            source.unlink(missing_ok=True)
        elif source.parent.parent == uploads and is_version(source):
            remove_version(source)

    def rebuild(self, paths: Sequence[Path] = (), progress: Progress | None = None) -> IngestReport:
        """Build the index anew from the files it records (and `paths`), also when it is
        damaged beyond reading: a local index is first moved aside to .vorige-index in the
        store folder (the one kept before is dropped), a server's collections are emptied."""
        settings = self.settings
        if settings.chroma_url:
            sources = [Path(doc.source) for doc in self.store.documents()]
            self.store.reset()
        else:
            sources = [Path(source) for source in recorded_sources(settings.store_dir)]
            _move_aside(settings.store_dir)
            self.__dict__.pop("store", None)
        self._forget_index()
        return self.ingest([*(p for p in sources if p.exists()), *paths], progress=progress)

    def reindex(self, progress: Progress | None = None) -> IngestReport:
        """Read every indexed file again: changed ones are re-indexed, vanished ones dropped."""
        sources = [Path(doc.source) for doc in self.store.documents()]
        return self.ingest([p for p in sources if p.exists()], prune=True, progress=progress)

    def ask(
        self,
        question: str,
        k: int | None = None,
        audience: str = "ouder",
        history: Sequence[Turn] = (),
        filters: Filters | None = None,
    ) -> Answer:
        """The checked answer to `question` (see `stream`)."""
        return self.stream(question, k, audience, history, filters).answer

    def named_schools(self, question: str) -> list[str]:
        """The schools and SWVs of the index that `question` names (the search keeps to them
        unless `Filters.named_schools` is off)."""
        self._catch_up()
        return [entity.name for entity in self.retriever.entities.named_in(question)]

    def stream(
        self,
        question: str,
        k: int | None = None,
        audience: str = "ouder",
        history: Sequence[Turn] = (),
        filters: Filters | None = None,
    ) -> AnswerStream:
        """Retrieve at once, then stream the answer. A follow-up is first rewritten into a
        standalone question; a question the documents do not answer is declined without
        asking the model; the model's sentences are checked against the passages they cite.
        `filters` limit the documents searched."""
        if audience not in AUDIENCES:
            raise ConfigError(f"Onbekende doelgroep {audience!r}: kies {', '.join(AUDIENCES)}.")
        self._catch_up()
        return self.pipeline.stream(question, k or self.settings.top_k, audience, history, filters)

    def _forget_index(self) -> None:
        """Drop everything built over the index, after it changed (rebuilt when next used).
        A question already under way keeps the snapshot it started with."""
        with self._build:
            self._retriever: Retriever | None = None
            self._answerer: Answerer | None = None
            self._pipeline: QuestionPipeline | None = None
            self._glossary: list[GlossaryEntry] | None = None
            self._profiles: list[Profile] | None = None
            self._standards: list[Coverage] | None = None
            self._generation = ""  # Store.generation() when the retriever's snapshot was taken

    def _prune_vectors(self) -> None:
        """Keep the vector cache to the passages the index holds now (as embedded, and their
        sentences)."""
        if isinstance(self.embedder, CachedEmbeddings):
            self.embedder.keep_only(
                text
                for p in self.store.passages()
                for text in (indexed_text(p.title, p.section, p.text), p.text)
            )

    def _catch_up(self) -> None:
        """Forget what was built over the index when anyone committed a change since (one
        cheap read); the public methods that search call this first."""
        if self._retriever is not None and self.store.generation() != self._generation:
            self._forget_index()

    @property
    def retriever(self) -> Retriever:
        """Search over a snapshot of the committed index (built by one session; the sessions
        of the app share this Assistant)."""
        with self._build:
            if self._retriever is None:
                # Read before the snapshot: a commit in between costs one rebuild, never
                # staleness.
                self._generation = self.store.generation()
                self._retriever = Retriever(self.store, self.embedder, self.options)
            return self._retriever

    @property
    def answerer(self) -> Answerer:
        """Quoted answers over the retriever; no language model is loaded for it."""
        with self._build:
            if self._answerer is None:
                self._answerer = Answerer(
                    self.retriever, max_chars=self.settings.max_question_chars
                )
            return self._answerer

    @property
    def pipeline(self) -> QuestionPipeline:
        """The question pipeline over the current index, with the chat model."""
        with self._build:
            return self._pipeline or self._build_pipeline()

    def _build_pipeline(self) -> QuestionPipeline:
        if self._pipeline is None:
            backend = self.backend
            retriever = self.retriever
            checker = SupportChecker(retriever.lexical, self.embedder, entities=retriever.entities)
            self._pipeline = QuestionPipeline(
                answerer=self.answerer,
                follow_ups=FollowUps(
                    retriever.entities,
                    backend if self.settings.follow_ups == "model" else None,
                ),
                translator=Translator(retriever.entities, backend),
                documents=self.store.documents,
                composer=Composer(self.answerer, self.profiles),
                generator=Generator(backend, checker, self.answerer) if backend else None,
            )
        return self._pipeline

    def glossary(self) -> list[GlossaryEntry]:
        """The abbreviations the indexed documents use and where they are explained."""
        self._catch_up()
        with self._build:
            if self._glossary is None:
                self._glossary = glossary_of(self.retriever.passages)
            return self._glossary

    def profiles(self) -> list[Profile]:
        """The profile of every indexed SOP (cached beside the index, per document version,
        and in memory until the index changes); values are quotes, so no language model is
        loaded."""
        self._catch_up()
        with self._profiles_lock:  # one session builds them, the others then read them
            profiles = self._profiles
            if profiles is None:
                cache = ProfileCache(self.settings.profile_cache)
                profiles = self._profiles = cache.profiles(self.store.documents(), self.answerer)
            return profiles

    def check(self, today: date | None = None) -> list[Finding]:
        """What SWV staff should look at across the profiles (see `checks.check`), the needs
        two SOPs of one school state differently, the basic-support standards of its SWV that a
        school's SOP has no passage for, and the documents that hold text addressed to AI
        systems."""
        findings = check(self.profiles(), today)
        by_document = self._passages_by_document()
        sops = [(d, by_document[d.doc_id]) for d in self.store.documents() if d.kind == "sop"]
        findings.extend(need_conflicts(sops))
        findings.extend(unaddressed_standards(self.coverage()))
        return findings + addressed_findings(self.store.documents(), self.retriever.passages)

    def coverage(self) -> list[Coverage]:
        """Per SOP, a supporting passage (or none) for each basic-support standard that an
        indexed SWV document sets (kept until the index changes)."""
        self._catch_up()
        if self._standards is None:
            documents = self.store.documents()
            standards = standards_in(documents, self.retriever.passages)
            self._standards = coverage(standards, documents, self.answerer)
        return self._standards

    def coverage_map(self, swv: str = "") -> list[CoverageMap]:
        """Per SWV (only the one `swv` names, when given; ConfigError in Dutch when none), a
        verdict per support need and school from each school's newest SOP, with its quote."""
        self._catch_up()
        return coverage_maps(self.store.documents(), self._passages_by_document(), swv)

    def _passages_by_document(self) -> dict[str, list[Passage]]:
        by_document: dict[str, list[Passage]] = defaultdict(list)
        for passage in self.retriever.passages:
            by_document[passage.doc_id].append(passage)
        return by_document

    def schools_with(self, thing: str) -> list[Mention]:
        """The schools whose SOP mentions `thing`, and whether it says they have it."""
        self._catch_up()
        return schools_with(thing, self.store.documents(), self.answerer)

    def documents(self) -> list[DocumentInfo]:
        return self.store.documents()

    def source(self, passage: Passage, quotes: Sequence[str], page: int) -> SourceView | None:
        """Where a cited passage stands: its PDF page with `quotes` marked, or the passage in
        its text; None when its document is no longer indexed."""
        document = next((d for d in self.documents() if d.doc_id == passage.doc_id), None)
        if document is None:
            return None
        return source_view(document, passage, quotes, page, self.retriever.passages)

    def stats(self) -> Stats:
        return Stats(
            documents=len(self.store.documents()),
            chunks=self.store.chunk_count(),
            embedder=self.embedder.name,
            store=self.store.location,
        )
