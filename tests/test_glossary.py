"""The abbreviation glossary: which abbreviations a text uses, and query expansion both ways."""

from __future__ import annotations

import re

import pytest

from steunwijzer.glossary import CASE_SENSITIVE, GLOSSARY, abbreviations_in, expand


@pytest.mark.parametrize("abbreviation", sorted(GLOSSARY))
def test_every_glossary_abbreviation_is_recognised_as_written(abbreviation: str) -> None:
    assert abbreviations_in(f"Wat betekent {abbreviation} precies?") == [abbreviation]


def test_lower_case_ot_expands_to_ondersteuningsteam() -> None:
    assert abbreviations_in("Hoe vaak komt het ot bij elkaar?") == ["OT"]
    expanded = expand("Hoe vaak komt het ot bij elkaar?")
    assert expanded.startswith("Hoe vaak komt het ot bij elkaar?")
    assert "ondersteuningsteam" in expanded


@pytest.mark.parametrize(
    "text",
    [
        "Mijn dochter zat vorig jaar in groep 5.",
        "Zat hij al op een andere school?",
        "Ik vertel een mop over de po en het vo.",
        "Dat is een ass-hoek in de klas.",
    ],
)
def test_ordinary_words_that_look_like_abbreviations_are_left_alone(text: str) -> None:
    assert abbreviations_in(text) == []
    assert expand(text) == text


def test_case_sensitive_abbreviations_count_in_capitals() -> None:
    assert abbreviations_in("Wat bespreekt het ZAT?") == ["ZAT"]
    assert "zorg- en adviesteam" in expand("Wat bespreekt het ZAT?")
    assert abbreviations_in("Gaat mijn kind naar het VO of het SO?") == ["VO", "SO"]
    assert {"ZAT", "PO", "VO", "SO"} <= CASE_SENSITIVE


def test_plurals_and_possessives_are_recognised() -> None:
    assert abbreviations_in("De IB'ers en de OT's overleggen over de OPP's.") == [
        "IB'er",
        "OT",
        "OPP",
    ]
    assert abbreviations_in("Hoeveel ib'ers heeft de school?") == ["IB'er"]


def test_each_abbreviation_is_expanded_once() -> None:
    expanded = expand("Het OT bespreekt het OPP; daarna komt het OT weer bij elkaar.")
    assert expanded.count("ondersteuningsteam") == 1
    assert expanded.count("ontwikkelingsperspectiefplan") == 1


def test_a_spelled_out_single_word_term_adds_its_abbreviation() -> None:
    assert "OT" in expand("Wie zit er in het ondersteuningsteam?").split("(", 1)[1]
    assert "TLV" in expand("Hoe vraag je een toelaatbaarheidsverklaring aan?")
    # ... but not a second time when the abbreviation is already there.
    assert re.findall(r"\bOT\b", expand("Het ondersteuningsteam (OT) komt samen.")) == ["OT"]


@pytest.mark.parametrize(
    ("text", "abbreviation"),
    [
        ("Wat doet de intern begeleider?", "IB'er"),
        ("Is er schoolmaatschappelijk werk op school?", "SMW"),
    ],
)
def test_a_spelled_out_multi_word_term_adds_its_abbreviation(text: str, abbreviation: str) -> None:
    assert abbreviation in expand(text)


def test_text_without_abbreviations_is_unchanged() -> None:
    text = "Hoe groot zijn de klassen op deze school?"
    assert abbreviations_in(text) == []
    assert expand(text) == text
