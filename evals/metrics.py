"""Retrieval and abstention metrics over a question set with evidence fragments."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from steunwijzer.answering.quotes import MARKERS
from steunwijzer.language.text import fold
from steunwijzer.types import Answer

EVALS = Path(__file__).resolve().parent
# The dev part tunes weights, thresholds, vocabulary and calibration; the test part is only
# ever scored (written apart, never read while tuning: evals/test/README.md).
PARTS = {"dev": EVALS / "dev" / "questions.jsonl", "test": EVALS / "test" / "questions.jsonl"}
QUESTIONS = PARTS["dev"]


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    audience: str
    kind: str  # fact, list, comparison, glossary, unanswerable, follow-up, non-dutch, ...
    documents: tuple[str, ...]  # file stems the evidence is in (two for a comparison)
    answerable: bool
    evidence: tuple[str, ...]
    facts: tuple[str, ...] = ()  # what a correct answer must contain ('a|b': either)
    history: tuple[str, ...] = ()  # earlier questions of the conversation, for a follow-up
    question_kind: str = "other"  # the kind of question (steunwijzer.composing.kinds)
    verdict: str = ""  # suitability questions: aanbod, overleg, grenzen, onbekend, niet_vermeld


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [
        Question(
            id=row["id"],
            question=row["question"],
            audience=row["audience"],
            kind=row["kind"],
            documents=_stems(row["document"]),
            answerable=row["answerable"],
            evidence=tuple(row["evidence"]),
            facts=tuple(row.get("facts", ())),
            history=tuple(row.get("history", ())),
            question_kind=row.get("question_kind", "other"),
            verdict=row.get("verdict", ""),
        )
        for row in rows
    ]


def _stems(document: str | list[str] | None) -> tuple[str, ...]:
    if document is None:
        return ()
    return (document,) if isinstance(document, str) else tuple(document)


def normalize(text: str) -> str:
    """Lower case, no accents, quotes and punctuation folded, single spaces; soft hyphens gone."""
    text = fold(text.replace("\u00ad", ""))
    return " " + re.sub(r"[^a-z0-9%]+", " ", text).strip() + " "


def holds_answer(question: Question, document: str, text: str) -> bool:
    """Whether a passage (from file `document`) holds one of the question's evidence fragments."""
    return bool(fragments_in(question, document, text))


def fragments_in(question: Question, document: str, text: str) -> set[int]:
    """Indexes of the question's evidence fragments that a passage of file `document` holds."""
    if question.documents and Path(document).stem not in question.documents:
        return set()
    body = normalize(text)
    return {i for i, fragment in enumerate(question.evidence) if normalize(fragment) in body}


def first_hit(question: Question, passages: Sequence[tuple[str, str]]) -> int | None:
    """1-based rank of the first passage (document, text) that holds the answer."""
    for rank, (document, text) in enumerate(passages, start=1):
        if holds_answer(question, document, text):
            return rank
    return None


@dataclass(frozen=True)
class RetrievalScores:
    questions: int
    hit1: float
    hit5: float
    mrr: float


def retrieval_scores(ranks: Sequence[int | None]) -> RetrievalScores:
    """hit@1, hit@5 and MRR (within the top 5) over answerable questions' first-hit ranks."""
    n = len(ranks) or 1
    return RetrievalScores(
        questions=len(ranks),
        hit1=sum(r == 1 for r in ranks) / n,
        hit5=sum(r is not None and r <= 5 for r in ranks) / n,
        mrr=sum(1 / r for r in ranks if r is not None and r <= 5) / n,
    )


@dataclass(frozen=True)
class ContextScores:
    """RAGAS's context precision and recall, with relevance decided by the reference evidence
    instead of an LLM judge."""

    precision: float
    recall: float


def context_scores(question: Question, passages: Sequence[tuple[str, str]]) -> ContextScores:
    """Context precision: the mean of precision@k over the ranks k that hold evidence (RAGAS:
    sum of precision@k * relevant_k over the relevant count), so relevant passages ranked high
    score more. Context recall: the share of the reference evidence fragments that the
    retrieved passages hold."""
    found: set[int] = set()
    relevant = 0
    precision_sum = 0.0
    for rank, (document, text) in enumerate(passages, start=1):
        held = fragments_in(question, document, text)
        if held:
            relevant += 1
            precision_sum += relevant / rank
            found |= held
    return ContextScores(
        precision=precision_sum / relevant if relevant else 0.0,
        recall=len(found) / len(question.evidence) if question.evidence else 0.0,
    )


def fact_recall(question: Question, answer: Answer, text: str | None = None) -> float:
    """Share of the expected facts (alternatives split by '|') that the answer contains, its
    citation markers left out; 0 for a declined answer."""
    if not answer.answered or not question.facts:
        return 0.0
    # '[2]' is no '2 dagen'
    body = normalize(MARKERS.sub(" ", answer.text if text is None else text))
    found = [any(mentions(body, alt) for alt in fact.split("|")) for fact in question.facts]
    return sum(found) / len(found)


def mentions(body: str, fact: str) -> bool:
    """Whether normalized text holds a fact at the start of a word: facts are written as stems
    ('maand' for 'maandelijks', 'thuiszit' for 'thuiszitters'); a number counts only whole
    ('6' is not '16')."""
    wanted = normalize(fact)
    return wanted in body if wanted.strip().isdigit() else wanted.rstrip() in body


def has_facts(question: Question, answer: Answer, text: str | None = None) -> bool:
    """Every expected fact is in the answer (or in `text`, a part of it such as its first
    line); an answer to a question that expects no fact has them all when it answers."""
    if not question.facts:
        return answer.answered
    return fact_recall(question, answer, text) == 1.0
