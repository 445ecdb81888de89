"""Tables for people and programs: one writer for Markdown, CSV and JSON, used by the CLI, the
comparison and the eval reports. Markdown cells are not padded to a column width: a cell can
hold a whole quoted sentence, and padding every row to it helps no reader."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

FORMATS = ("md", "csv", "json")


def cell(value: Any) -> str:
    """A value on one line, with the pipe that would end a Markdown cell escaped."""
    return " ".join(str(value).replace("|", "\\|").split())


def markdown(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown (GitHub) table; every cell on one line."""
    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(cell(v) for v in row) + " |" for row in rows)
    return "\n".join(lines)


def render(rows: Sequence[Mapping[str, Any]], form: str, empty: str = "") -> str:
    """Rows of the same keys as a Markdown table, CSV or JSON; `empty` for no rows (Markdown)."""
    if form == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2)
    if form == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        if rows:
            writer.writerow(rows[0])
        writer.writerows(row.values() for row in rows)
        return out.getvalue()
    if not rows:
        return empty
    return markdown(list(rows[0]), [list(row.values()) for row in rows])
