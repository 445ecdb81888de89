"""What a document is, inferred from its content: title, kind, schools, SWV and period
(FACTS.md for the demo corpus, the shared corpus README for the real documents)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import (
    BAKEN,
    DEMO_CORPUS,
    KOMPAS,
    SWV_PLAN,
    WILGENHOEK,
    DemoIndex,
    write_docx,
    write_pdf,
)

from steunwijzer.ingest.metadata import (
    infer_kind,
    infer_period,
    infer_schools,
    infer_swv,
    infer_title,
)
from steunwijzer.ingest.pipeline import load_document
from steunwijzer.ingest.readers import read_document
from steunwijzer.retrieval.entities import Entities, aliases, entities_of, same_swv

# (file, title, kind, school, SWV, period, pages), per FACTS.md.
DEMO = [
    (
        BAKEN,
        "Schoolondersteuningsprofiel Praktijkschool Het Baken",
        "sop",
        "Praktijkschool Het Baken",
        "SWV VO Dijkerland",
        "2019-2020",
        7,
    ),
    (
        KOMPAS,
        "Schoolondersteuningsprofiel Het Kompas College",
        "sop",
        "Het Kompas College",
        "SWV VO Dijkerland",
        "2024-2025",
        7,
    ),
    (
        WILGENHOEK,
        "Schoolondersteuningsprofiel Basisschool De Wilgenhoek",
        "sop",
        "Basisschool De Wilgenhoek",
        "SWV PO Dijkerland",
        "2024-2025",
        6,
    ),
    (
        SWV_PLAN,
        "Ondersteuningsplan 2024-2028 Samenwerkingsverband VO Dijkerland",
        "ondersteuningsplan",
        None,
        "SWV VO Dijkerland",
        "2024-2028",
        4,
    ),
]
IDS = [row[0].removesuffix(".pdf") for row in DEMO]
# FACTS.md: the five schools of Samenwerkingsverband VO Dijkerland.
SWV_SCHOOLS = {
    "Het Kompas College",
    "Praktijkschool Het Baken",
    "Dijkerland Lyceum",
    "Polderveen College",
    "VSO De Meeuw",
}


@pytest.mark.parametrize(
    ("name", "title", "kind", "school", "swv", "period", "pages"), DEMO, ids=IDS
)
def test_demo_document_title_kind_period_and_pages(
    name: str, title: str, kind: str, school: str | None, swv: str, period: str, pages: int
) -> None:
    info, _ = load_document(DEMO_CORPUS / name, "hash")
    assert (info.title, info.kind, info.period, info.pages) == (title, kind, period, pages)
    assert info.document == name


@pytest.mark.parametrize(
    ("name", "title", "kind", "school", "swv", "period", "pages"), DEMO, ids=IDS
)
def test_demo_document_schools(
    name: str, title: str, kind: str, school: str | None, swv: str, period: str, pages: int
) -> None:
    info, _ = load_document(DEMO_CORPUS / name, "hash")
    if school is None:  # the SWV plan is about the SWV; it may name its own schools only
        assert set(info.schools) <= SWV_SCHOOLS
    else:
        assert info.schools[0] == school
        assert len(info.schools) == 1


@pytest.mark.parametrize(
    ("name", "swv"),
    [(row[0], row[4]) for row in DEMO],
    ids=IDS,
)
def test_demo_document_swv(name: str, swv: str) -> None:
    info, _ = load_document(DEMO_CORPUS / name, "hash")
    assert info.swv == swv


def test_ingested_documents_carry_the_same_metadata(demo_index: DemoIndex) -> None:
    for name, title, kind, school, _, period, pages in DEMO:
        info = demo_index.info(name)
        assert (info.title, info.kind, info.period, info.pages) == (title, kind, period, pages)
        assert school is None or school in info.schools
        assert info.source == str(demo_index.folder / name)
        assert len(info.content_hash) == 64 and info.indexed_at


def test_swv_name_does_not_run_into_the_next_line() -> None:
    assert infer_swv("Samenwerkingsverband PO Dijkerland\nAlle scholen doen mee.") == (
        "SWV PO Dijkerland"
    )


@pytest.mark.parametrize(
    ("text", "swv"),
    [
        # The name as the document writes it in full, also when it mostly uses a short form.
        (
            "Samenwerkingsverband PO Veenhorst en Omstreken\nWij zijn SWV Veenhorst. "
            "SWV Veenhorst helpt ons.",
            "SWV PO Veenhorst en Omstreken",
        ),
        ("De school hoort bij SWV VO Kust en Polder. SWV VO Kust helpt.", "SWV VO Kust en Polder"),
        (
            "Samenwerkingsverband Passend Onderwijs Zilverberk en Oudeweer (SWV Zilverberk). "
            "SWV Zilverberk beslist.",
            "SWV Passend Onderwijs Zilverberk en Oudeweer",
        ),
        # 'Passend Onderwijs' in the full name: the short form leaves it out.
        (
            "Samenwerkingsverband Passend Onderwijs Rivierduin (SWV Rivierduin). "
            "SWV Rivierduin beslist. Het loket van SWV Rivierduin.",
            "SWV Passend Onderwijs Rivierduin",
        ),
        # A name that runs on into a sentence is no fuller name.
        (
            "Samenwerkingsverband VO Dijkerland en Het Kompas College maken afspraken. "
            "Samenwerkingsverband VO Dijkerland.",
            "SWV VO Dijkerland",
        ),
    ],
)
def test_swv_name_is_written_out_in_full(text: str, swv: str) -> None:
    assert infer_swv(text) == swv


def test_a_school_name_has_no_document_words() -> None:
    title = "Schoolondersteuningsprofiel Berkenhof Lyceum"
    assert infer_schools(title, "Het Berkenhof Lyceum is een school.") == ("Berkenhof Lyceum",)


@pytest.mark.parametrize(
    ("title", "school", "alias"),
    [
        ("Schoolondersteuningsprofiel Campus Geulmonde 2024-2027", "Campus Geulmonde", "geulmonde"),
        ("Schoolondersteuningsprofiel Montessori Kindcentrum Het Zeegras",
         "Montessori Kindcentrum Het Zeegras", "het zeegras"),
        ("Schoolondersteuningsprofiel Het Anker", "Het Anker", "anker"),  # no kind of school
        ("Ondersteuningsprofiel SBO De Kluut - factsheet 2025", "SBO De Kluut", "de kluut"),
        ("Schoolondersteuningsprofiel Vakcollege Noordwijk", "Vakcollege Noordwijk", "noordwijk"),
        ("Schoolondersteuningsprofiel Openbare Basisschool De Tol", "Openbare Basisschool De Tol",
         "de tol"),
        ("Ondersteuningsprofiel van de Basisschool De Tol 2024", "Basisschool De Tol", "de tol"),
        ("Schoolondersteuningsprofiel PCB De Molen 2025", "PCB De Molen", "de molen"),
    ],
)  # fmt: skip
def test_an_sop_title_names_its_school_whatever_its_kind(
    title: str, school: str, alias: str
) -> None:
    assert infer_schools(title, "") == (school,)
    assert alias in aliases(school)
    assert infer_schools("Schoolondersteuningsprofiel 2024-2025", "") == ()


def test_a_special_school_is_named_by_its_cluster_type_and_name() -> None:
    title = "Schoolondersteuningsprofiel SO De Klankkast 2025-2026"
    assert infer_schools(title, "De Klankkast is een school.") == ("SO De Klankkast",)
    # 'VSO HAVO-VWO' is a kind of school, not a school's name.
    assert infer_schools("Handreiking", "VSO HAVO-VWO en VSO HAVO-VWO") == ()


def test_short_forms_of_a_full_name_are_aliases_and_one_swv() -> None:
    full = "SWV PO Veenhorst en Omstreken"
    assert {"swv veenhorst", "veenhorst", "po veenhorst", "veenhorst en omstreken"} <= aliases(full)
    # A short first part that is an ordinary word names no SWV by itself.
    assert "kust" not in aliases("SWV VO Kust en Polder")
    assert "swv kust" in aliases("SWV VO Kust en Polder")
    assert same_swv("SWV Zilverberk", "SWV Passend Onderwijs Zilverberk en Oudeweer")
    assert same_swv("Samenwerkingsverband VO Dijkerland", "SWV VO Dijkerland")
    assert not same_swv("SWV PO Dijkerland", "SWV VO Dijkerland")


def test_one_swv_named_two_ways_is_one_entity() -> None:
    entities = Entities(
        [("SWV Heidemeer", "a"), ("SWV Passend Onderwijs Heidemeer", "b"), ("SWV VO Kust", "c"),
         ("Heidemeer College", "a")]
    )  # fmt: skip
    named = entities.named_in("hoe oud mag een profiel zijn in swv heidemeer")
    assert [(e.name, e.doc_ids) for e in named if e.name.startswith("SWV")] == [
        ("SWV Passend Onderwijs Heidemeer", frozenset({"a", "b"}))
    ]
    # A school of a like name stays a school of its own.
    apart = Entities([("Heidemeer College", "a"), ("SWV Heidemeer", "b")])
    assert {(e.name, e.doc_ids) for e in apart.entities} == {
        ("Heidemeer College", frozenset({"a"})),
        ("SWV Heidemeer", frozenset({"b"})),
    }


@pytest.mark.parametrize(
    ("name", "alias"),
    [("SO De Windvang", "de windvang"), ("SO-VSO Het Veerhuis", "het veerhuis"),
     ("OBS De Vlonder", "de vlonder"), ("Het Getij College", "het getij"),
     ("Daltonschool De Lariks", "de lariks"), ("Montessorischool Het Anker", "het anker")],
)  # fmt: skip
def test_a_school_is_named_without_its_types(name: str, alias: str) -> None:
    assert alias in aliases(name)


def test_title_comes_from_the_footer_then_the_declared_title_then_the_first_line(
    tmp_path: Path,
) -> None:
    footer = "Schoolondersteuningsprofiel Kindcentrum De Vlinder"
    body = ["Zorgplan van Kindcentrum De Vlinder", "1. Inleiding", "Wij zijn een kleine school."]
    three_pages = [
        ["1. Inleiding", "Wij zijn een kleine school."],
        ["2. Visie", "Ieder kind telt."],
        ["3. Contact", "Mail de directeur."],
    ]
    with_footer = write_pdf(tmp_path / "a.pdf", three_pages, footer=footer, title="Iets anders")
    declared = write_pdf(tmp_path / "b.pdf", [body], title="Ondersteuningsplan SWV De Kust")
    untitled = write_pdf(tmp_path / "c.pdf", [body], title="Microsoft Word - concept.docx")
    for path, expected in [
        (with_footer, footer),
        (declared, "Ondersteuningsplan SWV De Kust"),
        (untitled, "Zorgplan van Kindcentrum De Vlinder"),
    ]:
        raw = read_document(path)
        assert infer_title(raw.pages, raw.declared_title, path) == expected


def test_docx_declared_title_and_kind(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "bijlage-3.docx",
        [
            "Dit verslag beschrijft hoe het ondersteuningsteam werkte.",
            "Het ondersteuningsteam kwam zes keer bij elkaar.",
        ],
        title="Evaluatie ondersteuningsteam 2023-2024",
    )
    info, _ = load_document(path, "hash")
    assert info.title == "Evaluatie ondersteuningsteam 2023-2024"
    assert info.kind == "evaluatie"
    assert info.period == "2023-2024"


@pytest.mark.parametrize(
    ("title", "stem", "text", "kind"),
    [
        ("Schoolondersteuningsprofiel OBS De Klimop", "profiel", "", "sop"),
        ("Over onze school", "sop-obs-de-klimop-2024", "", "sop"),
        ("Handreiking audits", "x", "", "handreiking"),
        ("Jaarverslag 2023", "x", "", "rapport"),
        (
            "Ons plan",
            "x",
            "Dit ondersteuningsplan ... het ondersteuningsplan ... ondersteuningsplan",
            "ondersteuningsplan",
        ),
        ("Notulen", "x", "Een vergadering over de begroting.", "overig"),
    ],
)
def test_kind_from_title_file_name_or_text(title: str, stem: str, text: str, kind: str) -> None:
    assert infer_kind(title, Path(f"{stem}.pdf"), text) == kind


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Schooljaar 2023-2024, vastgesteld in juni.", "2023-2024"),
        ("Invuldatum: 14 november 2023. Verder niets.", "14 november 2023"),
        ("Geschreven in 2021 door het team.", "2021"),
        ("Zonder jaartal.", ""),
        # The school year it is valid until is no period.
        ("Vastgesteld op 8 oktober 2024, geldig tot en met het schooljaar 2027-2028.",
         "8 oktober 2024"),
        ("Geldt voor de schooljaren 2024-2025 tot en met 2027-2028.", "2024-2025"),
        ("Geldig t/m schooljaar 2027-2028.", ""),
    ],
)  # fmt: skip
def test_period_is_a_school_year_a_date_or_a_year(text: str, period: str) -> None:
    assert infer_period("Profiel", Path("profiel.pdf"), text) == period


# -- the real shared corpus --------------------------------------------------------------------

# (file stem, kind, SWV name part), per the shared corpus README.
SHARED = [
    ("sop-praktijkschool-de-poort-2023", "sop", "zuid holland west"),
    (
        "evaluatie-ondersteuningsteams-swv-nieuwe-waterweg-noord-2023-2024",
        "evaluatie",
        "nieuwe waterweg noord",
    ),
    (
        "evaluatie-schoolondersteuningsteams-swv-brabantse-wal-po-2021-2022",
        "evaluatie",
        "brabantse wal",
    ),
    ("projectrapport-pro-grotius-college-2021-2024", "rapport", "delflanden"),
    ("handreiking-audits-swv-vo-waterland-2015-2024", "handreiking", "waterland"),
]


@pytest.mark.slow
def test_shared_sop_de_poort(shared_corpus: Path) -> None:
    info, _ = load_document(shared_corpus / "sop-praktijkschool-de-poort-2023.pdf", "hash")
    assert info.kind == "sop"
    assert "Praktijkschool De Poort" in info.schools
    assert "Zuid Holland West" in info.swv
    assert info.period == "november 2023"  # README: filled in Nov 2023


@pytest.mark.slow
@pytest.mark.parametrize(("stem", "kind", "swv"), SHARED, ids=[s[0] for s in SHARED])
def test_shared_corpus_kind_and_swv(shared_corpus: Path, stem: str, kind: str, swv: str) -> None:
    info, _ = load_document(shared_corpus / f"{stem}.pdf", "hash")
    assert info.kind == kind
    assert swv in info.swv.lower()
    assert info.title and "pagina" not in info.title.lower()


@pytest.mark.slow
def test_shared_project_report_names_its_school(shared_corpus: Path) -> None:
    info, _ = load_document(shared_corpus / "projectrapport-pro-grotius-college-2021-2024.pdf", "h")
    assert any("Grotius College" in school for school in info.schools)


def test_a_document_read_by_an_older_ingest_version_is_read_again(
    new_assistant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A change to what is read from a document (here: full SWV names) reaches an existing
    # index: the next ingest reads the unchanged file again.
    import steunwijzer.ingest.pipeline as pipeline

    pdf = write_pdf(
        tmp_path / "sop-obs-de-zandloper.pdf",
        [["Schoolondersteuningsprofiel OBS De Zandloper", "Wij horen bij SWV PO Veenhorst."]],
    )
    current = pipeline.INGEST_VERSION
    monkeypatch.setattr(pipeline, "INGEST_VERSION", current - 1)
    assistant = new_assistant()
    assert assistant.ingest([pdf]).added == [str(pdf)]
    assert assistant.ingest([pdf]).skipped == [str(pdf)]  # unchanged, same version
    monkeypatch.setattr(pipeline, "INGEST_VERSION", current)
    report = assistant.ingest([pdf])
    assert report.updated == [str(pdf)] and not report.skipped
    (info,) = assistant.documents()
    assert info.reader == current and info.swv == "SWV PO Veenhorst"


def test_a_school_only_an_swvs_paper_names_is_known_and_its_swv_is_no_second_school() -> None:
    from steunwijzer.types import DocumentInfo, Passage

    sop = DocumentInfo("a", "sop.pdf", "", "SOP De Akker", "sop", ("Basisschool De Akker",),
                       "SWV Testland")  # fmt: skip
    paper = DocumentInfo("b", "swv.pdf", "", "Scholen van SWV Testland", "overig", (),
                         "SWV Testland")  # fmt: skip
    text = (
        "Bij het samenwerkingsverband horen Basisschool De Akker, SO De\nAnkerplaats in "
        "Testland en het Testland Lyceum. Het College van Bestuur stelt dit vast."
    )
    passages = [Passage("b1", "b", "swv.pdf", "Scholen", 1, "", text, 1.0)]
    entities = entities_of([sop, paper], passages)
    names = {e.name: e for e in entities.entities}
    assert names["SO De Ankerplaats"].doc_ids == {"b"}  # no SOP: what the SWV says of it
    assert "Het College" not in names and "Testland Lyceum" not in names  # a place, no name
    assert names["SWV Testland"].swv and not names["Basisschool De Akker"].swv
    question = "heeft so de ankerplaats in testland een time-out ruimte"
    assert [e.name for e in entities.compared(question)] == ["SO De Ankerplaats"]
    assert {e.name for e in entities.named_in(question)} == {"SO De Ankerplaats", "SWV Testland"}
    assert len(entities.compared("Heeft De Akker of SO De Ankerplaats een lift?")) == 2
    assert names["SO De Ankerplaats"].mentioned and not names["Basisschool De Akker"].mentioned
    # a phrase with a pronoun or an adjective, or a body 'van' something, is no school
    prose = (
        "Ons College van Bestuur stelt dit vast. Dit College overlegt met de Nieuwe Campus en "
        "het VSO De Commissie van Toelating. Het Rijn-IJssel College doet mee."
    )
    passages = [Passage("b2", "b", "swv.pdf", "Scholen", 1, "", prose, 1.0)]
    found = {e.name for e in entities_of([sop, paper], passages).entities}
    assert found == {"Basisschool De Akker", "SWV Testland", "Het Rijn-IJssel College"}
    rijn = next(e for e in entities_of([sop, paper], passages).entities if "Rijn" in e.name)
    assert rijn.named_by("de wachtlijst van het rijn ijssel college")
