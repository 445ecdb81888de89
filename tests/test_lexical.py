"""Compound-aware BM25 over Dutch stems, on a small hand-made corpus."""

from __future__ import annotations

import pytest

from steunwijzer.language.text import question_head, question_verb, separable, stem
from steunwijzer.retrieval.lexical import LexicalIndex, Vocabulary

TEXTS = [
    "De faalangsttraining duurt tien weken.",
    "Wij bieden een training voor leerlingen met faalangst.",
    "Het ondersteuningsteam komt zes keer per jaar bij elkaar.",
    "De ondersteuning in de klas is goed en het team ook.",
    "Een weerbaarheidstraining helpt leerlingen die gepest worden.",
]


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary(TEXTS)


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("faalangsttraining", ["faalangst", "training"]),
        ("ondersteuningsteam", ["ondersteuning", "team"]),  # with a linking s
        ("faalangstteam", ["faalangst", "team"]),  # a compound the corpus does not have
    ],
)
def test_split_finds_known_parts(vocabulary: Vocabulary, word: str, parts: list[str]) -> None:
    assert vocabulary.split(word) == parts


@pytest.mark.parametrize(
    "word",
    ["training", "team", "zwembadbeleid", "weerbaarheidstraining", "faalangst2training", ""],
)
def test_split_returns_nothing_without_two_known_parts(vocabulary: Vocabulary, word: str) -> None:
    # "weerbaarheid" is never a word of its own here, so that compound cannot be split.
    assert vocabulary.split(word) == []


def test_compounds_of_a_part_are_the_corpus_words_that_start_or_end_with_it(
    vocabulary: Vocabulary,
) -> None:
    assert sorted(vocabulary.compounds_of("training")) == [
        "faalangsttraining",
        "weerbaarheidstraining",
    ]
    assert vocabulary.compounds_of("faalangst") == ["faalangsttraining"]
    assert vocabulary.compounds_of("weerbaarheid") == ["weerbaarheidstraining"]
    assert vocabulary.compounds_of("zwembad") == []


@pytest.mark.parametrize(
    ("typo", "word"),
    [
        ("ondersteunigsteam", "ondersteuningsteam"),  # a letter left out
        ("faalangsttrainingg", "faalangsttraining"),  # a letter too many
        ("weerbaarhiedstraining", "weerbaarheidstraining"),  # two letters swapped
        ("ondersteuningstaem", "ondersteuningsteam"),
    ],
)
def test_correct_fixes_one_typo_in_a_long_word(
    vocabulary: Vocabulary, typo: str, word: str
) -> None:
    assert vocabulary.correct(typo) == word


@pytest.mark.parametrize("word", ["lift", "teem", "ondersteuning", "xyzxyzxyz", "groep5"])
def test_correct_leaves_short_known_and_unmatched_words_alone(
    vocabulary: Vocabulary, word: str
) -> None:
    assert vocabulary.correct(word) == word


@pytest.mark.parametrize(
    ("word", "related"),
    [
        ("trainingen", True),  # another form of 'training'
        ("faalangstig", True),
        ("ondersteunt", True),
        ("rolstoel", False),  # nothing in the corpus starts like it
        ("weken", False),  # short words need an exact match
    ],
)
def test_a_long_word_has_family_when_an_indexed_word_starts_like_it(
    vocabulary: Vocabulary, word: str, related: bool
) -> None:
    assert vocabulary.has_family(word) is related


def test_a_part_of_a_compound_finds_the_compound_only_with_compound_splitting() -> None:
    with_parts = LexicalIndex(TEXTS, compounds=True).scores("weerbaarheid")
    without = LexicalIndex(TEXTS, compounds=False).scores("weerbaarheid")
    assert with_parts.argmax() == 4 and with_parts[4] > 0
    assert not without.any()


def test_document_compounds_are_indexed_with_their_parts() -> None:
    scores = LexicalIndex(TEXTS, compounds=True).scores("trainingen")
    plain = LexicalIndex(TEXTS, compounds=False).scores("trainingen")
    assert scores[0] > 0 and scores[1] > 0  # faalangsttraining, and training itself (stemmed)
    assert plain[0] == 0 and plain[1] > 0


def test_query_typos_are_corrected_before_scoring() -> None:
    index = LexicalIndex(TEXTS)
    assert index.query_words("Wanneer komt het ondersteunigsteam?")[-1] == "ondersteuningsteam"
    assert index.scores("ondersteunigsteam").argmax() == 2


def test_idf_is_higher_for_rare_and_unseen_terms() -> None:
    index = LexicalIndex(TEXTS)
    common, rare, unseen = stem("training"), stem("gepest"), stem("zwembad")
    assert index.knows(common) and index.knows(rare) and not index.knows(unseen)
    assert index.idf(unseen) > index.idf(rare) > index.idf(common)


def test_an_empty_index_scores_nothing() -> None:
    assert LexicalIndex([]).scores("lift").shape == (0,)
    assert not LexicalIndex(TEXTS).scores("de het een").any()


@pytest.mark.parametrize(
    ("question", "verb"),
    [
        ("hoe vaak vergadert het ondersteuningsteam?", "vergadert"),
        ("Hoeveel kinderen staan er op de wachtlijst?", "staan"),
        ("hoeveel uur per week is de coach er", "is"),
        ("Bij wie meld ik mijn kind aan?", "meld"),
        ("op welke dag komt de logopedist", "komt"),
        ("heeft de school een lift", ""),  # a yes/no question opens with its verb
    ],
)
def test_the_verb_of_a_question_is_the_word_after_its_opening(question: str, verb: str) -> None:
    assert question_verb(question) == verb


def test_a_verb_is_joined_with_the_particle_that_stands_apart() -> None:
    joined = separable("Bij wie meld ik mijn kind aan voor de brugklas?")
    assert ("meld", "aanmelden") in joined and ("meld", "aanmeld") in joined
    assert not separable("Wie is de intern begeleider?")
    assert ("melden", "aanmelden") in separable("het telefoonnummer om aan te melden")


def test_the_head_of_a_question_is_the_first_word_after_its_verb() -> None:
    assert question_head("hoe lang is de wachtlijst voor de groep De Kom") == "wachtlijst"
    assert question_head("hoeveel uur per week is de orthopedagoog er?") == "orthopedagoog"
    assert question_head("heeft de school een lift") == ""
