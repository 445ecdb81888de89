"""Retrieval and abstention metrics over a question set with evidence fragments."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from steunwijzer.text import fold

QUESTIONS = Path(__file__).with_name("questions.jsonl")


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    audience: str
    kind: str
    document: str | None
    answerable: bool
    evidence: tuple[str, ...]
    facts: tuple[str, ...] = ()  # what a correct answer must contain ('a|b': either)


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [
        Question(
            id=row["id"],
            question=row["question"],
            audience=row["audience"],
            kind=row["kind"],
            document=row["document"],
            answerable=row["answerable"],
            evidence=tuple(row["evidence"]),
            facts=tuple(row.get("facts", ())),
        )
        for row in rows
    ]


def normalize(text: str) -> str:
    """Lower case, no accents, quotes and punctuation folded, single spaces; soft hyphens gone."""
    text = fold(text.replace("\u00ad", ""))
    return " " + re.sub(r"[^a-z0-9%]+", " ", text).strip() + " "


def holds_answer(question: Question, document: str, text: str) -> bool:
    """Whether a passage (from file `document`) holds one of the question's evidence fragments."""
    if question.document and Path(document).stem != question.document:
        return False
    body = normalize(text)
    return any(normalize(fragment) in body for fragment in question.evidence)


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
