"""`make eval` (coverage): the coverage map of an SWV's network and the list fields of
list-style SOPs, dev and test parts side by side.

(a) Coverage cells against a truth table (evals/<part>/coverage.json: {"swv", "needs",
"schools": {stem: {need: {"verdict", "page", "evidence"}}}}, or a list of such tables): the
share of (need, school) pairs whose verdict agrees, and the cells that claim "aanbod" where
the truth is "onbekend" (a tick the PDF lost, read as offered).
(b) List fields (evals/<part>/profiles.json: per document stem "specialists", "facilities",
"offer", "protocols", each a list of items, a string or {"item", "availability"}; and "swv",
"school", "type"): per field the share of expected items the profile lists (folded text, the
expected item at a word start of a listed item or its row) and the share of those whose
availability is right; school and SWV names as written, the school type's fragments.

The test part is only scored: its items and cells are never printed. `--show` prints the dev
cells and items that miss."""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from evals.corpus import prepared_assistant
from evals.metrics import normalize
from steunwijzer.assistant import Assistant
from steunwijzer.errors import ConfigError
from steunwijzer.profiles.coverage import Cell, CoverageMap
from steunwijzer.profiles.profile import Item, Profile, Status

ROOT = Path(__file__).resolve().parent.parent
PARTS = {part: ROOT / "evals" / part for part in ("dev", "test")}
LIST_FIELDS = ("specialists", "facilities", "offer", "protocols")
NAME_FIELDS = ("school", "swv")
# The keys an expected file may use for the name fields.
FIELD_KEYS = {
    "school": ("school", "school_name", "naam"),
    "swv": ("swv", "samenwerkingsverband"),
    "type": ("type", "school_type", "schooltype", "onderwijstype"),
}
AVAILABILITY = {Status.STATED: "ja", Status.ABSENT: "nee", Status.UNKNOWN: "onbekend"}


# -- (a) coverage cells --------------------------------------------------------------------


def score_coverage(assistant: Assistant, truth_file: Path, show: bool) -> dict[str, Any]:
    data = json.loads(truth_file.read_text(encoding="utf-8"))
    tables = data if isinstance(data, list) else [data]
    agree = cells = lost_ticks = right_pages = stated = 0
    confusion: dict[str, int] = defaultdict(int)
    for table in tables:
        found = _cells_of(assistant, table["swv"])
        for stem, row in table["schools"].items():
            for need, truth in row.items():
                cell = found.get((stem, need))
                verdict = cell.verdict.value if cell else "ontbreekt"
                cells += 1
                agree += verdict == truth["verdict"]
                lost_ticks += truth["verdict"] == "onbekend" and verdict == "aanbod"
                confusion[f"{truth['verdict']} -> {verdict}"] += 1
                if truth["verdict"] != "niet_vermeld":
                    stated += 1
                    right_pages += bool(cell and cell.page == truth["page"])
                if show and verdict != truth["verdict"]:
                    quote = f"p. {cell.page}: {cell.text[:160]}" if cell and cell.quote else ""
                    print(f"  miss {stem} {need}: {truth['verdict']} -> {verdict} {quote}")
    figures: dict[str, Any] = {
        "cells": cells,
        "agreement": round(agree / cells, 3) if cells else None,
        "aanbod_from_lost_tick": lost_ticks,
        "page_right": round(right_pages / stated, 3) if stated else None,
    }
    if show:  # which verdicts are confused: dev only, it says where the test cells miss
        figures["confusion"] = dict(sorted(confusion.items()))
    return figures


def _cells_of(assistant: Assistant, swv: str) -> dict[tuple[str, str], Cell]:
    """The cells of the map of the SWV the truth table names, by (document stem, need)."""
    try:
        maps: list[CoverageMap] = assistant.coverage_map(swv)
    except ConfigError:
        return {}
    return {
        (Path(cell.school.document).stem, cell.need.key): cell
        for m in maps
        for need in m.needs
        for cell in m.row(need)
    }


# -- (b) list fields -----------------------------------------------------------------------


def score_lists(assistant: Assistant, expected_file: Path, show: bool) -> dict[str, Any]:
    expected = dict(_documents(json.loads(expected_file.read_text(encoding="utf-8"))))
    profiles = {Path(p.document).stem: p for p in assistant.profiles()}
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # listed, items, avail
    for stem, fields in expected.items():
        profile = profiles.get(stem)
        for field in LIST_FIELDS:
            for wanted in fields.get(field, []):
                item, availability = _wanted(wanted)
                match = _listed(profile, field, item)
                tally = counts[field]
                tally[0] += match is not None
                tally[1] += 1
                if availability:
                    tally[3] += 1
                    tally[2] += bool(match and AVAILABILITY.get(match.status) == availability)
                if show and match is None:
                    print(f"  not listed {stem} {field}: {item}")
                elif show and match and availability:
                    read = AVAILABILITY.get(match.status)
                    if read != availability:
                        print(f"  availability {stem} {field}: {item} {availability} -> {read}")
        for field in (*NAME_FIELDS, "type"):
            key = next((k for k in FIELD_KEYS[field] if k in fields), None)
            if key is None:
                continue
            ok = _named(profile, field, fields[key])
            counts[field][0] += ok
            counts[field][1] += 1
            if show and not ok:
                value = profile.values[field].text if profile else "geen profiel"
                print(f"  {field} {stem}: {fields[key]} -> {value}")
    result: dict[str, Any] = {}
    for field, (listed, items, right, judged) in counts.items():
        result[field] = {
            "expected": items,
            "listed": round(listed / items, 3) if items else None,
            **({"availability": round(right / judged, 3)} if judged else {}),
        }
    return result


def _documents(data: Any) -> list[tuple[str, dict[str, Any]]]:
    """(document stem, expected fields) wherever they stand in the file: at the top, or in a
    mapping under it; notes and other values beside them are passed over."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if not isinstance(value, dict):
                continue
            names = [k for keys in FIELD_KEYS.values() for k in keys]
            if any(field in value for field in (*LIST_FIELDS, *names)):
                found.append((key, value))
            else:
                found.extend(_documents(value))
    return found


def _wanted(wanted: str | dict[str, str]) -> tuple[str, str]:
    """An expected item and its availability ('ja', 'nee', 'onbekend' or '' when none)."""
    if isinstance(wanted, str):
        return wanted, ""
    return wanted["item"], _availability(wanted.get("availability") or "")


def _availability(text: str) -> str:
    folded = normalize(text).strip()
    if not folded and text.strip() in ("✓", "✔"):
        return "ja"
    if any(w in folded for w in ("onbekend", "unknown", "genoemd")):
        return "onbekend"
    if folded.split()[:1] in (["nee"], ["niet"], ["no"], ["false"], ["x"]) or text.strip() in (
        "✗",
        "✘",
    ):
        return "nee"
    return "ja" if folded else ""


def _listed(profile: Profile | None, field: str, item: str) -> Item | None:
    """The profile's item that lists `item`: the expected text at a word start of the item's
    text or of its row, after folding."""
    if profile is None:
        return None
    wanted = normalize(item).rstrip()
    for listed in profile.values[field].items:
        if wanted in normalize(listed.text) or wanted in normalize(listed.citation.text):
            return listed
    return None


def _named(profile: Profile | None, field: str, expected: str | list[str]) -> bool:
    """A school or SWV name as written (SWV and Samenwerkingsverband alike), or every
    fragment of the school type."""
    if profile is None:
        return False
    value = _name_form(profile.values[field].text)
    if field == "type":
        fragments = [expected] if isinstance(expected, str) else expected
        return all(_name_form(f).strip() in value for f in fragments)
    wanted = expected if isinstance(expected, str) else expected[0]
    return _name_form(wanted) == value


def _name_form(text: str) -> str:
    form = normalize(text)
    for long, short in (
        (" samenwerkingsverband ", " swv "),
        (" voortgezet onderwijs ", " vo "),
        (" primair onderwijs ", " po "),
    ):
        form = form.replace(long, short)
    return form


# -- the run -------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", choices=["dev", "test", "both"], default="both")
    parser.add_argument("--show", action="store_true", help="print what misses (dev only)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    assistant = prepared_assistant()
    parts = ["dev", "test"] if args.part == "both" else [args.part]
    result: dict[str, Any] = {"coverage": {}, "lists": {}}
    for part in parts:
        show = args.show and part == "dev"  # never a test cell or item
        for key, name, scorer in (
            ("coverage", "coverage.json", score_coverage),
            ("lists", "profiles.json", score_lists),
        ):
            path = PARTS[part] / name
            if path.exists():
                result[key][part] = scorer(assistant, path, show)
    _print(result, parts)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")


def _print(result: dict[str, Any], parts: list[str]) -> None:
    coverage = result["coverage"]
    print(f"\n| coverage map | {' | '.join(parts)} |")
    print("|---|" + "---|" * len(parts))
    for key, label in (
        ("cells", "(need, school) cells"),
        ("agreement", "verdict agrees"),
        ("aanbod_from_lost_tick", "'aanbod' where the truth is 'onbekend'"),
        ("page_right", "page right (stated cells)"),
    ):
        print(
            f"| {label} | "
            + " | ".join(str(coverage.get(p, {}).get(key, "-")) for p in parts)
            + " |"
        )
    lists = result["lists"]
    fields = [*LIST_FIELDS, *NAME_FIELDS, "type"]
    print(f"\n| list field | {' | '.join(f'{p} listed | {p} availability' for p in parts)} |")
    print("|---|" + "---|---|" * len(parts))
    for field in fields:
        row = []
        for part in parts:
            figures = lists.get(part, {}).get(field, {})
            row.append(f"{figures.get('listed', '-')} ({figures.get('expected', 0)})")
            row.append(str(figures.get("availability", "-")))
        print(f"| {field} | " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
