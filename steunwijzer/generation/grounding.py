"""Checks a generated answer sentence by sentence: every sentence must cite a passage that
exists, and that passage must support it (shared terms, embedding similarity to one of its
sentences, the same numbers, the same polarity). Unsupported sentences are dropped."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from steunwijzer.answering.quotes import MARKER, MARKER_PATTERN, MARKERS
from steunwijzer.language.glossary import expand
from steunwijzer.language.injection import addresses_assistant
from steunwijzer.language.negation import negated
from steunwijzer.language.numbers import DIGITS, numbers_in
from steunwijzer.language.text import question_language, sentence_spans, stem, words
from steunwijzer.retrieval.entities import Entities
from steunwijzer.retrieval.lexical import LexicalIndex
from steunwijzer.types import Passage

_LEADING = re.compile(rf"^(?:{MARKER_PATTERN}\s*)+")
_AFTER_STOP = re.compile(rf"([.!?])((?:\s*{MARKER_PATTERN})+)")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+", re.MULTILINE)
# Words a sentence may add without support: they carry no claim of their own.
# Words a finished Dutch sentence does not end in (particles such as 'op', 'aan', 'in' can:
# 'de school belt de ouders op').
DANGLING = frozenset("zoals bijvoorbeeld namelijk waaronder en of maar want de het een".split())
FILLER = frozenset(
    "ja nee wel echter ook daarnaast verder bijvoorbeeld volgens document documenten passage "
    "passages bron staat staan genoemd beschreven vermeld uw jouw je yes also according "
    "volgt volgende zoals onder andere namelijk".split()
)
_FILLER_STEMS = frozenset(stem(w) for w in FILLER)
# The local model's grammar (prompts/cited_sentences.gbnf) ends a sentence at this many
# characters: a sentence that long was cut off there, often inside a word, not finished.
MAX_SENTENCE_CHARS = 160
# A question that asks what, who, how ... (in its first three words: 'bij welke school'), which
# a yes or a no does not answer.
OPEN_QUESTION = re.compile(
    r"^\W*(?:[\w'’-]+\W+){0,2}?(?:wat|welke?|wie|waar\w*|wanneer|hoe|hoeveel|what|which|who|"
    r"where|when|why|how)\b",
    re.IGNORECASE,
)


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
class Claim:
    """One sentence of a generated answer and how well its citations support it."""

    text: str  # with its [n] markers, as it will be shown
    cited: tuple[int, ...]
    supported: bool
    reason: str  # why not supported ("" when supported)
    overlap: float = 0.0
    similarity: float = 0.0
    source: int = 0  # passage number of the best-supporting sentence
    quote: tuple[int, int] = (0, 0)  # its span in that passage's text


def split_claims(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """Sentences of a generated answer with the passage numbers each cites. Markers after the
    full stop ('Zin. [1]') belong to the sentence before them, unless the answer puts its
    markers first ('[1] Zin. [2] Zin.'); a sentence that opens with markers owns them unless
    the sentence before it has none."""
    text = _BULLET.sub("", text.replace("\r", ""))
    if _LEADING.match(text.strip()):  # an answer that opens with a marker puts them first
        text = re.sub(rf"([.!?])[ \t]+(?={MARKER_PATTERN})", "\\1\n", text)
    else:
        text = _AFTER_STOP.sub(lambda m: f"{m.group(2)}{m.group(1)}", text)
    pieces = [text[start:end] for start, end in sentence_spans(text)]
    claims: list[list] = []
    for piece in pieces:
        leading = _LEADING.match(piece)
        if leading and claims and not claims[-1][1]:
            claims[-1][1] = _cited(leading.group())
            claims[-1][0] = f"{claims[-1][0]} {leading.group().strip()}"
            piece = piece[leading.end() :]
        if not re.search(r"[^\W\d_]", MARKERS.sub("", piece)):
            if claims and not claims[-1][1]:
                claims[-1][1] = _cited(piece)
                claims[-1][0] = f"{claims[-1][0]} {piece.strip()}"
            continue
        claims.append([piece.strip(), _cited(piece)])
    return [(_tidy(sentence), tuple(cited)) for sentence, cited in claims]


def _cited(text: str) -> list[int]:
    """The passage numbers in a text's [n] markers, each once, in order."""
    found: list[int] = []
    for marker in MARKER.findall(text):
        for number in re.findall(r"\d+", marker):
            if int(number) not in found:
                found.append(int(number))
    return found


def _tidy(sentence: str) -> str:
    """Leading markers move to the end: 'Zin [1].' reads the same for every sentence."""
    leading = _LEADING.match(sentence)
    if leading:
        body = sentence[leading.end() :].rstrip()
        stop = body[-1] if body and body[-1] in ".!?" else ""
        body = body[: len(body) - len(stop)].rstrip()
        sentence = f"{body} {leading.group().strip()}{stop}"
    return re.sub(r"\s+", " ", sentence).strip()


def plain(sentence: str) -> str:
    """A sentence without its citation markers."""
    return re.sub(r"\s+([.!?,;:])", r"\1", MARKERS.sub("", sentence)).strip()


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
        asked = set(self.lexical.document_terms(question)) if question else set()
        topic = {
            term
            for q in (question, translation)
            if q
            for term in self.lexical.document_terms(expand(q))
        } - self._names_in(question, translation)
        # Each cited passage is split into sentences once per answer, not once per claim.
        spans = {
            n: [(a, b) for a, b in sentence_spans(p.text) if len(p.text[a:b].split()) >= 3]
            for n, p in enumerate(passages, start=1)
        }
        terms: dict[int, set[str]] = {}
        claims = split_claims(text)
        judged: list[Claim | None] = []
        pending: list[_Pending] = []
        for index, (sentence, cited) in enumerate(claims):
            bare = plain(sentence)
            valid = tuple(n for n in cited if 1 <= n <= len(passages))
            if not cited:
                judged.append(Claim(sentence, cited, False, "geen bron"))
                continue
            if len(valid) != len(cited):
                judged.append(Claim(sentence, cited, False, "bron bestaat niet"))
                continue
            sources = [passages[n - 1] for n in valid]
            if _unfinished(bare):
                judged.append(Claim(sentence, cited, False, "zin is niet af"))
                continue
            if asked and not self._adds_something(bare, sources, asked):
                judged.append(Claim(sentence, cited, False, "herhaalt alleen de vraag"))
                continue
            if asked and _yes_or_no_first(bare) and OPEN_QUESTION.match(question):
                judged.append(Claim(sentence, cited, False, "ja of nee op een open vraag"))
                continue
            if asked and not self._on_topic(bare, sources, topic):
                judged.append(Claim(sentence, cited, False, "gaat niet over de vraag"))
                continue
            candidates = [(n, start, end) for n in valid for start, end in spans[n]]
            if not candidates:
                judged.append(Claim(sentence, cited, False, "lege bron"))
                continue
            judged.append(None)
            pending.append((index, bare, candidates))
        similarities = self._similarities(pending, passages)
        dutch = question_language(question) == "nl"
        for (index, bare, candidates), sims in zip(pending, similarities, strict=True):
            best = int(np.argmax(sims))
            n, start, end = candidates[best]
            similarity = float(sims[best])
            source = passages[n - 1]
            if n not in terms:
                terms[n] = set(self.lexical.document_terms(expand(source.text)))
            overlap = self._overlap(bare, source, terms[n])
            reason = self._verdict(bare, source.text[start:end], overlap, similarity, dutch)
            sentence = MARKERS.sub("", claims[index][0])
            sentence = re.sub(r"\s*([.!?]?)$", rf" [{n}]\1", sentence.rstrip(), count=1)
            judged[index] = Claim(
                sentence, claims[index][1], not reason, reason, overlap, similarity, n,
                (start, end),
            )  # fmt: skip
        return [claim for claim in judged if claim is not None]

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
        if _yes_or_no_first(sentence) or DIGITS.search(sentence):
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
    ) -> str:
        rules = self.rules
        if addresses_assistant(quote) or addresses_assistant(sentence):
            return "opdracht aan de assistent, geen informatie"
        missing = numbers_in(sentence) - numbers_in(quote)
        if missing:
            # Numbers taken from different sentences are how a wrong fact gets stitched
            # together ("3 dagen in klas 4 en 5"): they must stand in the supporting sentence.
            return f"getal {', '.join(sorted(missing))} staat niet in de zin van de bron"
        if negated(sentence) != negated(quote):
            return "ontkenning wijkt af van de bron"
        if not dutch:
            # An English or Turkish sentence shares no stems with a Dutch source: it is held
            # to its meaning (multilingual embedding), with a higher bar.
            if similarity < rules.min_similarity_translated:
                return f"betekenis wijkt af van de bron ({similarity:.2f})"
            return ""
        if overlap < rules.min_overlap:
            return f"te weinig woorden uit de bron ({overlap:.2f})"
        if similarity < rules.min_similarity:
            return f"betekenis wijkt af van de bron ({similarity:.2f})"
        return ""


def _yes_or_no_first(sentence: str) -> bool:
    return words(sentence)[:1] in (["ja"], ["nee"], ["yes"], ["no"])


def _unfinished(sentence: str) -> bool:
    """The sentence breaks off where its point should come ('..., zoals [1].'), or where the
    grammar's length limit cut it."""
    if len(sentence) >= MAX_SENTENCE_CHARS - 3:  # cut off by the grammar (give or take spaces)
        return True
    if sentence.rfind("(") > sentence.rfind(")"):  # a bracket opened and never closed
        return True
    last = words(sentence)[-1:]
    return bool(last) and last[0] in DANGLING or sentence.rstrip(" .").endswith((":", ","))
