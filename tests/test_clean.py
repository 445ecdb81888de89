"""Cleaning extracted pages: running footers and page numbers out, wrapped lines and words
back together (also across pages), symbol-font bullets as bullets, every character's page kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import BAKEN, DEMO_CORPUS, DEMO_PDFS, write_pdf

from steunwijzer.ingest.clean import Block, clean_pages, running_title
from steunwijzer.ingest.readers import read_document
from steunwijzer.types import page_at

TITLE = "Schoolondersteuningsprofiel Basisschool De Proefpolder"


def page(number: int, *lines: str, footer_on_top: bool = True) -> str:
    """A page as pypdf extracts it: the running footer first (or last), then the body."""
    footer = f"{TITLE} · pagina {number}"
    return "\n".join([footer, *lines] if footer_on_top else [*lines, footer])


def block_with(blocks: list[Block], needle: str) -> Block:
    found = [b for b in blocks if needle in b.text]
    assert len(found) == 1, f"expected one block with {needle!r}, got {[b.text for b in found]}"
    return found[0]


def page_of(block: Block, needle: str) -> int:
    return page_at(block.page_starts, block.text.index(needle))


def texts(blocks: list[Block]) -> str:
    return "\n".join(b.text for b in blocks)


def test_running_footer_is_removed_but_body_text_naming_the_school_is_kept() -> None:
    pages = [
        page(1, "1. Inleiding", "Dit profiel beschrijft de ondersteuning op onze school."),
        page(
            2,
            "2. Visie",
            f"Dit is het {TITLE} dat het team samen schreef.",
            "Iedere leerling hoort erbij.",
            "We werken samen met ouders.",
            "We kijken naar wat een kind nodig heeft.",
            "Zo blijft iedereen betrokken.",
            "Dat geldt ook voor de leerkrachten.",
            footer_on_top=False,
        ),
        page(3, "3. Contact", "Mail de intern begeleider voor een afspraak."),
    ]
    blocks = clean_pages(pages)
    assert "pagina" not in texts(blocks)
    assert any(TITLE in b.text and "team samen schreef" in b.text for b in blocks)
    assert running_title(pages) == TITLE


def test_footers_of_the_demo_pdfs_are_removed() -> None:
    for pdf in DEMO_PDFS:
        raw = read_document(pdf)
        assert any("· pagina" in p for p in raw.pages), "the demo PDFs carry running footers"
        cleaned = texts(clean_pages(raw.pages))
        assert "· pagina" not in cleaned, pdf.name
        title = (DEMO_CORPUS / "src" / f"{pdf.stem}.md").read_text("utf-8").splitlines()[0]
        assert running_title(raw.pages) == title.removeprefix("# ").strip()


@pytest.mark.parametrize(
    "number_line",
    ["{n}", "- {n} -", "– {n} –", "pagina {n}", "Pagina {n} van 3", "{n} / 3", "blz. {n}"],
)
def test_page_number_lines_at_the_page_edge_are_dropped(number_line: str) -> None:
    sentences = [
        "De eerste zin gaat over de klas.",
        "Een tweede zin gaat over het schoolplein.",
        "Tot slot iets over de ouders.",
    ]
    pages = [f"{s}\n{number_line.format(n=n)}" for n, s in enumerate(sentences, start=1)]
    assert [b.text for b in clean_pages(pages)] == sentences


def test_a_number_in_the_middle_of_a_page_is_content_not_a_page_number() -> None:
    lines = [
        "Groepsgrootte",
        "Gemiddeld aantal leerlingen",
        "Maximum per groep",
        "28",
        "Aantal groepen",
        "9",
        "Leerlingen met een OPP",
        "2",
        "Einde van de tabel",
        "Slot",
        "Nog een regel",
        "Laatste regel",
    ]
    cleaned = texts(clean_pages(["\n".join(lines)]))
    assert re.findall(r"\b\d+\b", cleaned) == ["28", "9", "2"]


def test_hyphenated_line_break_is_rejoined_into_one_word() -> None:
    blocks = clean_pages(
        ["De school biedt extra ondersteu-\nning aan leerlingen die dat nodig hebben."]
    )
    assert (
        texts(blocks) == "De school biedt extra ondersteuning aan leerlingen die dat nodig hebben."
    )


def test_hyphen_before_a_conjunction_and_after_an_abbreviation_stays() -> None:
    blocks = clean_pages(
        [
            "Het zorg-\nen adviesteam komt elke maand bij elkaar in de school.\n"
            "Wij hebben drie LWOO-\nklassen in de onderbouw van het vmbo en de havo."
        ]
    )
    joined = texts(blocks)
    assert "zorg- en adviesteam" in joined
    assert "LWOO-klassen" in joined


def test_sentence_across_a_page_break_is_one_block_that_keeps_its_pages() -> None:
    pages = [
        page(
            1,
            "1. Ondersteuning",
            "De intern begeleider houdt het overzicht over alle",
            "leerlingen en de gesprekken met ouders en",
        ),
        page(
            2,
            "leerkrachten die samen het plan maken.",
            "2. Grenzen",
            "We kunnen niet alles bieden.",
        ),
        page(3, "3. Contact", "Mail de school voor een afspraak."),
    ]
    blocks = clean_pages(pages)
    sentence = block_with(blocks, "intern begeleider")
    assert "gesprekken met ouders en leerkrachten die samen het plan maken." in sentence.text
    assert sentence.page == 1
    assert page_of(sentence, "overzicht") == 1
    assert page_of(sentence, "ouders") == 1
    assert page_of(sentence, "leerkrachten") == 2
    assert block_with(blocks, "niet alles").page == 2


def test_sentence_across_a_page_break_in_a_demo_pdf() -> None:
    # FACTS.md: Het Baken p. 5-6 "... wat een medewerker doet bij | een vermoeden van ..."
    blocks = clean_pages(read_document(DEMO_CORPUS / BAKEN).pages)
    sentence = block_with(blocks, "wat een medewerker doet bij een vermoeden van huiselijk geweld")
    assert page_of(sentence, "medewerker") == 5
    assert page_of(sentence, "vermoeden") == 6


def test_a_generated_pdf_with_footers_hyphens_and_a_page_break_is_cleaned(tmp_path: Path) -> None:
    pdf = write_pdf(
        tmp_path / "proef.pdf",
        [
            [
                "1. Inleiding",
                "De school biedt iedere leerling de basisondersteu-",
                "ning die in het samenwerkingsverband is afgesproken. Het team werkt",
                "samen met ouders en met de intern begeleider van de school aan een",
                "goed plan voor elk kind dat extra hulp nodig heeft in de klas en",
            ],
            [
                "daarbuiten, zodat niemand tussen wal en schip valt.",
                "2. Ondersteuning",
                "Wij hebben een rustige werkplek in ieder lokaal.",
            ],
            ["3. Contact", "Mail de intern begeleider voor een afspraak op school."],
        ],
        footer=TITLE,
    )
    blocks = clean_pages(read_document(pdf).pages)
    assert "pagina" not in texts(blocks)
    sentence = block_with(blocks, "basisondersteuning die in het samenwerkingsverband")
    assert sentence.text.endswith(
        "in de klas en daarbuiten, zodat niemand tussen wal en schip valt."
    )
    assert page_of(sentence, "basisondersteuning") == 1
    assert page_of(sentence, "daarbuiten") == 2
    assert [b.text for b in blocks if b.kind == "heading"] == [
        "1. Inleiding",
        "2. Ondersteuning",
        "3. Contact",
    ]


@pytest.mark.parametrize("glyph", ["\x00", "\uf0b7", "\uf0a7", "\ue000", "\x07"])
def test_symbol_font_bullet_glyphs_become_bullets(glyph: str) -> None:
    blocks = clean_pages(
        [
            "Wij bieden:\n"
            f"{glyph} een rustige werkplek in de klas\n"
            f"{glyph}\tsociale vaardigheidstraining\n"
            "Daarna volgt gewone tekst over de school."
        ]
    )
    bullets = [b for b in blocks if b.kind == "bullet"]
    assert [b.text for b in bullets] == [
        "• een rustige werkplek in de klas",
        "• sociale vaardigheidstraining",
    ]
    assert glyph not in texts(blocks)


def test_bullet_text_keeps_its_page_after_the_marker_is_rewritten() -> None:
    pages = [
        page(1, "Onze voorzieningen zijn:", "\uf0b7 een time-out ruimte naast de kamer van de"),
        page(2, "zorgcoördinator;", "\uf0b7 een lift naar de eerste verdieping."),
        page(3, "3. Contact", "Mail de school."),
    ]
    blocks = clean_pages(pages)
    first = block_with(blocks, "time-out")
    assert first.kind == "bullet" and first.text.startswith("• een time-out")
    assert page_of(first, "time-out") == 1
    assert page_of(first, "zorgcoördinator") == 2


def test_a_lone_dash_table_cell_is_not_an_empty_bullet() -> None:
    blocks = clean_pages(read_document(DEMO_CORPUS / BAKEN).pages)
    assert not [b for b in blocks if b.kind == "bullet" and not b.text.strip("• ")]


def test_the_rows_of_a_table_do_not_run_on_after_a_long_cell() -> None:
    """A row label after a cell near the page width starts its own block; a line cut off
    before a word too long to fit still continues."""
    blocks = clean_pages(
        [
            "Dit is een gewone zin die de hele breedte van de pagina vult, met woorden tot de rand."
            "\n"
            "Aanbod\n"
            "Toelichting bij het aanbod van de school voor leerlingen met dyslexie en dyscalculie\n"
            "Faalangsttraining aanwezig\n"
            "Training Ontspannen Presteren\n"
            "Planningsspreekuur\n"
            "De school werkt voor leerlingen die extra hulp nodig hebben samen met professionals"
            " van"
            "\n"
            "Samenwerkingsverband Heidemeer en met de jeugdarts van de GGD."
        ]
    )
    found = [b.text for b in blocks]
    assert "Training Ontspannen Presteren" in found
    assert "Planningsspreekuur" in found
    assert any(
        t.endswith(
            "professionals van Samenwerkingsverband Heidemeer en met de jeugdarts van de GGD."
        )
        for t in found
    )


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        # an initial after a title, or after another initial, ends no sentence
        ("Neem contact op met de zorgcoördinator, mw. drs. A. Aydın. Zij helpt u.",
         ["Neem contact op met de zorgcoördinator, mw. drs. A. Aydın.", "Zij helpt u."]),
        ("De counselor is dhr. P. de Vries. Contact: mw. A. B. Jansen.",
         ["De counselor is dhr. P. de Vries.", "Contact: mw. A. B. Jansen."]),
        # a capital at a sentence's end is no initial
        ("Het gaat om cluster A. Dat is zo.", ["Het gaat om cluster A.", "Dat is zo."]),
    ],
)  # fmt: skip
def test_a_name_with_initials_is_one_sentence(text: str, sentences: list[str]) -> None:
    from steunwijzer.language.text import sentence_spans

    assert [text[a:b] for a, b in sentence_spans(text)] == sentences
