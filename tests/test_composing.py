"""Answers composed by kind of question, without a language model: the kind read from the
words, the first line built from the documents' own sentences, a verdict for suitability."""

from __future__ import annotations

import re

import pytest
from helpers import BAKEN, KOMPAS, WILGENHOEK, DemoIndex

from steunwijzer.answering.sentences import Sentence
from steunwijzer.composing.facts import lead_sentence
from steunwijzer.composing.kinds import KindReader, QuestionKind, rule_kind
from steunwijzer.composing.typed import asks_particular, gives, measures
from steunwijzer.language.headings import with_list
from steunwijzer.profiles.needs import need
from steunwijzer.profiles.suitability import Verdict, suitability
from steunwijzer.types import Answer, Passage


@pytest.mark.parametrize(
    ("question", "schools", "kind"),
    [
        ("Kan mijn zoon met autisme terecht op Het Kompas College?", ["Kompas"], "suitability"),
        ("Welke ondersteuning biedt De Wilgenhoek?", ["Wilgenhoek"], "overview"),
        ("Welke heeft een lift, Het Kompas of Het Baken?", ["Kompas", "Baken"], "comparison"),
        ("Welke scholen hebben een remedial teacher?", [], "which_schools"),
        ("Is er een school met een plusklas?", [], "which_schools"),
        ("wanneer verwijst de school een kind door naar een andere school", [], "list"),
        ("Wanneer is de open dag?", [], "quantity"),
        ("is sbo de wissel een goede school voor een meisje dat zml is", ["Wissel"], "suitability"),
        ("Hoe vaak komt het ondersteuningsteam bij elkaar?", [], "quantity"),
        ("Wie is de intern begeleider van De Wilgenhoek?", ["Wilgenhoek"], "who"),
        ("Wat is een OPP?", [], "definition"),
        ("Heeft Het Baken een time-out ruimte?", ["Baken"], "yes_no"),
        ("Wanneer is het ondersteuningsprofiel van De Lariks vastgesteld?", ["Lariks"],
         "quantity"),
        ("Wat verstaat Het Vennewater College onder een arrangement?", ["Vennewater"],
         "definition"),
        ("Overzicht van het ondersteuningsaanbod van De Priel", ["Priel"], "overview"),
        ("Geef me een overzicht van de zorg op De Zeekraal", ["Zeekraal"], "overview"),
        ("Hoe komt mijn kind op SBO De Kluut?", ["Kluut"], "route"),
        # a compound names the child; 'passend voor', 'helpen' ask whether the school fits
        ("Is Campus Geulmonde passend voor een havoleerling met autisme?", ["Geulmonde"],
         "suitability"),
        ("mijn dochter leert nog maar net nederlands. kan het zeegras haar helpen", ["Zeegras"],
         "suitability"),
    ],
)  # fmt: skip
def test_the_kind_of_a_question_is_read_from_its_words(
    question: str, schools: list[str], kind: str
) -> None:
    assert rule_kind(question, schools) == QuestionKind(kind)
    assert rule_kind("Hoe komt mijn kind tot rust in de klas?") != QuestionKind.ROUTE


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Trainingen die de school biedt?", "list"),
        ("De grootte van een klas?", "quantity"),
        ("Als de ondersteuning niet genoeg is?", "route"),
    ],
)
def test_a_question_no_rule_places_gets_the_kind_of_its_nearest_examples(
    embedder, question: str, kind: str
) -> None:
    assert rule_kind(question) is None
    assert KindReader(embedder).kind(question) == QuestionKind(kind)
    assert KindReader(None).kind(question) == QuestionKind.OTHER  # no embedder, no guess


def cited_documents(answer: Answer) -> set[str]:
    return {c.document for c in answer.citations}


def cites_every_sentence(answer: Answer) -> bool:
    """Every [n] in the answer is one of its citations."""
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    return bool(numbers) and numbers <= {c.n for c in answer.citations}


def test_a_limit_the_sop_states_is_the_verdict_with_its_quote(demo_index: DemoIndex) -> None:
    answer = demo_index.assistant.ask("Kan mijn zoon in een rolstoel naar Het Kompas College?")
    assert answer.answered and answer.kind == QuestionKind.SUITABILITY
    assert answer.verdict == Verdict.LIMIT
    assert answer.lead.startswith("Dit kan de school volgens haar profiel niet bieden.")
    assert "lift" in answer.lead.lower() and cites_every_sentence(answer)
    assert cited_documents(answer) == {KOMPAS}


def test_a_need_the_sop_asks_parents_to_discuss_is_a_verdict_after_talking(
    demo_index: DemoIndex,
) -> None:
    # De Wilgenhoek's SOP has no word on a lift; it asks parents of a child with a physical
    # disability to talk to the IB'er first.
    answer = demo_index.assistant.ask("Kan mijn dochter in een rolstoel naar De Wilgenhoek?")
    assert answer.kind == QuestionKind.SUITABILITY
    assert answer.verdict == Verdict.CONDITIONAL
    assert "lift" not in answer.lead.lower() and cites_every_sentence(answer)
    assert cited_documents(answer) == {WILGENHOEK}


def test_an_overview_is_the_profile_in_short_cited_sections(demo_index: DemoIndex) -> None:
    answer = demo_index.assistant.ask("Welke ondersteuning biedt Het Kompas College?")
    assert answer.answered and answer.kind == QuestionKind.OVERVIEW
    assert cited_documents(answer) == {KOMPAS}
    assert len(answer.citations) >= 3 and cites_every_sentence(answer)
    text = answer.text.lower()
    assert "remedial teacher" in text or "kompaskamer" in text


def test_a_comparison_answers_for_every_named_school_each_cited(demo_index: DemoIndex) -> None:
    answer = demo_index.assistant.ask("Welke heeft een lift, Het Kompas College of Het Baken?")
    assert answer.answered and answer.kind == QuestionKind.COMPARISON
    lines = {line.split(":")[0].strip("- "): line for line in answer.lead.splitlines()[1:]}
    assert set(lines) == {"Het Kompas College", "Praktijkschool Het Baken"}
    assert "geen lift" in lines["Het Kompas College"]
    assert "heeft een lift" in lines["Praktijkschool Het Baken"]
    assert cited_documents(answer) == {KOMPAS, BAKEN}


def test_a_question_for_a_number_gets_the_sentence_with_the_number_first(
    demo_index: DemoIndex,
) -> None:
    answer = demo_index.assistant.ask("Hoe vaak komt het OT van De Wilgenhoek bij elkaar?")
    assert answer.answered and answer.kind == QuestionKind.QUANTITY
    assert "vijf keer" in answer.lead and WILGENHOEK in cited_documents(answer)


def _passage(text: str) -> Passage:
    return Passage("c1", "d1", "sop.pdf", "SOP", 1, "Gedrag", text, 1.0)


def test_a_first_line_that_points_back_is_quoted_with_the_sentence_before_it() -> None:
    text = "Wie uit de les gaat, meldt zich bij de Meldpost. Dat is onze time-out ruimte."
    second = text.index("Dat")
    ranking = [Sentence(1, 1, second, len(text), 0.5, 0.8, 0.8)]
    lead = lead_sentence(
        QuestionKind.OTHER, "Is er een time-out ruimte?", ranking, [_passage(text)]
    )
    assert lead is not None and (lead.start, lead.end) == (0, len(text))
    alone = "Er is een time-out ruimte."
    ranking = [Sentence(1, 0, 0, len(alone), 0.5, 0.8, 0.8)]
    lead = lead_sentence(
        QuestionKind.OTHER, "Is er een time-out ruimte?", ranking, [_passage(alone)]
    )
    assert lead is not None and (lead.start, lead.end) == (0, len(alone))


@pytest.mark.parametrize(
    ("sentence", "gives_it"),
    [
        ("Voor het project is een schoolmaatschappelijk werker aangesteld.", False),
        ("In het project op Pro Grotius werkt een maatschappelijk werker.", False),  # asked
        ("om de school Doelen Voor het werken zijn geformuleerd", False),  # a heading's words
        ("De maatschappelijk werker is mevrouw Anouk Verbeek.", True),
        ("Contact: mevrouw Anouk\nVerbeek, smw@school.example.nl", True),
    ],
)
def test_a_question_for_a_name_is_answered_only_by_a_name(sentence: str, gives_it: bool) -> None:
    question = "Hoe heet de maatschappelijk werker op het Pro Grotius College?"
    for kind in (QuestionKind.WHO, QuestionKind.OTHER):
        assert gives(kind, question, sentence) is gives_it
    assert asks_particular(question) and not asks_particular("Wie zit in het OT?")


@pytest.mark.parametrize(
    ("question", "sentence", "gives_it"),
    [
        # 'Wie is de directeur': only a sentence naming that role answers it.
        ("Wie is de directeur van De Brug?", "De leerplichtambtenaar van de gemeente.", False),
        ("Wie is de directeur van De Brug?", "De directeur is mevrouw Ans Vos.", True),
        ("wie is de ib'er van de bovenbouw?", "De intern begeleider is Sanne de Wit.", True),
        # Without a role asked, any role or new name answers.
        ("Wie zitten er in het OT?", "De orthopedagoog en de mentor.", True),
        # 'hoeveel kinderen': 'een' is an article, not a count of kinderen.
        ("Hoeveel kinderen staan op de wachtlijst?", "Dan komt uw kind op een wachtlijst.", False),
        ("Hoeveel kinderen staan op de wachtlijst?", "Een kinder- en jeugdpsychiater komt.", False),
        ("Hoeveel kinderen staan op de wachtlijst?", "Er staan twaalf kinderen op de lijst.", True),
        ("Hoeveel uur is de logopedist er?", "Zij is een uur per week op school.", True),
        # The figure must count the thing asked about, not stand elsewhere in the sentence.
        ("Hoeveel kinderen staan op de wachtlijst?", "Voor kinderen van 4 tot 12 jaar.", False),
        ("Hoeveel kinderen staan op de wachtlijst?", "Wij hebben kinderen, 12 in een groep.", True),
        ("Hoeveel leerlingen heeft de school?", "Aantal leerlingen: 312", True),
        ("Hoeveel uur had zij?", "een beperkt aantal uren (van 1,5u/week per school)", True),
        ("Hoeveel kinderen staan op de wachtlijst?", "Het aantal kinderen erop is 12.", True),
        ("Hoeveel kinderen staan op de wachtlijst?", "Kinderen van 4 t/m 12 jaar.", False),
        ("Hoeveel kinderen staan op de wachtlijst?", "Vanaf groep 8 kinderen.", False),
        ("Hoeveel kinderen staan op de wachtlijst?", "In 2024 kwamen er kinderen bij.", False),
        # A role no rule knows: someone else, or a name, answers it; the role itself does not.
        ("Wie is de vertrouwenspersoon?", "Wij hebben twee vertrouwenspersonen.", False),
        ("Wie is de vertrouwenspersoon?", "Dat is onze intern begeleider.", True),
        ("Wie is de vertrouwenspersoon?", "Vertrouwenspersoon: Anna de Vries.", True),
        ("Wie is de vertrouwenspersoon?", "Onze vertrouwenspersoon is mevrouw Jansen.", True),
        # A name that holds what the question asks of is not the one asked for.
        (
            "Hoe heet de begeleider van De Steiger?",
            "Trajectklas De Steiger: een kleine groep.",
            False,
        ),
        # 'op welke dag': a day of the week, not a number of hours.
        ("Op welke dag is de orthopedagoog er?", "Orthopedagoog | ja | 16 uur", False),
        ("Op welke dag is de orthopedagoog er?", "Zij is er op dinsdagochtend.", True),
        ("Op welke dag is de open dag?", "De open dag is op 12 maart.", True),  # a date
        ("Op welke dag is de open dag?", "De open dag was in 2024 druk.", False),  # a year
        # 'hoe lang duurt een bijeenkomst': not in bijeenkomsten; the training may be.
        ("Hoe lang duurt een bijeenkomst?", "Acht bijeenkomsten per jaar.", False),
        ("Hoe lang duurt een bijeenkomst?", "Acht bijeenkomsten van 45 minuten.", True),
        ("Hoe lang duurt de training?", "Acht bijeenkomsten per jaar.", True),
    ],
)
def test_a_person_or_a_count_is_answered_only_by_what_the_question_asks(
    question: str, sentence: str, gives_it: bool
) -> None:
    kind = QuestionKind.WHO if question.lower().startswith("wie") else QuestionKind.QUANTITY
    assert gives(kind, question, sentence) is gives_it
    general = question.startswith(("Wie zitten", "Hoe lang"))
    assert asks_particular(question) is not general


@pytest.mark.parametrize(
    ("text", "key", "verdict"),
    [
        # A short heading above a paragraph: the paragraph is the statement.
        ("Kinderen met autisme\nDit is maatwerk. Wij kijken wat nodig is.", "autisme",
         Verdict.CONDITIONAL),
        # A limit stated in so many words outweighs an offer elsewhere in the SOP.
        ("Kleuters met weinig Nederlands leren de taal in de groep, wij helpen hen.\n"
         "Voor oudere kinderen die nog geen Nederlands spreken, zijn wij niet in staat het "
         "goede onderwijs te geven.", "nt2", Verdict.LIMIT),
        # A sentence that points back says how the offer is meant.
        ("Sommige leerlingen zijn hoogbegaafd. Dit is maatwerk: in overleg bekijken wij per "
         "leerling wat haalbaar is.", "hoogbegaafd", Verdict.CONDITIONAL),
        # A table row of another need does not speak of this one.
        ("Expertise | Aanwezig | Toelichting\nDyslexie | ja | Leesspecialist\n"
         "Taalontwikkelingsstoornis (TOS) | via SWV | Ambulante begeleiding cluster 2\n"
         "ADHD | nee | Geen", "slechthorend", Verdict.NOT_STATED),
        # A run-in heading is no offer; a numbered heading neither.
        ("Autisme.\n6.6 Autisme", "autisme", Verdict.NOT_STATED),
        # Not there yet, not in the school's means, or referred elsewhere: a limit.
        ("Voor hoogbegaafde leerlingen hebben wij nu nog geen apart programma.", "hoogbegaafd",
         Verdict.LIMIT),
        ("Voor kinderen die ernstig slechtziend zijn, hebben wij niet de kennis in huis. Wij "
         "verwijzen u dan naar een instelling.", "slechtziend", Verdict.LIMIT),
        # A parent's question heading in two sentences, with the school's answer.
        ("Wij spreken thuis geen Nederlands. Kan ons kind toch bij jullie komen?\nDat bespreken "
         "we eerst met u. Een logopedist kijkt ook naar de moedertaal.", "nt2",
         Verdict.CONDITIONAL),
        # Answered 'Nee' for this need alone: a limit, above a sentence that names it.
        ("Mijn kind heeft een verstandelijke beperking. Is dit de goede school?\nNee. Zij gaan "
         "naar een school voor zeer moeilijk lerende kinderen.\nKinderen met een verstandelijke "
         "beperking hebben een ander lesprogramma nodig dan wij kunnen geven.", "verstandelijk",
         Verdict.LIMIT),
        # A question to the reader is no parent's question; 'als dat nodig is' no condition.
        ("Kinderen met dyslexie krijgen bij ons extra hulp, als dat nodig is. Heeft u vragen?",
         "dyslexie", Verdict.OFFERED),
        # An offer that holds only if something else is so.
        ("Een kind met autisme kan bij ons goed op zijn plek zijn, als de taal de belangrijkste "
         "hulpvraag is.", "autisme", Verdict.CONDITIONAL),
        # A row whose cell describes beside its label: no tick is missing, its words say it.
        ("Onderwerp | Wat wij bieden | Wie\nConcentratie en ADHD | Een werkplek aan de statafel, "
         "een koptelefoon en een werkplan | leerkracht\nAutisme | Vaste werkplek | ib", "adhd",
         Verdict.OFFERED),
        ("Onderwerp | Wat wij bieden | Wie\nConcentratie en ADHD | Een werkplek aan de statafel, "
         "een koptelefoon en een werkplan | leerkracht\nAutisme | Vaste werkplek | ib",
         "autisme", Verdict.UNKNOWN),
        # 'standaard' beside 'op indicatie' says it is there; a longer bare label is named only.
        ("Behoefte | Beschikbaarheid\nDyslexie | standaard\nDyscalculie | op indicatie",
         "dyslexie", Verdict.OFFERED),
        ("Onderwijs aan langdurig zieke leerlingen", "chronisch_ziek", Verdict.UNKNOWN),
        # A no with something else instead is no plain limit.
        ("Heeft de school een lift?\nNee. Er is wel een traplift.", "lichamelijk",
         Verdict.CONDITIONAL),
        ("Voorzieningen\n• Lift: nee, wel een traplift", "lichamelijk", Verdict.CONDITIONAL),
        ("Heeft de school een lift?\nNee. Het gebouw heeft trappen.", "lichamelijk",
         Verdict.LIMIT),
        # 'cluster 2' beside TOS is about TOS, not about hearing.
        ("Onze grenzen liggen bij leerlingen:\n• bij wie TOS de belangrijkste vraag is; zij zijn "
         "beter op hun plek op een school voor cluster 2.", "slechthorend", Verdict.NOT_STATED),
        ("Voor dove leerlingen werken wij samen met cluster 2.", "slechthorend", Verdict.OFFERED),
        # 'wel' with nothing instead, 'of' as 'or': no condition.
        ("Wij hebben geen autismeklas; dat is wel jammer.", "autisme", Verdict.LIMIT),
        ("Leerlingen met autisme of ADHD krijgen een aanpak die bij hen past.", "autisme",
         Verdict.OFFERED),
        # A cell that defines a term offers nothing.
        ("Begrip | Omschrijving\nAutismespecialist | Een leerkracht die gespecialiseerd is in "
         "autisme\nDyslexie | Een leerstoornis bij lezen en spellen", "autisme", Verdict.UNKNOWN),
        # 'Of ... past, bespreken wij': whether it fits is discussed first.
        ("Leerlingen met autisme zijn welkom. Of een leerling met autisme bij ons past, "
         "bespreken wij bij de intake met de ouders.", "autisme", Verdict.CONDITIONAL),
        # 'op indicatie': after a decision about the pupil.
        ("Behoefte | Beschikbaarheid\nDyslexie | standaard\nDyscalculie | op indicatie",
         "dyscalculie", Verdict.CONDITIONAL),
        # 'Spraak en taal' is a row of TOS: its cluster 2 is no help for hearing.
        ("Onderwerp | Wat wij bieden\nLezen | Leesspecialist\nRekenen | Rekenspecialist\n"
         "Spraak en taal | Logopedist op maandag; bij TOS werken wij samen met de ambulant "
         "begeleider van cluster 2\nGedrag | Gedragsspecialist", "slechthorend",
         Verdict.NOT_STATED),
        # ... also when TOS stands in the sentence before the one that names cluster 2
        ("Soms past een school voor kinderen met TOS beter. Dat bekijken wij samen met u en de "
         "ambulant begeleider van cluster 2.", "slechthorend", Verdict.NOT_STATED),
        # a traffic light: green is in the offer, orange after consultation, red a limit
        ("Ondersteuningsbehoefte | Kleur | Toelichting\nDyslexie | groen | Voorleessoftware."
         "\nGedrag | oranje | Wij kijken per kind.\nDoof | rood | Dat lukt ons niet.",
         "dyslexie", Verdict.OFFERED),
        ("Ondersteuningsbehoefte | Kleur | Toelichting\nDyslexie | groen | Voorleessoftware."
         "\nAdhd | oranje | Een time-outplek in de gang.\nDoof | rood | Ringleiding.",
         "adhd", Verdict.CONDITIONAL),
        ("Ondersteuningsbehoefte | Kleur | Toelichting\nDyslexie | groen | Voorleessoftware."
         "\nAdhd | oranje | Een time-outplek.\nDoof | rood | Ringleiding in de aula.",
         "slechthorend", Verdict.LIMIT),
        # 'Buiten onze mogelijkheden valt:' lists limits; a child who depends on a wheelchair
        # is no condition
        ("Buiten onze mogelijkheden valt:\n• een kind dat in school afhankelijk is van een "
         "rolstoel, omdat ons gebouw geen lift heeft.", "lichamelijk", Verdict.LIMIT),
        # a row that gives someone's time in words is there ('vier ochtenden per week')
        ("Wie | Hoeveel\nTaalassistent NT2, mevrouw A. Nowak | vier ochtenden per week",
         "nt2", Verdict.OFFERED),
        # 'Medische handelingen ... doen wij niet.' is a limit, above a protocol named
        ("Wij werken met een medicijnprotocol.\nMedische handelingen, zoals sondevoeding, doen "
         "wij niet.", "medisch", Verdict.LIMIT),
        # 'afhankelijk is van de hulpvraag' is a condition
        ("Leerlingen met dyslexie krijgen extra tijd, maar hoeveel precies afhankelijk is van "
         "de hulpvraag.", "dyslexie", Verdict.CONDITIONAL),
        # 'moeilijke woorden' in a sentence is no glossary
        ("In groep 3 oefenen we elke dag met moeilijke woorden uit de methode.\nKinderen met "
         "dyslexie krijgen begeleiding van onze dyslexiespecialist.", "dyslexie",
         Verdict.OFFERED),
        # a page's 'Moeilijke woorden' explains words: it offers nothing
        ("Moeilijke woorden\nAmbulant begeleider: een deskundige van buiten de school, "
         "bijvoorbeeld van cluster 2, die de leerkracht helpt.", "slechthorend",
         Verdict.NOT_STATED),
    ],
)  # fmt: skip
def test_the_verdict_rests_on_what_the_sop_says_of_the_need(
    text: str, key: str, verdict: Verdict
) -> None:
    assert suitability(need(key), [_passage(text)]).verdict == verdict


def test_a_child_who_gets_stuck_asks_for_the_support_route_and_its_first_steps() -> None:
    from steunwijzer.composing.route import asks_route, route_lines
    from steunwijzer.composing.sources import Sources

    assert asks_route("mijn kind loopt vast op de school, hoe gaat het dan verder?")
    assert not asks_route("hoe laat gaat de school uit?")
    text = (
        "Ondersteuningsroute\n1. De mentor signaleert dat een leerling vastloopt.\n"
        "2. De mentor vraagt advies aan een leerlingbegeleider.\n"
        "3. Is dat niet genoeg, dan meldt de mentor de leerling aan voor het OT."
    )
    lines = route_lines([_passage(text)], Sources())
    assert len(lines) == 3 and "signaleert" in lines[0]


def test_a_route_question_gets_the_steps_of_the_sop_in_its_order() -> None:
    from steunwijzer.composing.route import asks_route, route_lines
    from steunwijzer.composing.sources import Sources

    intro = Passage(
        "c0", "d1", "sop.pdf", "SOP", 1, "", "Onze school\nWij zijn een school in het dorp.", 1.0
    )
    route = Passage(
        "c1", "d1", "sop.pdf", "SOP", 2, "",
        "De route\nStap 1: de leerkracht spreekt met de ouders.\nStap 2: de intern begeleider "
        "maakt een plan.\nOnze school heeft een mooie tuin.\nStap 3: helpt dat niet, dan vraagt "
        "de school een arrangement aan bij het loket van het samenwerkingsverband.",
        1.0, position=1,
    )  # fmt: skip
    assert asks_route("hoe krijgt mijn kind extra hulp als het in de klas niet lukt")
    assert not asks_route("Hoe gaat de aanmelding bij De Klankkast?")
    lines = route_lines([route, intro], Sources())
    assert [line.split(":")[0] for line in lines] == ["- Stap 1", "- Stap 2", "- Stap 3"]
    assert all(line.endswith("[1]") for line in lines)
    assert route_lines([intro], Sources()) == []


def test_a_figure_of_time_answers_only_about_the_thing_it_measures() -> None:
    question = "Hoeveel uur per week is de dyslexiecoach op school?"
    assert measures(question) and measures("hoe vaak komt de jeugdarts?")
    assert measures("Hoeveel kinderen staan op de wachtlijst?") and measures("hoe lang is die?")
    assert not measures("Wie is de intern begeleider?")
    hours = "De school is open van 8.00 tot 16.30 uur."
    row = "Dyslexiecoach | 12"
    text = f"{hours}\n{row}"
    ranking = [
        Sentence(1, 0, 0, len(hours), 0.3, 0.8, 0.9),
        Sentence(1, 1, len(hours) + 1, len(text), 0.3, 0.7, 0.8),
    ]
    about = lambda said: "dyslexiecoach" in said.lower()  # noqa: E731
    lead = lead_sentence(
        QuestionKind.QUANTITY, question, ranking, [_passage(text)], holds_subject=about
    )
    assert lead is not None and text[lead.start : lead.end] == row
    alone = lead_sentence(
        QuestionKind.QUANTITY, question, ranking[:1], [_passage(text)], holds_subject=about
    )
    assert alone is None  # opening hours are no hours of the dyslexiecoach


def test_a_table_row_answers_a_measure_only_when_its_label_names_what_is_measured() -> None:
    row = "Sociaal-emotionele ontwikkeling | Training Sterk, tien bijeenkomsten per jaar | ib"
    ranking = [Sentence(1, 0, 0, len(row), 0.3, 0.8, 0.9)]
    about = lambda said: True  # noqa: E731
    question = "hoe lang duurt een bijeenkomst van de training sterk?"
    assert lead_sentence(QuestionKind.QUANTITY, question, ranking, [_passage(row)],
                         holds_subject=about) is None  # fmt: skip
    hours = "Psychomotorisch therapeut | 20"
    ranking = [Sentence(1, 0, 0, len(hours), 0.3, 0.8, 0.9)]
    question = "hoeveel uur per week is de therapeut er?"
    assert lead_sentence(QuestionKind.QUANTITY, question, ranking, [_passage(hours)],
                         holds_subject=about) is not None  # fmt: skip


def test_a_sentence_of_a_table_cell_is_read_with_its_row() -> None:
    row = (
        "Huiswerkklas | ja | Maandag tot en met donderdag tot 16.30 uur. Ouders betalen een "
        "bijdrage van 150 euro per half jaar. |"
    )
    first = row.index(" Ouders")
    ranking = [Sentence(1, 0, row.index("Maandag"), first, 0.3, 0.8, 0.9)]
    lead = lead_sentence(QuestionKind.QUANTITY, "wat kost de huiswerkklas?", ranking,
                         [_passage(row)], strong=True)  # fmt: skip
    assert lead is not None and row[lead.start : lead.end] == row.rstrip(" |")


def test_one_day_answers_how_many_days() -> None:
    question = "hoeveel dagen in de week is er een maatschappelijk werker?"
    assert gives(QuestionKind.QUANTITY, question, "Een dag per week is hij er.")
    assert gives(QuestionKind.QUANTITY, question, "Hij is er 1 dag per week.")


def test_how_much_time_asks_for_a_duration() -> None:
    question = "En hoeveel tijd heeft de planningscoach daarvoor?"
    assert gives(QuestionKind.QUANTITY, question, "Hij heeft daarvoor 2 uur per week.")
    assert not gives(QuestionKind.QUANTITY, question, "Hij helpt leerlingen met plannen.")


def test_a_follow_ups_kind_is_read_from_its_own_words(demo_index: DemoIndex) -> None:
    from steunwijzer.types import Turn

    pipeline = demo_index.assistant.pipeline
    history = [Turn("Welke begeleiding krijgen leerlingen met ADHD op Het Kompas College?", "")]
    prepared = pipeline.prepare("En hoeveel tijd heeft die begeleider daarvoor?", history)
    assert prepared.asked != prepared.question  # the topic was carried into it
    assert pipeline.kind(prepared) == QuestionKind.QUANTITY


def test_a_phone_number_is_found_in_the_contact_list_below_the_best_sentences() -> None:
    text = (
        "SBO De Kluut is een school voor speciaal basisonderwijs.\n"
        "Contact\n"
        "• Directeur: mevrouw Ingeborg Postma, directie@kluut.example.nl\n"
        "• Aanmelding: meneer Koen Wildeboer, telefoon 0123-458200"
    )
    first = text.index(".") + 1
    ranking = [Sentence(1, 0, 0, first, 0.5, 0.9, 0.9)]  # the list is no candidate
    question = "wat is het telefoonnummer van sbo de kluut"
    lead = lead_sentence(QuestionKind.WHO, question, ranking, [_passage(text)])
    assert lead is not None and "0123-458200" in text[lead.start : lead.end]
    assert "Postma" not in text[lead.start : lead.end]


def test_a_quoted_list_item_is_quoted_without_its_bullet() -> None:
    from steunwijzer.composing.sources import Sources

    text = "Wat wij bieden\n• Gedrag: een eigen gedragsplan van de gedragsspecialist."
    passage = _passage(text)
    start = text.index("•")
    quote = Sources([passage]).quote(passage, start, len(text))
    assert quote == "Gedrag: een eigen gedragsplan van de gedragsspecialist. [1]"


def test_a_count_answers_only_about_what_it_counts() -> None:
    question = "hoeveel kinderen staan er op de wachtlijst voor de kleutergroep?"
    text = "Ongeveer een op de tien kinderen gaat terug naar een gewone basisschool."
    ranking = [Sentence(1, 0, 0, len(text), 0.3, 0.8, 0.9)]
    about = lambda said: "wachtlijst" in said or "kleutergroep" in said  # noqa: E731
    lead = lead_sentence(
        QuestionKind.QUANTITY, question, ranking, [_passage(text)], True, holds_subject=about
    )
    assert lead is None  # however strong the evidence: ten children, but not on the list


def test_a_heading_the_file_marks_is_answered_by_the_list_under_it() -> None:
    text = "Wat wij niet bieden\n• Een plek voor kinderen in een rolstoel.\n• Onderwijs aan zml."
    passage = Passage("c1", "d1", "sop.txt", "SOP", 1, "SOP > Wat wij niet bieden", text, 1.0)
    heading = len("Wat wij niet bieden")
    ranking = [Sentence(1, 0, 0, heading, 0.5, 0.8, 0.8)]
    lead = lead_sentence(QuestionKind.LIST, "Welke grenzen noemt de school?", ranking, [passage])
    assert lead is not None and "rolstoel" in text[lead.start : lead.end]
    # A profile value that a heading states takes its list too (the limits of a factsheet).
    assert with_list(text, heading, heading=True) == len(text)
    assert with_list(text, heading) == heading


def test_the_contact_asked_for_is_whose_the_question_says() -> None:
    from steunwijzer.composing.schools import fact_field

    text = (
        "Contact\n"
        "• Directeur: mevrouw Postma, directie@kluut.example.nl\n"
        "• Orthopedagoog: mevrouw Rahman, orthopedagoog@kluut.example.nl"
    )
    first = text.index("• Orthopedagoog")
    ranking = [Sentence(1, 1, text.index("• Dir"), first - 1, 0.5, 0.9, 0.9)]
    question = "wat is het e-mailadres van de orthopedagoog?"
    about = lambda said: "orthopedagoog" in said.lower()  # noqa: E731
    lead = lead_sentence(QuestionKind.WHO, question, ranking, [_passage(text)], holds_subject=about)
    assert lead is not None and "Rahman" in text[lead.start : lead.end]
    assert fact_field(question) == ""  # the parents' contact is no answer to whose it is
    assert fact_field("Met wie kunnen ouders contact opnemen?") == "contact"


def test_a_further_statement_the_first_line_already_quotes_comes_once() -> None:
    from steunwijzer.composing.schools import School, suitability_lines
    from steunwijzer.composing.sources import Sources
    from steunwijzer.types import DocumentInfo

    text = (
        "Kinderen met autisme zijn welkom. Voor een kind met autisme dat veel begeleiding "
        "nodig heeft, hebben wij geen plek."
    )
    passage = _passage(text)
    document = DocumentInfo("d1", "sop.pdf", "sop.pdf", "SOP", "sop", ("De Klimop",), "", "", 1, 1)
    school = School("De Klimop", document, (passage,), None)
    lead, more, _ = suitability_lines(
        school, need("autisme"), "Kan mijn kind met autisme naar De Klimop?", Sources([passage])
    )  # noqa: E501
    quoted = lead + " ".join(more)
    for sentence in ("welkom", "geen plek"):
        assert quoted.count(sentence) == 1, (lead, more)
    assert "Bij de grenzen" in lead  # 'hebben wij geen plek' is a limit, no offer


def test_a_person_is_answered_only_by_a_sentence_about_what_the_question_asks_of() -> None:
    # 'Wie geeft de plusgroep?': a list of what the group teacher does is no answer, however
    # strong the evidence; the lead-in under the heading the question names is.
    question = "wie geeft de plusgroep De Vloedlijn?"
    other = "De stamgroepleider volgt ieder kind en geeft instructie op drie niveaus."
    text = f"Basisondersteuning\n{other}\n\nDe Vloedlijn\nDe plusgroep komt op donderdag.\n"
    text += "Les geven:\n• de specialist meer- en hoogbegaafdheid"
    lead_in = text.index("Les geven:")
    ranking = [
        Sentence(1, 1, text.index(other), text.index(other) + len(other), 0.3, 0.8, 0.9),
        Sentence(1, 4, lead_in, lead_in + len("Les geven:"), 0.3, 0.7, 0.8),
    ]
    about = lambda said: "plusgroep" in said.lower() or "vloedlijn" in said.lower()  # noqa: E731
    lead = lead_sentence(
        QuestionKind.WHO, question, ranking, [_passage(text)], True, holds_subject=about
    )
    assert lead is not None and "specialist" in text[lead.start : lead.end]
    # Without the section on the group, nothing answers: declined, however strong.
    bare = text[: text.index("\n\n")]
    alone = lead_sentence(
        QuestionKind.WHO, question, ranking[:1], [_passage(bare)], True, holds_subject=about
    )
    assert alone is None


def test_the_members_of_a_team_are_found_below_the_best_sentences() -> None:
    text = (
        "Het Kindteam\nOp Het Zeegras heet het ondersteuningsteam het Kindteam. Het Kindteam komt "
        "vijf keer per jaar bijeen. Vaste leden zijn de intern begeleider en de orthopedagoog."
    )
    first = text.index("Kindteam.") + len("Kindteam.")
    ranking = [Sentence(1, 1, text.index("Op Het"), first, 0.5, 0.9, 0.9)]  # names no one
    about = lambda said: "kindteam" in said.lower()  # noqa: E731
    question = "Wie zitten er in het Kindteam?"
    lead = lead_sentence(
        QuestionKind.WHO, question, ranking, [_passage(text)], True, None, None, about
    )
    assert lead is not None and text[lead.start : lead.end].startswith("Vaste leden")


def test_a_yes_no_question_is_answered_only_by_a_sentence_about_what_it_asks() -> None:
    text = "De school beschikt over een lift."
    ranking = [Sentence(1, 0, 0, len(text), 0.3, 0.8, 0.9)]
    about = lambda said: "zwembad" in said.lower()  # noqa: E731
    question = "Heeft de school ook een zwembad?"
    assert lead_sentence(QuestionKind.YES_NO, question, ranking, [_passage(text)],
                         holds_subject=about) is None  # fmt: skip
    pool = "De school heeft geen zwembad; de gymlessen zijn in de sporthal."
    ranking = [Sentence(1, 0, 0, len(pool), 0.3, 0.8, 0.9)]
    assert lead_sentence(QuestionKind.YES_NO, question, ranking, [_passage(pool)],
                         holds_subject=about) is not None  # fmt: skip
