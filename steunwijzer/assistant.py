"""The public API the CLI and the app share: index files, ask questions (answered as a whole or
streamed), list what is indexed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from ingest.pipeline import IngestReport, Progress, ingest_paths
from steunwijzer.answer import Answerer
from steunwijzer.config import Settings
from steunwijzer.embeddings import NamedEmbeddings, load_embedder
from steunwijzer.errors import ConfigError, ModelError
from steunwijzer.followup import FollowUps
from steunwijzer.generate import AnswerStream, Generator
from steunwijzer.grounding import SupportChecker
from steunwijzer.llm import ChatBackend, load_chat_model
from steunwijzer.prompts import AUDIENCES
from steunwijzer.retrieve import RetrievalOptions, Retriever
from steunwijzer.store import Store
from steunwijzer.types import Answer, DocumentInfo, Turn


@dataclass(frozen=True)
class Pipeline:
    answerer: Answerer
    follow_ups: FollowUps
    generator: Generator | None  # None: extractive answers only


@dataclass(frozen=True)
class Stats:
    documents: int
    chunks: int
    embedder: str
    store: str


class Assistant:
    """One embedder, one store, an optional chat model, and a retriever over the committed
    index (rebuilt after ingest)."""

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
        self.model_warning = ""  # why the default model could not be used, if it could not
        self._pipeline: Pipeline | None = None

    @cached_property
    def embedder(self) -> NamedEmbeddings:
        return load_embedder(self.settings.embedder)

    @cached_property
    def store(self) -> Store:
        return Store(self.settings.store_dir, self.embedder.name)

    @cached_property
    def backend(self) -> ChatBackend | None:
        """The chat model that writes answers, or None for quoted (extractive) answers. A model
        the user did not ask for by name that fails to load leaves quoted answers, with a
        warning; one asked for by name raises."""
        if self._given_backend is not None:
            return self._given_backend
        try:
            return load_chat_model(self.settings)
        except ModelError as exc:
            if self.settings.llm:
                raise
            self.model_warning = str(exc)
            return None

    def ingest(
        self, paths: Sequence[Path], prune: bool = False, progress: Progress | None = None
    ) -> IngestReport:
        """Index files and folders; see `ingest.ingest_paths`."""

        report = ingest_paths(paths, self.store, self.embedder, prune=prune, progress=progress)
        self._pipeline = None
        return report

    def ask(
        self,
        question: str,
        k: int | None = None,
        audience: str = "ouder",
        history: Sequence[Turn] = (),
    ) -> Answer:
        """The checked answer to `question` (see `stream`)."""
        return self.stream(question, k, audience, history).answer

    def stream(
        self,
        question: str,
        k: int | None = None,
        audience: str = "ouder",
        history: Sequence[Turn] = (),
    ) -> AnswerStream:
        """Retrieve at once, then stream the answer. A follow-up is first rewritten into a
        standalone question; a question the documents do not answer is declined without
        asking the model; the model's sentences are checked against the passages they cite."""
        if audience not in AUDIENCES:
            raise ConfigError(f"Onbekende doelgroep {audience!r}: kies {', '.join(AUDIENCES)}.")
        pipeline = self.pipeline
        standalone = pipeline.follow_ups.standalone(question, history)
        assessment = pipeline.answerer.assess(standalone, k or self.settings.top_k)
        extractive = pipeline.answerer.decide(assessment)
        extractive = replace(
            extractive,
            question=question,
            standalone=standalone if standalone != question else "",
        )
        if pipeline.generator is None or not extractive.answered:
            return AnswerStream.of(extractive)
        return pipeline.generator.stream(assessment, extractive, audience)

    @property
    def answerer(self) -> Answerer:
        return self.pipeline.answerer

    @property
    def pipeline(self) -> Pipeline:
        """The question-answering parts over the current index (rebuilt after an ingest)."""
        if self._pipeline is None:
            retriever = Retriever(self.store, self.embedder, self.options)
            backend = self.backend
            checker = SupportChecker(retriever.lexical, self.embedder)
            self._pipeline = Pipeline(
                answerer=Answerer(retriever, max_chars=self.settings.max_question_chars),
                follow_ups=FollowUps(retriever.entities, backend),
                generator=Generator(backend, checker) if backend else None,
            )
        return self._pipeline

    def documents(self) -> list[DocumentInfo]:
        return self.store.documents()

    def stats(self) -> Stats:
        return Stats(
            documents=len(self.store.documents()),
            chunks=self.store.chunk_count(),
            embedder=self.embedder.name,
            store=str(self.settings.store_dir),
        )
