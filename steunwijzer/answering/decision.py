"""Whether and what to answer: the evidence for a question is assessed, then the answer quotes
the best sentences verbatim, each cited as [n], or says plainly that the documents do not
answer it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from steunwijzer.answering.declines import NOT_FOUND_IN, UNKNOWN_NAME
from steunwijzer.answering.evidence import (
    Calibration,
    Evidence,
    measure,
    unknown_names,
    unnamed_schools,
)
from steunwijzer.answering.excerpts import EXCERPT_WORDS, Excerpts, excerpts
from steunwijzer.answering.quotes import choose, quote_excerpts, quote_sentences
from steunwijzer.answering.rerank import RERANK, Rerank, rerank
from steunwijzer.answering.sentences import DECISION, EXCERPTS, Sentence, SentenceRanker
from steunwijzer.errors import QuestionError
from steunwijzer.language.text import question_language
from steunwijzer.retrieval.retrieve import Filters, Retriever
from steunwijzer.types import Answer, Passage


@dataclass(frozen=True)
class Assessment:
    """Everything the answer decision is based on."""

    question: str
    passages: tuple[Passage, ...]
    sentences: tuple[Sentence, ...]
    evidence: Evidence
    unknown: tuple[str, ...]
    asked: str  # the question as the user asked it, in their language (`question` may be a
    # Dutch translation of it)

    @property
    def language(self) -> str:
        """The language the answer is in: that of the question as asked."""
        return question_language(self.asked)


class Answerer:
    """Answers questions from a retriever's passages."""

    def __init__(
        self,
        retriever: Retriever,
        calibration: Calibration | None = None,
        max_chars: int = 1000,
        reranking: Rerank | None = RERANK,
    ) -> None:
        self.retriever = retriever
        self.reranking = reranking  # None: the search's order as it is
        self.calibration = calibration or Calibration.bundled()
        self.max_chars = max_chars
        self.ranker = SentenceRanker(retriever.lexical, retriever.embedder, retriever.entities)
        # The last assessment's excerpt ranking (a chat answer asks twice: for its quotes and
        # for the model's excerpts).
        self._ranking: tuple[tuple, list[Sentence]] = ((), [])

    def ask(self, question: str, k: int = 5, filters: Filters | None = None) -> Answer:
        return self.decide(self.assess(question, k, filters))

    def answers(self, assessment: Assessment) -> bool:
        """Whether the evidence is strong enough to answer (else the answer declines)."""
        confidence = self.calibration.probability(assessment.evidence)
        # An extractive answer must share a word with the question (English questions are
        # matched by meaning only, since the documents are Dutch).
        unrelated = not any(s.coverage > 0 for s in assessment.sentences) and (
            question_language(assessment.question) == "nl"
        )
        return not (
            assessment.unknown
            or unrelated
            or not assessment.sentences
            or round(confidence, 3) < self.calibration.threshold
        )

    def decline(self, assessment: Assessment) -> Answer:
        """The answer that says the documents do not answer, in the question's language."""
        if assessment.unknown:
            text = UNKNOWN_NAME.format(name=" en ".join(assessment.unknown))
        else:
            text = NOT_FOUND_IN[assessment.language]
        return Answer(
            assessment.question,
            text,
            False,
            (),
            assessment.passages,
            self.confidence(assessment),
        )

    def confidence(self, assessment: Assessment) -> float:
        return round(self.calibration.probability(assessment.evidence), 3)

    def decide(self, assessment: Assessment, words: int = 0) -> Answer:
        """Quote the best sentences, or decline when the evidence is too weak. `words`: quote
        the best excerpts up to about that many words (a chat answer) instead of the best one
        to three sentences (a profile value)."""
        if not self.answers(assessment):
            return self.decline(assessment)
        passages = assessment.passages
        if words:
            lines, citations = quote_excerpts(passages, self.excerpts(assessment, words))
        else:
            lines, citations = quote_sentences(passages, choose(passages, assessment.sentences))
        return Answer(
            assessment.question,
            "\n".join(lines),
            True,
            citations,
            passages,
            self.confidence(assessment),
        )

    def assess(
        self,
        question: str,
        k: int = 5,
        filters: Filters | None = None,
        asked: str = "",
    ) -> Assessment:
        """Retrieve, rank candidate sentences and measure the evidence, without deciding.
        `asked`: the question as the user asked it, when `question` is its Dutch translation
        (by default `question` itself)."""
        question = check_question(question, self.max_chars)
        terms = self.ranker.weighted_terms(question)
        passages = tuple(self.passages(question, k, filters, terms))
        sentences = self.ranker.rank(question, passages, DECISION, terms)
        return Assessment(
            question=question,
            passages=passages,
            sentences=tuple(sentences),
            evidence=measure(
                question,
                passages,
                [passages[s.n - 1].text[s.start : s.end] for s in sentences],
                [(s.similarity, s.coverage) for s in sentences],
                terms,
                self.retriever.lexical,
            ),
            unknown=tuple(
                unknown_names(question, self.retriever.lexical.vocabulary)
                or unnamed_schools(question, self.retriever.entities)
            ),
            asked=asked or question,
        )

    def ranking(self, assessment: Assessment) -> list[Sentence]:
        """Every sentence of the best five passages, best first (kept for the last
        assessment: an answer asks for it for its first line, its quotes and a model)."""
        key = (assessment.question, tuple(p.chunk_id for p in assessment.passages))
        if self._ranking[0] != key:
            known = {(s.n, s.start, s.end): s.similarity for s in assessment.sentences}
            ranking = self.ranker.rank(
                assessment.question, assessment.passages, EXCERPTS, known=known
            )
            self._ranking = (key, ranking)
        return self._ranking[1]

    def passages(
        self,
        question: str,
        k: int = 5,
        filters: Filters | None = None,
        terms: dict[str, float] | None = None,
    ) -> list[Passage]:
        """The k best passages: the search's, looked at again sentence by sentence."""
        if self.reranking is None:
            return self.retriever.search(question, k, filters)
        pool = self.retriever.search(question, max(k, self.reranking.pool), filters)
        return rerank(question, pool, self.ranker, self.reranking, terms)[:k]

    def excerpts(self, assessment: Assessment, budget: int = EXCERPT_WORDS) -> Excerpts:
        """The sentences of the best passages that most likely hold the answer, best first
        until about `budget` words (see `excerpts.excerpts`)."""
        passages = assessment.passages[: EXCERPTS.passages]
        return excerpts(passages, self.ranking(assessment), budget)


def check_question(question: str, max_chars: int) -> str:
    """The question stripped, or QuestionError when it is empty or too long."""
    question = " ".join(question.split())
    if not question:
        raise QuestionError(
            "De vraag is leeg. Typ een vraag, bijvoorbeeld: Hoe groot zijn de klassen?"
        )
    question = question.encode("utf-8", "replace").decode("utf-8")
    if not re.search(r"[^\W_]", question):
        raise QuestionError("De vraag bevat geen woorden. Typ een vraag in gewone woorden.")
    if len(question) > max_chars:
        raise QuestionError(
            f"De vraag is te lang ({len(question)} tekens, maximaal {max_chars}). Maak hem korter."
        )
    return question
