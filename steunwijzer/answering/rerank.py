"""A second look at the search's best passages: each is scored again by its best sentence
(meaning and the question's terms), so that the passage holding the answer comes first. The
sentence vectors are cached at ingest, so this costs lookups, not embedding."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from steunwijzer.answering.sentences import MIN_SENTENCE_WORDS, SentenceRanker, standardized
from steunwijzer.language.injection import addresses_assistant
from steunwijzer.language.text import sentence_spans
from steunwijzer.types import Passage


@dataclass(frozen=True)
class Rerank:
    """How many passages are looked at again, and how the scores are mixed (tuned on the dev
    part: evals/answers.py, evals/run.py)."""

    pool: int = 20
    search_weight: float = 1.0  # the search's fused score
    sentence_weight: float = 0.5  # the best sentence's similarity to the question
    coverage_weight: float = 0.5  # the best sentence's share of the question's terms


RERANK = Rerank()


def rerank(
    question: str,
    passages: Sequence[Passage],
    ranker: SentenceRanker,
    settings: Rerank,
    terms: dict[str, float] | None = None,
) -> list[Passage]:
    """The passages in a new order (the same passages)."""
    if len(passages) < 2:
        return list(passages)
    terms = ranker.weighted_terms(question) if terms is None else terms
    texts: list[str] = []
    owner: list[int] = []
    coverage = np.zeros(len(passages))
    for i, passage in enumerate(passages):
        for start, end in sentence_spans(passage.text):
            text = passage.text[start:end]
            if len(text.split()) < MIN_SENTENCE_WORDS or addresses_assistant(text):
                continue
            texts.append(text)
            owner.append(i)
            coverage[i] = max(coverage[i], ranker.coverage(text, terms))
    similarity = np.full(len(passages), -1.0)
    if texts:
        vectors = np.asarray(ranker.embedder.embed_documents(texts))
        cosines = vectors @ np.asarray(ranker.embedder.embed_query(question))
        for i, cosine in zip(owner, cosines, strict=True):
            similarity[i] = max(similarity[i], float(cosine))
    similarity[similarity < 0] = float(similarity[similarity >= 0].min(initial=0.0))
    fused = np.array([p.score for p in passages])
    score = (
        settings.search_weight * standardized(fused)
        + settings.sentence_weight * standardized(similarity)
        + settings.coverage_weight * standardized(coverage)
    )
    order = np.argsort(-score, kind="stable")
    # A passage's score is now the one it is ranked by (passages come best first).
    return [replace(passages[int(i)], score=round(float(score[i]), 4)) for i in order]
