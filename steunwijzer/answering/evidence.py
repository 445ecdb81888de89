"""Whether to answer at all: evidence measured for a question, and the calibrated model that
weighs it (fitted on the eval set by evals/calibrate.py)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from steunwijzer.language.glossary import GLOSSARY
from steunwijzer.language.numbers import FIGURE, NUMBER
from steunwijzer.language.text import STOPWORDS, fold, question_language, stem, words
from steunwijzer.retrieval.entities import Entities
from steunwijzer.retrieval.lexical import LexicalIndex, Vocabulary
from steunwijzer.types import Passage

# Questions that ask for a particular kind of answer, and what a sentence giving it contains.
# 'hoeveel leerlingen': the counted thing ('hoeveel tijd' asks for a duration, no count)
HOW_MANY = re.compile(
    r"\b(?:hoeveel|how many|how much)\s+(?:extra\s+)?(?!tijd\b|time\b)([a-z'’]+)", re.I
)
SIZE_QUESTION = re.compile(r"\b(?:hoe (?:groot|lang|oud|klein)|how (?:big|large|old|long))\b", re.I)
MONEY_QUESTION = re.compile(
    r"\b(?:hoeveel (?:geld|euro)|wat kost|kosten|schoolgeld|\w*bijdrage|prijs|betalen|"
    r"how much does|fee|fees)\b",
    re.I,
)
MONEY = re.compile(r"€|\beuro\b|\d+,-")
FREQUENCY_QUESTION = re.compile(r"\b(?:hoe vaak|how often|hoe regelmatig)\b", re.I)
FREQUENCY = re.compile(
    rf"\b{NUMBER}\b|\b(?:keer|maal|wekelijks|maandelijks|jaarlijks|dagelijks|tweewekelijks|"
    r"elke|iedere|per (?:week|maand|jaar|schooljaar|periode))\b",
    re.I,
)
NAME_QUESTION = re.compile(
    r"\b(?:hoe heet|wat is de naam|naam van|who is|what is the name)\b", re.I
)
# 'Anna de Vries', 'mevrouw Jansen', 'Trajectklas De Steiger' (not 'Trajectklas De': an article
# names no one)
NAME = re.compile(
    r"\b(?:[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+|mevrouw|meneer|mw\.|dhr\.|juf|meester)\s+"
    r"(?:(?:van|de|der|den|ten|ter|De|Het|Van)\s+)*[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+"
)
DAY_QUESTION = re.compile(r"\b(?:welke dag|welke dagen|which days?)\b", re.I)
# A day of the week ('dinsdagochtend', 'op maandagen'), or every day: '16 uur' is no day.
DAY = re.compile(
    r"\b(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|dagelijks|elke dag"
    r"|iedere dag|alle dagen|werkdag)",
    re.I,
)
TIME_QUESTION = re.compile(r"\b(?:hoe laat|what time)\b", re.I)
TIME = re.compile(
    r"\b(?:maandag|dinsdag|woensdag|donderdag|vrijdag|ochtend|middag|\d{1,2}[:.]\d{2}|"
    r"\d{1,2} uur)",
    re.I,
)
# A question that asks for a kind of answer (a number, a day) is answered when one of the best
# few candidate sentences gives one. The best three missed a class size worded with 'groep'
# for 'hoe groot zijn de klassen'; five, ten and twenty answered the same eval questions.
TYPED_SENTENCES = 5
ARTICLES = frozenset({"de", "het", "'t"})
SCHOOL_WORDS = frozenset(
    "school basisschool praktijkschool college lyceum swv samenwerkingsverband "
    "scholengemeenschap kindcentrum ikc obs cbs sbo mavo gymnasium vo po".split()
)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
CONTACT_QUESTIONS = (
    (
        re.compile(r"\b(?:telefoon\w*|telnr|phone number|bellen)\b", re.I),
        re.compile(r"\d{3}[- ]?\d{6,7}|\+31"),
    ),
    (re.compile(r"\b(?:e-?mail|mailadres)\b", re.I), re.compile(r"\S+@\S+\.\w+")),
    (
        re.compile(r"\b(?:adres|address|waar staat|waar zit)\b", re.I),
        re.compile(r"\b\d{4}\s?[A-Z]{2}\b"),
    ),
)
CONTACT_DETAILS = CONTACT_QUESTIONS[:2]  # a phone number, an e-mail address


@dataclass(frozen=True)
class Evidence:
    """What the abstention decision looks at, for one question."""

    dense: float  # best cosine similarity of the question to a passage
    sentence: float  # best cosine similarity of the question to a candidate sentence
    coverage: float  # largest share of the question's weighted terms in one sentence
    missing: float  # share of the question's weighted terms found nowhere in the index, in
    # no form (found: another form of a long word, or a part of an indexed compound)
    type_mismatch: float  # 1 when the question asks for a kind of answer no sentence gives

    def as_list(self) -> list[float]:
        return [self.dense, self.sentence, self.coverage, self.missing, self.type_mismatch]


@dataclass(frozen=True)
class Calibration:
    """A logistic model over `Evidence`, fitted on the eval set by evals/calibrate.py."""

    weights: tuple[float, ...]
    bias: float
    threshold: float

    @classmethod
    def bundled(cls) -> Calibration:
        source = resources.files("steunwijzer.answering").joinpath("calibration.json")
        data = json.loads(source.read_text())
        return cls(tuple(data["weights"]), float(data["bias"]), float(data["threshold"]))

    def probability(self, evidence: Evidence) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, evidence.as_list(), strict=True))
        return 1 / (1 + math.exp(-z))


def measure(
    question: str,
    passages: Sequence[Passage],
    sentences: Sequence[str],
    scores: Sequence[tuple[float, float]],
    terms: dict[str, float],
    lexical: LexicalIndex,
) -> Evidence:
    """Evidence for `question` from its passages and candidate sentences, best first, with
    their (similarity, coverage) scores, and the IDF-weighted question terms."""
    total = sum(terms.values()) or 1.0
    # A question in another language shares no words with Dutch documents: what it asks for
    # cannot be missing from them word for word.
    dutch = question_language(question) == "nl"
    missing = sum(w for t, w in terms.items() if dutch and not _indexed_in_some_form(t, lexical))
    mismatch = lacks_answer_type(question, sentences[:TYPED_SENTENCES], passages)
    return Evidence(
        dense=max((p.dense_similarity for p in passages), default=0.0),
        sentence=max((similarity for similarity, _ in scores), default=0.0),
        coverage=max((coverage for _, coverage in scores), default=0.0),
        missing=missing / total,
        type_mismatch=1.0 if mismatch else 0.0,
    )


def lacks_answer_type(question: str, sentences: Sequence[str], passages: Sequence[Passage]) -> bool:
    """Whether the question asks for contact details, a number of something, an amount of
    money, a frequency, a name, a day or time, or a year, and none of the sentences (or
    passages, for a year) has one."""
    text = " ".join(sentences)
    for asked, given in CONTACT_QUESTIONS:
        if asked.search(question):
            # A phone number or an e-mail address stands in a contact list, seldom among the
            # sentences most like the question: any passage may hold it.
            listed = (asked, given) in CONTACT_DETAILS
            return not given.search(text) and not (
                listed and any(given.search(p.text) for p in passages)
            )
    if MONEY_QUESTION.search(question):
        return not MONEY.search(text)
    counted = HOW_MANY.search(question)
    if counted and counted.group(1) not in STOPWORDS:
        unit = stem(fold(counted.group(1)))
        return not any(
            re.search(rf"\b{NUMBER}\b", s, re.I) and unit in {stem(w) for w in words(s)}
            for s in sentences
        )
    if SIZE_QUESTION.search(question):
        return not re.search(rf"\b{FIGURE}\b", text, re.I)
    if FREQUENCY_QUESTION.search(question):
        return not FREQUENCY.search(text)
    if NAME_QUESTION.search(question):
        return not NAME.search(text)
    if DAY_QUESTION.search(question):
        return not DAY.search(text)
    if TIME_QUESTION.search(question):
        return not TIME.search(text)
    context = " ".join(f"{p.title} {p.text}" for p in passages)
    return any(year not in context for year in YEAR.findall(question))


def unknown_names(question: str, vocabulary: Vocabulary) -> list[str]:
    """Names in the question (runs of capitalised words) of which no indexed document
    mentions at least one word: 'het Hofstede Lyceum' when no document knows 'Hofstede'."""
    abbreviations = {fold(a) for a in GLOSSARY}
    tokens = re.findall(r"[A-Za-zÀ-ÿ][\w'’-]*", question)
    runs: list[list[int]] = []
    for index, token in enumerate(tokens):
        # An abbreviation in a plural or possessive form is no name: OT'en, SWV's, JGZ'ers.
        bare = re.sub(r"['’]\w{1,4}$", "", token)
        word = fold(bare)
        capital = index > 0 and token[0].isupper() and not bare.isupper()
        if not capital or len(word) < 3 or word in STOPWORDS or word in abbreviations:
            continue
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    names = []
    for run in runs:
        # A suffix after an apostrophe is grammar, not name: Turkish 'Poort'ta', 'College'da'.
        unknown = [
            tokens[i]
            for i in run
            if not all(
                vocabulary.doc_freq[p] or vocabulary.split(p)
                for p in words(re.sub(r"['’]\w{1,4}$", "", tokens[i]))
            )
        ]
        before = tokens[run[0] - 1].lower()
        # A name follows an article or a word such as 'basisschool', or has several words;
        # a lone capitalised word ('Downsyndroom') is just a word.
        named = before in ARTICLES or before in SCHOOL_WORDS or len(run) > 1
        if unknown and named:
            article = f"{tokens[run[0] - 1]} " if before in ARTICLES else ""
            names.append(article + " ".join(tokens[i] for i in run))
    return names


# A school named by its type and name ('basisschool de regenboog', 'het hofstede lyceum'),
# on folded text: the name's word is group 1 or 2.
SCHOOL_NAME = re.compile(
    r"\b(?:basisschool|praktijkschool|kindcentrum|ikc|obs|cbs|sbo|vso|scholengemeenschap)"
    r"\s+(?:(?:de|het|'t)\s+)?([a-z][\w'-]{2,})"
    r"|\b([a-z][\w'-]{2,})\s+(?:college|lyceum|gymnasium|mavo)\b"
)
# ... and by a kind of school that is also an ordinary word ('de campus', 'het so'): only a
# name written with a capital ('SO De Ankerplaats', 'Campus Noordzij'), on the question as
# asked.
CAPITAL_SCHOOL_NAME = re.compile(
    r"\b(?:SO|So|Campus|Daltonschool|Jenaplanschool|Montessorischool)\s+(?:(?:De|Het|de|het)\s+)?"
    r"([A-Z][\w'-]{2,})"
)
NOT_A_NAME = frozenset(
    "voor met van bij die dat waar wordt worden heeft hebben kan zijn is niet geen ook nog "
    "op in aan als om te en of een welke deze dit elke iedere hun zelf".split()
)


def unnamed_schools(question: str, entities: Entities) -> list[str]:
    """Schools a question names by type and name that no indexed document is about:
    'basisschool de regenboog' when no document is that school's (a word of the name may
    still occur somewhere in the documents)."""
    folded = fold(question)
    known = " ".join(alias for e in entities.named_in(question) for alias in e.patterns)
    found = []
    matches = [*SCHOOL_NAME.finditer(folded), *CAPITAL_SCHOOL_NAME.finditer(question)]
    for match in matches:
        # A suffix after an apostrophe is grammar, not name: 'poort'ta', 'baken's'.
        word = fold(next(group for group in match.groups() if group))
        name = re.sub(r"['’]\w{1,4}$", "", word)
        if name in NOT_A_NAME or name in STOPWORDS or name in known.split():
            continue
        found.append(match.group(0))
    return found


def _indexed_in_some_form(term: str, lexical: LexicalIndex) -> bool:
    """Whether the index holds a question term as it is, in another form of a long word
    ('vergadert' for 'vergadering'), or as a part of a compound ('dag' in 'maandag')."""
    vocabulary = lexical.vocabulary
    return lexical.knows(term) or vocabulary.has_family(term) or bool(vocabulary.compounds_of(term))
