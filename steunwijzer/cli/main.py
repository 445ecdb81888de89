"""The `steunwijzer` command and its arguments; each command runs in its own module. Messages
for people are in Dutch."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from steunwijzer.assistant import Assistant
from steunwijzer.cli import answers, library, profiles
from steunwijzer.cli.common import EXIT_FAILED, EXIT_USAGE, one_line
from steunwijzer.config import Settings
from steunwijzer.errors import QuestionError, SteunwijzerError
from steunwijzer.llm.prompts import AUDIENCES


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        if not getattr(args, "needs_assistant", True):
            return int(args.run(settings, args))
        return int(args.run(Assistant(settings), args))
    except QuestionError as exc:
        print(f"Fout: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except SteunwijzerError as exc:
        print(f"Fout: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("Afgebroken.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader of stdout left (| head): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED
    except BaseException as exc:  # noqa: BLE001 - people get one Dutch line, never a traceback
        if isinstance(exc, SystemExit):
            raise
        reason = one_line(f"{type(exc).__name__}: {exc}")[:300]
        print(f"Fout: onverwachte fout in Steunwijzer ({reason}).", file=sys.stderr)
        return EXIT_FAILED


# argparse's own messages, in Dutch (the rest of its text is ours already).
_ARGPARSE_DUTCH = [
    (re.compile(r"^the following arguments are required: (.*)$"), r"dit ontbreekt: \1"),
    (re.compile(r"^argument (\S+): invalid choice: (.*?) \(choose from (.*)\)$"),
     r"\1: \2 kan niet; kies uit \3"),
    (re.compile(r"^argument (\S+): invalid \S+ value: (.*)$"), r"\1: \2 is geen geldige waarde"),
    (re.compile(r"^argument (\S+): expected one argument$"), r"\1: hier hoort een waarde bij"),
    (re.compile(r"^argument (\S+): (.*)$"), r"\1: \2"),
    (re.compile(r"^unrecognized arguments: (.*)$"), r"onbekende argumenten: \1"),
]  # fmt: skip


class DutchArgumentParser(argparse.ArgumentParser):
    """argparse with its error messages and usage line in Dutch."""

    def error(self, message: str) -> NoReturn:
        for pattern, dutch in _ARGPARSE_DUTCH:
            if pattern.match(message):
                message = pattern.sub(dutch, message)
                break
        usage = self.format_usage().replace("usage:", "gebruik:", 1)
        self.exit(EXIT_USAGE, f"{usage}{self.prog}: fout: {message}\n")

    def format_help(self) -> str:
        return (
            super()
            .format_help()
            .replace("usage:", "gebruik:", 1)
            .replace("positional arguments:", "argumenten:")
            .replace("options:", "opties:")
            .replace("show this help message and exit", "toon deze hulp en stop")
        )


def _parser() -> argparse.ArgumentParser:
    parser = DutchArgumentParser(
        prog="steunwijzer",
        description="Vragen over schoolondersteuningsprofielen, beantwoord met bronnen.",
    )
    commands = parser.add_subparsers(
        dest="command", required=True, parser_class=DutchArgumentParser, metavar="OPDRACHT"
    )

    ingest = commands.add_parser("ingest", help="indexeer PDF-, DOCX-, TXT- en MD-bestanden")
    ingest.add_argument("paths", nargs="*", type=Path, metavar="PAD", help="bestand of map")
    ingest.add_argument(
        "--prune", action="store_true", help="verwijder documenten waarvan het bestand weg is"
    )
    ingest.add_argument(
        "--rebuild",
        action="store_true",
        help="bouw de index opnieuw op uit de bestanden die hij kent (ook als hij beschadigd is)",
    )
    ingest.set_defaults(run=library.ingest)

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
    ask.set_defaults(run=answers.ask)

    chat = commands.add_parser("chat", help="een gesprek in de terminal, met vervolgvragen")
    chat.add_argument("--doelgroep", "--audience", dest="audience", **audience)
    chat.add_argument("--k", type=_positive, default=None, help="aantal passages")
    chat.set_defaults(run=answers.chat)

    model = commands.add_parser("model", help="het lokale taalmodel installeren of bekijken")
    model.add_argument("action", choices=["install", "status"], help="install of status")
    model.set_defaults(run=library.model_command, needs_assistant=False)

    compare = commands.add_parser(
        "compare", help="vergelijk de ondersteuningsprofielen van scholen naast elkaar"
    )
    compare.add_argument("schools", nargs="+", metavar="SCHOOL", help="naam van een school")
    compare.add_argument("--format", choices=["md", "csv", "json"], default="md")
    compare.set_defaults(run=profiles.compare)

    check = commands.add_parser(
        "check", help="voor het SWV: ontbrekende onderdelen, verouderde en tegenstrijdige profielen"
    )
    check.add_argument("--format", choices=["md", "csv", "json"], default="md")
    check.set_defaults(run=profiles.check)

    covered = commands.add_parser(
        "coverage",
        help="voor het SWV: per ondersteuningsbehoefte en school wat het profiel zegt, "
        "en de gaten in het netwerk",
    )
    covered.add_argument("--swv", metavar="NAAM", help="alleen dit samenwerkingsverband")
    covered.add_argument("--format", choices=["md", "csv", "json", "xlsx"], default="md")
    covered.add_argument(
        "--output", type=Path, metavar="BESTAND", help="schrijf naar dit bestand (nodig voor xlsx)"
    )
    covered.set_defaults(run=profiles.coverage)

    having = commands.add_parser("schools-with", help="welke scholen hebben iets, met bron")
    having.add_argument("thing", metavar="WAT", help='bijvoorbeeld "NT2-docent" of "lift"')
    having.add_argument("--format", choices=["md", "csv", "json"], default="md")
    having.set_defaults(run=profiles.schools_with)

    stats = commands.add_parser("stats", help="wat er in de index staat")
    stats.add_argument("--json", action="store_true", help="als JSON")
    stats.set_defaults(run=library.stats)
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is geen getal; kies 1 tot en met 50") from None
    if not 1 <= value <= 50:
        raise argparse.ArgumentTypeError("kies een getal van 1 tot en met 50")
    return value
