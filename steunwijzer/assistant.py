"""The public API the CLI and the app share: index files (also uploads), ask questions (answered
as a whole or streamed, within filters), list and remove what is indexed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

from steunwijzer.answering.decision import Answerer
from steunwijzer.composing.compose import Composer
from steunwijzer.config import Settings
from steunwijzer.errors import ConfigError, DocumentError
from steunwijzer.generation.generate import AnswerStream, Generator
from steunwijzer.generation.grounding import SupportChecker
from steunwijzer.index.embeddings import NamedEmbeddings, embedder_name, load_embedder
from steunwijzer.index.store import Store
from steunwijzer.index.vector_cache import CachedEmbeddings
from steunwijzer.ingest.pipeline import IngestReport, ingest_paths
from steunwijzer.ingest.progress import Progress
from steunwijzer.ingest.uploads import check_upload, placed
from steunwijzer.language.glossary import GlossaryEntry, glossary_of
from steunwijzer.llm.backends import ChatBackend, load_chat_model
from steunwijzer.llm.prompts import AUDIENCES
from steunwijzer.pipeline import QuestionPipeline
from steunwijzer.profiles.checks import Finding, check
from steunwijzer.profiles.profile import Profile, ProfileCache
from steunwijzer.profiles.schools_with import Mention, schools_with
from steunwijzer.profiles.standards import Coverage, coverage, standards_in
from steunwijzer.retrieval.followup import FollowUps
from steunwijzer.retrieval.retrieve import Filters, RetrievalOptions, Retriever
from steunwijzer.retrieval.translate import Translator
from steunwijzer.types import Answer, DocumentInfo, Turn, indexed_text


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
        self._forget_index()

    @cached_property
    def embedder(self) -> NamedEmbeddings:
        """The embedding model, remembering the vectors of passage sentences beside the index."""
        return CachedEmbeddings(load_embedder(self.settings.embedder), self.settings.vector_cache)

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

        report = ingest_paths(paths, self.store, self.embedder, prune=prune, progress=progress)
        self._forget_index()
        if report.added or report.updated or report.removed:
            self._prune_vectors()
            self.profiles()  # read once here, so that no question waits for them
        return report

    def add_file(self, name: str, data: bytes, progress: Progress | None = None) -> IngestReport:
        """Keep an uploaded file in the uploads folder and index it; a file of the same name is
        replaced. DocumentError when it cannot be indexed: then neither the file nor any of its
        passages is kept (a replaced file and its passages stay as they were)."""
        safe = check_upload(name, len(data), self.settings.max_upload_mb)
        with placed(self.settings.uploads, safe, data) as path:
            report = self.ingest([path], progress=progress)
            if report.failed:
                raise DocumentError(f"{name}: {report.failed[0][1]}")
        return report

    def remove(self, doc_id: str) -> None:
        """Drop a document from the index, and its file when it was uploaded in the app."""
        info = self.store.document(doc_id)
        if info is None:
            return
        with self.store.writing():
            self.store.delete_document(doc_id)
        source = Path(info.source)
        # Sources are stored resolved; the uploads folder may be relative or via a symlink.
        if source.parent == self.settings.uploads.resolve():
            source.unlink(missing_ok=True)
        self._forget_index()
        self._prune_vectors()

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
        """Drop everything built over the index, after it changed (rebuilt when next used)."""
        self._retriever: Retriever | None = None
        self._answerer: Answerer | None = None
        self._pipeline: QuestionPipeline | None = None
        self._glossary: list[GlossaryEntry] | None = None
        self._profiles: list[Profile] | None = None
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
        """Search over a snapshot of the committed index."""
        if self._retriever is None:
            # Read before the snapshot: a commit in between costs one rebuild, never staleness.
            self._generation = self.store.generation()
            self._retriever = Retriever(self.store, self.embedder, self.options)
        return self._retriever

    @property
    def answerer(self) -> Answerer:
        """Quoted answers over the retriever; no language model is loaded for it."""
        if self._answerer is None:
            self._answerer = Answerer(self.retriever, max_chars=self.settings.max_question_chars)
        return self._answerer

    @property
    def pipeline(self) -> QuestionPipeline:
        """The question pipeline over the current index, with the chat model."""
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
        if self._glossary is None:
            self._glossary = glossary_of(self.retriever.passages)
        return self._glossary

    def profiles(self) -> list[Profile]:
        """The profile of every indexed SOP (cached beside the index, per document version,
        and in memory until the index changes); values are quotes, so no language model is
        loaded."""
        self._catch_up()
        if self._profiles is None:
            cache = ProfileCache(self.settings.profile_cache)
            self._profiles = cache.profiles(self.store.documents(), self.answerer)
        return self._profiles

    def check(self, today: date | None = None) -> list[Finding]:
        """What SWV staff should look at across the profiles (see `consistency.check`)."""
        return check(self.profiles(), today)

    def coverage(self) -> list[Coverage]:
        """Per SOP, a supporting passage (or none) for each basic-support standard that an
        indexed SWV document sets."""
        self._catch_up()
        documents = self.store.documents()
        standards = standards_in(documents, self.retriever.passages)
        return coverage(standards, documents, self.answerer)

    def schools_with(self, thing: str) -> list[Mention]:
        """The schools whose SOP mentions `thing`, and whether it says they have it."""
        self._catch_up()
        return schools_with(thing, self.store.documents(), self.answerer)

    def documents(self) -> list[DocumentInfo]:
        return self.store.documents()

    def stats(self) -> Stats:
        return Stats(
            documents=len(self.store.documents()),
            chunks=self.store.chunk_count(),
            embedder=self.embedder.name,
            store=self.store.location,
        )
