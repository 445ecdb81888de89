"""Questions in English or Turkish searched in Dutch: the translator keeps only a translation
that holds, and end to end over the demo index the search reads the Dutch question while the
answer keeps the language it was asked in. The chat models are LangChain's fake chat model."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import BAKEN, KOMPAS, DemoIndex, RecordingChat, assistant_with
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from steunwijzer.answering.declines import NOT_FOUND_EN, NOT_FOUND_IN
from steunwijzer.errors import QuestionError
from steunwijzer.index.embeddings import NamedEmbeddings
from steunwijzer.language.text import question_language
from steunwijzer.llm.backends import ChatBackend
from steunwijzer.retrieval.entities import Entities
from steunwijzer.retrieval.retrieve import Retriever
from steunwijzer.retrieval.translate import Translator
from steunwijzer.types import Turn

ELEVATOR = "Does Het Baken have an elevator?"
LIFT = "Heeft Het Baken een lift?"


class BrokenChat(FakeListChatModel):
    def _call(self, *args: Any, **kwargs: Any) -> str:
        raise ConnectionError("verbinding verbroken")


@pytest.fixture(scope="module")
def entities(demo_retriever: Retriever) -> Entities:
    return demo_retriever.entities


def translator(entities: Entities, model: FakeListChatModel) -> Translator:
    return Translator(entities, ChatBackend("fake", model))


def test_an_english_question_is_put_into_dutch(entities: Entities) -> None:
    model = RecordingChat(responses=[f'"{LIFT}"\nDit is de vertaling.'], prompts=[])
    assert translator(entities, model).to_dutch(ELEVATOR) == LIFT
    assert ELEVATOR in model.prompts[0] and "Nederlands" in model.prompts[0]


def test_a_dutch_question_is_not_sent_to_the_model(entities: Entities) -> None:
    model = FakeListChatModel(responses=["Does Het Baken have an elevator?"])
    assert translator(entities, model).to_dutch(LIFT) == LIFT
    assert model.i == 0


@pytest.mark.parametrize(
    "reply",
    [
        ELEVATOR,  # still English
        "Heeft de school een lift?",  # the school is gone
        "",  # nothing
        "Heeft Het Baken een lift? " * 30,  # a ramble, not a question
    ],
)
def test_a_translation_that_does_not_hold_leaves_the_question(
    entities: Entities, reply: str
) -> None:
    assert translator(entities, FakeListChatModel(responses=[reply])).to_dutch(ELEVATOR) == (
        ELEVATOR
    )


def test_without_a_model_or_with_a_broken_one_the_question_stays(entities: Entities) -> None:
    assert Translator(entities).to_dutch(ELEVATOR) == ELEVATOR
    assert translator(entities, BrokenChat(responses=[LIFT])).to_dutch(ELEVATOR) == ELEVATOR


def test_the_search_reads_the_dutch_question_and_the_model_answers_in_english(
    demo_index: DemoIndex, embedder: NamedEmbeddings
) -> None:
    model = RecordingChat(responses=[LIFT, "The building of Het Baken has a lift [1]."], prompts=[])
    answer = assistant_with(demo_index, embedder, model).ask(ELEVATOR)
    assert answer.question == ELEVATOR and answer.search == LIFT and not answer.standalone
    assert answer.answered and answer.passages[0].document == BAKEN
    # The model reads the passages the Dutch question found, and the question as it was asked,
    # to be answered in English; its English sentence is checked against the Dutch passage.
    assert ELEVATOR in model.prompts[1] and "Engels" in model.prompts[1]
    assert answer.generated and answer.summary.startswith("The building of Het Baken has a lift")
    assert "lift" in answer.text.split("\n\n", 1)[1]  # the quotes stay Dutch


def test_a_translated_question_the_documents_do_not_answer_is_declined_in_english(
    demo_index: DemoIndex, embedder: NamedEmbeddings
) -> None:
    model = FakeListChatModel(
        responses=["Hoeveel kost het schoolreisje naar Parijs op Het Kompas College?", "x"]
    )
    answer = assistant_with(demo_index, embedder, model).ask(
        "How much does the school trip to Paris cost at Het Kompas College?"
    )
    assert not answer.answered and answer.text == NOT_FOUND_EN
    assert model.i == 1  # asked for the translation only


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Czy szkoła Het Baken ma windę?", "pl"),
        ("هل يوجد مصعد في مدرسة Het Baken؟", "ar"),
        ("Het Baken'da asansör var mı?", "tr"),
        ("Does Het Baken have an elevator?", "en"),
        ("Kan mijn zoon met een rolstoel op Het Baken terecht?", "nl"),
    ],
)
def test_the_language_of_a_question_is_recognised(question: str, language: str) -> None:
    assert question_language(question) == language


def test_a_polish_question_the_documents_do_not_answer_is_declined_in_polish(
    demo_index: DemoIndex, embedder: NamedEmbeddings
) -> None:
    model = FakeListChatModel(responses=["Hoeveel kost de schoolreis naar Parijs op Het Kompas?"])
    answer = assistant_with(demo_index, embedder, model).ask(
        "Ile kosztuje wycieczka szkolna do Paryża w Het Kompas College?"
    )
    assert not answer.answered and answer.text == NOT_FOUND_IN["pl"]


def test_an_english_follow_up_is_rewritten_searched_in_dutch_and_answered_in_english(
    demo_index: DemoIndex, embedder: NamedEmbeddings
) -> None:
    rewrite = "Does Het Kompas College have an elevator?"
    model = RecordingChat(
        responses=[rewrite, "Heeft Het Kompas College een lift?", "No lift [1]."], prompts=[]
    )
    history = [Turn(ELEVATOR, "The building of Het Baken has a lift [1].")]
    assistant = assistant_with(demo_index, embedder, model, follow_ups="model")
    answer = assistant.ask("And Het Kompas?", history=history)
    # The history and the answer stay in English; only the search reads Dutch.
    assert answer.standalone == rewrite and answer.search == "Heeft Het Kompas College een lift?"
    assert answer.passages[0].document == KOMPAS
    assert rewrite in model.prompts[2] and "Engels" in model.prompts[2]


def test_a_question_too_long_is_refused_before_any_model_reads_it(
    demo_index: DemoIndex, embedder: NamedEmbeddings
) -> None:
    model = RecordingChat(responses=[LIFT], prompts=[])
    with pytest.raises(QuestionError):
        assistant_with(demo_index, embedder, model).ask("Does Het Baken have a lift? " * 80)
    assert model.prompts == []
