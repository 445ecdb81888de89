"""`ingest`, `model` and `stats`: what is indexed and installed."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from steunwijzer.assistant import Assistant
from steunwijzer.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, one_line
from steunwijzer.cli.progress import ingest_progress
from steunwijzer.config import Settings
from steunwijzer.llm import backends as llm
from steunwijzer.llm import bundled as model


def ingest(assistant: Assistant, args: argparse.Namespace) -> int:
    if args.rebuild:
        report = assistant.rebuild(args.paths, progress=ingest_progress())
        print("De index is opnieuw opgebouwd (de vorige staat in .vorige-index in de indexmap).")
    elif not args.paths:
        print("Fout: geef een bestand of map op (of --rebuild).", file=sys.stderr)
        return EXIT_USAGE
    else:
        report = assistant.ingest(args.paths, prune=args.prune, progress=ingest_progress())
    for path, reason in report.failed:
        print(f"MISLUKT  {one_line(path)}: {one_line(reason)}", file=sys.stderr)
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


def model_command(settings: Settings, args: argparse.Namespace) -> int:
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


def stats(assistant: Assistant, args: argparse.Namespace) -> int:
    stats = assistant.stats()
    if args.json:
        print(json.dumps(asdict(stats), ensure_ascii=False))
    else:
        print(f"Documenten: {stats.documents}")
        print(f"Tekstdelen: {stats.chunks}")
        print(f"Embeddingmodel: {stats.embedder}")
        print(f"Index: {stats.store}")
        print(llm.mode(assistant.settings))
    return EXIT_OK
