"""Hybrid retrieval: dense (Chroma) and BM25 scores standardized and mixed by weights, focused
on the school or SWV a question names, expanded with the abbreviation glossary, without
near-duplicate passages."""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from steunwijzer.index.embeddings import NamedEmbeddings
from steunwijzer.index.store import Store
from steunwijzer.language.glossary import expand
from steunwijzer.language.text import question_language, words
from steunwijzer.retrieval.entities import Entities, entities_of
from steunwijzer.retrieval.lexical import LexicalIndex
from steunwijzer.types import DocumentInfo, Passage, indexed_text


@dataclass(frozen=True)
class RetrievalOptions:
    """Switches and weights of the pipeline; evals turn features off one by one."""

    dense: bool = True
    lexical: bool = True
    glossary: bool = True
    compounds: bool = True
    entity_focus: bool = True
    dedupe: bool = True
    dense_weight: float = 0.6  # scores are standardized per question, then mixed
    lexical_weight: float = 0.4
    english_weights: tuple[float, float] = (0.8, 0.2)  # (dense, lexical) for English questions
    candidates: int = 100
    duplicate_overlap: float = 0.8


@dataclass(frozen=True)
class Filters:
    """Which documents a search may use: empty tuples allow all. `named_schools` off ignores
    the schools a question names (by default the search keeps to their documents)."""

    schools: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    swvs: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()  # doc ids
    named_schools: bool = True

    def allows(self, document: DocumentInfo) -> bool:
        return (
            (not self.documents or document.doc_id in self.documents)
            and (not self.schools or bool(set(self.schools) & set(document.schools)))
            and (not self.kinds or document.kind in self.kinds)
            and (not self.swvs or document.swv in self.swvs)
        )


class Retriever:
    """Searches a snapshot of the committed index."""

    def __init__(
        self, store: Store, embedder: NamedEmbeddings, options: RetrievalOptions | None = None
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.options = options or RetrievalOptions()
        self.documents: list[DocumentInfo] = store.documents()
        self.passages: list[Passage] = store.passages()
        self._index_of = {p.chunk_id: i for i, p in enumerate(self.passages)}
        # Word sets for near-duplicate checks, made when first needed: a search compares only
        # its few best passages, and tokenising every passage up front slowed opening the index.
        self._words: dict[int, set[str]] = {}
        self.lexical = LexicalIndex(
            [indexed_text(p.title, p.section, p.text) for p in self.passages],
            compounds=self.options.compounds,
        )
        self.entities: Entities = entities_of(self.documents, self.passages)
        self._following: dict[str, Passage] | None = None  # made when first needed

    def next_passage(self, passage: Passage) -> Passage | None:
        """The passage that follows `passage` in its document, if any."""
        if self._following is None:
            ordered = sorted(self.passages, key=lambda p: (p.doc_id, p.position))
            self._following = {a.chunk_id: b for a, b in pairwise(ordered) if a.doc_id == b.doc_id}
        return self._following.get(passage.chunk_id)

    def search(self, question: str, k: int = 5, filters: Filters | None = None) -> list[Passage]:
        """The k best passages for `question` within `filters`, best first; score is the
        fused score."""
        options = self.options
        filters = filters or Filters()
        query = expand(question) if options.glossary else question
        focus = (
            self.entities.focus(question)
            if options.entity_focus and filters.named_schools
            else frozenset()
        )
        if filters != Filters(named_schools=filters.named_schools):
            allowed = {d.doc_id for d in self.documents if filters.allows(d)}
            focus = (focus & allowed) if focus else frozenset(allowed)
            if not focus:
                return []
        scope = np.array([not focus or p.doc_id in focus for p in self.passages], dtype=bool)
        if not scope.any():
            return []
        fused = np.zeros(len(self.passages))
        similarity = np.zeros(len(self.passages))
        # Dutch stems cannot match an English or Turkish question's words; the multilingual
        # embedding can.
        dense_weight, lexical_weight = (
            options.english_weights
            if question_language(question) != "nl"
            else (options.dense_weight, options.lexical_weight)
        )
        if options.dense:
            similarity = self._dense_similarity(query, focus)
            fused += dense_weight * _standardized(similarity, scope)
        if options.lexical:
            fused += lexical_weight * _standardized(self.lexical.scores(query), scope)
        fused[~scope] = -np.inf
        chosen: list[int] = []
        for index in np.argsort(-fused, kind="stable"):
            if not scope[index] or len(chosen) == k:
                break
            if options.dedupe and any(self._near_duplicate(int(index), j) for j in chosen):
                continue
            chosen.append(int(index))
        return [
            replace(
                self.passages[i],
                score=round(float(fused[i]), 4),
                dense_similarity=round(float(similarity[i]), 4),
            )
            for i in chosen
        ]

    def _dense_similarity(self, query: str, focus: frozenset[str]) -> np.ndarray:
        """Cosine similarity per passage: exact for the nearest candidates, and the lowest of
        those for the rest (a stand-in that keeps them below every candidate)."""
        found = self.store.dense_search(
            self.embedder.embed_query(query),
            self.options.candidates,
            doc_ids=sorted(focus) if focus else None,
        )
        known = {self._index_of[p.chunk_id]: p.score for p in found if p.chunk_id in self._index_of}
        floor = min(known.values(), default=0.0)
        similarity = np.full(len(self.passages), floor)
        for index, score in known.items():
            similarity[index] = score
        return similarity

    def _near_duplicate(self, a: int, b: int) -> bool:
        first, second = self._word_set(a), self._word_set(b)
        if not first or not second:
            return False
        overlap = len(first & second) / min(len(first), len(second))
        return overlap >= self.options.duplicate_overlap

    def _word_set(self, index: int) -> set[str]:
        found = self._words.get(index)
        if found is None:
            found = self._words[index] = set(words(self.passages[index].text))
        return found


def _standardized(values: np.ndarray, scope: np.ndarray) -> np.ndarray:
    """z-scores of `values` relative to the passages in scope, so unlike scales can be mixed."""
    inside = values[scope]
    spread = float(inside.std()) or 1.0
    return (values - float(inside.mean())) / spread


class LangChainRetriever(BaseRetriever):
    """The Steunwijzer retriever as a LangChain `BaseRetriever`, for use in chains."""

    retriever: Any
    k: int = 5

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [
            Document(
                page_content=p.text,
                metadata={
                    "document": p.document,
                    "title": p.title,
                    "page": p.page,
                    "section": p.section,
                    "score": p.score,
                },
            )
            for p in self.retriever.search(query, self.k)
        ]
