"""Thumbs up/down on real answers from the demo index, kept as JSON lines (one per rating)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from helpers import KOMPAS, DemoIndex

from steunwijzer.feedback import Feedback, read, record
from steunwijzer.types import Answer, Turn

LIFT = "Heeft Het Kompas College een lift?"


@pytest.fixture(scope="module")
def lift_answer(demo_index: DemoIndex) -> Answer:
    answer = demo_index.assistant.ask(LIFT)
    assert answer.answered and answer.citations, answer.text
    return answer


def test_feedback_on_an_answer_keeps_question_answer_and_sources(lift_answer: Answer) -> None:
    feedback = Feedback.on(lift_answer, True, "  Duidelijk, dank u wel!  ", "ouder")
    assert feedback.question == LIFT
    assert feedback.answer == lift_answer.text and "geen lift" in feedback.answer
    assert feedback.helpful is True
    assert feedback.comment == "Duidelijk, dank u wel!"
    assert feedback.audience == "ouder"
    # One source per citation, in citation order: "Het gebouw heeft geen lift." is on p. 3.
    assert len(feedback.sources) == len(lift_answer.citations)
    assert f"{KOMPAS} p. 3" in feedback.sources
    assert all(source.startswith(KOMPAS + " p. ") for source in feedback.sources)


def test_feedback_on_a_follow_up_keeps_the_question_as_it_was_searched(
    demo_index: DemoIndex,
) -> None:
    history = [Turn("Hoe groot zijn de klassen op Het Kompas College?", "Gemiddeld 24. [1]")]
    answer = demo_index.assistant.ask("En heeft die school een lift?", history=history)
    assert answer.standalone and "Het Kompas College" in answer.standalone
    feedback = Feedback.on(answer, False)
    assert feedback.question == answer.standalone
    assert not feedback.helpful and feedback.comment == "" and feedback.audience == ""


def test_a_declined_answer_has_feedback_without_sources(demo_index: DemoIndex) -> None:
    answer = demo_index.assistant.ask("Hoe laat begint de schoolreis naar de dierentuin?")
    assert not answer.answered
    feedback = Feedback.on(answer, False, "Jammer.")
    assert feedback.sources == () and feedback.answer == answer.text


def test_record_appends_json_lines_in_a_new_folder(tmp_path: Path, lift_answer: Answer) -> None:
    path = tmp_path / "data" / "nog" / "niet" / "feedback.jsonl"
    first = Feedback.on(lift_answer, True, "Heel fijn, één duidelijk antwoord", "leerkracht")
    second = Feedback.on(lift_answer, False, "Ik mis de ‘Meldpost’ – jammer")
    before = datetime.now().astimezone() - timedelta(seconds=2)
    record(path, first)
    record(path, second)

    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert "één duidelijk" in lines[0] and "‘Meldpost’ – jammer" in lines[1]  # not \u-escaped
    rows = read(path)
    assert rows == [json.loads(line) for line in lines]
    assert [row["helpful"] for row in rows] == [True, False]
    assert rows[0]["comment"] == "Heel fijn, één duidelijk antwoord"
    assert rows[0]["audience"] == "leerkracht" and rows[1]["audience"] == ""
    for row in rows:
        assert row["question"] == LIFT
        assert row["answer"] == lift_answer.text
        assert row["sources"] == list(first.sources)
        at = datetime.fromisoformat(row["at"])
        assert at.tzinfo is not None and before <= at <= datetime.now().astimezone()


def test_record_adds_to_an_existing_file(tmp_path: Path, lift_answer: Answer) -> None:
    path = tmp_path / "feedback.jsonl"
    record(path, Feedback.on(lift_answer, True))
    record(path, Feedback.on(lift_answer, False, "tweede"))
    record(path, Feedback.on(lift_answer, True, "derde"))
    assert [row["comment"] for row in read(path)] == ["", "tweede", "derde"]


def test_reading_a_missing_file_gives_nothing(tmp_path: Path) -> None:
    assert read(tmp_path / "nergens" / "feedback.jsonl") == []
    assert not (tmp_path / "nergens").exists()
