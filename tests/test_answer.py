"""Extractive answers on the demo corpus: verbatim quotes with [n] citations that point at the
right passage and page, or a plain Dutch statement that the documents do not say."""

from __future__ import annotations

import re

import pytest
from helpers import BAKEN, KOMPAS, WILGENHOEK, DemoIndex, is_dutch, normalise

from steunwijzer.errors import QuestionError
from steunwijzer.types import Answer

WHOM_TO_ASK = re.compile(r"mentor|ondersteuningsco[öo]rdinator|samenwerkingsverband", re.I)

# (question, document, page, words the quote must hold), per FACTS.md.
ANSWERABLE = [
    ("Heeft Het Baken een lift?", BAKEN, 4, ["lift"]),
    (
        "Hoe vaak komt het ondersteuningsteam van Het Kompas College bij elkaar?",
        KOMPAS,
        5,
        ["zes keer per schooljaar"],
    ),
    (
        "Hoe vaak komt het OT van De Wilgenhoek bij elkaar?",
        WILGENHOEK,
        4,
        ["vijf keer per schooljaar"],
    ),
    ("Hoe groot zijn de klassen op Het Baken?", BAKEN, None, ["16"]),
    ("Hoe lang mag een leerling in de Kompaskamer blijven?", KOMPAS, None, ["twaalf weken"]),
]


def check_citations(answer: Answer, demo_index: DemoIndex) -> None:
    """Every citation quotes its passage verbatim, on the page it names, and is marked."""
    pages = {d.document: d.pages for d in demo_index.assistant.documents()}
    assert answer.citations
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert markers == {c.n for c in answer.citations}
    for citation in answer.citations:
        assert 1 <= citation.n <= len(answer.passages)
        passage = answer.passages[citation.n - 1]
        assert (citation.document, citation.title) == (passage.document, passage.title)
        assert 1 <= citation.page <= pages[citation.document]
        quotes = [q.strip() for q in citation.text.split("…")]
        for quote in quotes:
            assert quote and normalise(quote) in normalise(passage.text), quote
            assert normalise(quote) in normalise(answer.text)
        first = passage.text.find(quotes[0])
        assert first >= 0 and passage.page_at(first) == citation.page


@pytest.mark.parametrize(
    ("question", "document", "page", "facts"), ANSWERABLE, ids=[q for q, *_ in ANSWERABLE]
)
def test_an_answerable_question_is_answered_with_verbatim_citations(
    demo_index: DemoIndex, question: str, document: str, page: int | None, facts: list[str]
) -> None:
    answer = demo_index.assistant.ask(question)
    assert answer.answered, answer.text
    assert answer.question == question
    check_citations(answer, demo_index)
    supporting = [
        c for c in answer.citations if c.document == document and all(f in c.text for f in facts)
    ]
    assert supporting, [(c.document, c.text) for c in answer.citations]
    assert page is None or any(c.page == page for c in supporting)


def test_k_limits_the_passages_and_citations_stay_within_them(demo_index: DemoIndex) -> None:
    answer = demo_index.assistant.ask("Heeft Het Baken een lift?", k=2)
    assert len(answer.passages) == 2
    check_citations(answer, demo_index)


@pytest.mark.parametrize(
    "question",
    [
        "Hoeveel kost de ouderbijdrage?",
        "Welk telefoonnummer heeft De Wilgenhoek?",
        "Wat is het telefoonnummer van Het Kompas College?",
        "Hoe hoog is het schoolgeld?",
        "Wat is het?",
    ],
)
def test_a_question_the_documents_do_not_answer_is_declined(
    demo_index: DemoIndex, question: str
) -> None:
    answer = demo_index.assistant.ask(question)
    assert not answer.answered, answer.text
    assert answer.citations == ()
    assert is_dutch(answer.text) and WHOM_TO_ASK.search(answer.text), answer.text
    assert "[" not in answer.text


def test_a_question_about_a_school_that_is_not_indexed_is_declined_by_name(
    demo_index: DemoIndex,
) -> None:
    answer = demo_index.assistant.ask("Heeft basisschool De Regenboog een lift?")
    assert not answer.answered
    assert answer.citations == ()
    assert "Regenboog" in answer.text
    assert is_dutch(answer.text)


@pytest.mark.parametrize("question", ["", "   ", "\n\t ", "???", " - ! "])
def test_an_empty_question_is_refused(demo_index: DemoIndex, question: str) -> None:
    with pytest.raises(QuestionError) as caught:
        demo_index.assistant.ask(question)
    assert is_dutch(str(caught.value))


def test_an_over_long_question_is_refused_and_the_limit_itself_is_allowed(
    demo_index: DemoIndex,
) -> None:
    limit = demo_index.assistant.settings.max_question_chars
    base = "Heeft Het Baken een lift? "
    at_limit = (base * (limit // len(base) + 1))[:limit].strip()
    at_limit = at_limit + "?" * (limit - len(at_limit))
    assert len(at_limit) == limit
    assert isinstance(demo_index.assistant.ask(at_limit), Answer)
    with pytest.raises(QuestionError) as caught:
        demo_index.assistant.ask(at_limit + " en heeft het ook een time-out ruimte?")
    assert str(limit) in str(caught.value) and is_dutch(str(caught.value))
