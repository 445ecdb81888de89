"""`compare`, `check`, `coverage` and `schools-with`: school profiles side by side and the
checks SWV staff run across them, as a Markdown table, CSV or JSON (the coverage map also as
an Excel workbook)."""

from __future__ import annotations

import argparse
import sys

from steunwijzer.assistant import Assistant
from steunwijzer.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, indexed
from steunwijzer.profiles import coverage_export
from steunwijzer.profiles.checks import FindingKind
from steunwijzer.profiles.compare import select, to_csv, to_json, to_markdown
from steunwijzer.tables import render


def compare(assistant: Assistant, args: argparse.Namespace) -> int:
    if not indexed(assistant):
        return EXIT_FAILED
    chosen = select(assistant.profiles(), args.schools)
    render = {"md": to_markdown, "csv": to_csv, "json": to_json}[args.format]
    print(render(chosen), end="" if args.format == "csv" else "\n")
    return EXIT_OK


def check(assistant: Assistant, args: argparse.Namespace) -> int:
    if not indexed(assistant):
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
        if c.citation is None:  # a finding of its own (FindingKind.STANDARD_MISSING)
            continue
        standard = f"Standaard {c.standard.number} ({c.standard.title}) van {c.standard.document}"
        table.append(
            {
                "soort": FindingKind.STANDARD,
                "school": c.school,
                "document": c.document,
                "bevinding": f"{standard}: passage gevonden",
                "bronnen": f"{c.citation.document} p. {c.citation.page}",
            }
        )
    _print(render(table, args.format, empty="Geen bevindingen: alle profielen zijn compleet."))
    return EXIT_OK


def coverage(assistant: Assistant, args: argparse.Namespace) -> int:
    if not indexed(assistant):
        return EXIT_FAILED
    if args.format == "xlsx" and args.output is None:
        print("Fout: een Excel-bestand schrijf ik alleen naar --output BESTAND.", file=sys.stderr)
        return EXIT_USAGE
    maps = assistant.coverage_map(args.swv or "")
    if not maps:
        print("Fout: de index heeft geen schoolondersteuningsprofielen.", file=sys.stderr)
        return EXIT_FAILED
    if args.format == "xlsx":
        coverage_export.to_xlsx(maps, args.output)
        print(f"Dekking van het netwerk geschreven naar {args.output}.")
        return EXIT_OK
    write = {
        "md": coverage_export.to_markdown,
        "csv": coverage_export.to_csv,
        "json": coverage_export.to_json,
    }[args.format]
    text = write(maps)
    if args.output is None:
        _print(text)
    else:
        args.output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        print(f"Dekking van het netwerk geschreven naar {args.output}.")
    return EXIT_OK


def schools_with(assistant: Assistant, args: argparse.Namespace) -> int:
    if not indexed(assistant):
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
    _print(render(table, args.format, empty=f"Geen enkel SOP in de index noemt {args.thing!r}."))
    return EXIT_OK


def _print(text: str) -> None:
    """A table on stdout, ending in one newline (CSV ends in its own)."""
    print(text, end="" if text.endswith("\n") else "\n")
