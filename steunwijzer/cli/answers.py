"""`ask` and `chat`: answers printed as text or JSON, with their sources."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any, TextIO

from steunwijzer.assistant import Assistant
from steunwijzer.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, indexed, one_line
from steunwijzer.errors import QuestionError, SteunwijzerError, StoreError
from steunwijzer.generation.generate import AnswerStream
from steunwijzer.llm.backends import mode
from steunwijzer.types import Answer, Turn


def _ready(assistant: Assistant) -> bool:
    """False (with a message) on an empty index; else says once how answers are made. The
    embedding model and its vector cache are opened first, so that a damaged store is the
    only line printed."""
    if not indexed(assistant):
        return False
    assistant.embedder  # noqa: B018 - opens (and checks) the vector cache
    print(mode(assistant.settings), file=sys.stderr)
    return True


def ask(assistant: Assistant, args: argparse.Namespace) -> int:
    if not _ready(assistant):
        return EXIT_FAILED
    if args.question != "-":
        answer = _answer(assistant.stream(args.question, args.k, args.audience))
        _print_answer(answer, args.json, sys.stdout)
        return EXIT_OK
    status = EXIT_OK
    for line in sys.stdin:
        question = line.strip()
        if not question:
            continue
        try:
            answer = _answer(assistant.stream(question, args.k, args.audience))
            _print_answer(answer, args.json, sys.stdout)
        except Exception as exc:  # noqa: BLE001 - one bad line must not stop the batch
            status = EXIT_USAGE if isinstance(exc, QuestionError) else EXIT_FAILED
            message = str(exc) if isinstance(exc, SteunwijzerError) else f"interne fout ({exc})"
            message = one_line(message)
            error: dict[str, Any] = {
                "question": question[:200],
                "answer": "",
                "answered": False,
                "citations": [],
                "passages": [],
                "error": message,
            }
            print(json.dumps(error, ensure_ascii=False) if args.json else f"Fout: {message}")
            if isinstance(exc, StoreError):  # the index is gone: every next question fails too
                sys.stdout.flush()
                print(f"Fout: {message}", file=sys.stderr)
                return EXIT_FAILED
        sys.stdout.flush()
    return status


def _answer(stream: AnswerStream) -> Answer:
    answer = stream.answer
    if stream.error:
        print(
            f"Let op: het taalmodel gaf een fout ({stream.error}); dit zijn citaten.",
            file=sys.stderr,
        )
    return answer


def chat(assistant: Assistant, args: argparse.Namespace) -> int:
    """Questions from the terminal, one per line; answers stream in; follow-ups work."""
    if not _ready(assistant):
        return EXIT_FAILED
    print("Stel een vraag (leeg of Ctrl-D om te stoppen, 'nieuw' voor een nieuw gesprek).")
    history: list[Turn] = []
    while True:
        try:
            question = input("\nVraag: ").strip()
        except EOFError:
            print()
            return EXIT_OK
        if not question:
            return EXIT_OK
        if question.lower() == "nieuw":
            history.clear()
            print("Nieuw gesprek.")
            continue
        try:
            stream = assistant.stream(question, args.k, args.audience, history)
        except QuestionError as exc:
            print(f"Fout: {exc}", file=sys.stderr)
            continue
        answer = _show_checked(stream, sys.stdout)
        history.append(Turn(answer.standalone or question, answer.text))


def _show_checked(stream: AnswerStream, out: TextIO) -> Answer:
    """Passages found, a dot per streamed token while the model writes, then only the checked
    answer: a sentence that fails the check is never shown."""
    if stream.passages:
        print(f"({len(stream.passages)} passages gevonden)", file=out, flush=True)
    for _ in stream:
        print(".", end="", file=out, flush=True)
    print(file=out)
    answer = _answer(stream)
    if read_as := answer.search or answer.standalone:
        print(f"(gelezen als: {read_as})", file=out)
    print(answer.text, file=out)
    if answer.dropped_sentences:
        dropped = answer.dropped_sentences
        print(f"({dropped} zin(nen) zonder steun in de bronnen weggelaten)", file=out)
    _print_sources(answer, out)
    return answer


def answer_json(answer: Answer) -> dict[str, Any]:
    """The CLI's JSON contract for one answer."""
    return {
        "question": answer.question,
        "answer": answer.text,
        "answered": answer.answered,
        "confidence": answer.confidence,
        "generated": answer.generated,
        "dropped_sentences": answer.dropped_sentences,
        "summary": answer.summary,
        "standalone_question": answer.standalone,
        "search_question": answer.search,
        "kind": answer.kind,
        "verdict": answer.verdict,
        "lead": answer.lead,
        "citations": [asdict(c) for c in answer.citations],
        "passages": [
            {
                "document": p.document,
                "title": p.title,
                "page": p.page,
                "section": p.section,
                "text": p.text,
                "score": p.score,
            }
            for p in answer.passages
        ],
    }


def _print_answer(answer: Answer, as_json: bool, out: TextIO) -> None:
    if as_json:
        print(json.dumps(answer_json(answer), ensure_ascii=False), file=out)
        return
    print(answer.text, file=out)
    _print_sources(answer, out)


def _print_sources(answer: Answer, out: TextIO) -> None:
    if answer.citations:
        print("\nBronnen:", file=out)
        for c in answer.citations:
            print(f"  [{c.n}] {c.title} ({c.document}), pagina {c.page}", file=out)
    elif answer.passages:
        print("\nDichtstbijzijnde passages (geen antwoord):", file=out)
        for p in answer.passages[:3]:
            print(f"  - {p.title} ({p.document}), pagina {p.page}", file=out)
