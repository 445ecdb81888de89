"""The coverage map of an SWV's network, list-aware profile values and the checks across
profiles: real demo PDFs and generated SOPs in other layouts (text ticks in a Word table, a
table whose ticks a PDF lost), indexed in a real Chroma on tmp_path with the real embedder."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest
from helpers import (
    BAKEN,
    DEMO_PDFS,
    KOMPAS,
    WILGENHOEK,
    DemoIndex,
    assistant_for,
    run_cli,
    write_docx,
    write_pdf,
)

from steunwijzer.assistant import Assistant
from steunwijzer.errors import ConfigError
from steunwijzer.profiles.checks import FindingKind
from steunwijzer.profiles.coverage import CoverageMap
from steunwijzer.profiles.coverage_export import LABELS, QUOTES_SHEET, records, to_xlsx
from steunwijzer.profiles.fields import FIELDS
from steunwijzer.profiles.lists import listed_items
from steunwijzer.profiles.needs import need
from steunwijzer.profiles.profile import Status
from steunwijzer.profiles.suitability import Verdict

VLONDER = "sop-basisschool-de-vlonder-2024.docx"
LOOPPLANK = "sop-sbo-de-loopplank-2024.pdf"
BAKEN_2023 = "sop-praktijkschool-het-baken-2023.pdf"


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory, embedder) -> Assistant:
    """The demo corpus, a newer SOP of Het Baken that puts wheelchair users among its limits,
    and two schools of one SWV that write its name in full and short: a Word SOP whose
    table keeps its ticks as text, and a PDF whose availability table lost them."""
    folder = tmp_path_factory.mktemp("network")
    write_pdf(
        folder / BAKEN_2023,
        [
            [
                "Schoolondersteuningsprofiel Praktijkschool Het Baken",
                "Schooljaar 2023-2024",
                "Praktijkschool Het Baken hoort bij Samenwerkingsverband VO Dijkerland.",
                "5. Grenzen aan onze ondersteuning",
                "Leerlingen die een rolstoel gebruiken, kunnen wij geen passend onderwijs",
                "bieden, omdat de lift is weggehaald.",
            ]
        ],
        title="Schoolondersteuningsprofiel Praktijkschool Het Baken",
    )
    write_docx(
        folder / VLONDER,
        [
            "Schoolondersteuningsprofiel Basisschool De Vlonder",
            "Basisschool De Vlonder hoort bij Samenwerkingsverband PO Veenhorst en Omstreken.",
            "Bestuur: Stichting Katholiek Primair Onderwijs Veenhorst",
            "Onderwijstype: basisonderwijs, groep 1 tot en met 8",
            "Schooljaar 2024-2025",
            "3.2 Voorzieningen",
            "Overzicht van de voorzieningen op Basisschool De Vlonder:",
        ],
        table=[
            ["Voorziening", "Op de school", "Via het SWV"],
            ["Kleine klas", "✓", "X"],
            ["Time-out ruimte", "X", "X"],
            ["Begeleiding bij dyslexie", "✓", "✓"],
        ],
        title="Schoolondersteuningsprofiel Basisschool De Vlonder",
    )
    write_pdf(
        folder / LOOPPLANK,
        [
            [
                "Schoolondersteuningsprofiel SBO De Loopplank",
                "Schooljaar 2024-2025",
                "SBO De Loopplank is een school van SWV Veenhorst.",
                "3.3 Onderwijsaanbod",
                "De onderstaande lijst toont het onderwijsaanbod dat beschikbaar is voor",
                "leerlingen die hier behoefte aan hebben.",
                "Onderwijsaanbod Op de school",
                "Via het bestuur",
                "Aanbod NT2",
                "Aanbod voor hoogbegaafde leerlingen",
                "Aanbod dyslexie en leesproblemen voor groep 5 tot en met 8",
                "3.5 Protocollen",
                "De onderstaande lijst toont de protocollen die we gebruiken.",
                "Protocol Status",
                "Protocol medisch handelen Niet toegepast",
                "Meldcode huiselijk geweld en kindermishandeling Actief toegepast",
            ]
        ],
        title="Schoolondersteuningsprofiel SBO De Loopplank",
    )
    assistant = assistant_for(tmp_path_factory.mktemp("network-store"), embedder)
    report = assistant.ingest([*DEMO_PDFS, *sorted(folder.iterdir())])
    assert not report.failed, report.failed
    return assistant


def _map(maps: list[CoverageMap], swv_end: str) -> CoverageMap:
    return next(m for m in maps if m.swv.endswith(swv_end))


def test_a_map_per_swv_with_a_verdict_quote_and_page_per_need_and_school(
    demo_index: DemoIndex,
) -> None:
    maps = demo_index.assistant.coverage_map()
    assert [m.swv for m in maps] == ["SWV PO Dijkerland", "SWV VO Dijkerland"]
    vo = _map(maps, "VO Dijkerland")
    assert [s.document for s in vo.schools] == [KOMPAS, BAKEN]
    assert [n.key for n in vo.needs][:3] == ["autisme", "adhd", "dyslexie"] and len(vo.needs) == 15
    wheelchair = need("lichamelijk")
    kompas, baken = vo.row(wheelchair)
    assert kompas.verdict == Verdict.LIMIT and "rolstoel" in kompas.quote and kompas.page == 5
    assert baken.verdict == Verdict.OFFERED and baken.quote == "Het gebouw heeft een lift."
    assert baken.page == 4
    # Nobody offers support for deaf pupils; both offer something for dyslexia.
    assert vo.is_gap(need("slechthorend")) and not vo.is_gap(need("dyslexie"))
    silent = vo.cell(need("slechthorend"), vo.schools[0])
    assert silent.verdict == Verdict.NOT_STATED and not silent.quote and silent.page is None
    only = demo_index.assistant.coverage_map("Dijkerland PO")
    assert [s.document for m in only for s in m.schools] == [WILGENHOEK]


def test_an_unknown_swv_is_refused_in_dutch(demo_index: DemoIndex) -> None:
    with pytest.raises(ConfigError, match="Geen samenwerkingsverband .* SWV VO Dijkerland"):
        demo_index.assistant.coverage_map("Atlantis")


def test_one_swv_written_in_full_and_short_is_one_network(network: Assistant) -> None:
    names = {d.document: d.swv for d in network.documents()}
    assert names[VLONDER] == "SWV PO Veenhorst en Omstreken"
    (veenhorst,) = network.coverage_map("SWV Veenhorst")
    assert veenhorst.swv == "SWV PO Veenhorst en Omstreken"
    assert {s.document for s in veenhorst.schools} == {VLONDER, LOOPPLANK}
    assert network.named_schools("Welke scholen van SWV Veenhorst hebben een lift?")


def test_the_newest_sop_of_a_school_fills_its_column(network: Assistant) -> None:
    vo = _map(network.coverage_map(), "VO Dijkerland")
    assert BAKEN_2023 in {s.document for s in vo.schools}
    assert BAKEN not in {s.document for s in vo.schools}
    cell = next(c for c in vo.row(need("lichamelijk")) if c.school.document == BAKEN_2023)
    assert cell.verdict == Verdict.LIMIT and "rolstoel" in cell.quote


def test_a_lost_tick_is_never_offered_and_a_text_tick_is_read(network: Assistant) -> None:
    (veenhorst,) = network.coverage_map("Veenhorst")
    by_school = {s.document: s for s in veenhorst.schools}
    lost = by_school[LOOPPLANK]
    for key in ("dyslexie", "hoogbegaafd", "nt2"):
        cell = veenhorst.cell(need(key), lost)
        assert cell.verdict == Verdict.UNKNOWN, (key, cell)
        assert cell.quote.startswith("Aanbod")
    ticked = veenhorst.cell(need("dyslexie"), by_school[VLONDER])
    assert ticked.verdict == Verdict.OFFERED and "✓" in ticked.quote


def test_list_fields_give_their_items_with_availability(network: Assistant) -> None:
    profiles = {p.document: p for p in network.profiles()}
    vlonder = profiles[VLONDER].values
    items = {i.text: i.status for i in vlonder["facilities"].items}
    assert items == {
        "Kleine klas": Status.STATED,
        "Time-out ruimte": Status.ABSENT,
        "Begeleiding bij dyslexie": Status.STATED,
    }
    # The type of school, not the board's name ('Stichting ... Primair Onderwijs ...').
    assert "basisonderwijs" in vlonder["type"].text and "Stichting" not in vlonder["type"].text
    loopplank = profiles[LOOPPLANK].values
    offer = loopplank["offer"]
    assert [i.text for i in offer.items] == [
        "Aanbod NT2",
        "Aanbod voor hoogbegaafde leerlingen",
        "Aanbod dyslexie en leesproblemen voor groep 5 tot en met 8",
    ]
    assert {i.status for i in offer.items} == {Status.UNKNOWN}
    assert offer.status == Status.UNKNOWN and all(i.citation.page == 1 for i in offer.items)
    protocols = {i.text: i.status for i in loopplank["protocols"].items}
    assert protocols == {
        "Meldcode huiselijk geweld en kindermishandeling": Status.STATED,
        "Protocol medisch handelen": Status.ABSENT,
    }
    # A list value is its rows verbatim, each quoted from its own document.
    assert offer.text.startswith("Aanbod NT2; Aanbod voor hoogbegaafde leerlingen; ")


def test_check_reports_a_need_two_sops_state_differently_with_both_quotes(
    network: Assistant,
) -> None:
    findings = network.check()
    conflicts = [
        f
        for f in findings
        if f.kind == FindingKind.CONFLICT and "lichamelijke beperking" in f.message
    ]
    assert len(conflicts) == 1
    (conflict,) = conflicts
    assert conflict.school == "Praktijkschool Het Baken"
    assert {c.document for c in conflict.sources} == {BAKEN, BAKEN_2023}
    assert "Het gebouw heeft een lift." in conflict.message and "rolstoel" in conflict.message
    assert all(c.page >= 1 for c in conflict.sources)


def test_check_reports_the_standards_an_sop_does_not_address(network: Assistant) -> None:
    missing = [
        f
        for f in network.check()
        if f.kind == FindingKind.STANDARD_MISSING and f.document == BAKEN_2023
    ]
    # The one-page SOP says nothing of most of the SWV plan's six standards.
    assert missing
    for finding in missing:
        (standard,) = finding.sources
        assert standard.document == "ondersteuningsplan-swv-vo-dijkerland-2024-2028.pdf"
        assert standard.text in finding.message and standard.page >= 1
    # Primary schools of another SWV are not held to VO Dijkerland's standards.
    assert not [f for f in network.check() if f.kind == FindingKind.STANDARD_MISSING
                and f.document in (VLONDER, LOOPPLANK, WILGENHOEK)]  # fmt: skip


def test_the_workbook_keeps_every_verdict_quote_and_page(
    demo_index: DemoIndex, tmp_path: Path
) -> None:
    maps = demo_index.assistant.coverage_map()
    path = tmp_path / "dekking.xlsx"
    to_xlsx(maps, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["1. SWV PO Dijkerland", "2. SWV VO Dijkerland", QUOTES_SHEET]
    for number, coverage in enumerate(maps, start=1):
        sheet = book.worksheets[number - 1]
        assert sheet["A1"].value == coverage.swv
        header = [c.value for c in sheet[2]]
        assert header[1:-1] == [s.name for s in coverage.schools]
        for row, need_ in enumerate(coverage.needs, start=3):
            assert sheet.cell(row=row, column=1).value == need_.label
            for column, cell in enumerate(coverage.row(need_), start=2):
                written = sheet.cell(row=row, column=column)
                assert written.value == LABELS[cell.verdict]
                if cell.quote:
                    assert cell.quote in written.comment.text
                    assert f"pagina {cell.page}" in written.comment.text
                else:
                    assert written.comment is None
    quotes = book[QUOTES_SHEET]
    rows = [[c.value for c in row] for row in quotes.iter_rows()]
    expected = records(maps)
    assert rows[0] == list(expected[0])
    assert len(rows) == 1 + len(expected) == 1 + 15 * 3
    for written, record in zip(rows[1:], expected, strict=True):
        assert written == [None if v == "" else v for v in record.values()]


def test_document_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    from steunwijzer.profiles.coverage import Cell, School

    school = School('=HYPERLINK("http://example.nl")', "sop.pdf", "SOP", "2024")
    cell = Cell(need("autisme"), school, Verdict.OFFERED, "=1+1 is geen formule", "", 2)
    coverage = CoverageMap(
        "SWV Test", (school,), (need("autisme"),), {("autisme", "sop.pdf"): cell}
    )
    path = tmp_path / "formule.xlsx"
    to_xlsx([coverage], path)
    book = openpyxl.load_workbook(path)
    assert book.worksheets[0]["B2"].value == school.name
    assert book.worksheets[0]["B2"].data_type == "s"
    quotes = book[QUOTES_SHEET]
    assert quotes.cell(row=2, column=9).value == "=1+1 is geen formule"
    assert quotes.cell(row=2, column=9).data_type == "s"


@pytest.mark.slow
def test_cli_coverage(demo_index: DemoIndex, tmp_path: Path) -> None:
    result = run_cli(
        ["coverage", "--swv", "VO Dijkerland", "--format", "json"], demo_index.store_dir
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 15 * 2
    wheelchair = {r["school"]: r for r in rows if r["behoefte"] == "lichamelijk"}
    assert wheelchair["Het Kompas College"]["oordeel"] == "grenzen"
    assert wheelchair["Praktijkschool Het Baken"]["pagina"] == 4
    assert {r["gat_in_netwerk"] for r in rows if r["behoefte"] == "slechthorend"} == {"ja"}
    markdown = run_cli(["coverage"], demo_index.store_dir)
    assert markdown.returncode == 0, markdown.stderr
    assert "## SWV VO Dijkerland" in markdown.stdout and "gat in het netwerk" in markdown.stdout
    no_file = run_cli(["coverage", "--format", "xlsx"], demo_index.store_dir)
    assert no_file.returncode == 2 and "--output" in no_file.stderr
    target = tmp_path / "dekking.xlsx"
    written = run_cli(
        ["coverage", "--format", "xlsx", "--output", str(target)], demo_index.store_dir
    )
    assert written.returncode == 0, written.stderr
    assert openpyxl.load_workbook(target).sheetnames[-1] == QUOTES_SHEET
    unknown = run_cli(["coverage", "--swv", "Atlantis"], demo_index.store_dir)
    assert unknown.returncode == 1 and "Geen samenwerkingsverband" in unknown.stderr


def test_rows_that_a_pdf_ran_together_are_still_rows() -> None:
    from steunwijzer.profiles.lines import lines_of
    from steunwijzer.profiles.lists import availability
    from steunwijzer.types import Passage

    text = (
        "3.3 Onderwijsaanbod\n"
        "De onderstaande lijst toont het onderwijsaanbod dat beschikbaar is voor leerlingen.\n"
        "Onderwijsaanbod Op de school\n"
        "Aanbod dyslexie en leesproblemen voor groep 5 tot en met 8 Aanbod voor hoogbegaafde "
        "leerlingen Aanbod NT2\n"
        "Wij werken samen met het samenwerkingsverband. Zo krijgt ieder kind een plek.\n"
        "Kleine klas ja"
    )
    passage = Passage("c1", "d1", "sop.pdf", "SOP", 1, "", text, 0.0, ((0, 1),))
    kinds = [line.kind for line in lines_of([passage])]
    assert kinds == ["heading", "prose", "row", "row", "prose", "row"]
    rows = availability([passage])
    glued = text.index("Aanbod dyslexie")
    assert rows[("c1", glued)] == Status.UNKNOWN  # its ticks are lost, whatever its length
    assert rows[("c1", text.index("Kleine klas"))] == Status.STATED


def test_topic_headings_of_a_narrative_sop_are_no_items_of_its_offer() -> None:
    offer = next(field for field in FIELDS if field.key == "offer")
    from steunwijzer.types import Passage

    text = (
        "Wat wij bieden aan alle kinderen\n"
        "Iedere leerling krijgt de basisondersteuning van het samenwerkingsverband.\n"
        "Extra ondersteuning\n"
        "Soms is wat wij in de groep doen niet genoeg. Dan kijkt de intern begeleider mee.\n"
        "Lezen en spellen\n"
        "Wij hebben ervaring met kinderen met dyslexie. Zij lezen vier keer per week extra.\n"
        "Rekenen\n"
        "Kinderen die het rekenen moeilijk vinden, krijgen verlengde instructie."
    )
    passage = Passage("c1", "d1", "sop.docx", "SOP", 1, "", text, 0.0, ((0, 1),))
    assert listed_items(re.compile(offer.lists), [passage]) == []
    # An item with its description under it stays an item.
    specialists = next(field for field in FIELDS if field.key == "specialists")
    described = "Specialisten\nLogopedist\nDe logopedist komt twee keer per week op school."
    passage = Passage("c2", "d1", "sop.docx", "SOP", 1, "", described, 0.0, ((0, 1),))
    items = listed_items(re.compile(specialists.lists), [passage])
    assert [item.text for item in items] == ["Logopedist"]
    # A staff table under 'Personeel voor ondersteuning', time in fte: the specialists.
    staff = (
        "4.2 Personeel voor ondersteuning\nFunctie | Naam | Omvang\n"
        "Zorgcoördinator | mw. drs. A. Aydın | 0,8 fte\nAutismecoach | mw. L. Kramer | 0,4 fte"
    )
    passage = Passage("c3", "d1", "sop.txt", "SOP", 1, "", staff, 0.0, ((0, 1),))
    items = listed_items(re.compile(specialists.lists), [passage])
    assert [item.text for item in items][-2:] == ["Zorgcoördinator", "Autismecoach"]
    assert {item.status for item in items if item.text == "Autismecoach"} == {Status.STATED}


@pytest.mark.parametrize(
    ("row", "crosses_deny", "label", "status"),
    [
        ("Lift | niet aanwezig: ✓", True, "Lift", Status.ABSENT),
        ("Time-out | aanwezig: ✓", True, "Time-out", Status.STATED),
        ("Orthopedagoog | Aanwezig: nee", True, "Orthopedagoog", Status.ABSENT),
        # A cross beside ticks says no; in a table of crosses alone it marks its column.
        ("Kleine klas | Op de school: ✓ | Via het SWV: X", True, "Kleine klas", Status.STATED),
        ("Lift | Op de school: X | Via het SWV: X", True, "Lift", Status.ABSENT),
        ("Kleine klas | Op de school: X", False, "Kleine klas", Status.STATED),
        ("Orthopedagoog ja 2 dagen", True, "Orthopedagoog", Status.STATED),
        ("Logopedist nee, alleen via verwijzing", True, "Logopedist", Status.ABSENT),
        ("Protocol anti-pesten Actief toegepast", True, "Protocol anti-pesten", Status.STATED),
        ("Kleine klas", True, "Kleine klas", None),  # a drawn tick, lost
        # How many there are, or their hours, says they are there; none says nothing.
        ("Orthopedagoog | 2 | samen 52", True, "Orthopedagoog", Status.STATED),
        ("Logopedist | 16 uur", True, "Logopedist", Status.STATED),
        ("Logopedist | 0", True, "Logopedist", None),
        # a bare number may count pupils, score a scale or be a year: no mark
        ("Leerlingen met dyslexie | 12", True, "Leerlingen met dyslexie", None),
        ("Lift | 2025", True, "Lift", None),
        ("Dyslexiesoftware | niet standaard", True, "Dyslexiesoftware", Status.ABSENT),
        ("Dyslexieprotocol | standaard", True, "Dyslexieprotocol", Status.STATED),
    ],
)
def test_a_rows_marks_are_read_with_their_column(
    row: str, crosses_deny: bool, label: str, status: Status | None
) -> None:
    from steunwijzer.profiles.marks import cells

    assert cells(row, crosses_deny) == (label, status)


def test_the_sub_headings_of_a_marked_extra_support_heading_are_its_offer() -> None:
    from steunwijzer.types import Passage

    offer = next(field for field in FIELDS if field.key == "offer")
    text = (
        "Extra ondersteuning\n"
        "Op Koers\n"
        "Op Koers is een kleine brugklas van ten hoogste 16 leerlingen.\n"
        "Het Prielpunt\n"
        "Het Prielpunt is onze time-outruimte.\n"
        "Het zorgteam\n"
        "Het zorgteam komt elke maand bijeen."
    )
    paths = ["SOP > Extra ondersteuning", "SOP > Extra ondersteuning > Op Koers"]
    paths += ["SOP > Extra ondersteuning > Het Prielpunt", "SOP > Het zorgteam"]
    passage = Passage("c1", "d1", "sop.docx", "SOP", 1, " | ".join(paths), text, 0.0, ((0, 1),))
    sections = re.compile(offer.sections)
    items = listed_items(re.compile(offer.lists), [passage], sections)
    assert [(item.text, item.status) for item in items] == [
        ("Op Koers", Status.STATED),
        ("Het Prielpunt", Status.STATED),
    ]
    # Without the file's own headings, the same lines are topic headings and no items.
    unmarked = Passage("c1", "d1", "sop.docx", "SOP", 1, "", text, 0.0, ((0, 1),))
    assert listed_items(re.compile(offer.lists), [unmarked], sections) == []


def test_a_limits_lead_in_and_a_contact_tables_header_take_what_follows_them(embedder) -> None:
    from steunwijzer.profiles.statements import statements
    from steunwijzer.types import Passage

    text = (
        "Waar onze mogelijkheden ophouden\n"
        "Onze grenzen liggen bij leerlingen:\n"
        "• bij wie ernstige gedragsproblemen op de voorgrond staan;\n"
        "• die de hele dag één-op-één begeleiding nodig hebben.\n"
        "Contact\n"
        "Rol | Naam | Telefoon | E-mail\n"
        "Directeur | meneer Olaf Zijlstra | 0123-462300 | directie@school.example.nl\n"
        "Intake | mevrouw Petra Lodewijks | 0123-462340 | intake@school.example.nl"
    )
    passage = Passage("c1", "d1", "sop.docx", "SOP", 1, "", text, 0.0, ((0, 1),))
    fields = {field.key: field for field in FIELDS}
    limits = statements(fields["limits"].finder, [passage], embedder)
    assert limits and "één-op-één" in limits[0].text
    contact = statements(fields["contact"].finder, [passage], embedder)
    assert any("Lodewijks" in c.text and "Rol | Naam" in c.text for c in contact)


def test_a_table_of_support_per_subject_lists_the_offer() -> None:
    from steunwijzer.profiles.lists import listed_items
    from steunwijzer.types import Passage

    offer = next(field for field in FIELDS if field.key == "offer")
    text = (
        "Ondersteuning per onderwerp\n"
        "Ondersteuning | Aanwezig | Toelichting\n"
        "Dyslexie | ja | Dyslexiekaart met 10 minuten extra per lesuur.\n"
        "Dyscalculie | beperkt | Een rekenkaart bij toetsen.\n"
        "Hoogbegaafdheid | in ontwikkeling | Nog geen apart programma."
    )
    passage = Passage("c1", "d1", "sop.docx", "SOP", 1, "", text, 0.0, ((0, 1),))
    items = listed_items(re.compile(offer.lists), [passage])
    assert [item.text for item in items][:2] == ["Dyslexie", "Dyscalculie"]
