"""School profiles and `compare`, checked against the known facts of the demo corpus
(corpus/FACTS.md) and of De Poort's SOP in the shared corpus."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import BAKEN, DEMO_PDFS, KOMPAS, SWV_PLAN, WILGENHOEK, DemoIndex, run_cli, write_pdf

from steunwijzer.assistant import Assistant
from steunwijzer.errors import ConfigError
from steunwijzer.profiles.compare import rows, select, to_csv, to_json, to_markdown
from steunwijzer.profiles.fields import FIELDS
from steunwijzer.profiles.profile import (
    NOT_MENTIONED,
    UNKNOWN_AVAILABILITY,
    Profile,
    Status,
    is_bare_label,
)


@pytest.fixture(scope="module")
def profiles(demo_index: DemoIndex) -> dict[str, Profile]:
    return {p.document: p for p in demo_index.assistant.profiles()}


def test_every_sop_gets_a_profile_and_nothing_else(profiles: dict[str, Profile]) -> None:
    assert set(profiles) == {BAKEN, KOMPAS, WILGENHOEK}  # not the SWV plan
    assert SWV_PLAN not in profiles
    for profile in profiles.values():
        assert list(profile.values) == [f.key for f in FIELDS]


def test_every_value_is_a_quote_from_its_own_document(
    profiles: dict[str, Profile], demo_index: DemoIndex
) -> None:
    texts: dict[str, str] = {}
    for passage in demo_index.store.passages():
        texts[passage.document] = texts.get(passage.document, "") + "\n" + passage.text
    for document, profile in profiles.items():
        for key, value in profile.values.items():
            if key in ("school", "swv", "date") or not value.mentioned:
                continue
            assert value.citations, (document, key)
            for citation in value.citations:
                assert citation.document == document
                assert citation.text in texts[document], (document, key, citation.text)


@pytest.mark.parametrize(
    ("document", "field", "expected", "page"),
    [
        (BAKEN, "accessibility", "heeft een lift", 4),
        (KOMPAS, "accessibility", "geen lift", 3),
        (BAKEN, "team_meetings", "tien keer per schooljaar", 5),
        (KOMPAS, "team_meetings", "zes keer per schooljaar", 5),
        (WILGENHOEK, "team_meetings", "vijf keer per schooljaar", 4),
        (WILGENHOEK, "class_size", "ten hoogste 28", None),
        (BAKEN, "class_size", "14 leerlingen", 6),
        (BAKEN, "class_size", "ten hoogste 16", 6),
        # A flattened table under its heading "5.1 Groepsgrootte": average and maximum per
        # department, not the limit of support that mentions a group of twelve.
        (KOMPAS, "class_size", "LWOO-klassen (vmbo basis/kader) 15 16", 6),
        (KOMPAS, "class_size", "Havo 27 30", 6),
        (WILGENHOEK, "type", "basisonderwijs", 1),
        (BAKEN, "type", "Praktijkonderwijs", 1),
        (KOMPAS, "type", "havo", 1),
        # Who is in the team: the sentence that introduces the members, with its list.
        (BAKEN, "team", "In het OT zitten: • de zorgcoördinator (voorzitter)", 5),
        (WILGENHOEK, "team", "• de ouders;", 4),
        # The limits of support: the statement and the list it introduces.
        (KOMPAS, "limits", "geen passend onderwijs bieden aan: • leerlingen die een rolstoel", 5),
        (WILGENHOEK, "limits", "niet de juiste school zijn. Dat is zo bij: • kinderen", 5),
        # Contact: the table under "7. Contact voor ouders", whose number stands on its own line.
        (WILGENHOEK, "contact", "Intern begeleider mevrouw Fenna Roodhart ib@dewilgenhoek", 6),
        (BAKEN, "contact", "Neem dan contact op met de zorgcoördinator.", 7),
        # Protocols: the items of the list under "3.4 Protocollen", not the sentence that
        # introduces it.
        (KOMPAS, "protocols", "; Pestprotocol, met een anti-pestcoördinator", 4),
        (WILGENHOEK, "protocols", "; Meldcode huiselijk geweld en kindermishandeling;", 4),
    ],
)
def test_known_facts_are_found_with_their_page(
    profiles: dict[str, Profile], document: str, field: str, expected: str, page: int | None
) -> None:
    value = profiles[document].values[field]
    assert expected in value.text
    if page is not None:
        assert page in {c.page for c in value.citations}


def test_metadata_fields(profiles: dict[str, Profile]) -> None:
    baken = profiles[BAKEN].values
    assert baken["school"].text == "Praktijkschool Het Baken"
    assert baken["swv"].text.endswith("VO Dijkerland")
    assert "2019" in baken["date"].text


def test_a_lift_the_document_never_mentions_is_not_claimed(profiles: dict[str, Profile]) -> None:
    # De Wilgenhoek's SOP does not say whether there is a lift.
    value = profiles[WILGENHOEK].values["accessibility"]
    assert "lift" not in value.text.lower()


def test_a_thin_sop_says_niet_vermeld(new_assistant, tmp_path: Path) -> None:
    pdf = write_pdf(
        tmp_path / "sop-obs-de-zandloper.pdf",
        [
            [
                "Schoolondersteuningsprofiel OBS De Zandloper (fictief)",
                "OBS De Zandloper is een openbare basisschool in Dijkerhaven.",
                "Het gebouw van OBS De Zandloper heeft een lift naar de eerste verdieping.",
            ]
        ],
        title="Schoolondersteuningsprofiel OBS De Zandloper",
    )
    assistant: Assistant = new_assistant()
    # Beside the demo corpus: the answerer's decision is calibrated on a real-sized index.
    assistant.ingest([*DEMO_PDFS, pdf])
    profile = next(p for p in assistant.profiles() if p.document == pdf.name)
    values = profile.values
    assert "lift" in values["accessibility"].text
    for key in ("team_meetings", "class_size", "protocols"):
        assert values[key].text == NOT_MENTIONED and not values[key].citations, key


def test_profiles_are_cached_and_rebuilt_when_the_document_changes(
    new_assistant, tmp_path: Path
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for pdf in DEMO_PDFS:
        shutil.copy(pdf, folder)
    source = folder / BAKEN
    assistant: Assistant = new_assistant()
    assistant.ingest([folder])
    first = assistant.profiles()
    cache = assistant.settings.profile_cache
    assert cache.exists()
    # The cache is read back as it was written.
    assert new_assistant().profiles() == first
    changed = write_pdf(
        source,
        [["Schoolondersteuningsprofiel Praktijkschool Het Baken",
          "Het OT komt twaalf keer per schooljaar bij elkaar."]],
        title="Schoolondersteuningsprofiel Praktijkschool Het Baken",
    )  # fmt: skip
    assistant.ingest([changed])
    again = {p.document: p for p in assistant.profiles()}
    assert "twaalf keer" in again[BAKEN].values["team_meetings"].text
    # The other documents' profiles come from the cache unchanged.
    assert again[KOMPAS] == next(p for p in first if p.document == KOMPAS)


def test_bare_table_labels_are_recognised() -> None:
    assert is_bare_label("Lift")
    assert is_bare_label("Ruimte voor een time-out")
    assert not is_bare_label("De school beschikt over een lift.")
    assert not is_bare_label("Orthopedagoog 2 dagen")


def test_compare_selects_by_short_name_and_marks_differences(
    profiles: dict[str, Profile],
) -> None:
    chosen = select(list(profiles.values()), ["Het Kompas", "Het Baken"])
    assert [p.document for p in chosen] == [KOMPAS, BAKEN]
    by_key = {row.key: row for row in rows(chosen)}
    assert by_key["accessibility"].differs
    assert not by_key["swv"].differs  # both in SWV VO Dijkerland
    table = to_markdown(chosen).splitlines()
    assert len(table) == 2 + len(FIELDS)
    assert table[0] == "| Onderdeel | Het Kompas College | Praktijkschool Het Baken | Verschil |"
    lift_row = next(line for line in table if line.startswith("| Gebouw"))
    assert "geen lift" in lift_row and "p. 3" in lift_row and "heeft een lift" in lift_row
    assert len(to_csv(chosen).splitlines()) == 1 + 2 * len(FIELDS)
    data = json.loads(to_json(chosen))
    assert [s["school"] for s in data["schools"]] == [
        "Het Kompas College",
        "Praktijkschool Het Baken",
    ]


def test_compare_refuses_an_unknown_school_in_dutch(profiles: dict[str, Profile]) -> None:
    with pytest.raises(ConfigError, match="Geen schoolondersteuningsprofiel gevonden"):
        select(list(profiles.values()), ["De Regenboog"])


@pytest.mark.slow
def test_cli_compare(demo_index: DemoIndex) -> None:
    result = run_cli(
        ["compare", "Het Kompas", "De Wilgenhoek", "--format", "json"], demo_index.store_dir
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    meetings = next(r for r in data["rows"] if r["field"] == "team_meetings")
    assert "zes keer" in meetings["values"][0]["text"]
    assert "vijf keer" in meetings["values"][1]["text"]
    missing = run_cli(["compare", "De Regenboog"], demo_index.store_dir)
    assert missing.returncode == 1 and "Geen schoolondersteuningsprofiel" in missing.stderr


@pytest.mark.slow
def test_de_poort_profile(shared_corpus: Path, new_assistant) -> None:
    assistant: Assistant = new_assistant()
    assistant.ingest([shared_corpus])
    (profile,) = assistant.profiles()  # the one SOP among the five documents
    values = profile.values
    assert profile.school == "Praktijkschool De Poort"
    assert "beschikt over een lift" in values["accessibility"].text
    assert 9 in {c.page for c in values["accessibility"].citations}
    assert values["date"].text == "november 2023"
    assert "ongeveer 17 leerlingen" in values["class_size"].text
    # The sentence that states how often, not a definition of the support team.
    assert "6 keer per jaar" in values["team_meetings"].text
    assert 12 in {c.page for c in values["team_meetings"].citations}
    assert "Voortgezet onderwijs" in values["type"].text
    assert "bestaat in ieder geval uit de: • Deskundige van het samenwerkingsverband" in (
        values["team"].text
    )
    assert "Protocol anti-pesten Actief toegepast" in values["protocols"].text
    # Lists: the items of the SOP's tables, each with its page; the drawn ticks are lost, so
    # every specialist, facility and offer is named with its availability unknown, and the
    # protocols say "Actief toegepast" in words.
    specialists = {i.text: i for i in values["specialists"].items}
    assert {"Orthopedagoog", "NT2-docent", "Didactisch coach"} <= set(specialists)
    assert {i.status for i in specialists.values()} == {Status.UNKNOWN}
    assert "is een deskundige" not in values["specialists"].text  # no glossary definitions
    facilities = {i.text: i for i in values["facilities"].items}
    assert facilities["Kleine klas"].status == Status.UNKNOWN
    assert facilities["Kleine klas"].citation.page == 8
    assert len(values["offer"].items) == 9
    assert {i.status for i in values["protocols"].items} == {Status.STATED}
    assert "Praktijkonderwijs (PRO)" in values["type"].text
    # The SOP names no contact for parents ("geen contact kunnen leggen" is a limit).
    assert values["contact"].text == NOT_MENTIONED


def test_a_profile_reads_labelled_rows_and_keeps_to_what_is_stated(
    new_assistant, tmp_path: Path
) -> None:
    # The layout of a common SOP form: label rows, a tick-less availability table, the
    # support team described in one place and its meetings in another.
    pdf = write_pdf(
        tmp_path / "sop-sbo-de-vuurtoren.pdf",
        [
            [
                "Schoolondersteuningsprofiel SBO De Vuurtoren (fictief)",
                "2.1 Algemene gegevens",
                "Onderwijstype",
                "Speciaal basisonderwijs (SBO)",
                "Gemiddelde groepsgrootte",
                "13",
                "3.4 Fysieke ruimten",
                "Lift",
                "Ruimte voor een time-out",
                "Het gaat om ruimten die de fysieke toegankelijkheid van onze school vergroten.",
            ],
            [
                "4.1 Ondersteuningsroute",
                "Het ondersteuningsteam (OT) bestaat uit de IB'er en de orthopedagoog.",
                "Wij kunnen geen leerlingen helpen die de hele dag in een groep van 6 leerlingen",
                "moeten werken.",
                "Het OT bespreekt leerlingen met wie het niet goed gaat.",
                "Dat gebeurt om de zes weken.",
            ],
        ],
        title="Schoolondersteuningsprofiel SBO De Vuurtoren",
    )
    assistant: Assistant = new_assistant()
    assistant.ingest([*DEMO_PDFS, pdf])
    values = next(p for p in assistant.profiles() if p.document == pdf.name).values
    assert values["type"].text == "Speciaal basisonderwijs (SBO)"
    assert values["class_size"].text == "Gemiddelde groepsgrootte 13"
    # The team is named in the sentence before the one that says how often.
    assert values["team_meetings"].text == "Dat gebeurt om de zes weken."
    # Only the table's label: the tick was lost, and the introduction says nothing of a lift.
    assert values["accessibility"].status == UNKNOWN_AVAILABILITY
    assert values["accessibility"].text == "Lift"
