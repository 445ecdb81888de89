"""Which sentences of the best passages answer a question: one ranker, by the weighted share
of the question's terms a sentence holds and its similarity in meaning, less for a passage
that stands lower in the search."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from steunwijzer.index.embeddings import NamedEmbeddings
from steunwijzer.language.glossary import expand
from steunwijzer.language.headings import is_heading
from steunwijzer.language.injection import addresses_assistant
from steunwijzer.language.text import STOPWORDS, sentence_spans, stem
from steunwijzer.retrieval.entities import Entities
from steunwijzer.retrieval.lexical import LexicalIndex
from steunwijzer.types import Passage

MIN_SENTENCE_WORDS = 3
RANK_PENALTY = 0.25  # per place a passage stands lower in the search
QUESTION_WORDS = frozenset(
    "hoe wat welke welk wie waar wanneer waarom hoeveel vaak kan kunnen mag moet school "
    "scholen krijgen gebeurt staat hoog groot lang laat duur oud".split()
)


@dataclass(frozen=True)
class Reading:
    """How far a ranking reads: the best `passages`, their `candidates` sentences with the
    most question terms, and whether a heading is read as the context of the sentence under
    it (then it is no candidate itself)."""

    passages: int
    candidates: int
    headings_as_context: bool


# Whether and what to answer: the best three passages, a heading lending its words.
DECISION = Reading(passages=3, candidates=20, headings_as_context=True)
# What a chat answer quotes and a model reads: the best five passages, every sentence.
EXCERPTS = Reading(passages=5, candidates=40, headings_as_context=False)


@dataclass(frozen=True)
class Sentence:
    """A candidate sentence: passage number (1-based), its index and span in that passage."""

    n: int
    index: int
    start: int
    end: int
    coverage: float  # weighted share of the question's terms
    similarity: float  # cosine similarity to the question
    score: float  # for choosing among the sentences of one answer


class SentenceRanker:
    """Ranks the sentences of a question's passages (terms from the index's vocabulary,
    meaning from the embedder, whose vectors of passage sentences are cached at ingest)."""

    def __init__(
        self, lexical: LexicalIndex, embedder: NamedEmbeddings, entities: Entities
    ) -> None:
        self.lexical = lexical
        self.embedder = embedder
        self.entities = entities

    def weighted_terms(self, question: str) -> dict[str, float]:
        """Stems of the question's content words with their IDF; names of the schools it
        mentions are left out (retrieval already focused on them), with what the glossary
        reads in them ('speciaal basisonderwijs' of 'SBO De Wissel')."""
        lexical = self.lexical
        aliases = [alias for e in self.entities.named_in(question) for alias in e.patterns]
        named = {word for alias in aliases for word in alias.split()}
        said = set(lexical.query_words(question))
        named |= {
            word
            for alias in aliases
            for word in lexical.query_words(expand(alias))
            if word not in said
        }
        terms: dict[str, float] = {}
        for word in lexical.query_words(expand(question)):
            if word in STOPWORDS or word in QUESTION_WORDS or word in named or len(word) < 2:
                continue
            parts = lexical.vocabulary.split(word) if not lexical.knows(stem(word)) else []
            for term in [stem(p) for p in parts] or [stem(word)]:
                terms[term] = lexical.idf(term)
        return terms

    def known(self, terms: dict[str, float]) -> dict[str, float]:
        """The terms some document holds (as such, in another form, or in a compound): a share
        of these is what a sentence can cover at all (a question's 'kwamen' or 'vielen' may be
        in no document, and would weigh down every sentence alike)."""
        vocabulary = self.lexical.vocabulary
        return {
            term: weight
            for term, weight in terms.items()
            if self.lexical.knows(term)
            or vocabulary.has_family(term)
            or bool(vocabulary.compounds_of(term))
        }

    def coverage(self, text: str, terms: dict[str, float]) -> float:
        """The IDF-weighted share of the question's terms that a text contains."""
        total = sum(terms.values()) or 1.0
        present = set(self.lexical.document_terms(text))
        return sum(w for t, w in terms.items() if t in present) / total

    def rank(
        self,
        question: str,
        passages: tuple[Passage, ...] | list[Passage],
        reading: Reading,
        terms: dict[str, float] | None = None,
        known: dict[tuple[int, int, int], float] | None = None,
    ) -> list[Sentence]:
        """The candidate sentences of the best passages, best first. `known`: similarities
        already computed, by (n, start, end), so that they are not embedded again."""
        terms = self.weighted_terms(question) if terms is None else terms
        candidates: list[tuple[int, int, int, int, float]] = []  # n, index, start, end, coverage
        for n, passage in enumerate(passages[: reading.passages], start=1):
            heading = ""  # the heading just above: 'Remedial teaching', then what it is
            # A heading-like line with another one right after it is a table row ('Remedial
            # teacher niet aanwezig'), no heading: it is a candidate of its own.
            above: tuple[int, int, int] | None = None
            for index, (start, end) in enumerate(sentence_spans(passage.text)):
                text = passage.text[start:end]
                if reading.headings_as_context and is_heading(text):
                    if above is not None and not addresses_assistant(
                        passage.text[above[1] : above[2]]
                    ):
                        candidates.append(self._candidate(n, above, passage.text, terms))
                    heading, above = text, (index, start, end)
                    continue
                above = None
                if len(text.split()) >= MIN_SENTENCE_WORDS and not addresses_assistant(text):
                    coverage = self.coverage(f"{heading} {text}" if heading else text, terms)
                    candidates.append((n, index, start, end, coverage))
                heading = ""
        candidates = sorted(candidates, key=lambda c: (-c[4], c[0]))[: reading.candidates]
        if not candidates:
            return []
        similarity = self._similarities(question, passages, candidates, known or {})
        shares = np.array([c[4] for c in candidates])
        rank = np.array([c[0] - 1 for c in candidates])
        score = standardized(shares) + standardized(similarity) - RANK_PENALTY * rank
        ranked = [
            Sentence(n, index, start, end, float(cov), float(sim), float(sc))
            for (n, index, start, end, cov), sim, sc in zip(
                candidates, similarity, score, strict=True
            )
        ]
        return sorted(ranked, key=lambda s: -s.score)

    def _candidate(
        self, n: int, line: tuple[int, int, int], text: str, terms: dict[str, float]
    ) -> tuple[int, int, int, int, float]:
        index, start, end = line
        return (n, index, start, end, self.coverage(text[start:end], terms))

    def _similarities(
        self,
        question: str,
        passages: tuple[Passage, ...] | list[Passage],
        candidates: list[tuple[int, int, int, int, float]],
        known: dict[tuple[int, int, int], float],
    ) -> np.ndarray:
        """Cosine of each candidate to the question; known ones are not embedded again."""
        keys = [(n, start, end) for n, _, start, end, _ in candidates]
        new = [key for key in keys if key not in known]
        found = dict(known)
        if new:
            texts = [passages[n - 1].text[start:end] for n, start, end in new]
            vectors = np.asarray(self.embedder.embed_documents(texts))
            query = np.asarray(self.embedder.embed_query(question))
            found.update(zip(new, (float(v) for v in vectors @ query), strict=True))
        return np.array([found[key] for key in keys])


def standardized(values: np.ndarray) -> np.ndarray:
    """z-scores, so that unlike scales can be added."""
    spread = float(values.std()) or 1.0
    return (values - float(values.mean())) / spread
