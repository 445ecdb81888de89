"""Extractive answers: the sentences of the top passages that answer the question, verbatim,
each cited as [n]; or a plain statement that the documents do not answer it."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from steunwijzer.abstain import Calibration, Evidence, measure, unknown_names
from steunwijzer.errors import QuestionError
from steunwijzer.glossary import expand
from steunwijzer.injection import addresses_assistant
from steunwijzer.retrieve import Filters, Retriever
from steunwijzer.text import (
    STOPWORDS,
    ends_sentence,
    question_language,
    sentence_spans,
    stem,
    words,
)
from steunwijzer.types import Answer, Citation, Passage

MAX_SENTENCES = 3
MIN_SENTENCE_WORDS = 3
SOURCE_PASSAGES = 3  # answers quote from the best few passages only
MAX_CANDIDATES = 20
QUESTION_WORDS = frozenset(
    "hoe wat welke welk wie waar wanneer waarom hoeveel vaak kan kunnen mag moet school "
    "scholen krijgen gebeurt staat hoog groot lang laat duur oud".split()
)
LIST_ITEMS = 6
# What a language model reads: the sentences most likely to hold the answer, from the best few
# passages, within a word budget (prompt time is CPU time: about 120 tokens/s on 2 cores).
EXCERPT_PASSAGES = 5
EXCERPT_WORDS = 150
EXCERPT_CANDIDATES = 40
RANK_PENALTY = 0.25  # per place a passage stands lower in the search
# A chat answer quotes the best excerpts up to this many words: the sentence that matches the
# question, and the one around it that often holds the fact ('Het OT ... . Aan tafel zitten').
QUOTE_WORDS = 120
BEST_SHARE = 0.5  # of an excerpt's words, first for the best sentences alone
FOLLOWING = 2  # sentences taken after a heading or a question heading that matches
ENUMERATOR = re.compile(r"(?:\d{1,2}|[a-zA-Z]|[ivxIVX]{1,4})[.)]")
NUMBERED_HEADING = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+\S")
NOT_FOUND = (
    "Dat staat niet in de documenten die ik heb. Vraag het de mentor of de "
    "ondersteuningscoördinator van de school, of neem contact op met het samenwerkingsverband."
)
NOT_FOUND_EN = (
    "The documents I have do not answer this. Please ask the school's mentor or support "
    "coordinator (ondersteuningscoördinator), or contact the samenwerkingsverband."
)
NOT_FOUND_TR = (
    "Elimdeki belgelerde bunun cevabı yok. Lütfen okuldaki mentora veya destek "
    "koordinatörüne (ondersteuningscoördinator) sorun ya da samenwerkingsverband ile iletişime "
    "geçin."
)
NOT_FOUND_PL = (
    "Dokumenty, które mam, nie odpowiadają na to pytanie. Zapytaj mentora lub koordynatora "
    "wsparcia (ondersteuningscoördinator) w szkole albo skontaktuj się z samenwerkingsverband."
)
NOT_FOUND_AR = (
    "الوثائق التي لديّ لا تجيب عن هذا السؤال. اسأل مرشد الطالب (mentor) أو منسّق الدعم "
    "(ondersteuningscoördinator) في المدرسة، أو تواصل مع samenwerkingsverband."
)
NOT_FOUND_IN = {
    "nl": NOT_FOUND,
    "en": NOT_FOUND_EN,
    "tr": NOT_FOUND_TR,
    "pl": NOT_FOUND_PL,
    "ar": NOT_FOUND_AR,
}
UNKNOWN_NAME = (
    "Ik heb geen documenten over {name}, dus daar kan ik niets over zeggen. Vraag het de "
    "school zelf, of neem contact op met het samenwerkingsverband in de regio."
)


@dataclass(frozen=True)
class _Sentence:
    n: int  # 1-based passage number
    start: int
    end: int
    coverage: float  # weighted share of question terms
    similarity: float  # cosine similarity to the question
    score: float  # for choosing among sentences of one answer


@dataclass(frozen=True)
class Assessment:
    """Everything the answer decision is based on."""

    question: str
    passages: tuple[Passage, ...]
    sentences: tuple[_Sentence, ...]
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
        self, retriever: Retriever, calibration: Calibration | None = None, max_chars: int = 1000
    ) -> None:
        self.retriever = retriever
        self.calibration = calibration or Calibration.bundled()
        self.max_chars = max_chars
        self._ranking: tuple[tuple, list[tuple[int, int]]] = ((), [])

    def ask(self, question: str, k: int = 5, filters: Filters | None = None) -> Answer:
        return self.decide(self.assess(question, k, filters))

    def decide(self, assessment: Assessment, words: int = 0) -> Answer:
        """Quote the best sentences, or decline when the evidence is too weak. `words`: quote
        the best excerpts up to about that many words (a chat answer) instead of the best one
        to three sentences (a profile value)."""
        passages = list(assessment.passages)
        confidence = round(self.calibration.probability(assessment.evidence), 3)
        sentences = assessment.sentences
        # An extractive answer must share a word with the question (English questions are
        # matched by meaning only, since the documents are Dutch).
        unrelated = not any(s.coverage > 0 for s in sentences) and (
            question_language(assessment.question) == "nl"
        )
        if (
            assessment.unknown
            or unrelated
            or not sentences
            or confidence < self.calibration.threshold
        ):
            if assessment.unknown:
                text = UNKNOWN_NAME.format(name=" en ".join(assessment.unknown))
            else:
                text = NOT_FOUND_IN[assessment.language]
            return Answer(assessment.question, text, False, (), tuple(passages), confidence)
        if words:
            lines, citations = _quote_excerpts(passages, self.excerpts(assessment, words))
        else:
            lines, citations = _quote(passages, _choose(passages, list(sentences)))
        return Answer(
            assessment.question, "\n".join(lines), True, citations, tuple(passages), confidence
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
        passages = self.retriever.search(question, k, filters)
        terms = self._weighted_terms(question)
        sentences = self._rank_sentences(question, passages, terms)
        return Assessment(
            question=question,
            passages=tuple(passages),
            sentences=tuple(sentences),
            evidence=measure(
                question,
                passages,
                [passages[s.n - 1].text[s.start : s.end] for s in sentences],
                [(s.similarity, s.coverage) for s in sentences],
                terms,
                self.retriever.lexical,
            ),
            unknown=tuple(unknown_names(question, self.retriever.lexical.vocabulary)),
            asked=asked or question,
        )

    def _weighted_terms(self, question: str) -> dict[str, float]:
        """Stems of the question's content words with their IDF; names of the schools it
        mentions are left out (retrieval already focused on them)."""
        lexical = self.retriever.lexical
        named = {
            word
            for entity in self.retriever.entities.named_in(question)
            for alias in entity.patterns
            for word in alias.split()
        }
        terms: dict[str, float] = {}
        for word in lexical.query_words(expand(question)):
            if word in STOPWORDS or word in QUESTION_WORDS or word in named or len(word) < 2:
                continue
            parts = lexical.vocabulary.split(word) if not lexical.knows(stem(word)) else []
            for term in [stem(p) for p in parts] or [stem(word)]:
                terms[term] = lexical.idf(term)
        return terms

    def _rank_sentences(
        self, question: str, passages: list[Passage], terms: dict[str, float]
    ) -> list[_Sentence]:
        """Candidate sentences of the best passages, by term coverage and similarity."""
        total = sum(terms.values()) or 1.0
        spans: list[tuple[int, int, int, float]] = []
        for n, passage in enumerate(passages[:SOURCE_PASSAGES], start=1):
            heading = ""  # the heading just above: 'Remedial teaching', then what it is
            for start, end in sentence_spans(passage.text):
                text = passage.text[start:end]
                if _is_heading(text):
                    heading = text
                    continue
                if len(text.split()) >= MIN_SENTENCE_WORDS and not addresses_assistant(text):
                    coverage = self._coverage(f"{heading} {text}", terms, total)
                    spans.append((n, start, end, coverage))
                heading = ""
        spans = sorted(spans, key=lambda s: (-s[3], s[0]))[:MAX_CANDIDATES]
        if not spans:
            return []
        embedder = self.retriever.embedder
        texts = [passages[n - 1].text[start:end] for n, start, end, _ in spans]
        vectors = np.asarray(embedder.embed_documents(texts))
        similarity = vectors @ np.asarray(embedder.embed_query(question))
        shares = np.array([share for *_, share in spans])
        score = _standardized(shares) + _standardized(similarity)
        ranked = [
            _Sentence(n, start, end, float(c), float(sim), float(sc) - 0.25 * (n - 1))
            for (n, start, end, c), sim, sc in zip(spans, similarity, score, strict=True)
        ]
        return sorted(ranked, key=lambda s: -s.score)

    def excerpts(
        self, assessment: Assessment, budget: int = EXCERPT_WORDS
    ) -> dict[int, list[tuple[int, int]]]:
        """The sentences of the best passages that most likely hold the answer, best first
        until about `budget` words: first the sentences alone (with the list one introduces,
        or what answers a heading), then the sentence before and after each: per passage
        number, sentence spans in text order."""
        passages = assessment.passages[:EXCERPT_PASSAGES]
        spans = {n: list(sentence_spans(p.text)) for n, p in enumerate(passages, start=1)}
        ranking = self._excerpt_ranking(assessment, spans)
        chosen: set[tuple[int, int]] = set()
        quoted: set[str] = set()  # a sentence that several passages repeat is quoted once
        used = 0
        # First the best sentences themselves, within half the budget (several answers fit,
        # however long the sentences around them), then, in the same order, the sentences
        # around them within the whole budget.
        for around, limit in ((False, budget * BEST_SHARE), (True, budget)):
            for n, i in ranking:
                text = passages[n - 1].text
                sentence = text[slice(*spans[n][i])].rstrip()
                if (n, i) not in chosen and _folded(sentence) in quoted:
                    continue
                for k in _excerpt_order(sentence, i, around):
                    if not 0 <= k < len(spans[n]) or (n, k) in chosen:
                        continue
                    piece = text[slice(*spans[n][k])]
                    if addresses_assistant(piece):  # never quoted, never read
                        continue
                    key = _folded(piece)
                    # A bare list letter or number ('b.', 'III.') says nothing on its own.
                    if (key and key in quoted) or (k != i and ENUMERATOR.fullmatch(piece.strip())):
                        continue
                    size = len(piece.split())
                    room = limit if chosen else budget  # the best sentence always has room
                    if used + size > room * (1.15 if k == i else 1.0):
                        continue
                    chosen.add((n, k))
                    quoted.add(key)
                    used += size
                if used >= limit:
                    break
        found: dict[int, list[tuple[int, int]]] = {}
        for n, k in sorted(chosen):
            found.setdefault(n, []).append(spans[n][k])
        return found

    def _excerpt_ranking(
        self, assessment: Assessment, spans: dict[int, list[tuple[int, int]]]
    ) -> list[tuple[int, int]]:
        """(passage number, sentence index) of the candidate sentences of the best passages,
        best first: term coverage and similarity to the question, standardized, less for a
        lower passage. The last assessment's ranking is kept (a chat answer asks twice: for
        its quotes and for the model's excerpts)."""
        key = (assessment.question, tuple(p.chunk_id for p in assessment.passages))
        if self._ranking[0] == key:
            return self._ranking[1]
        passages = assessment.passages
        terms = self._weighted_terms(assessment.question)
        total = sum(terms.values()) or 1.0
        candidates: list[tuple[int, int, float]] = []  # (n, sentence index, coverage)
        for n, sentences in spans.items():
            for i, (start, end) in enumerate(sentences):
                text = passages[n - 1].text[start:end]
                if len(text.split()) < MIN_SENTENCE_WORDS or addresses_assistant(text):
                    continue
                candidates.append((n, i, self._coverage(text, terms, total)))
        ranked: list[tuple[int, int]] = []
        if candidates:
            candidates = sorted(candidates, key=lambda c: (-c[2], c[0]))[:EXCERPT_CANDIDATES]
            similarity = self._similarities(assessment, spans, candidates)
            shares = np.array([c for *_, c in candidates])
            rank = np.array([n - 1 for n, *_ in candidates])
            score = _standardized(shares) + _standardized(similarity) - RANK_PENALTY * rank
            ranked = [candidates[j][:2] for j in np.argsort(-score)]
        self._ranking = (key, ranked)
        return ranked

    def _coverage(self, text: str, terms: dict[str, float], total: float) -> float:
        """The IDF-weighted share of the question's terms that a sentence contains."""
        present = set(self.retriever.lexical.document_terms(text))
        return sum(w for t, w in terms.items() if t in present) / total

    def _similarities(
        self,
        assessment: Assessment,
        spans: dict[int, list[tuple[int, int]]],
        candidates: list[tuple[int, int, float]],
    ) -> np.ndarray:
        """Cosine of each candidate sentence to the question; those the assessment already
        compared are not embedded again (embedding is most of the time to the passages)."""
        known = {(s.n, s.start, s.end): s.similarity for s in assessment.sentences}
        keys = [(n, *spans[n][i]) for n, i, _ in candidates]
        new = [key for key in keys if key not in known]
        if new:
            embedder = self.retriever.embedder
            texts = [assessment.passages[n - 1].text[start:end] for n, start, end in new]
            vectors = np.asarray(embedder.embed_documents(texts))
            query = np.asarray(embedder.embed_query(assessment.question))
            known.update(zip(new, (float(v) for v in vectors @ query), strict=True))
        return np.array([known[key] for key in keys])


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


def _choose(passages: list[Passage], sentences: list[_Sentence]) -> list[_Sentence]:
    """The best sentence and those nearly as good (within half a standard deviation), each
    text once."""
    # A sentence that shares no term with the question is quoted only when none does.
    relevant = [s for s in sentences if s.coverage > 0] or sentences[:1]
    best = relevant[0].score
    chosen: dict[str, _Sentence] = {}
    for sentence in relevant:
        if sentence.score < best - 0.5 or len(chosen) == MAX_SENTENCES:
            break
        text = passages[sentence.n - 1].text[sentence.start : sentence.end]
        chosen.setdefault(_folded(text), sentence)
    return sorted(chosen.values(), key=lambda s: (s.n, s.start))


def _excerpt_order(sentence: str, i: int, around: bool) -> list[int]:
    """The sentences an excerpt takes for sentence `i`: itself, and the list it introduces or,
    after a heading or a question, what answers it; with `around`, also the sentence before it
    and the one after it."""
    if sentence.endswith(":"):
        following = list(range(i + 1, i + 1 + LIST_ITEMS))
    elif _is_heading(sentence):
        following = list(range(i + 1, i + 1 + FOLLOWING))
    else:
        following = [i + 1] if around else []
    return [i, i - 1, *following] if around else [i, *following]


def _folded(text: str) -> str:
    """A sentence's words, folded: the same text however a PDF spaced or accented it."""
    return " ".join(words(text))


def _is_heading(text: str) -> bool:
    """A section heading, a question heading or a short caption: nothing that answers."""
    if text.endswith("?"):
        return True
    if NUMBERED_HEADING.match(text):  # a footnote that reads as a sentence is no heading
        return not (ends_sentence(text) and len(text.split()) > 8)
    return len(text.split()) <= 8 and not ends_sentence(text) and not re.search(r"[\d•|]", text)


def _standardized(values: np.ndarray) -> np.ndarray:
    spread = float(values.std()) or 1.0
    return (values - float(values.mean())) / spread


def _quote(
    passages: list[Passage], chosen: list[_Sentence]
) -> tuple[list[str], tuple[Citation, ...]]:
    """Answer lines quoting the chosen sentences verbatim (with the list a lead-in introduces),
    and one citation per quote with the page that quote stands on."""
    lines: list[str] = []
    citations: list[Citation] = []
    for sentence in chosen:
        passage = passages[sentence.n - 1]
        end = with_list(passage.text, sentence.end)
        text = passage.text[sentence.start : end].strip()
        lines.append(f"{text} [{sentence.n}]")
        citations.append(
            Citation(
                n=sentence.n,
                document=passage.document,
                title=passage.title,
                page=passage.page_at(sentence.start),
                text=text,
            )
        )
    return lines, tuple(citations)


def _quote_excerpts(
    passages: list[Passage], excerpts: dict[int, list[tuple[int, int]]]
) -> tuple[list[str], tuple[Citation, ...]]:
    """Answer lines quoting excerpts verbatim, one line per run of adjacent sentences, every
    sentence followed by its [n] (so each sentence of the answer is cited), and one citation
    per sentence with the page it stands on."""
    lines: list[str] = []
    citations: list[Citation] = []
    for n, spans in sorted(excerpts.items()):
        passage = passages[n - 1]
        line, previous = "", -1
        for start, end in spans:
            between = passage.text[previous:start] if previous >= 0 else "x"
            if line and between.strip():  # a sentence left out: a new line
                lines.append(line)
                line = ""
            text = passage.text[start:end].strip()
            separator = "\n" if "\n" in between else " "
            line += f"{separator if line else ''}{text}"
            if re.search(r"[^\W\d_]", text):  # a bare list number ('3.') is not cited alone
                line += f" [{n}]"
                citations.append(
                    Citation(n, passage.document, passage.title, passage.page_at(start), text)
                )
            previous = end
        lines.append(line)
    return lines, tuple(citations)


def with_list(text: str, end: int) -> int:
    """Extend a sentence that ends in ':' over the bullet lines that follow it."""
    if not text[:end].rstrip().endswith(":"):
        return end
    items = 0
    position = end
    while items < LIST_ITEMS:
        rest = text[position:].lstrip("\n")
        if not rest.startswith("•"):
            break
        line_end = text.find("\n", len(text) - len(rest))
        position = len(text) if line_end == -1 else line_end
        items += 1
    return position
