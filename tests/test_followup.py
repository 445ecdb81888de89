"""Follow-up questions rewritten to stand on their own: by carrying over the school and topic
(no language model), by a chat model whose rewrite is checked, and end to end through retrieval
on the demo corpus. The chat models are LangChain's own fake chat model, subclassed."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import BAKEN, KOMPAS, DemoIndex, RecordingChat
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from steunwijzer.config import Settings
from steunwijzer.errors import ConfigError
from steunwijzer.llm.backends import ChatBackend
from steunwijzer.retrieval.entities import Entities
from steunwijzer.retrieval.followup import FollowUps
from steunwijzer.retrieval.retrieve import Retriever
from steunwijzer.types import Turn

KOMPAS_NAME = "Het Kompas College"
BAKEN_NAME = "Praktijkschool Het Baken"
HOW_OFTEN = "Hoe vaak komt dat team bij elkaar?"
BAKEN_LIFT = Turn("Heeft Het Baken een lift?", "Ja. Het gebouw heeft een lift. [1]")
BAKEN_OT = Turn(
    "Wie zit er in het OT van Het Baken?",
    "De zorgcoördinator, de orthopedagoog, het SMW en de teamleider. [1]",
)
KOMPAS_OT = Turn(
    "Wie zit er in het OT van Het Kompas College?",
    "De ondersteuningscoördinator, de orthopedagoog en de jeugdarts. [1]",
)
GOOD_REWRITE = "Hoe vaak komt het OT van Het Kompas College bij elkaar?"


@pytest.fixture(scope="module")
def entities(demo_retriever: Retriever) -> Entities:
    return demo_retriever.entities


@pytest.fixture(scope="module")
def rules(entities: Entities) -> FollowUps:
    return FollowUps(entities)


def schools(entities: Entities, text: str) -> set[str]:
    return {e.name for e in entities.named_in(text)}


class BrokenChat(FakeListChatModel):
    """A chat model whose server has gone away."""

    attempts: int = 0

    def _call(self, *args: Any, **kwargs: Any) -> str:
        self.attempts += 1
        raise ConnectionError("verbinding met het taalmodel verbroken")


def with_model(entities: Entities, chat: FakeListChatModel) -> FollowUps:
    return FollowUps(entities, ChatBackend("fake", chat))


# -- the rules (no language model) -----------------------------------------------------------


def test_the_demo_index_knows_the_schools(entities: Entities) -> None:
    names = {e.name for e in entities.entities}
    assert {KOMPAS_NAME, BAKEN_NAME, "Basisschool De Wilgenhoek"} <= names


@pytest.mark.parametrize("question", ["En op Het Kompas?", HOW_OFTEN, "Hoeveel leerlingen?"])
def test_without_history_the_question_is_unchanged(rules: FollowUps, question: str) -> None:
    assert rules.standalone(question, []) == question


@pytest.mark.parametrize(
    "question",
    [
        "Heeft Het Kompas College een lift?",
        "Hoeveel leerlingen heeft Basisschool De Wilgenhoek?",
        "Welke specialisten werken op Het Baken?",
    ],
)
def test_a_question_that_names_a_school_stands_alone(rules: FollowUps, question: str) -> None:
    history = [BAKEN_LIFT, BAKEN_OT]
    assert not rules.is_follow_up(question, history)
    assert rules.standalone(question, history) == question


def test_en_op_another_school_asks_the_last_question_about_it(
    rules: FollowUps, entities: Entities
) -> None:
    rewritten = rules.standalone("En op Het Kompas?", [BAKEN_LIFT])
    assert schools(entities, rewritten) == {KOMPAS_NAME}
    assert "lift" in rewritten
    assert "Baken" not in rewritten
    assert rewritten == "Heeft Het Kompas College een lift?"


def test_a_referring_word_carries_the_school_and_the_topic(
    rules: FollowUps, entities: Entities
) -> None:
    rewritten = rules.standalone(HOW_OFTEN, [BAKEN_OT])
    assert rewritten.startswith(HOW_OFTEN.rstrip("?"))
    assert BAKEN_NAME in schools(entities, rewritten)
    assert KOMPAS_NAME not in schools(entities, rewritten)
    assert "OT" in rewritten


@pytest.mark.parametrize(
    "question",
    ["En op welke dag is die?", "En hoeveel tijd heeft die planningscoach daarvoor?"],
)
def test_a_pronoun_at_the_end_or_daarvoor_carries_the_topic(
    rules: FollowUps, question: str
) -> None:
    from steunwijzer.retrieval.followup import refers_back

    assert refers_back(question)
    assert "OT" in rules.standalone(question, [BAKEN_OT])
    assert not refers_back("Is er een school voor een kind dat veel vraagt?")


def test_a_question_without_a_school_gets_the_last_one_but_not_its_topic(
    rules: FollowUps, entities: Entities
) -> None:
    question = "Hoeveel leerlingen zitten er in een klas?"
    rewritten = rules.standalone(question, [BAKEN_OT])
    assert rewritten.startswith(question.rstrip("?"))
    assert schools(entities, rewritten) == {BAKEN_NAME}
    assert "OT" not in rewritten  # no referring word: the topic is the new question's own


def test_the_school_comes_from_the_last_turn_that_named_one(
    rules: FollowUps, entities: Entities
) -> None:
    history = [
        Turn("Heeft Het Kompas College een lift?", "Nee. [1]"),
        Turn("Hoeveel verdiepingen heeft het gebouw?", "Drie. [1]"),
    ]
    rewritten = rules.standalone("En hoe groot zijn de klassen?", history)
    assert schools(entities, rewritten) == {KOMPAS_NAME}
    assert "klassen" in rewritten


# -- end to end through retrieval -------------------------------------------------------------


@pytest.mark.parametrize(
    ("turn", "document", "school", "how_often"),
    [(KOMPAS_OT, KOMPAS, KOMPAS_NAME, "zes keer"), (BAKEN_OT, BAKEN, BAKEN_NAME, "tien keer")],
    ids=["kompas", "baken"],
)
def test_a_follow_up_retrieves_the_school_of_the_conversation(
    demo_index: DemoIndex,
    entities: Entities,
    turn: Turn,
    document: str,
    school: str,
    how_often: str,
) -> None:
    answer = demo_index.assistant.ask(HOW_OFTEN, history=[turn])
    assert answer.question == HOW_OFTEN
    assert answer.standalone and answer.standalone != HOW_OFTEN
    assert school in schools(entities, answer.standalone)
    assert answer.passages[0].document == document
    assert answer.answered
    assert how_often in answer.text
    assert answer.citations and answer.citations[0].document == document


def test_the_same_question_without_history_is_not_rewritten(demo_index: DemoIndex) -> None:
    answer = demo_index.assistant.ask(HOW_OFTEN)
    assert answer.question == HOW_OFTEN
    assert answer.standalone == ""


# -- with a chat model ---------------------------------------------------------------------------


def test_the_models_rewrite_is_used(entities: Entities) -> None:
    chat = RecordingChat(responses=[GOOD_REWRITE])
    assert with_model(entities, chat).standalone(HOW_OFTEN, [KOMPAS_OT]) == GOOD_REWRITE
    assert len(chat.prompts) == 1


def test_the_model_sees_the_recent_turns_and_the_follow_up(entities: Entities) -> None:
    long_answer = "Het OT bespreekt leerlingen. " * 40
    history = [
        Turn("Heeft Het Baken een lift?", "Ja. [1]"),
        Turn("Hoeveel leerlingen heeft Het Baken?", "164. [1]"),
        Turn("Heeft Het Kompas College een lift?", "Nee. [1]"),
        Turn(KOMPAS_OT.question, long_answer),
    ]
    chat = RecordingChat(responses=[GOOD_REWRITE])
    with_model(entities, chat).standalone(HOW_OFTEN, history)

    (prompt,) = chat.prompts
    assert f"Vraag: {KOMPAS_OT.question}" in prompt
    assert "Hoeveel leerlingen heeft Het Baken?" in prompt
    assert "Heeft Het Baken een lift?" not in prompt  # only the last three turns
    assert HOW_OFTEN in prompt
    assert long_answer[:300] in prompt and long_answer not in prompt  # answers are cut short


@pytest.mark.parametrize(
    "reply",
    [f'"{GOOD_REWRITE}"', f"  {GOOD_REWRITE}\nDit is de herschreven vraag.\n"],
    ids=["quoted", "extra-line"],
)
def test_quotes_or_extra_lines_around_the_rewrite_are_dropped(
    entities: Entities, reply: str
) -> None:
    chat = RecordingChat(responses=[reply])
    assert with_model(entities, chat).standalone(HOW_OFTEN, [KOMPAS_OT]) == GOOD_REWRITE


def test_a_quoted_rewrite_followed_by_more_lines_loses_its_quotes(entities: Entities) -> None:
    chat = RecordingChat(responses=[f'"{GOOD_REWRITE}"\nDit is de herschreven vraag.'])
    assert with_model(entities, chat).standalone(HOW_OFTEN, [KOMPAS_OT]) == GOOD_REWRITE


@pytest.mark.parametrize(
    "reply",
    ["Hoe vaak komt het team bij elkaar?", "", "   \n ", "?!", GOOD_REWRITE + " En verder?" * 30],
    ids=["drops-the-school", "empty", "blank", "no-words", "too-long"],
)
def test_a_bad_rewrite_falls_back_to_the_rules(
    entities: Entities, rules: FollowUps, reply: str
) -> None:
    chat = RecordingChat(responses=[reply])
    rewritten = with_model(entities, chat).standalone(HOW_OFTEN, [KOMPAS_OT])
    assert len(chat.prompts) == 1  # the model was asked
    assert rewritten == rules.standalone(HOW_OFTEN, [KOMPAS_OT])
    assert KOMPAS_NAME in schools(entities, rewritten)


def test_a_model_that_fails_falls_back_to_the_rules(entities: Entities, rules: FollowUps) -> None:
    chat = BrokenChat(responses=[GOOD_REWRITE])
    rewritten = with_model(entities, chat).standalone("En op Het Kompas?", [BAKEN_LIFT])
    assert chat.attempts == 1
    assert rewritten == rules.standalone("En op Het Kompas?", [BAKEN_LIFT])
    assert rewritten == "Heeft Het Kompas College een lift?"


def test_a_question_that_stands_alone_is_not_sent_to_the_model(entities: Entities) -> None:
    chat = RecordingChat(responses=[GOOD_REWRITE])
    question = "Heeft Het Kompas College een lift?"
    assert with_model(entities, chat).standalone(question, [BAKEN_OT]) == question
    assert with_model(entities, chat).standalone(HOW_OFTEN, []) == HOW_OFTEN
    assert chat.prompts == []


def test_a_rewrite_that_swaps_the_school_is_rejected(entities: Entities, rules: FollowUps) -> None:
    chat = RecordingChat(responses=["Hoe vaak komt het OT van Het Baken bij elkaar?"])
    rewritten = with_model(entities, chat).standalone(HOW_OFTEN, [KOMPAS_OT])
    assert rewritten == rules.standalone(HOW_OFTEN, [KOMPAS_OT])


# -- who rewrites ---------------------------------------------------------------------------------


def test_the_rewriter_is_chosen_in_the_environment() -> None:
    assert Settings.from_env({}).follow_ups == "rule"
    assert Settings.from_env({"STEUNWIJZER_FOLLOW_UPS": "model"}).follow_ups == "model"
    with pytest.raises(ConfigError, match="STEUNWIJZER_FOLLOW_UPS"):
        Settings.from_env({"STEUNWIJZER_FOLLOW_UPS": "taalmodel"})
