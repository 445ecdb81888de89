"""What a chat answer quotes and what the language model reads: the best-ranked sentences of
the best passages, with the sentence around each and the list it introduces, within a word
budget; real index, real embedder, a fictional SOP."""

from __future__ import annotations

import pytest
from helpers import DEMO_PDFS, DemoIndex, assistant_for

from steunwijzer.answering.evidence import unknown_names, unnamed_schools
from steunwijzer.answering.excerpts import QUOTE_WORDS
from steunwijzer.assistant import Assistant
from steunwijzer.generation.claims import split_claims
from steunwijzer.generation.generate import context
from steunwijzer.language.headings import is_heading as _is_heading

SOP = """Schoolondersteuningsprofiel Basisschool De Lijster

Inleiding
Basisschool De Lijster staat in een rustige wijk. De school heeft 210 leerlingen in acht groepen.
Het gebouw is uit 1978 en heeft twee verdiepingen.

Het ondersteuningsteam
Op De Lijster bespreekt het ondersteuningsteam leerlingen die meer nodig hebben. Het team komt
zes keer per jaar bij elkaar. Aan tafel zitten:
• de intern begeleider
• de schoolmaatschappelijk werker
• de jeugdverpleegkundige van de GGD

Schoolreis
De groepen 7 en 8 gaan elk jaar drie dagen op kamp naar Texel. Ouders betalen daarvoor een
bijdrage van 95 euro per kind.

Kangoeroeklas
Leerlingen die meer aankunnen werken daar een ochtend per week aan eigen projecten.

3. Dit is een voetnoot die als een zin leest en met een punt eindigt, dus geen kop.
"""
ZWALUW = """Schoolondersteuningsprofiel Basisschool De Zwaluw

Inleiding
Basisschool De Zwaluw is een school met 180 leerlingen in zeven groepen.

Specialisten op school
Remedial teacher niet aanwezig
Logopedist aanwezig
Orthopedagoog extern
"""
# Two sentences answer the question, each between two long sentences that do not.
REIGER = """Schoolondersteuningsprofiel Basisschool De Reiger

Vervoer
De gemeente heeft in overleg met de ouderraad en de wijkvereniging besloten dat het plein voor de \
school in de ochtend geheel autovrij blijft. Leerlingen met een lichamelijke beperking reizen met \
het leerlingenvervoer van de gemeente. Ouders vragen dit ieder schooljaar opnieuw aan bij het \
loket van de gemeente en krijgen binnen zes weken bericht van de afdeling onderwijs.

Ingang
De conciërge opent om acht uur de zij-ingang aan de Parklaan, zodat rolstoelen en rollators \
zonder drempels naar binnen kunnen rijden. Het leerlingenvervoer stopt elke ochtend om kwart over \
acht bij die zij-ingang. Wie later komt, meldt zich eerst bij de administratie in de centrale hal \
en wacht daar rustig tot de conciërge of een leerkracht hem komt ophalen.
"""


@pytest.fixture(scope="module")
def lijster(tmp_path_factory, embedder) -> Assistant:
    """The demo corpus and De Lijster's SOP, indexed."""
    folder = tmp_path_factory.mktemp("lijster")
    (folder / "sop-de-lijster.txt").write_text(SOP, encoding="utf-8")
    assistant = assistant_for(folder / "store", embedder)
    assistant.ingest([folder / "sop-de-lijster.txt", *DEMO_PDFS])
    return assistant


def test_the_quote_holds_the_fact_after_the_matching_sentence_and_the_list(
    lijster: Assistant,
) -> None:
    assistant = lijster
    answer = assistant.ask("Hoe vaak komt het ondersteuningsteam van De Lijster bij elkaar?")
    assert answer.answered and not answer.generated
    assert "zes keer per jaar" in answer.text
    answer = assistant.ask("Wie zitten er in het ondersteuningsteam van De Lijster?")
    assert "intern begeleider" in answer.text and "jeugdverpleegkundige" in answer.text
    # Every sentence of the answer cites its passage, and every quote is verbatim text of it
    # (a list's line breaks are written as spaces).
    assert all(cited for _, cited in split_claims(answer.text))
    for citation in answer.citations:
        assert citation.text in " ".join(answer.passages[citation.n - 1].text.split())
        assert f"{citation.text} [{citation.n}]" in answer.text


def test_excerpts_keep_to_their_budget_and_mark_what_is_left_out(lijster: Assistant) -> None:
    assistant = lijster
    assessment = assistant.answerer.assess("Hoeveel kost het kamp op De Lijster?", 5)
    small = assistant.answerer.excerpts(assessment, 30)
    large = assistant.answerer.excerpts(assessment, QUOTE_WORDS)
    words = sum(
        len(assessment.passages[n - 1].text[start:end].split())
        for n, spans in small.items()
        for start, end in spans
    )
    assert 0 < words <= 30 * 1.15
    assert sum(map(len, large.values())) > sum(map(len, small.values()))
    text = context(assessment.passages, small)
    assert "95 euro" in text and "De Lijster (pagina 1)" in text
    assert "…" in text  # sentences left out are marked
    assert "1978" not in text


def test_the_best_sentences_come_before_the_sentences_around_them(tmp_path, embedder) -> None:
    # Either answering sentence with both its neighbours fills the budget; the other one must
    # still be read.
    (tmp_path / "sop-de-reiger.txt").write_text(REIGER, encoding="utf-8")
    assistant = assistant_for(tmp_path / "store", embedder)
    assistant.ingest([tmp_path / "sop-de-reiger.txt", *DEMO_PDFS])
    assessment = assistant.answerer.assess("Hoe werkt het leerlingenvervoer op De Reiger?", 5)
    excerpts = assistant.answerer.excerpts(assessment, 60)
    text = context(assessment.passages, excerpts)
    assert "reizen met het leerlingenvervoer" in text
    assert "kwart over acht" in text


def test_a_grammatical_suffix_after_an_apostrophe_is_not_an_unknown_name(
    lijster: Assistant,
) -> None:
    assistant = lijster
    vocabulary = assistant.retriever.lexical.vocabulary
    assert unknown_names("Basisschool De Lijster'de asansör var mı?", vocabulary) == []
    assert unknown_names("Basisschool De Merel'de asansör var mı?", vocabulary) == ["De Merel'de"]
    entities = assistant.retriever.entities
    assert unnamed_schools("Basisschool De Lijster'de asansör var mı?", entities) == []
    assert unnamed_schools("Basisschool De Merel'de asansör var mı?", entities) != []
    # A special school or a campus that has no SOP here, also when a document names it.
    assert unnamed_schools("Heeft SO De Ankerplaats een time-out ruimte?", entities) != []
    assert unnamed_schools("Heeft Campus Noordzij een lift?", entities) != []
    assert unnamed_schools("is the school so big?", entities) == []  # English 'so'
    # 'campus', 'so' as ordinary words name no school
    assert unnamed_schools("Heeft de campus extra begeleiding?", entities) == []
    assert unnamed_schools("Wat doen kinderen op het so de hele dag?", entities) == []


def test_a_sentence_is_matched_with_the_heading_above_it(lijster: Assistant) -> None:
    # The sentence under 'Kangoeroeklas' shares no word with the question; its heading does.
    answer = lijster.ask("Wat is de kangoeroeklas op De Lijster?")
    assert answer.answered
    assert "een ochtend per week aan eigen projecten" in answer.text


def test_the_rows_of_a_table_are_sentences_not_headings(tmp_path, embedder) -> None:
    # Short lines one after another are a table's rows: each can answer, not only head.
    (tmp_path / "sop-de-zwaluw.txt").write_text(ZWALUW, encoding="utf-8")
    assistant = assistant_for(tmp_path / "store", embedder)
    assistant.ingest([tmp_path / "sop-de-zwaluw.txt", *DEMO_PDFS])
    answer = assistant.ask("Heeft De Zwaluw een logopedist?")
    assert answer.answered
    assert "Logopedist aanwezig" in answer.text


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("Inleiding", True),
        ("5.1 Groepsgrootte", True),
        ("Wat doet de school als het niet lukt?", True),
        (
            "3. Dit is een voetnoot die als een zin leest en met een punt eindigt, dus geen kop.",
            False,
        ),
        ("Het team komt zes keer per jaar bij elkaar.", False),
        ("Groepsgrootte 13", False),
    ],
)
def test_headings_are_told_from_sentences(text: str, heading: bool) -> None:
    assert _is_heading(text) is heading


BOARD = (
    "Schoolondersteuningsprofiel Basisschool {school}\n\n"
    "Over de school\n"
    "{about}\n\n"
    "Het ondersteuningsteam\n"
    "Het ondersteuningsteam van stichting Vogelzang komt zes keer per jaar bij elkaar.\n"
    "b.\n"
    "In het team van {school} zit ook {member}.\n"
)
SCHOOLS = (
    (
        "De Merel",
        "een orthopedagoog",
        "De Merel is een kleine dorpsschool met een grote moestuin. Alle groepen werken twee "
        "middagen per week buiten.",
    ),
    (
        "De Vink",
        "een logopedist",
        "De Vink staat midden in de stad en heeft een eigen bibliotheek. Leerlingen lezen elke "
        "ochtend een kwartier in een boek naar keuze.",
    ),
)


def test_a_sentence_that_two_documents_share_is_quoted_once(tmp_path, embedder) -> None:
    # Two schools of one board repeat the board's sentence; the bare 'b.' beside it says
    # nothing on its own and is not quoted.
    for school, member, about in SCHOOLS:
        name = school.lower().replace(" ", "-")
        text = BOARD.format(school=school, member=member, about=about)
        (tmp_path / f"sop-{name}.txt").write_text(text, encoding="utf-8")
    assistant = assistant_for(tmp_path / "store", embedder)
    assistant.ingest([*sorted(tmp_path.glob("*.txt")), *DEMO_PDFS])
    answer = assistant.ask(
        "Hoe vaak komt het ondersteuningsteam van stichting Vogelzang bij elkaar?"
    )
    documents = {p.document for p in answer.passages}
    assert answer.answered and {"sop-de-merel.txt", "sop-de-vink.txt"} <= documents
    assert answer.text.count("zes keer per jaar") == 1
    assert "b. [" not in answer.text


def test_what_the_glossary_reads_in_a_schools_name_is_no_term_of_the_question(
    demo_index: DemoIndex,
) -> None:
    ranker = demo_index.assistant.pipeline.answerer.ranker
    named = ranker.weighted_terms("Hoe vaak vergadert SWV VO Dijkerland?")
    asked = ranker.weighted_terms("Hoe vaak vergadert het samenwerkingsverband?")
    assert "samenwerkingsverband" in " ".join(asked)
    assert "samenwerkingsverband" not in " ".join(named) and "voortgezet" not in " ".join(named)
