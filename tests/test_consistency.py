"""`check` and `schools-with` for SWV staff: completeness, age, a planted conflict, and schools
that do (or say they do not) have something."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from helpers import (
    BAKEN,
    DEMO_PDFS,
    KOMPAS,
    SWV_PLAN,
    WILGENHOEK,
    DemoIndex,
    assistant_for,
    run_cli,
    write_pdf,
)

from steunwijzer.assistant import Assistant
from steunwijzer.index.embeddings import NamedEmbeddings
from steunwijzer.language.negation import denies
from steunwijzer.language.text import words
from steunwijzer.profiles.schools_with import (
    FOR_A_NEED,
    Mention,
    belongs_elsewhere,
    mentions_answer,
    names,
    schools_with,
    which_schools,
)
from steunwijzer.profiles.standards import standards_in

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory, embedder) -> Assistant:
    """The demo corpus plus an undated second SOP of Het Baken that contradicts the first on
    how often the support team meets (ten times in the real one, four times here)."""
    from helpers import assistant_for

    folder = tmp_path_factory.mktemp("planted")
    second = write_pdf(
        folder / "sop-praktijkschool-het-baken-concept.pdf",
        [
            [
                "Schoolondersteuningsprofiel Praktijkschool Het Baken (concept, fictief)",
                "Het ondersteuningsteam (OT) van Praktijkschool Het Baken komt vier keer per",
                "schooljaar bij elkaar.",
                "Het gebouw van Praktijkschool Het Baken heeft een lift.",
                "Wij horen bij Samenwerkingsverband VO Dijkerland.",
            ]
        ],
        title="Schoolondersteuningsprofiel Praktijkschool Het Baken (concept)",
    )
    assistant = assistant_for(tmp_path_factory.mktemp("planted-store"), embedder)
    assistant.ingest([*DEMO_PDFS, second])
    return assistant


def test_an_sop_older_than_four_years_is_reported(demo_index: DemoIndex) -> None:
    findings = demo_index.assistant.check(TODAY)
    old = [f for f in findings if f.kind == "verouderd"]
    assert [f.document for f in old] == [BAKEN]
    assert "2019" in old[0].message and old[0].sources
    # 2024 and 2025 profiles are within four years; so is 2019 seen from 2023.
    assert not [f for f in demo_index.assistant.check(date(2023, 6, 1)) if f.kind == "verouderd"]


def test_completeness_lists_exactly_the_fields_not_mentioned(demo_index: DemoIndex) -> None:
    profiles = {p.document: p for p in demo_index.assistant.profiles()}
    findings = {f.document: f for f in demo_index.assistant.check(TODAY) if f.kind == "ontbreekt"}
    for document, profile in profiles.items():
        missing = [k for k, v in profile.values.items() if not v.mentioned]
        assert (document in findings) == bool(missing)


def test_a_planted_conflict_is_shown_with_both_passages(planted: Assistant) -> None:
    findings = planted.check(TODAY)
    conflicts = [f for f in findings if f.kind == "tegenstrijdig"]
    assert len(conflicts) == 1
    conflict = conflicts[0]
    assert conflict.school == "Praktijkschool Het Baken"
    assert "tien keer" in conflict.message and "vier keer" in conflict.message
    assert {c.document for c in conflict.sources} == {
        BAKEN,
        "sop-praktijkschool-het-baken-concept.pdf",
    }
    # Both say there is a lift: no conflict there.
    assert "lift" not in conflict.message.lower()
    undated = [f for f in findings if f.kind == "geen datum"]
    assert [f.document for f in undated] == ["sop-praktijkschool-het-baken-concept.pdf"]


def test_schools_with_keeps_denials_apart(demo_index: DemoIndex) -> None:
    mentions = {m.document: m for m in demo_index.assistant.schools_with("NT2-docent")}
    assert mentions[KOMPAS].has
    assert not mentions[BAKEN].has  # "geen ... docent Nederlands als tweede taal (NT2)"
    for mention in mentions.values():
        assert mention.citation.document == mention.document
    lift = {m.document: m.has for m in demo_index.assistant.schools_with("lift")}
    assert lift.get(BAKEN) is True and lift.get(KOMPAS) is False
    assert WILGENHOEK not in lift  # its SOP never mentions a lift


@pytest.mark.parametrize(
    ("sentence", "thing", "expected"),
    [
        ("Het gebouw heeft geen lift.", "lift", True),
        ("We hebben geen docent Nederlands als tweede taal (NT2).", "NT2-docent", True),
        ("De orthopedagoog helpt als we het niet goed begrijpen.", "orthopedagoog", False),
        ("Het gebouw heeft een lift.", "lift", False),
        ("Een lift hebben we daarom niet, en die is ook niet nodig.", "lift", True),
        ("Een time-outruimte is er niet.", "time-outruimte", True),
        ("De lift is niet groot genoeg voor een bed.", "lift", False),
        ("De lift is er niet altijd.", "lift", False),
        ("Een orthopedagoog hebben wij niet in het team.", "orthopedagoog", True),
        ("Een logopedist komt niet op school; wij verwijzen door.", "logopedist", True),
        ("De logopedist komt niet vaak.", "logopedist", False),
        ("De logopedist komt niet op maandag, maar op donderdag.", "logopedist", False),
        ("Sondevoeding, katheteriseren en andere verpleegkundige handelingen doen wij niet.",
         "sondevoeding", True),
        ("Medische handelingen, zoals sondevoeding of het toedienen van insuline met een pomp, "
         "doen wij niet.", "sondevoeding", True),
        ("Sondevoeding geven wij in overleg met de ouders, niet zonder protocol.", "sondevoeding",
         False),
        # a 'niet' of the next clause denies nothing of this one
        ("Onze school heeft een lift en de gangen zijn breed, drempels zijn er niet.", "lift",
         False),
        ("Een logopedist komt wekelijks, een fysiotherapeut komt niet.", "logopedist", False),
        ("Er is een lift; sondevoeding doen wij niet.", "lift", False),
    ],
)  # fmt: skip
def test_denies(sentence: str, thing: str, expected: bool) -> None:
    assert denies(sentence, thing) is expected


@pytest.mark.slow
def test_cli_check_and_schools_with(demo_index: DemoIndex) -> None:
    result = run_cli(["check", "--format", "json"], demo_index.store_dir)
    assert result.returncode == 0, result.stderr
    kinds = {(row["soort"], row["document"]) for row in json.loads(result.stdout)}
    assert ("verouderd", BAKEN) in kinds
    result = run_cli(["schools-with", "NT2-docent"], demo_index.store_dir)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| school | heeft |")
    assert any("Het Kompas College | ja" in line for line in lines)
    assert any("Het Baken | nee" in line for line in lines)


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("Welke scholen hebben een lift?", "lift"),
        ("welke scholen bieden remedial teaching", "remedial teaching"),
        ("Welke scholen hebben een NT2-docent?", "NT2-docent"),
        ("Welke scholen in SWV Lindewaard hebben een lift?", "lift"),
        ("Heeft Het Baken een lift?", ""),
        ("Welke ondersteuning biedt De Poort?", ""),
        ("Op welke scholen is er een lift?", "lift"),
        ("welke scholen van swv lindewaard werken met een gedragsspecialist", "gedragsspecialist"),
        ("Welke scholen zijn er in Lindewaard?", ""),
        ("Welke scholen kunnen kinderen met autisme begeleiden?", "kinderen met autisme"),
        ("welke scholen in SWV X zijn geschikt voor een kind met ADHD", "een kind met ADHD"),
        ("op welke scholen in swv x werkt een gedragsspecialist", "gedragsspecialist"),
        ("welke scholen werken er samen met jeugdzorg", ""),
        (
            "welke scholen zijn toegankelijk voor een kind in een rolstoel",
            "een kind in een rolstoel",
        ),  # noqa: E501
        ("welke scholen in x hebbe een verzorgingsruimte", "verzorgingsruimte"),  # a typo
        # the same question asked as people type it
        ("Welke school heeft een lift?", "lift"),
        ("welke school in zoutwaard heeft een time-out ruimte", "time-out ruimte"),
        ("Welke van de scholen heeft een lift?", "lift"),
        ("Welke basisscholen hebben een plusklas?", "plusklas"),
        ("Welke scholen bieden een plusklas aan?", "plusklas"),
        ("Bij welke scholen is een NT2-docent aanwezig?", "NT2-docent"),
        ("Is er een school in SWV X met een plusklas?", "plusklas"),
        ("Zijn er scholen die een prikkelarme ruimte hebben?", "prikkelarme ruimte"),
        ("op welke scholen in x kan een leerling sondevoeding krijgen", "sondevoeding"),
        ("Op welke scholen kan mijn kind met dyslexie terecht?", "mijn kind met dyslexie"),
        ("Waar kan ik terecht met een kind met autisme in Zoutwaard?", "een kind met autisme"),
        ("Waar kan mijn dochter met dyslexie terecht?", "mijn dochter met dyslexie"),
        ("welke middelbare school past bij een kind met adhd", "een kind met adhd"),
        ("Welke scholen werken samen met een ambulant begeleider?", "ambulant begeleider"),
        ("Waar kan ik terecht met vragen over de TLV?", ""),  # whom to ask, not a school
        ("Welke school heeft de meeste leerlingen?", ""),  # compares, names no thing
        ("Is er op school een lift?", ""),  # one school's fact
        # no thing a school has
        ("Welke school past bij mijn kind?", ""),
        ("Is er een school die ik kan bellen?", ""),
        ("Zijn er scholen die nog plek hebben?", ""),
        ("Welke scholen kunnen mijn kind niet aannemen?", ""),
        ("Welke school heeft geen lift?", ""),
        ("welke scholen hebben de beste zorg", ""),
        (
            "welke scholen hebben een training voor kinderen die niet goed kunnen lezen",
            "training voor kinderen die niet goed kunnen lezen",
        ),
        ("Op welke scholen in X komt een logopedist in de school?", "logopedist in de school"),
        (
            "Welke scholen in X hebben een training voor kinderen op sociaal-emotioneel gebied?",
            "training voor kinderen op sociaal-emotioneel gebied",
        ),
    ],
)
def test_which_schools_questions_are_recognised(question: str, thing: str) -> None:
    assert which_schools(question) == thing
    if "rolstoel" in thing or "training" in thing or " met " in thing:  # support for a need
        assert FOR_A_NEED.search(thing)
    if thing == "verzorgingsruimte":
        assert not FOR_A_NEED.search(thing)


def test_a_compound_is_named_however_it_is_written() -> None:
    terms = words  # the index's terms stand in for its stems here
    assert names("Leerlingen gaan naar de time-outruimte.", "time-out ruimte", terms)
    assert names("Dat is onze time-out ruimte.", "time-outruimte", terms)
    assert not names("Er is een stilteruimte.", "time-out ruimte", terms)
    assert not names("Er is een liftschacht.", "lift", terms)  # one word: its term, not letters


def test_a_compound_is_named_by_its_parts(demo_index: DemoIndex) -> None:
    lexical = demo_index.assistant.pipeline.answerer.retriever.lexical
    terms, split = lexical.document_terms, lexical.vocabulary.split
    assert names("Wij geven een training bij faalangst.", "faalangsttraining", terms, split)
    assert not names("Wij geven een training.", "faalangsttraining", terms, split)


def test_an_own_specialist_is_the_schools_specialist(demo_index: DemoIndex) -> None:
    answerer = demo_index.assistant.pipeline.answerer
    documents = demo_index.assistant.documents()
    own = {m.school for m in schools_with("eigen orthopedagoog", documents, answerer)}
    assert own and own == {m.school for m in schools_with("orthopedagoog", documents, answerer)}


def test_the_chat_answers_which_schools_with_sources(demo_index: DemoIndex) -> None:
    answer = demo_index.assistant.ask("Welke scholen hebben een lift?")
    assert answer.answered and not answer.generated
    having, lacking = answer.text.split("Volgens hun profiel hebben deze scholen geen lift:")
    assert "Het Baken" in having and "Kompas" not in having
    assert "Het Kompas College" in lacking
    assert {c.document for c in answer.citations} == {BAKEN, KOMPAS}
    for citation in answer.citations:  # [n] points at the passage that holds the quote
        assert citation.text in answer.passages[citation.n - 1].text
    nothing = demo_index.assistant.ask("Welke scholen hebben een zwembad?")
    assert not nothing.answered and "zwembad" in nothing.text


def test_which_schools_for_a_childs_need_reads_each_sops_verdict(demo_index: DemoIndex) -> None:
    answer = demo_index.assistant.ask("Welke scholen kunnen kinderen met dyslexie begeleiden?")
    assert answer.answered and answer.kind == "which_schools"
    assert answer.text.startswith("Deze scholen bieden volgens hun profiel ondersteuning bij")
    assert "Het Kompas College" in answer.text and "De Wilgenhoek" in answer.text
    for citation in answer.citations:
        assert citation.text in " ".join(answer.passages[citation.n - 1].text.split())
    limits = demo_index.assistant.ask(
        "Welke scholen zijn geschikt voor een kind met medische zorg?"
    )
    assert "bij de grenzen van deze scholen" in limits.text


def test_the_swv_plans_six_standards_are_read(demo_index: DemoIndex) -> None:
    assistant = demo_index.assistant
    standards = standards_in(assistant.documents(), assistant.store.passages())
    assert [s.number for s in standards] == [1, 2, 3, 4, 5, 6]
    assert [s.title for s in standards][:2] == ["Actueel profiel", "Ondersteuningsteam"]
    assert all(s.document == SWV_PLAN and s.swv.endswith("VO Dijkerland") for s in standards)
    assert standards[5].text.startswith("Iedere school heeft een pestprotocol")


def test_coverage_per_school_and_standard(planted: Assistant) -> None:
    rows = planted.coverage()
    schools = {c.document for c in rows}
    # VO Dijkerland's standards apply to its VO schools, not to primary De Wilgenhoek.
    assert WILGENHOEK not in schools and {KOMPAS, BAKEN} <= schools
    kompas = {c.standard.number: c.citation for c in rows if c.document == KOMPAS}
    assert sorted(kompas) == [1, 2, 3, 4, 5, 6]
    assert kompas[2] is not None and "ondersteuningsteam" in kompas[2].text.lower()
    assert kompas[6] is not None and "pest" in kompas[6].text.lower()
    # The two-line concept SOP has nothing on safety (standard 6).
    concept = {
        c.standard.number: c.citation
        for c in rows
        if c.document == "sop-praktijkschool-het-baken-concept.pdf"
    }
    assert concept and concept[6] is None


def test_a_standard_heading_that_runs_on_is_cut_to_its_title() -> None:
    from steunwijzer.types import DocumentInfo, Passage

    run_on = "Standaard 2: De school begeleidt het gedrag van de leerlingen " + "tabelcel " * 300
    text = (
        "Standaard 1: De school begeleidt het leren. a. Docenten volgen de leerlingen.\n" + run_on
    )
    info = DocumentInfo("d1", "rapport.pdf", "/x/rapport.pdf", "Rapport", "rapport", swv="SWV X")
    passage = Passage("c1", "d1", "rapport.pdf", "Rapport", 3, "", text, 1.0, ((0, 3),))
    standards = standards_in([info], [passage])
    assert [s.number for s in standards] == [1, 2]
    assert standards[0].title == "De school begeleidt het leren."
    assert len(standards[1].title.split()) <= 21 and standards[1].title.endswith("…")
    assert all(s.page == 3 and s.swv == "SWV X" for s in standards)


@pytest.mark.parametrize(
    ("sentence", "thing", "expected"),
    [
        ("Aan tafel zit de orthopedagoog van SWV Rivierduin.", "orthopedagoog", True),
        ("De orthopedagoog van de school is er op dinsdag.", "orthopedagoog", False),
        ("Orthopedagoog | Aanwezig: ja | 16 uur", "orthopedagoog", False),
    ],
)
def test_a_thing_of_the_swv_is_not_the_schools(sentence: str, thing: str, expected: bool) -> None:
    assert belongs_elsewhere(sentence, thing) is expected


def test_which_school_of_two_named_ones_is_a_comparison(demo_index: DemoIndex) -> None:
    question = "Welke school heeft een lift, Het Baken of Het Kompas College?"
    answer = demo_index.assistant.ask(question)
    assert answer.kind == "comparison"
    assert "Het Baken" in answer.text and "Kompas" in answer.text


def test_a_school_whose_list_lost_its_tick_is_named_apart() -> None:
    """A need named as a bare row of an availability list whose tick a PDF lost is neither
    offered nor at the limits: the school is listed apart, to ask."""
    from steunwijzer.profiles.needs import needs_in
    from steunwijzer.profiles.suitability import Verdict
    from steunwijzer.types import Citation, Passage

    def mention(school: str, text: str, verdict: Verdict) -> Mention:
        passage = Passage("c", "d", f"{school}.pdf", school, 2, "", text, 1.0)
        citation = Citation(0, passage.document, school, 2, text)
        return Mention(
            school, passage.document, verdict != Verdict.LIMIT, citation, passage, verdict
        )

    need = needs_in("dyslexie")[0]
    answer = mentions_answer(
        "Welke scholen kunnen kinderen met dyslexie begeleiden?",
        "kinderen met dyslexie",
        [
            mention("De Zandloper", "Wij hebben een dyslexiespecialist.", Verdict.OFFERED),
            mention("De Wegwijzer", "Dyslexie", Verdict.UNKNOWN),
        ],
        need,
    )
    offered, unknown = answer.text.split("maar zeggen niet of ze het bieden")
    assert "De Zandloper" in offered and "De Wegwijzer" not in offered
    assert "De Wegwijzer" in unknown and [c.n for c in answer.citations] == [1, 2]


def test_a_school_named_only_by_the_swvs_overview_is_listed_apart() -> None:
    from steunwijzer.profiles.schools_with import _row_says_no, _same
    from steunwijzer.retrieval.entities import SCHOOL_IN_TEXT

    text = (
        "Op drie basisscholen is een plusklas: PCB De Sterrenmolen in Ruigeweide, Kindcentrum "
        "De Boomgaard in Haverlo en OBS De Kiekendief in Veldhaven; vo-leerlingen gaan naar het "
        "Spoorzicht College."
    )
    found = [m.group(0) for m in SCHOOL_IN_TEXT.finditer(text)]
    assert found == [
        "PCB De Sterrenmolen", "Kindcentrum De Boomgaard", "OBS De Kiekendief", "Spoorzicht College"
    ]  # fmt: skip
    assert _same("PCB De Sterrenmolen", "pcb de sterrenmolen")
    assert _same("OBS De Kiekendief", "de kiekendief")
    assert not _same("OBS De Kiekendief", "pcb de sterrenmolen")
    terms = words  # the index's terms stand in for its stems here
    assert _row_says_no("Time-outruimte nee", "time-outruimte", terms)
    assert _row_says_no("Lift | niet aanwezig", "lift", terms)
    assert not _row_says_no("Lift | nee, wel een traplift", "traplift", terms)
    text = "Het Prielpunt is onze time-outruimte, en nee, die is niet klein."
    assert not _row_says_no(text, "time-outruimte", terms)
    assert not _same("OBS De Linde", "Basisschool De Lindeboom")


def test_which_schools_of_an_swv_cites_its_overview_for_a_school_without_sop(
    tmp_path: Path, embedder: NamedEmbeddings
) -> None:
    sop = (
        "Schoolondersteuningsprofiel Basisschool De Akker\n\nSamenwerkingsverband SWV Testland\n\n"
        "De Akker heeft een plusklas voor kinderen uit groep 5 tot en met 8. Kinderen die "
        "even tot rust moeten komen, gaan naar onze time-outruimte."
    )
    overview = (
        "Arrangementen van SWV Testland\n\nSamenwerkingsverband SWV Testland\n\n"
        "Een plusklas is er op Basisschool De Akker en op OBS De Kiekendief.\n\n"
        "Tot het samenwerkingsverband hoort ook SO De Ankerplaats, voor cluster 4."
    )
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "sop-basisschool-de-akker-2025.txt").write_text(sop, encoding="utf-8")
    (folder / "arrangementen-swv-testland-2025.txt").write_text(overview, encoding="utf-8")
    assistant = assistant_for(tmp_path / "store", embedder)
    report = assistant.ingest(sorted(folder.iterdir()))
    assert not report.failed, report.failed
    answer = assistant.ask("Welke scholen in SWV Testland hebben een plusklas?")
    assert answer.kind == "which_schools" and answer.answered
    ours, swv = answer.text.split("Het samenwerkingsverband noemt in zijn eigen documenten ook")
    assert "De Akker" in ours and "Kiekendief" not in ours
    assert "OBS De Kiekendief" in swv and "De Akker:" not in swv
    # a school that only the SWV's paper names: not answered from another school's SOP
    unprofiled = assistant.ask("Heeft SO De Ankerplaats in SWV Testland een time-outruimte?")
    assert not unprofiled.answered
