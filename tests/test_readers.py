"""Reading files: PDF, DOCX, TXT and Markdown are read; every unusable file raises
DocumentError with a one-line Dutch reason (never another exception)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from helpers import (
    BAKEN,
    DEMO_CORPUS,
    blank_pdf,
    encrypted_pdf,
    image_only_pdf,
    is_dutch,
    truncated_pdf,
    write_docx,
)

from steunwijzer.errors import DocumentError
from steunwijzer.ingest.clean import clean_pages
from steunwijzer.ingest.readers import read_document

SOURCE = DEMO_CORPUS / BAKEN


def reason(path: Path) -> str:
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    message = str(caught.value)
    assert message and "\n" not in message and is_dutch(message), message
    return message


@pytest.mark.parametrize("keep", [0.02, 0.4, 0.95])
def test_truncated_pdf_is_reported_as_damaged(tmp_path: Path, keep: float) -> None:
    message = reason(truncated_pdf(SOURCE, tmp_path / "kapot.pdf", keep))
    assert re.search(r"beschadigd|kapot|onleesbaar|niet te lezen", message)


def test_pdf_with_a_user_password_is_reported_as_protected(tmp_path: Path) -> None:
    message = reason(encrypted_pdf(SOURCE, tmp_path / "beveiligd.pdf"))
    assert re.search(r"wachtwoord|beveiligd|versleuteld", message)


def test_pdf_with_only_an_owner_password_is_still_read(tmp_path: Path) -> None:
    # An empty user password opens the file; only editing is restricted.
    path = encrypted_pdf(SOURCE, tmp_path / "alleen-eigenaar.pdf", password="")
    raw = read_document(path)
    assert len(raw.pages) == 7 and "Het gebouw heeft een lift." in "".join(raw.pages)


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".txt", ".md"])
def test_empty_file_is_reported_as_empty(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"leeg{suffix}"
    path.write_bytes(b"")
    assert "leeg" in reason(path)


def test_image_only_pdf_is_reported_as_having_no_text(tmp_path: Path) -> None:
    message = reason(image_only_pdf(tmp_path / "scan.pdf"))
    assert re.search(r"tekst", message)


def test_pdf_with_blank_pages_is_reported_as_having_no_text(tmp_path: Path) -> None:
    message = reason(blank_pdf(tmp_path / "blanco.pdf"))
    assert re.search(r"tekst|leeg", message)


def test_plain_text_named_pdf_is_reported_as_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "eigenlijk-tekst.pdf"
    path.write_text("Dit is een gewone tekst over de school, geen PDF.", encoding="utf-8")
    assert "geen PDF" in reason(path)


def test_plain_text_named_docx_is_reported_as_not_a_word_file(tmp_path: Path) -> None:
    path = tmp_path / "eigenlijk-tekst.docx"
    path.write_text("Dit is een gewone tekst over de school, geen Word.", encoding="utf-8")
    assert re.search(r"geen Word|geen .?docx", reason(path), re.IGNORECASE)


def test_zip_that_is_not_a_word_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "archief.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("leesmij.txt", "Een zip-bestand, geen Word-document.")
    reason(path)


def test_binary_data_named_txt_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "eigenlijk-binair.txt"
    path.write_bytes(bytes(range(256)) * 4)
    assert "tekst" in reason(path)


@pytest.mark.parametrize("name", ["notities.rtf", "tabel.xlsx", "foto.jpg", "zonder-extensie"])
def test_unsupported_file_type_is_reported(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("Een bestand met genoeg tekst om gelezen te worden.", encoding="utf-8")
    assert "ondersteund" in reason(path)


def test_truncated_docx_is_reported_as_damaged(tmp_path: Path) -> None:
    whole = write_docx(tmp_path / "heel.docx", ["Een Word-document met wat tekst erin."])
    path = tmp_path / "afgebroken.docx"
    path.write_bytes(whole.read_bytes()[: len(whole.read_bytes()) // 2])
    reason(path)


def test_pdf_with_a_damaged_stream_filter_is_reported_as_damaged(tmp_path: Path) -> None:
    data = SOURCE.read_bytes()
    assert b"/FlateDecode" in data
    path = tmp_path / "beschadigd-filter.pdf"
    path.write_bytes(data.replace(b"/FlateDecode", b"/FlateDecodX", 1))
    reason(path)


def test_text_file_is_read_with_form_feeds_as_page_breaks(tmp_path: Path) -> None:
    path = tmp_path / "notitie.txt"
    path.write_text(
        "Eerste pagina over de zorg.\n\fTweede pagina over de klas.\n", encoding="utf-8"
    )
    raw = read_document(path)
    assert [p.strip() for p in raw.pages] == [
        "Eerste pagina over de zorg.",
        "Tweede pagina over de klas.",
    ]


def test_text_file_in_windows_encoding_is_read(tmp_path: Path) -> None:
    path = tmp_path / "oud.txt"
    path.write_bytes("De zorgcoördinator heeft één vaste dag.".encode("cp1252"))
    assert read_document(path).pages == ("De zorgcoördinator heeft één vaste dag.",)


def test_markdown_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "beleid.md"
    path.write_text("# Huiswerkbeleid\n\nGroep 8 krijgt huiswerk.\n", encoding="utf-8")
    raw = read_document(path)
    assert raw.pages == ("Huiswerkbeleid\n\nGroep 8 krijgt huiswerk.\n",)
    assert raw.headings == (("Huiswerkbeleid", 1),)


def test_the_headings_a_text_file_underlines_are_headings(tmp_path: Path) -> None:
    path = tmp_path / "factsheet.txt"
    path.write_text(
        "Factsheet De Kluut\n==================\n\nWat wij bieden\n--------------\n"
        "- Logopedie op school.\n\n----------\nLos van een kop.\n\n"
        "Een alinea van twee regels die met een punt eindigt.\n------\n",
        encoding="utf-8",
    )
    raw = read_document(path)
    assert raw.headings == (("Factsheet De Kluut", 1), ("Wat wij bieden", 2))
    assert "---" not in raw.pages[0] and "===" not in raw.pages[0]
    blocks = clean_pages(raw.pages, headings=raw.headings)
    assert [(b.kind, b.text) for b in blocks[:3]] == [
        ("heading", "Factsheet De Kluut"),
        ("heading", "Wat wij bieden"),
        ("bullet", "• Logopedie op school."),
    ]


def test_docx_paragraphs_table_and_title_are_read(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "profiel.docx",
        ["Schoolondersteuningsprofiel OBS De Klimop", "Het gebouw heeft een lift."],
        table=[["Specialist", "Aanwezig"], ["Orthopedagoog", "ja"]],
        title="SOP De Klimop",
    )
    raw = read_document(path)
    text = "\n".join(raw.pages)
    assert "Het gebouw heeft een lift." in text
    assert "Orthopedagoog | Aanwezig: ja" in text  # a mark reads with its column
    assert text.index("Schoolondersteuningsprofiel") < text.index("Orthopedagoog")
    assert raw.declared_title == "SOP De Klimop"


def test_a_mark_in_a_docx_table_reads_with_its_column(tmp_path: Path) -> None:
    table = [["Voorziening", "aanwezig", "niet aanwezig"], ["Lift", "", "✓"], ["Time-out", "✓", ""]]
    path = write_docx(tmp_path / "marks.docx", ["Voorzieningen"], table=table)
    text = "\n".join(read_document(path).pages)
    assert "Lift | niet aanwezig: ✓" in text
    assert "Time-out | aanwezig: ✓" in text


def test_demo_pdf_is_read_page_by_page() -> None:
    raw = read_document(SOURCE)
    assert len(raw.pages) == 7  # FACTS.md
    assert "Het gebouw heeft een lift." in raw.pages[3]  # FACTS.md: p. 4


def test_pdf_named_txt_is_reported_as_not_text(tmp_path: Path) -> None:
    path = tmp_path / "eigenlijk-een-pdf.txt"
    path.write_bytes(SOURCE.read_bytes())
    assert "PDF" in reason(path)


def test_utf16_text_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_text("De school heeft een lift en een time-out ruimte.", encoding="utf-16")
    assert "time-out ruimte" in read_document(path).pages[0]


def test_word_headings_and_lists_keep_their_kind(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Extra ondersteuning", level=1)
    document.add_heading("Op Koers", level=2)
    document.add_paragraph("Een kleine brugklas van ten hoogste 16 leerlingen.")
    document.add_paragraph("Zorgcoördinator: vier dagen per week.", style="List Bullet")
    document.add_paragraph("De school meldt aan.", style="List Number")
    document.add_paragraph("De commissie beslist.", style="List Number")
    path = tmp_path / "profiel.docx"
    document.save(str(path))
    raw = read_document(path)
    assert raw.headings == (("Extra ondersteuning", 2), ("Op Koers", 3))
    lines = raw.pages[0].split("\n")
    assert "• Zorgcoördinator: vier dagen per week." in lines
    assert lines[-2:] == ["• De school meldt aan.", "• De commissie beslist."]  # no section
    blocks = clean_pages(raw.pages, headings=raw.headings)
    assert [b.kind for b in blocks[:3]] == ["heading", "heading", "para"]
    assert blocks[1].level == 3


def test_a_marked_heading_marks_its_own_line_not_a_later_line_alike(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Op Koers", level=2)
    document.add_paragraph("Op Koers is een kleine brugklas voor leerlingen die rust nodig hebben.")
    document.add_heading("Contact", level=2)
    document.add_paragraph("Op Koers")  # a line that only reads like the heading
    document.add_paragraph("Mevrouw Ouali, opkoers@school.example.nl")
    path = tmp_path / "profiel.docx"
    document.save(str(path))
    raw = read_document(path)
    blocks = clean_pages(raw.pages, headings=raw.headings)
    assert [b.text for b in blocks if b.kind == "heading"] == ["Op Koers", "Contact"]


def test_a_markdown_page_is_read_as_its_reader_sees_it(tmp_path: Path) -> None:
    path = tmp_path / "ondersteuning.md"
    path.write_text(
        "# Ondersteuning\n\n[Home](https://school.example.nl/) › Ondersteuning\n\n"
        "- **Lift:** nee, wel een traplift\n\n"
        "| Onderwerp | Wat wij bieden |\n|---|:---:|\n| Autisme | Een *vaste* werkplek |\n",
        encoding="utf-8",
    )
    raw = read_document(path)
    lines = [line for line in raw.pages[0].splitlines() if line.strip()]
    assert lines == [
        "Ondersteuning",
        "Home › Ondersteuning",
        "• Lift: nee, wel een traplift",
        "Onderwerp | Wat wij bieden",
        "Autisme | Een vaste werkplek",
    ]
    assert raw.headings == (("Ondersteuning", 1),)
    # A mark keeps its column, as in a Word table.
    marks = tmp_path / "voorzieningen.md"
    marks.write_text(
        "# Voorzieningen\n\n| Voorziening | Aanwezig | Niet aanwezig |\n|---|---|---|\n"
        "| Prikkelarme ruimte | | ✓ |\n| Lift | ✓ | |\n",
        encoding="utf-8",
    )
    assert "Prikkelarme ruimte | Niet aanwezig: ✓" in read_document(marks).pages[0]
    # A text file keeps its marks: only a .md file is Markdown.
    plain = tmp_path / "notitie.txt"
    plain.write_text("| Onderwerp | Wat wij bieden |\n**Zie ook de website.**\n", encoding="utf-8")
    assert read_document(plain).pages[0].startswith("| Onderwerp | Wat wij bieden |\n**Zie")
