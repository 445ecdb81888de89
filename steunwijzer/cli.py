"""The `steunwijzer` command: ingest, ask, chat, model, stats. Messages for people are in Dutch."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, TextIO

from steunwijzer.assistant import Assistant
from steunwijzer.config import Settings
from steunwijzer.errors import QuestionError, SteunwijzerError
from steunwijzer.generation.generate import AnswerStream
from steunwijzer.ingest.pipeline import Progress
from steunwijzer.llm import backends as llm
from steunwijzer.llm import bundled as model
from steunwijzer.llm.backends import INSTALL_HINT
from steunwijzer.llm.prompts import AUDIENCES
from steunwijzer.profiles.compare import select, to_csv, to_json, to_markdown
from steunwijzer.types import Answer, Turn

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        if not getattr(args, "needs_assistant", True):
            return int(args.run(settings, args))
        return int(args.run(Assistant(settings), args))
    except QuestionError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SteunwijzerError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("Afgebroken.", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="steunwijzer",
        description="Vragen over schoolondersteuningsprofielen, beantwoord met bronnen.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="indexeer PDF-, DOCX-, TXT- en MD-bestanden")
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PAD", help="bestand of map")
    ingest.add_argument(
        "--prune", action="store_true", help="verwijder documenten waarvan het bestand weg is"
    )
    ingest.set_defaults(run=_ingest)

    audience: dict[str, Any] = {
        "choices": AUDIENCES,
        "default": "ouder",
        "help": "voor wie het antwoord is: ouder (eenvoudig Nederlands), mentor of swv",
    }
    ask = commands.add_parser("ask", help="stel een vraag ('-' leest één vraag per regel)")
    ask.add_argument("question", metavar="VRAAG")
    ask.add_argument("--doelgroep", "--audience", dest="audience", **audience)
    ask.add_argument("--json", action="store_true", help="antwoord als JSON")
    ask.add_argument(
        "--k", type=_positive, default=None, help="aantal passages (standaard STEUNWIJZER_TOP_K, 5)"
    )
    ask.set_defaults(run=_ask)

    chat = commands.add_parser("chat", help="een gesprek in de terminal, met vervolgvragen")
    chat.add_argument("--doelgroep", "--audience", dest="audience", **audience)
    chat.add_argument("--k", type=_positive, default=None, help="aantal passages")
    chat.set_defaults(run=_chat)

    model = commands.add_parser("model", help="het lokale taalmodel installeren of bekijken")
    model.add_argument("action", choices=["install", "status"], help="install of status")
    model.set_defaults(run=_model, needs_assistant=False)

    compare = commands.add_parser(
        "compare", help="vergelijk de ondersteuningsprofielen van scholen naast elkaar"
    )
    compare.add_argument("schools", nargs="+", metavar="SCHOOL", help="naam van een school")
    compare.add_argument("--format", choices=["md", "csv", "json"], default="md")
    compare.set_defaults(run=_compare)

    check = commands.add_parser(
        "check", help="voor het SWV: ontbrekende onderdelen, verouderde en tegenstrijdige profielen"
    )
    check.add_argument("--format", choices=["md", "csv", "json"], default="md")
    check.set_defaults(run=_check)

    having = commands.add_parser("schools-with", help="welke scholen hebben iets, met bron")
    having.add_argument("thing", metavar="WAT", help='bijvoorbeeld "NT2-docent" of "lift"')
    having.add_argument("--format", choices=["md", "csv", "json"], default="md")
    having.set_defaults(run=_schools_with)

    stats = commands.add_parser("stats", help="wat er in de index staat")
    stats.add_argument("--json", action="store_true", help="als JSON")
    stats.set_defaults(run=_stats)
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 50:
        raise argparse.ArgumentTypeError("kies een getal van 1 tot en met 50")
    return value


def _ingest(assistant: Assistant, args: argparse.Namespace) -> int:
    report = assistant.ingest(args.paths, prune=args.prune, progress=_progress_bar())
    for path, reason in report.failed:
        print(f"MISLUKT  {path}: {reason}", file=sys.stderr)
    print(
        f"Toegevoegd: {len(report.added)}, bijgewerkt: {len(report.updated)}, "
        f"ongewijzigd overgeslagen: {len(report.skipped)}, mislukt: {len(report.failed)}, "
        f"verwijderd: {len(report.removed)}; {report.chunks_added} nieuwe tekstdelen."
    )
    if not (report.added or report.updated or report.skipped or report.failed):
        print("Let op: geen PDF-, DOCX-, TXT- of MD-bestanden gevonden.", file=sys.stderr)
    if report.recovered_chunks:
        print(f"Opgeruimd: {report.recovered_chunks} tekstdelen van een afgebroken run.")
    return EXIT_FAILED if report.failed else EXIT_OK


def _progress_bar() -> Progress | None:
    """A tqdm bar on a terminal; nothing when output goes to a file or pipe."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    bar = tqdm(total=0, unit="bestand", file=sys.stderr, leave=False)

    def update(done: int, total: int, name: str) -> None:
        bar.total = total
        bar.n = done
        bar.set_description(name[:40])
        bar.refresh()
        if done == total:
            bar.close()

    return update


def _indexed(assistant: Assistant) -> bool:
    """False, with a message, when the index holds no documents."""
    if not assistant.documents():
        print("De index is leeg: voer eerst 'steunwijzer ingest MAP' uit.", file=sys.stderr)
        return False
    return True


def _ready(assistant: Assistant) -> bool:
    """False (with a message) on an empty index; else says once when answers will be quotes."""
    if not _indexed(assistant):
        return False
    _say_when_quoting(assistant)
    return True


def _ask(assistant: Assistant, args: argparse.Namespace) -> int:
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
            error: dict[str, Any] = {
                "question": question[:200],
                "answer": "",
                "answered": False,
                "citations": [],
                "passages": [],
                "error": message,
            }
            print(json.dumps(error, ensure_ascii=False) if args.json else f"Fout: {message}")
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


def _chat(assistant: Assistant, args: argparse.Namespace) -> int:
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


def _say_when_quoting(assistant: Assistant) -> None:
    """One line on stderr when answers will be quotes because no model is there by default."""
    if assistant.backend is None and not assistant.settings.llm:
        print(assistant.model_warning or INSTALL_HINT, file=sys.stderr)


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


def _model(settings: Settings, args: argparse.Namespace) -> int:
    if args.action == "status":
        state = model.status(settings.models)
        print(f"Model: {state.path}")
        if state.installed:
            print(f"Geïnstalleerd ({state.size / 1e9:.2f} GB).")
        else:
            print("Niet geïnstalleerd: voer 'steunwijzer model install' uit.")
        print(f"Gekozen taalmodel: {llm.choice(settings)}")
        return EXIT_OK if state.installed else EXIT_FAILED
    path = model.install(settings.models, progress=_download_bar())
    print(f"Model geïnstalleerd en gecontroleerd (sha256): {path}")
    return EXIT_OK


def _download_bar() -> model.InstallProgress | None:
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    bar = tqdm(total=0, unit="B", unit_scale=True, file=sys.stderr, leave=False)

    def update(done: int, total: int, what: str) -> None:
        bar.total = total
        bar.n = done
        bar.set_description(what)
        bar.refresh()

    return update


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


def _compare(assistant: Assistant, args: argparse.Namespace) -> int:
    if not _indexed(assistant):
        return EXIT_FAILED
    chosen = select(assistant.profiles(), args.schools)
    render = {"md": to_markdown, "csv": to_csv, "json": to_json}[args.format]
    print(render(chosen), end="" if args.format == "csv" else "\n")
    return EXIT_OK


def _check(assistant: Assistant, args: argparse.Namespace) -> int:
    if not _indexed(assistant):
        return EXIT_FAILED
    findings = assistant.check()
    table = [
        {
            "soort": f.kind,
            "school": f.school,
            "document": f.document,
            "bevinding": f.message,
            "bronnen": "; ".join(f"{c.document} p. {c.page}" for c in f.sources),
        }
        for f in findings
    ]
    for c in assistant.coverage():
        standard = f"Standaard {c.standard.number} ({c.standard.title}) van {c.standard.document}"
        table.append(
            {
                "soort": "basisondersteuning",
                "school": c.school,
                "document": c.document,
                "bevinding": f"{standard}: "
                + ("passage gevonden" if c.citation else "geen passage gevonden"),
                "bronnen": f"{c.citation.document} p. {c.citation.page}" if c.citation else "",
            }
        )
    _print_table(table, args.format, empty="Geen bevindingen: alle profielen zijn compleet.")
    return EXIT_OK


def _schools_with(assistant: Assistant, args: argparse.Namespace) -> int:
    if not _indexed(assistant):
        return EXIT_FAILED
    table = [
        {
            "school": m.school,
            "heeft": "ja" if m.has else "nee (het SOP zegt van niet)",
            "document": m.document,
            "pagina": m.citation.page,
            "citaat": m.citation.text,
        }
        for m in assistant.schools_with(args.thing)
    ]
    _print_table(table, args.format, empty=f"Geen enkel SOP in de index noemt {args.thing!r}.")
    return EXIT_OK


def _print_table(rows: list[dict[str, Any]], form: str, empty: str) -> None:
    if form == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif form == "csv":
        writer = csv.writer(sys.stdout)
        if rows:
            writer.writerow(rows[0])
        writer.writerows(row.values() for row in rows)
    elif not rows:
        print(empty)
    else:
        print("| " + " | ".join(rows[0]) + " |")
        print("|" + "---|" * len(rows[0]))
        for row in rows:
            cells = (" ".join(str(v).replace("|", "\\|").split()) for v in row.values())
            print("| " + " | ".join(cells) + " |")


def _stats(assistant: Assistant, args: argparse.Namespace) -> int:
    stats = assistant.stats()
    if args.json:
        print(json.dumps(asdict(stats), ensure_ascii=False))
    else:
        print(f"Documenten: {stats.documents}")
        print(f"Tekstdelen: {stats.chunks}")
        print(f"Embeddingmodel: {stats.embedder}")
        print(f"Index: {stats.store}")
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
