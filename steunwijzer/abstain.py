"""Whether to answer at all: evidence measured for a question, and the calibrated model that
weighs it (fitted on the eval set by evals/calibrate.py)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from steunwijzer.glossary import GLOSSARY
from steunwijzer.lexical import LexicalIndex, Vocabulary
from steunwijzer.text import STOPWORDS, fold, words
from steunwijzer.types import Passage

QUANTITY_QUESTION = re.compile(
    r"\b(hoeveel|hoe vaak|hoe hoog|hoe groot|hoe laat|hoe lang|wat kost|how many|how much|"
    r"how often|how long|what time)\b",
    re.IGNORECASE,
)
QUANTITY = re.compile(
    r"\d|\b(een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|twintig|honderd|"
    r"enkele|alle|geen|helft|wekelijks|maandelijks|jaarlijks|dagelijks|tweewekelijks|"
    r"keer|maal|per (?:week|maand|jaar|schooljaar|periode))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Evidence:
    """What the abstention decision looks at, for one question."""

    dense: float  # best cosine similarity of the question to a passage
    sentence: float  # best cosine similarity of the question to a candidate sentence
    coverage: float  # largest share of the question's weighted terms in one sentence
    missing: float  # share of the question's weighted terms found nowhere in the index
    no_quantity: float  # 1 when the question asks how many/often/much and no sentence has one

    def as_list(self) -> list[float]:
        return [self.dense, self.sentence, self.coverage, self.missing, self.no_quantity]


@dataclass(frozen=True)
class Calibration:
    """A logistic model over `Evidence`, fitted on the eval set by evals/calibrate.py."""

    weights: tuple[float, ...]
    bias: float
    threshold: float

    @classmethod
    def bundled(cls) -> Calibration:
        data = json.loads(resources.files("steunwijzer").joinpath("calibration.json").read_text())
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
    missing = sum(w for t, w in terms.items() if not lexical.knows(t))
    no_quantity = QUANTITY_QUESTION.search(question) and not any(
        QUANTITY.search(text) for text in sentences[:3]
    )
    return Evidence(
        dense=max((p.dense_similarity for p in passages), default=0.0),
        sentence=max((similarity for similarity, _ in scores), default=0.0),
        coverage=max((coverage for _, coverage in scores), default=0.0),
        missing=missing / total,
        no_quantity=1.0 if no_quantity else 0.0,
    )


def unknown_names(question: str, vocabulary: Vocabulary) -> list[str]:
    """Capitalised names in the question that no indexed document mentions."""
    abbreviations = {fold(a) for a in GLOSSARY}
    names: list[str] = []
    tokens = re.findall(r"[A-Za-zÀ-ÿ][\w'’-]*", question)
    for index, token in enumerate(tokens):
        if index == 0 or not token[0].isupper() or token.isupper():
            continue
        word = fold(token)
        if len(word) < 3 or word in STOPWORDS or word in abbreviations:
            continue
        if all(vocabulary.doc_freq[p] or vocabulary.split(p) for p in words(token)):
            continue
        previous = tokens[index - 1]
        names.append(f"{previous} {token}" if previous.lower() in ("de", "het", "'t") else token)
    return names
