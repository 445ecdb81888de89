"""Checks a generated answer sentence by sentence: every sentence must cite a passage that
exists, and that passage must support it (shared terms, embedding similarity to one of its
sentences, the same numbers, the same polarity). Unsupported sentences are dropped."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from langchain_core.embeddings import Embeddings

from steunwijzer.answering.quotes import MARKERS
from steunwijzer.generation.claims import (
    OPEN_QUESTION,
    plain,
    split_claims,
    unfinished,
    yes_or_no_first,
)
from steunwijzer.language.glossary import expand
from steunwijzer.language.injection import addresses_assistant
from steunwijzer.language.negation import negated
from steunwijzer.language.numbers import DIGITS, numbers_in
from steunwijzer.language.text import question_language, sentence_spans, stem
from steunwijzer.retrieval.entities import Entities
from steunwijzer.retrieval.lexical import LexicalIndex
from steunwijzer.types import Passage

# Words a sentence may add without support: they carry no claim of their own.
FILLER = frozenset(
    "ja nee wel echter ook daarnaast verder bijvoorbeeld volgens document documenten passage "
    "passages bron staat staan genoemd beschreven vermeld uw jouw je yes also according "
    "volgt volgende zoals onder andere namelijk".split()
)
_FILLER_STEMS = frozenset(stem(w) for w in FILLER)


# A sentence still to be compared by meaning: (index, text without markers, candidate passage
# sentences as (n, start, end)).
_Pending = tuple[int, str, list[tuple[int, int, int]]]


@dataclass(frozen=True)
class SupportRules:
    """When a cited passage supports a sentence (set by reading the verdicts of
    `python -m evals.generation --explain`)."""

    min_overlap: float = 0.75  # share of the sentence's terms found in the supporting passage
    min_similarity: float = 0.82  # cosine to the best-matching sentence of those passages
    min_similarity_translated: float = 0.86  # for an answer in English or Turkish


@dataclass(frozen=True)
class _QuestionTerms:
    asked: set[str]  # the question's terms
    topic: set[str]  # the same with abbreviations expanded, the schools it names aside
    open_question: bool  # asks what, who, how ...: a yes or a no does not answer it


class Rejection(StrEnum):
    """Why a sentence of the model's answer is dropped (Dutch, as the eval's --explain shows)."""

    NO_SOURCE = "geen bron"
    UNKNOWN_SOURCE = "bron bestaat niet"
    UNFINISHED = "zin is niet af"
    REPEATS_QUESTION = "herhaalt alleen de vraag"
    YES_NO_TO_OPEN = "ja of nee op een open vraag"
    OFF_TOPIC = "gaat niet over de vraag"
    EMPTY_SOURCE = "lege bron"
    INSTRUCTION = "opdracht aan de assistent, geen informatie"
    NUMBER = "getal staat niet in de zin van de bron"
    NEGATION = "ontkenning wijkt af van de bron"
    FEW_WORDS = "te weinig woorden uit de bron"
    MEANING = "betekenis wijkt af van de bron"


@dataclass(frozen=True)
class Claim:
    """One sentence of a generated answer and how well its citations support it."""

    text: str  # with its [n] markers, as it will be shown
    cited: tuple[int, ...]
    rejection: Rejection | None = None  # None: supported
    detail: str = ""  # the figure behind a rejection: '18', '0.74'
    overlap: float = 0.0
    similarity: float = 0.0
    source: int = 0  # passage number of the best-supporting sentence
    quote: tuple[int, int] = (0, 0)  # its span in that passage's text

    @property
    def supported(self) -> bool:
        return self.rejection is None

    @property
    def reason(self) -> str:
        """Why not supported, in Dutch ("" when supported)."""
        if self.rejection is None:
            return ""
        return f"{self.rejection} ({self.detail})" if self.detail else str(self.rejection)


class SupportChecker:
    """Judges each generated sentence against the passages it cites."""

    def __init__(
        self,
        lexical: LexicalIndex,
        embedder: Embeddings,
        rules: SupportRules | None = None,
        entities: Entities | None = None,
    ) -> None:
        self.lexical = lexical
        self.embedder = embedder
        self.rules = rules or SupportRules()
        self.entities = entities  # the indexed schools and SWVs, whose names a question uses

    def check(
        self, text: str, passages: Sequence[Passage], question: str = "", translation: str = ""
    ) -> list[Claim]:
        """Every sentence of `text`, judged; passage [n] is passages[n-1]. A kept sentence
        ends up citing the one passage that supports it. A sentence that only repeats the
        question ('De time-out werkt als volgt [1].') says nothing and is dropped, unless it
        answers yes or no. `translation`: the question in Dutch, when it was asked in another
        language: a sentence may name its topic in either ('an elevator', 'een lift')."""
        question_terms = _QuestionTerms(
            asked=set(self.lexical.document_terms(question)) if question else set(),
            topic={
                term
                for q in (question, translation)
                if q
                for term in self.lexical.document_terms(expand(q))
            }
            - self._names_in(question, translation),
            open_question=bool(OPEN_QUESTION.match(question)),
        )
        # Each cited passage is split into sentences once per answer, not once per claim.
        spans = {
            n: [(a, b) for a, b in sentence_spans(p.text) if len(p.text[a:b].split()) >= 3]
            for n, p in enumerate(passages, start=1)
        }
        claims = split_claims(text)
        judged: list[Claim | None] = []
        pending: list[_Pending] = []
        for index, (sentence, cited) in enumerate(claims):
            rejection = self._screen(sentence, cited, passages, question_terms)
            candidates = [(n, start, end) for n in cited if n in spans for start, end in spans[n]]
            if rejection is None and not candidates:
                rejection = Rejection.EMPTY_SOURCE
            if rejection is not None:
                judged.append(Claim(sentence, cited, rejection))
                continue
            judged.append(None)
            pending.append((index, plain(sentence), candidates))
        similarities = self._similarities(pending, passages)
        dutch = question_language(question) == "nl"
        terms: dict[int, set[str]] = {}  # of each source passage, read once per answer
        for (index, bare, candidates), sims in zip(pending, similarities, strict=True):
            judged[index] = self._judge(
                claims[index], bare, (candidates, sims), passages, terms, dutch
            )
        return [claim for claim in judged if claim is not None]

    def _screen(
        self,
        sentence: str,
        cited: tuple[int, ...],
        passages: Sequence[Passage],
        question: _QuestionTerms,
    ) -> Rejection | None:
        """What drops a sentence before it is compared with its sources, if anything."""
        bare = plain(sentence)
        if not cited:
            return Rejection.NO_SOURCE
        if not all(1 <= n <= len(passages) for n in cited):
            return Rejection.UNKNOWN_SOURCE
        sources = [passages[n - 1] for n in cited]
        if unfinished(bare):
            return Rejection.UNFINISHED
        if question.asked and not self._adds_something(bare, sources, question.asked):
            return Rejection.REPEATS_QUESTION
        if question.asked and yes_or_no_first(bare) and question.open_question:
            return Rejection.YES_NO_TO_OPEN
        if question.asked and not self._on_topic(bare, sources, question.topic):
            return Rejection.OFF_TOPIC
        return None

    def _judge(
        self,
        claim: tuple[str, tuple[int, ...]],
        bare: str,
        compared: tuple[list[tuple[int, int, int]], np.ndarray],
        passages: Sequence[Passage],
        terms: dict[int, set[str]],
        dutch: bool,
    ) -> Claim:
        """The verdict on a sentence by the source sentence closest to it in meaning; a kept
        sentence then cites exactly that passage."""
        candidates, similarities = compared
        best = int(np.argmax(similarities))
        n, start, end = candidates[best]
        similarity = float(similarities[best])
        source = passages[n - 1]
        if n not in terms:
            terms[n] = set(self.lexical.document_terms(expand(source.text)))
        overlap = self._overlap(bare, source, terms[n])
        rejection, detail = self._verdict(bare, source.text[start:end], overlap, similarity, dutch)
        sentence = MARKERS.sub("", claim[0])
        sentence = re.sub(r"\s*([.!?]?)$", rf" [{n}]\1", sentence.rstrip(), count=1)
        return Claim(sentence, claim[1], rejection, detail, overlap, similarity, n, (start, end))

    def _overlap(self, sentence: str, source: Passage, present: set[str]) -> float:
        """Share of the sentence's content terms (abbreviations expanded) among `present`, the
        supporting passage's terms. Words of its title (the school's name) neither count for
        nor against it; a sentence that says nothing beyond them scores 0."""
        named = self._named([source])
        terms = {
            t
            for t in self.lexical.document_terms(sentence)
            if t != "_" and t not in _FILLER_STEMS and t not in named and not t.isdigit()
        }
        if not terms:
            return 0.0
        return len(terms & present) / len(terms)

    def _adds_something(self, sentence: str, sources: Sequence[Passage], asked: set[str]) -> bool:
        """A yes or no, a number, or a content term beyond the question and the titles."""
        if yes_or_no_first(sentence) or DIGITS.search(sentence):
            return True
        terms = set(self.lexical.document_terms(sentence)) - asked - self._named(sources)
        terms -= _FILLER_STEMS
        return bool(terms - {"_"})

    def _named(self, sources: Sequence[Passage]) -> set[str]:
        """The terms of the sources' titles: the school's name, which says nothing new."""
        return {t for p in sources for t in self.lexical.document_terms(p.title)}

    def _names_in(self, *texts: str) -> set[str]:
        """The terms of the schools and SWVs the texts name: a name says whom a question is
        about, not what it asks ('Heeft Het Baken een lift?' is about a lift)."""
        if self.entities is None:
            return set()
        return {
            term
            for text in texts
            if text
            for entity in self.entities.named_in(text)
            for term in self.lexical.document_terms(expand(entity.name))
        }

    def _on_topic(self, sentence: str, sources: Sequence[Passage], topic: set[str]) -> bool:
        """The sentence names something the question asks about (`topic`: its terms,
        abbreviations expanded; the titles' names aside): 'heeft de school een pestprotocol?
        Ja, de school biedt extra ondersteuning' does not, however well the passage supports
        it."""
        subject = topic - (self._named(sources) | _FILLER_STEMS | {"_"})
        return not subject or bool(subject & set(self.lexical.document_terms(expand(sentence))))

    def _similarities(
        self, pending: Sequence[_Pending], passages: Sequence[Passage]
    ) -> list[np.ndarray]:
        """Cosine of each pending sentence to each of its candidate passage sentences."""
        if not pending:
            return []
        spans = sorted({c for _, _, candidates in pending for c in candidates})
        where = {span: i for i, span in enumerate(spans)}
        texts = [passages[n - 1].text[start:end] for n, start, end in spans]
        vectors = np.asarray(self.embedder.embed_documents(texts))
        queries = np.asarray(self.embedder.embed_documents([bare for _, bare, _ in pending]))
        return [
            vectors[[where[c] for c in candidates]] @ query
            for (_, _, candidates), query in zip(pending, queries, strict=True)
        ]

    def _verdict(
        self, sentence: str, quote: str, overlap: float, similarity: float, dutch: bool = True
    ) -> tuple[Rejection | None, str]:
        rules = self.rules
        if addresses_assistant(quote) or addresses_assistant(sentence):
            return Rejection.INSTRUCTION, ""
        missing = numbers_in(sentence) - numbers_in(quote)
        if missing:
            # Numbers taken from different sentences are how a wrong fact gets stitched
            # together ("3 dagen in klas 4 en 5"): they must stand in the supporting sentence.
            return Rejection.NUMBER, ", ".join(sorted(missing))
        if negated(sentence) != negated(quote):
            return Rejection.NEGATION, ""
        if not dutch:
            # An English or Turkish sentence shares no stems with a Dutch source: it is held
            # to its meaning (multilingual embedding), with a higher bar.
            if similarity < rules.min_similarity_translated:
                return Rejection.MEANING, f"{similarity:.2f}"
            return None, ""
        if overlap < rules.min_overlap:
            return Rejection.FEW_WORDS, f"{overlap:.2f}"
        if similarity < rules.min_similarity:
            return Rejection.MEANING, f"{similarity:.2f}"
        return None, ""
