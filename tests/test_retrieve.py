"""Hybrid retrieval on the demo corpus: focus on the school a question names, compound words,
abbreviations via the glossary, no near-duplicates, and the LangChain retriever."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import (
    BAKEN,
    KOMPAS,
    SWV_PLAN,
    WILGENHOEK,
    DemoIndex,
    assistant_for,
    swimming_text,
)
from langchain_core.documents import Document

from steunwijzer.index.embeddings import NamedEmbeddings
from steunwijzer.language.text import words
from steunwijzer.retrieval.retrieve import Filters, LangChainRetriever, RetrievalOptions, Retriever
from steunwijzer.types import Passage


def overlap(a: Passage, b: Passage) -> float:
    first, second = set(words(a.text)), set(words(b.text))
    return len(first & second) / min(len(first), len(second))


def with_options(demo_index: DemoIndex, embedder: NamedEmbeddings, **options: object) -> Retriever:
    return Retriever(demo_index.store, embedder, RetrievalOptions(**options))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("question", "document"),
    [
        ("Hoe vaak komt het ondersteuningsteam van Het Kompas College bij elkaar?", KOMPAS),
        ("Heeft Het Baken een lift?", BAKEN),
        ("Wat doet de intern begeleider van basisschool De Wilgenhoek?", WILGENHOEK),
    ],
)
def test_a_question_naming_a_school_gets_that_schools_passages(
    demo_index: DemoIndex, demo_retriever: Retriever, question: str, document: str
) -> None:
    school = demo_index.info(document).schools[0]
    found = demo_retriever.search(question, 5)
    assert len(found) == 5
    assert found[0].document == document
    # Only documents about that school (its own profile, or a plan that names it).
    assert all(school in p.schools for p in found), [(p.document, p.schools) for p in found]
    assert sum(p.document == document for p in found[:3]) >= 2


def test_the_ot_passage_of_the_named_school_comes_first(demo_retriever: Retriever) -> None:
    found = demo_retriever.search(
        "Hoe vaak komt het ondersteuningsteam van Het Kompas College bij elkaar?", 5
    )
    assert "zes keer per schooljaar" in found[0].text  # FACTS.md, p. 5
    assert found[0].page_at(found[0].text.index("zes keer per schooljaar")) == 5


def test_searching_part_of_a_compound_finds_the_compound(
    demo_index: DemoIndex, demo_retriever: Retriever, embedder: NamedEmbeddings
) -> None:
    # "weerbaarheid" occurs in the demo corpus only inside compounds (weerbaarheidstraining/-er).
    compounds = re.compile(r"weerbaarheid\w+", re.IGNORECASE)
    assert not any(
        re.search(r"\bweerbaarheid\b", p.text, re.IGNORECASE) for p in demo_index.store.passages()
    )
    question = "Is er een training voor weerbaarheid?"
    assert compounds.search(demo_retriever.search(question, 1)[0].text)
    lexical = with_options(demo_index, embedder, dense=False)
    assert compounds.search(lexical.search(question, 1)[0].text)
    # The compound splitting is what finds it: without it, BM25 has nothing to go on.
    plain = with_options(demo_index, embedder, dense=False, compounds=False)
    assert not compounds.search(plain.search(question, 1)[0].text)


def test_an_abbreviation_finds_the_spelled_out_term_via_the_glossary(
    demo_index: DemoIndex, demo_retriever: Retriever, embedder: NamedEmbeddings
) -> None:
    # The SWV plan writes "internationale schakelklas" and never "ISK".
    assert not any("ISK" in p.text for p in demo_index.store.passages())
    question = "Heeft de school een ISK?"
    assert "internationale schakelklas" in demo_retriever.search(question, 1)[0].text
    lexical = with_options(demo_index, embedder, dense=False)
    assert "internationale schakelklas" in lexical.search(question, 1)[0].text
    without = with_options(demo_index, embedder, dense=False, glossary=False)
    assert "internationale schakelklas" not in without.search(question, 1)[0].text


@pytest.mark.parametrize(
    ("question", "expected"),
    [("wat doet de IB'er", "intern begeleider"), ("Wat doet de intern begeleider?", "IB'er")],
)
def test_abbreviation_and_spelled_out_term_find_each_other(
    demo_retriever: Retriever, question: str, expected: str
) -> None:
    found = demo_retriever.search(question, 3)
    assert found[0].document == WILGENHOEK  # the only school with an IB'er (FACTS.md)
    assert expected in found[0].text


@pytest.mark.parametrize(
    "question",
    [
        "Hoe vaak komt het ondersteuningsteam bij elkaar?",
        "Welke specialisten werken op school?",
        "Wat zijn de grenzen aan de ondersteuning?",
        "Hoe worden ouders betrokken?",
    ],
)
def test_no_two_returned_passages_are_near_duplicates(
    demo_retriever: Retriever, question: str
) -> None:
    found = demo_retriever.search(question, 8)
    assert len({p.chunk_id for p in found}) == len(found) == 8
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            assert overlap(a, b) < demo_retriever.options.duplicate_overlap


def test_a_copied_document_is_returned_only_once(tmp_path: Path, embedder: NamedEmbeddings) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "zwemmen.txt").write_text(swimming_text("een kwartiertje"), encoding="utf-8")
    (folder / "zwemmen-kopie.txt").write_text(swimming_text("tien minuten"), encoding="utf-8")
    (folder / "anders.txt").write_text(
        "Huiswerkklas\n\nIn de huiswerkklas maken leerlingen van de brugklas onder begeleiding "
        "hun huiswerk. De huiswerkklas is op maandag en donderdag na het zevende uur.",
        encoding="utf-8",
    )
    assistant = assistant_for(tmp_path / "store", embedder)
    assistant.ingest([folder])
    question = "Wanneer gaan de kinderen zwemmen?"
    found = Retriever(assistant.store, embedder).search(question, 3)
    assert sum("zwembad" in p.text for p in found) == 1
    assert len(found) == 2
    # Without de-duplication both copies come back: the check above can fail.
    both = Retriever(assistant.store, embedder, RetrievalOptions(dedupe=False)).search(question, 3)
    assert sum("zwembad" in p.text for p in both) == 2


def test_scores_are_in_rank_order_and_k_is_respected(demo_retriever: Retriever) -> None:
    for k in (1, 3, 7):
        found = demo_retriever.search("Welke arrangementen zijn er?", k)
        assert len(found) == k
        assert [p.score for p in found] == sorted((p.score for p in found), reverse=True)


def test_langchain_retriever_returns_documents_with_source_metadata(
    demo_index: DemoIndex, demo_retriever: Retriever
) -> None:
    retriever = LangChainRetriever(retriever=demo_retriever, k=3)
    documents = retriever.invoke("Heeft Het Baken een lift?")
    assert len(documents) == 3
    assert all(isinstance(d, Document) for d in documents)
    pages = {d.document: d.pages for d in demo_index.assistant.documents()}
    for document in documents:
        assert document.metadata["document"] in pages
        assert 1 <= document.metadata["page"] <= pages[document.metadata["document"]]
        assert document.page_content.strip()
    assert "Het gebouw heeft een lift." in documents[0].page_content
    assert documents[0].metadata["document"] == BAKEN


KOMPAS_OT = "Hoe vaak komt het ondersteuningsteam van Het Kompas College bij elkaar?"


def test_a_school_filter_keeps_to_that_schools_documents(
    demo_index: DemoIndex, demo_retriever: Retriever
) -> None:
    question = "Heeft de school een lift?"
    unfiltered = {p.document for p in demo_retriever.search(question, 8)}
    assert unfiltered - {BAKEN, SWV_PLAN}  # without the filter other schools come in
    baken = demo_index.info(BAKEN).schools[0]
    found = demo_retriever.search(question, 8, Filters(schools=(baken,)))
    assert len(found) == 8
    assert {p.document for p in found} <= {BAKEN, SWV_PLAN}  # the plan names Het Baken too
    assert "Het gebouw heeft een lift." in found[0].text and found[0].document == BAKEN

    answer = demo_index.assistant.ask(question, filters=Filters(schools=(baken,)))
    assert answer.answered, answer.text
    assert {c.document for c in answer.citations} == {BAKEN}
    assert "Het gebouw heeft een lift." in answer.text


def test_a_school_filter_wins_over_the_school_a_question_names(
    demo_index: DemoIndex, demo_retriever: Retriever
) -> None:
    question = "Heeft Het Kompas College een lift?"
    wilgenhoek = Filters(schools=(demo_index.info(WILGENHOEK).schools[0],))
    # De Wilgenhoek has no document about Het Kompas College: nothing may be used.
    assert (
        demo_retriever.search(question, 5) and demo_retriever.search(question, 5, wilgenhoek) == []
    )
    answer = demo_index.assistant.ask(question, filters=wilgenhoek)
    assert not answer.answered
    assert answer.citations == () and answer.passages == ()
    assert "lift" not in answer.text.lower()
    # Het Baken's filter leaves only the SWV plan, the one document that names both schools.
    baken = Filters(schools=(demo_index.info(BAKEN).schools[0],))
    found = demo_retriever.search(question, 5, baken)
    assert found and {p.document for p in found} == {SWV_PLAN}


def test_a_kind_filter_keeps_to_documents_of_that_kind(
    demo_index: DemoIndex, demo_retriever: Retriever
) -> None:
    question = "Hoe vaak komt het ondersteuningsteam bij elkaar?"
    assert demo_index.info(SWV_PLAN).kind == "ondersteuningsplan"
    assert all(demo_index.info(d).kind == "sop" for d in (BAKEN, KOMPAS, WILGENHOEK))
    assert {p.document for p in demo_retriever.search(question, 5)} - {SWV_PLAN}
    plans = Filters(kinds=("ondersteuningsplan",))
    found = demo_retriever.search(question, 5, plans)
    assert len(found) == 5 and {p.document for p in found} == {SWV_PLAN}
    profiles = demo_retriever.search(question, 8, Filters(kinds=("sop",)))
    assert len(profiles) == 8 and SWV_PLAN not in {p.document for p in profiles}

    answer = demo_index.assistant.ask(question, filters=plans)
    assert answer.answered, answer.text
    assert {c.document for c in answer.citations} == {SWV_PLAN}
    assert {p.document for p in answer.passages} == {SWV_PLAN}


def test_a_swv_filter_keeps_to_documents_of_that_swv(
    demo_index: DemoIndex, demo_retriever: Retriever
) -> None:
    swv = demo_index.info(WILGENHOEK).swv
    assert swv and swv != demo_index.info(KOMPAS).swv
    found = demo_retriever.search(
        "Hoe vaak komt het ondersteuningsteam bij elkaar?", 5, Filters(swvs=(swv,))
    )
    assert len(found) == 5 and {p.document for p in found} == {WILGENHOEK}


def test_filters_that_match_no_document_find_nothing(demo_retriever: Retriever) -> None:
    assert (
        demo_retriever.search("Heeft de school een lift?", 5, Filters(kinds=("evaluatie",))) == []
    )
    assert (
        demo_retriever.search("Heeft de school een lift?", 5, Filters(schools=("Onbekend",))) == []
    )


def test_the_named_school_focus_can_be_switched_off(
    demo_index: DemoIndex, demo_retriever: Retriever, embedder: NamedEmbeddings
) -> None:
    kompas = demo_index.info(KOMPAS).schools[0]
    focused = demo_retriever.search(KOMPAS_OT, 8)
    assert len(focused) == 8 and all(kompas in p.schools for p in focused)
    unfocused = demo_retriever.search(KOMPAS_OT, 8, Filters(named_schools=False))
    assert len(unfocused) == 8
    assert {p.document for p in unfocused} & {BAKEN, WILGENHOEK}
    # Switched off, the search is the one over the whole index without any entity focus.
    everything = with_options(demo_index, embedder, entity_focus=False).search(KOMPAS_OT, 8)
    assert [p.chunk_id for p in unfocused] == [p.chunk_id for p in everything]

    answers = {
        on: demo_index.assistant.ask(KOMPAS_OT, k=8, filters=Filters(named_schools=on))
        for on in (True, False)
    }
    assert all(kompas in p.schools for p in answers[True].passages)
    assert {p.document for p in answers[False].passages} & {BAKEN, WILGENHOEK}


def test_the_named_school_focus_off_still_obeys_the_other_filters(
    demo_index: DemoIndex, demo_retriever: Retriever
) -> None:
    wilgenhoek = demo_index.info(WILGENHOEK).schools[0]
    filters = Filters(schools=(wilgenhoek,), named_schools=False)
    found = demo_retriever.search(KOMPAS_OT, 5, filters)
    assert len(found) == 5 and {p.document for p in found} == {WILGENHOEK}


@pytest.mark.parametrize(
    ("question", "schools"),
    [
        ("Heeft Het Kompas College een lift?", ["Het Kompas College"]),
        ("Hoe groot zijn de klassen op Het Baken?", ["Praktijkschool Het Baken"]),
        ("Wat doet de IB'er van basisschool De Wilgenhoek?", ["Basisschool De Wilgenhoek"]),
        ("Heeft de school een lift?", []),
    ],
)
def test_the_assistant_names_the_schools_a_question_names(
    demo_index: DemoIndex, question: str, schools: list[str]
) -> None:
    assert demo_index.assistant.named_schools(question) == schools
