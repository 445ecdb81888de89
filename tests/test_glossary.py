"""The abbreviation glossary: which abbreviations a text uses, query expansion both ways, and the
glossary of an index (what its documents use, and where they spell it out)."""

from __future__ import annotations

import re

import pytest
from helpers import BAKEN, KOMPAS, WILGENHOEK, DemoIndex, normalise
from pypdf import PdfReader

from steunwijzer.language.glossary import (
    CASE_SENSITIVE,
    GLOSSARY,
    GlossaryEntry,
    abbreviations_in,
    expand,
    glossary_of,
)
from steunwijzer.types import Passage


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


# -- the glossary of an index ---------------------------------------------------------------


def passage(
    text: str, document: str = "handreiking.pdf", page_starts: tuple[tuple[int, int], ...] = ()
) -> Passage:
    page_starts = page_starts or ((0, 1),)
    return Passage(
        chunk_id=f"{document}-{page_starts[0][1]}",
        doc_id=document.removesuffix(".pdf"),
        document=document,
        title=f"Titel van {document}",
        page=page_starts[0][1],
        section="",
        text=text,
        score=0.0,
        page_starts=page_starts,
    )


def entry(entries: list[GlossaryEntry], abbreviation: str) -> GlossaryEntry:
    return next(e for e in entries if e.abbreviation == abbreviation)


@pytest.mark.parametrize(
    ("sentence", "abbreviation"),
    [
        (
            "Elke leerling met extra ondersteuning krijgt een ontwikkelingsperspectiefplan (OPP).",
            "OPP",
        ),
        ("Het ondersteuningsteam (OT) komt zes keer per schooljaar bij elkaar.", "OT"),
        ("Het OPP (ontwikkelingsperspectiefplan) wordt ieder jaar met de ouders besproken.", "OPP"),
        ("De TLV (toelaatbaarheidsverklaring) vraagt de school aan bij het loket.", "TLV"),
        ("TLV: toelaatbaarheidsverklaring, afgegeven door het samenwerkingsverband.", "TLV"),
    ],
)
def test_an_abbreviation_spelled_out_beside_its_meaning_is_defined_there(
    sentence: str, abbreviation: str
) -> None:
    text = f"Inleiding van de school.\n{sentence}\nTot slot nog iets anders."
    entries = glossary_of(
        [passage(text, page_starts=((0, 6), (len("Inleiding van de school."), 7)))]
    )
    assert [e.abbreviation for e in entries] == [abbreviation]
    found = entries[0]
    assert found.meaning == GLOSSARY[abbreviation] and found.documents == 1
    assert found.defined is not None
    assert found.defined.text == sentence
    assert (found.defined.document, found.defined.page) == ("handreiking.pdf", 7)
    assert found.defined.title == "Titel van handreiking.pdf"


@pytest.mark.parametrize(
    "text",
    [
        # Meaning and abbreviation in one sentence, but not side by side.
        "Het OPP wordt opgesteld door de mentor, die daarvoor met de ouders en de leerling praat "
        "over wat er in het ontwikkelingsperspectiefplan komt te staan.",
        # In two sentences.
        "Het OPP wordt ieder jaar besproken. Een ontwikkelingsperspectiefplan beschrijft de "
        "verwachte uitstroom van de leerling.",
        # A colon after the abbreviation that does not introduce its meaning.
        "OPP: de mentor bespreekt het plan met de ouders en de leerling.",
        # No meaning at all.
        "Ouders hebben instemmingsrecht op het handelingsdeel van het OPP.",
    ],
)
def test_an_abbreviation_not_beside_its_meaning_is_not_defined(text: str) -> None:
    entries = glossary_of([passage(text)])
    assert [e.abbreviation for e in entries] == ["OPP"]
    assert entries[0].defined is None
    assert "OPP" in entries[0].first_use.text and entries[0].first_use.page == 1


def test_the_definition_may_stand_in_a_later_document_than_the_first_use() -> None:
    first = passage("Het OT bespreekt iedere leerling die vastloopt.", "profiel.pdf", ((0, 2),))
    intro = "Dit plan gaat over de route. Ook hier bespreekt het OT leerlingen.\n"
    later = passage(
        intro + "Het ondersteuningsteam (OT) komt minstens vier keer per jaar bij elkaar.",
        "plan.pdf",
        ((0, 3), (len(intro), 4)),
    )
    [found] = glossary_of([first, later])
    assert found.abbreviation == "OT" and found.documents == 2
    assert (found.first_use.document, found.first_use.page) == ("profiel.pdf", 2)
    assert found.first_use.text == "Het OT bespreekt iedere leerling die vastloopt."
    assert found.defined is not None
    assert (found.defined.document, found.defined.page) == ("plan.pdf", 4)
    assert found.defined.text.startswith("Het ondersteuningsteam (OT) komt")


def test_entries_are_the_abbreviations_that_occur_alphabetically() -> None:
    text = "De TLV vraagt de school aan. Het OT overlegt met de IB'er. Het OT komt weer samen."
    entries = glossary_of([passage(text), passage("Geen afkorting hier.", "ander.pdf")])
    assert [e.abbreviation for e in entries] == ["IB'er", "OT", "TLV"]
    assert all(e.documents == 1 and e.defined is None for e in entries)
    assert glossary_of([]) == []
    assert glossary_of([passage("Een tekst zonder een enkele afkorting erin.")]) == []


@pytest.fixture(scope="module")
def demo_glossary(demo_index: DemoIndex) -> list[GlossaryEntry]:
    return glossary_of(demo_index.store.passages())


def page_text(demo_index: DemoIndex, document: str, page: int) -> str:
    pdf = next(path for path in demo_index.good if path.name == document)
    return normalise(PdfReader(str(pdf)).pages[page - 1].extract_text())


def test_the_demo_glossary_lists_the_abbreviations_the_documents_use(
    demo_index: DemoIndex, demo_glossary: list[GlossaryEntry]
) -> None:
    listed = [e.abbreviation for e in demo_glossary]
    assert {"OPP", "TLV", "OT", "SOP", "SMW", "JGZ", "NT2", "LWOO", "PrO", "IB'er"} <= set(listed)
    assert listed == sorted(listed, key=str.lower)
    # The SWV plan writes "internationale schakelklas" and never "ISK", so no entry.
    assert "ISK" not in listed
    passages = demo_index.store.passages()
    for abbreviation in ("OPP", "TLV", "SMW"):
        uses = {p.document for p in passages if re.search(rf"\b{abbreviation}\b", p.text)}
        assert entry(demo_glossary, abbreviation).documents == len(uses) == 4
    assert entry(demo_glossary, "LWOO").documents == 2  # only the VO plan and Het Kompas College


@pytest.mark.parametrize(
    ("abbreviation", "spelled_out", "document"),
    [
        ("OPP", "ontwikkelingsperspectiefplan (OPP)", None),
        ("TLV", "toelaatbaarheidsverklaring (TLV)", None),
        ("PrO", "Praktijkonderwijs (PrO)", BAKEN),
        ("IB'er", "Intern begeleider (IB'er)", WILGENHOEK),
    ],
)
def test_a_demo_definition_points_at_its_document_and_page(
    demo_index: DemoIndex,
    demo_glossary: list[GlossaryEntry],
    abbreviation: str,
    spelled_out: str,
    document: str | None,
) -> None:
    defined = entry(demo_glossary, abbreviation).defined
    assert defined is not None
    assert spelled_out.lower() in defined.text.lower()
    if document:  # the only document that spells it out
        assert defined.document == document
    assert defined.title == demo_index.info(defined.document).title
    # The PDF itself has the definition on that page.
    assert spelled_out.lower() in page_text(demo_index, defined.document, defined.page).lower()


def test_demo_abbreviations_never_spelled_out_have_no_definition(
    demo_index: DemoIndex, demo_glossary: list[GlossaryEntry]
) -> None:
    text = " ".join(p.text.lower() for p in demo_index.store.passages())
    # vmbo is used in three documents, its meaning nowhere.
    vmbo = entry(demo_glossary, "VMBO")
    assert vmbo.documents == 3 and "voorbereidend" not in text
    assert vmbo.defined is None and "vmbo" in vmbo.first_use.text.lower()
    # "ADHD: korte trajecten ..." has the form 'ABBR: ...', but not the meaning.
    adhd = entry(demo_glossary, "ADHD")
    assert "adhd:" in text and "aandachtstekort" not in text
    assert adhd.defined is None and adhd.first_use.document == KOMPAS
    assert "ADHD" in page_text(demo_index, KOMPAS, adhd.first_use.page)
