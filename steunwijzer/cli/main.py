"""The `steunwijzer` command and its arguments; each command runs in its own module. Messages
for people are in Dutch."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from steunwijzer.assistant import Assistant
from steunwijzer.cli import answers, library, profiles
from steunwijzer.cli.common import EXIT_FAILED, EXIT_USAGE
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
    value = int(text)
    if not 1 <= value <= 50:
        raise argparse.ArgumentTypeError("kies een getal van 1 tot en met 50")
    return value
