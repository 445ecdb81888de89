"""`steunwijzer chat` and `steunwijzer model`, and the newer fields of `ask`: each test runs the
real command in a subprocess against the demo index, with extractive answers (no language
model is loaded: STEUNWIJZER_LLM=none)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from helpers import BAKEN, KOMPAS, DemoIndex, cli_command, cli_env, is_dutch, run_cli

from steunwijzer.llm import bundled as model
from steunwijzer.llm.backends import QUOTES_ONLY

pytestmark = pytest.mark.slow

LIFT = "Heeft Het Baken een lift?"
PROMPT = "Vraag: "


def turns(stdout: str) -> list[str]:
    """What the chat printed after each question it read (the text before the first prompt is
    the greeting; the text after the last one is where it stopped reading)."""
    pieces = stdout.split(PROMPT)
    return pieces[1:-1]


def model_status(store_dir: Path, model_dir: Path) -> subprocess.CompletedProcess[str]:
    env = cli_env(store_dir)
    env["STEUNWIJZER_MODEL_DIR"] = str(model_dir)
    return subprocess.run(
        [*cli_command(), "model", "status"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# -- chat ---------------------------------------------------------------------------------------


def test_chat_answers_a_follow_up_about_another_school(demo_index: DemoIndex) -> None:
    result = run_cli(["chat"], demo_index.store_dir, stdin=f"{LIFT}\nEn op Het Kompas?\n")

    assert result.returncode == 0, result.stderr
    assert QUOTES_ONLY in result.stderr  # the CLI says how it answers
    first, second = turns(result.stdout)
    for answer in (first, second):
        assert "passages gevonden)" in answer
        assert "Bronnen:" in answer

    assert "gelezen als" not in first
    assert BAKEN in first
    assert "Het gebouw heeft een lift" in first

    read_as = next(line for line in second.splitlines() if "gelezen als" in line)
    assert "Het Kompas College" in read_as and "lift" in read_as
    assert "Baken" not in read_as
    sources = second.split("Bronnen:", 1)[1]
    assert KOMPAS in sources
    assert "geen lift" in second


def test_by_default_the_cli_quotes_and_says_how_to_get_a_model(
    demo_index: DemoIndex, tmp_path: Path
) -> None:
    env = cli_env(demo_index.store_dir, llm="")  # no choice made: the default applies
    env["STEUNWIJZER_MODEL_DIR"] = str(tmp_path / "geen-model")
    result = subprocess.run(
        [*cli_command(), "ask", "Heeft Het Baken een lift?"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert QUOTES_ONLY in result.stderr and "STEUNWIJZER_LLM=local" in result.stderr
    assert "Het gebouw heeft een lift" in result.stdout


def test_chat_nieuw_forgets_the_conversation_and_an_empty_line_ends_it(
    demo_index: DemoIndex,
) -> None:
    stdin = f"{LIFT}\nnieuw\nEn op Het Kompas?\n\nHeeft De Wilgenhoek een lift?\n"
    result = run_cli(["chat"], demo_index.store_dir, stdin=stdin)

    assert result.returncode == 0, result.stderr
    assert "Nieuw gesprek." in result.stdout
    asked = turns(result.stdout)
    assert len(asked) == 3  # the lift question, 'nieuw', the follow-up; then the empty line
    assert "gelezen als" not in asked[2]  # nothing before it to follow up on


def test_chat_reports_a_bad_question_and_goes_on(demo_index: DemoIndex) -> None:
    result = run_cli(["chat"], demo_index.store_dir, stdin=f"{'lang ' * 400}\n{LIFT}\n")

    assert result.returncode == 0, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Fout: ")]
    assert len(errors) == 1 and is_dutch(errors[0])
    bad, good = turns(result.stdout)
    assert "Bronnen:" not in bad
    assert BAKEN in good


def test_chat_on_an_empty_index_exits_1_with_a_dutch_message(tmp_path: Path) -> None:
    result = run_cli(["chat"], tmp_path / "leeg", stdin=f"{LIFT}\n")

    assert result.returncode == 1
    assert "De index is leeg" in result.stderr
    assert is_dutch(result.stderr)
    assert PROMPT not in result.stdout  # it never asked for a question


# -- model --------------------------------------------------------------------------------------


def test_model_status_without_a_model_exits_1(tmp_path: Path) -> None:
    model_dir = tmp_path / "modellen"
    model_dir.mkdir()
    result = model_status(tmp_path / "index", model_dir)

    assert result.returncode == 1, result.stderr
    assert "Niet geïnstalleerd" in result.stdout
    assert str(model.model_path(model_dir)) in result.stdout
    assert "Gekozen taalmodel: none" in result.stdout
    assert list(model_dir.iterdir()) == []  # status only looks


def test_model_status_with_a_file_of_the_right_size_exits_0(tmp_path: Path) -> None:
    model_dir = tmp_path / "modellen"
    model_dir.mkdir()
    with open(model.model_path(model_dir), "wb") as sparse:  # takes no disk space
        os.truncate(sparse.fileno(), model.DEFAULT_MODEL.size)
    result = model_status(tmp_path / "index", model_dir)

    assert result.returncode == 0, result.stderr
    assert "Geïnstalleerd (1.12 GB)" in result.stdout
    assert "Niet geïnstalleerd" not in result.stdout


# -- ask ----------------------------------------------------------------------------------------


def test_ask_json_reports_how_the_answer_was_made(demo_index: DemoIndex) -> None:
    result = run_cli(["ask", "--json", LIFT], demo_index.store_dir)

    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["generated"] is False  # quoted, not written by a model
    assert data["dropped_sentences"] == 0
    assert data["standalone_question"] == ""  # a single question is never rewritten
    assert data["question"] == LIFT
    assert data["answered"] is True
    assert data["citations"][0]["document"] == BAKEN


def test_ask_for_a_mentor_answers(demo_index: DemoIndex) -> None:
    result = run_cli(["ask", "--doelgroep", "mentor", LIFT], demo_index.store_dir)

    assert result.returncode == 0, result.stderr
    assert "Bronnen:" in result.stdout
    assert BAKEN in result.stdout


def test_ask_for_an_unknown_audience_is_a_usage_error(demo_index: DemoIndex) -> None:
    result = run_cli(["ask", "--doelgroep", "iemand", LIFT], demo_index.store_dir)

    assert result.returncode == 2
    assert "iemand" in result.stderr
    assert "ouder" in result.stderr and "mentor" in result.stderr  # the choices it offers
    assert result.stdout == ""
