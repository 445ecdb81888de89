"""The `steunwijzer` command as people and scripts use it: exit codes, messages on stderr,
and the JSON contract of `ask --json`. Every test runs the real command in a subprocess."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from helpers import (
    BAKEN,
    DemoIndex,
    encrypted_pdf,
    homework_markdown,
    is_dutch,
    run_cli,
    swimming_text,
    write_pdf,
)

from steunwijzer.index.embeddings import NamedEmbeddings
from steunwijzer.index.store import Store

pytestmark = pytest.mark.slow

LIFT = "Heeft Het Baken een lift?"
ANSWER_KEYS = {"question", "answer", "answered", "citations", "passages"}
CITATION_KEYS = {"n", "document", "title", "page", "text"}
PASSAGE_KEYS = {"document", "title", "page", "section", "text", "score"}


def good_folder(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    txt = folder / "zwemmen.txt"
    txt.write_text(swimming_text(), encoding="utf-8")
    md = folder / "huiswerk.md"
    md.write_text(homework_markdown(), encoding="utf-8")
    return [txt, md]


def json_lines(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def check_answer_json(data: dict[str, Any], demo_index: DemoIndex, k: int) -> None:
    names = {p.name for p in demo_index.good}
    assert set(data) >= ANSWER_KEYS
    assert isinstance(data["answered"], bool) and isinstance(data["answer"], str)
    passages = data["passages"]
    assert 1 <= len(passages) <= k
    for passage in passages:
        assert set(passage) >= PASSAGE_KEYS
        assert passage["document"] in names  # the file name, not a path
    scores = [p["score"] for p in passages]
    assert scores == sorted(scores, reverse=True)
    for citation in data["citations"]:
        assert set(citation) >= CITATION_KEYS
        assert 1 <= citation["n"] <= len(passages)
        assert citation["document"] == passages[citation["n"] - 1]["document"]
        assert f"[{citation['n']}]" in data["answer"]


# -- ingest -------------------------------------------------------------------------------------


def test_ingest_of_good_files_exits_0_and_stats_reports_them(
    tmp_path: Path, embedder: NamedEmbeddings
) -> None:
    store_dir = tmp_path / "index"
    files = good_folder(tmp_path / "docs")
    result = run_cli(["ingest", str(tmp_path / "docs")], store_dir)
    assert result.returncode == 0, result.stderr
    docs = Store(store_dir, embedder.name).documents()
    assert sorted(d.document for d in docs) == sorted(p.name for p in files)

    stats = json.loads(run_cli(["stats", "--json"], store_dir).stdout)
    assert stats == {
        "documents": 2,
        "chunks": sum(d.chunks for d in docs),
        "embedder": embedder.name,
        "store": str(store_dir),
    }
    text = run_cli(["stats"], store_dir)
    assert text.returncode == 0
    for value in stats.values():
        assert str(value) in text.stdout


def test_ingest_of_a_folder_without_documents_says_so(tmp_path: Path) -> None:
    (tmp_path / "leeg").mkdir()
    (tmp_path / "leeg" / "foto.png").write_bytes(b"\x89PNG\r\n")
    result = run_cli(["ingest", str(tmp_path / "leeg")], tmp_path / "index")
    assert result.returncode == 0
    assert "geen PDF-, DOCX-, TXT- of MD-bestanden" in result.stderr


def test_ingest_with_failures_exits_1_names_each_bad_file_and_indexes_the_rest(
    tmp_path: Path, embedder: NamedEmbeddings
) -> None:
    store_dir = tmp_path / "index"
    folder = tmp_path / "docs"
    good = good_folder(folder)
    source = write_pdf(tmp_path / "bron.pdf", [["Een korte PDF met een regel tekst erin."]])
    bad = [
        encrypted_pdf(source, folder / "beveiligd.pdf"),
        folder / "leeg.pdf",
        folder / "eigenlijk-tekst.docx",
    ]
    bad[1].write_bytes(b"")
    bad[2].write_text("Dit is geen Word-bestand.", encoding="utf-8")
    result = run_cli(["ingest", str(folder)], store_dir)
    assert result.returncode == 1
    for path in bad:
        line = next(line for line in result.stderr.splitlines() if path.name in line)
        assert is_dutch(line), line
    failures = [line for line in result.stderr.splitlines() if line.startswith("MISLUKT")]
    assert len(failures) == len(bad)
    assert not any(p.name in line for p in good for line in failures)
    # Not on a terminal: one plain progress line per file, in Dutch.
    progress = [line for line in result.stderr.splitlines() if re.match(r"\d+ van \d+: ", line)]
    for path in good:
        (line,) = [line for line in progress if path.name in line]
        assert "pagina" in line and "passages toegevoegd" in line, line
    assert len(progress) == len(good) + len(bad)
    docs = Store(store_dir, embedder.name).documents()
    assert sorted(d.document for d in docs) == sorted(p.name for p in good)


@pytest.mark.parametrize(
    "args",
    [[], ["ingest"], ["ask"], ["ask", "--onbekend", LIFT], ["ask", "--k", "0", LIFT], ["onbekend"]],
    ids=["no-args", "ingest-no-path", "ask-no-question", "unknown-option", "k-zero", "unknown-cmd"],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    result = run_cli(args, tmp_path / "index")
    assert result.returncode == 2
    assert result.stderr.strip() and not result.stdout.strip()


# -- ask ----------------------------------------------------------------------------------------


def test_ask_json_prints_one_answer_object(demo_index: DemoIndex) -> None:
    result = run_cli(["ask", LIFT, "--json"], demo_index.store_dir)
    assert result.returncode == 0, result.stderr
    (data,) = json_lines(result.stdout)
    assert data["question"] == LIFT
    check_answer_json(data, demo_index, k=demo_index.assistant.settings.top_k)
    # The CLI and the API give the same answer.
    answer = demo_index.assistant.ask(LIFT)
    assert data["answer"] == answer.text and data["answered"] == answer.answered
    assert [p["document"] for p in data["passages"]] == [p.document for p in answer.passages]
    assert data["passages"][0]["document"] == BAKEN


def test_ask_k_sets_the_number_of_passages(demo_index: DemoIndex) -> None:
    result = run_cli(
        ["ask", "--json", "--k", "2", "Welke arrangementen zijn er?"], demo_index.store_dir
    )
    assert result.returncode == 0, result.stderr
    (data,) = json_lines(result.stdout)
    assert len(data["passages"]) == 2
    check_answer_json(data, demo_index, k=2)


def test_ask_dash_reads_one_question_per_line_skipping_blank_lines(demo_index: DemoIndex) -> None:
    questions = [LIFT, "Hoe vaak komt het OT van De Wilgenhoek bij elkaar?"]
    result = run_cli(
        ["ask", "--json", "-"], demo_index.store_dir, stdin=f"{questions[0]}\n   \n{questions[1]}\n"
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    answers = [json.loads(line) for line in lines]
    assert [a["question"] for a in answers] == questions
    for data in answers:
        check_answer_json(data, demo_index, k=demo_index.assistant.settings.top_k)


def test_ask_prints_the_answer_and_its_sources_for_people(demo_index: DemoIndex) -> None:
    result = run_cli(["ask", LIFT], demo_index.store_dir)
    assert result.returncode == 0, result.stderr
    answer = demo_index.assistant.ask(LIFT)
    assert answer.text in result.stdout
    for citation in answer.citations:
        assert citation.document in result.stdout


@pytest.mark.parametrize("question", ["", "   "])
def test_an_empty_question_exits_2_with_a_message(demo_index: DemoIndex, question: str) -> None:
    result = run_cli(["ask", question], demo_index.store_dir)
    assert result.returncode == 2
    assert is_dutch(result.stderr) and "Traceback" not in result.stderr
    assert not result.stdout.strip()


def test_asking_an_empty_index_fails_with_a_clear_message(tmp_path: Path) -> None:
    result = run_cli(["ask", LIFT], tmp_path / "leeg")
    assert result.returncode != 0
    assert "ingest" in result.stderr and is_dutch(result.stderr)
    assert "Traceback" not in result.stderr and not result.stdout.strip()


def test_a_bad_line_in_a_batch_gets_an_error_object_and_the_rest_is_answered(
    demo_index: DemoIndex,
) -> None:
    result = run_cli(["ask", "--json", "-"], demo_index.store_dir, stdin=f"???\n{LIFT}\n")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 2
    assert lines[0]["answered"] is False and lines[0]["error"]
    assert lines[1]["question"] == LIFT and "error" not in lines[1]
    assert result.returncode == 2
