"""The public API the CLI and the app share: index files, ask questions, list what is indexed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ingest.pipeline import IngestReport, Progress, ingest_paths
from steunwijzer.answer import Answerer
from steunwijzer.config import Settings
from steunwijzer.embeddings import NamedEmbeddings, load_embedder
from steunwijzer.retrieve import RetrievalOptions, Retriever
from steunwijzer.store import Store
from steunwijzer.types import Answer, DocumentInfo


@dataclass(frozen=True)
class Stats:
    documents: int
    chunks: int
    embedder: str
    store: str


class Assistant:
    """One embedder, one store, and a retriever over the committed index (rebuilt after ingest)."""

    def __init__(self, settings: Settings, options: RetrievalOptions | None = None) -> None:
        self.settings = settings
        self.options = options
        self._answerer: Answerer | None = None

    @cached_property
    def embedder(self) -> NamedEmbeddings:
        return load_embedder(self.settings.embedder)

    @cached_property
    def store(self) -> Store:
        return Store(self.settings.store_dir, self.embedder.name)

    def ingest(
        self, paths: Sequence[Path], prune: bool = False, progress: Progress | None = None
    ) -> IngestReport:
        """Index files and folders; see `ingest.ingest_paths`."""

        report = ingest_paths(paths, self.store, self.embedder, prune=prune, progress=progress)
        self._answerer = None
        return report

    def ask(self, question: str, k: int | None = None) -> Answer:
        return self.answerer.ask(question, k or self.settings.top_k)

    @property
    def answerer(self) -> Answerer:
        if self._answerer is None:
            retriever = Retriever(self.store, self.embedder, self.options)
            self._answerer = Answerer(retriever, max_chars=self.settings.max_question_chars)
        return self._answerer

    def documents(self) -> list[DocumentInfo]:
        return self.store.documents()

    def stats(self) -> Stats:
        return Stats(
            documents=len(self.store.documents()),
            chunks=self.store.chunk_count(),
            embedder=self.embedder.name,
            store=str(self.settings.store_dir),
        )
