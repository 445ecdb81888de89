"""The coverage map for people and programs: Markdown, CSV and JSON through
`steunwijzer.tables`, and an Excel workbook (openpyxl) that keeps every verdict, quote and
page: a sheet per SWV with the quote and page of each cell as its comment, and one sheet of
all quotes to sort and filter."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from steunwijzer.profiles.coverage import Cell, CoverageMap
from steunwijzer.profiles.suitability import Verdict
from steunwijzer.tables import markdown, render

# What a cell shows (Dutch): the verdict in a few words.
LABELS = {
    Verdict.OFFERED: "in het aanbod",
    Verdict.CONDITIONAL: "na overleg",
    Verdict.LIMIT: "grenzen",
    Verdict.UNKNOWN: "genoemd, beschikbaarheid onbekend",
    Verdict.NOT_STATED: "niet vermeld",
}
GAP = "gat in het netwerk"
NEED = "Ondersteuningsbehoefte"
NETWORK = "Netwerk"
QUOTES_SHEET = "Citaten"
# Cell colours in the workbook (ARGB): offered green, condition yellow, limit red, unknown grey.
FILLS = {
    Verdict.OFFERED: "FFC6EFCE",
    Verdict.CONDITIONAL: "FFFFEB9C",
    Verdict.LIMIT: "FFFFC7CE",
    Verdict.UNKNOWN: "FFE7E6E6",
    Verdict.NOT_STATED: "FFFFFFFF",
}


def label(cell: Cell) -> str:
    return LABELS[cell.verdict]


def source(cell: Cell) -> str:
    """'“quote” (document, p. N)', or '' for a need the SOP does not mention."""
    if not cell.quote:
        return ""
    return f"“{cell.text}” ({cell.school.document}, p. {cell.page})"


def records(maps: Sequence[CoverageMap]) -> list[dict[str, Any]]:
    """One record per (SWV, need, school): the long form of the maps, for CSV and JSON."""
    return [
        {
            "samenwerkingsverband": m.swv,
            "behoefte": need.key,
            "ondersteuningsbehoefte": need.label,
            "school": cell.school.name,
            "document": cell.school.document,
            "oordeel": cell.verdict.value,
            "oordeel_tekst": label(cell),
            "pagina": cell.page if cell.page is not None else "",
            "citaat": cell.text,
            "gat_in_netwerk": "ja" if m.is_gap(need) else "nee",
        }
        for m in maps
        for need in m.needs
        for cell in m.row(need)
    ]


def to_markdown(maps: Sequence[CoverageMap]) -> str:
    """A table per SWV: a row per need, a column per school, every cell its verdict with the
    quote and page it rests on; needs that no school offers are marked as gaps."""
    parts = []
    for m in maps:
        header = [NEED, *(s.name for s in m.schools), NETWORK]
        rows = [
            [
                need.label,
                *(f"{label(c)}: {source(c)}" if c.quote else label(c) for c in m.row(need)),
                GAP if m.is_gap(need) else "",
            ]
            for need in m.needs
        ]
        gaps = ", ".join(n.label for n in m.gaps) or "geen"
        parts.append(f"## {m.swv}\n\n{markdown(header, rows)}\n\nGaten in het netwerk: {gaps}.")
    return "\n\n".join(parts)


def to_csv(maps: Sequence[CoverageMap]) -> str:
    return render(records(maps), "csv")


def to_json(maps: Sequence[CoverageMap]) -> str:
    return render(records(maps), "json")


def to_xlsx(maps: Sequence[CoverageMap], target: Path | IO[bytes]) -> None:
    """The workbook: per SWV a sheet of verdicts (quote and page as each cell's comment,
    colours by verdict, gaps marked), then a sheet of every quote and page."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for number, m in enumerate(maps, start=1):
        sheet = book.create_sheet(sheet_title(number, m.swv))
        _append(sheet, [m.swv])
        sheet["A1"].font = bold
        _append(sheet, [NEED, *(s.name for s in m.schools), NETWORK])
        for cell in sheet[2]:
            cell.font = bold
        for need in m.needs:
            row = m.row(need)
            _append(sheet, [need.label, *(label(c) for c in row), GAP if m.is_gap(need) else ""])
            for column, found in enumerate(row, start=2):
                target_cell = sheet.cell(row=sheet.max_row, column=column)
                target_cell.fill = PatternFill("solid", fgColor=FILLS[found.verdict])
                if found.quote:
                    note = f"{found.text}\n— {found.school.document}, pagina {found.page}"
                    target_cell.comment = Comment(note, "Steunwijzer", width=420, height=160)
        sheet.freeze_panes = "B3"
        sheet.column_dimensions["A"].width = 42
        for column in range(2, len(m.schools) + 3):
            sheet.cell(row=2, column=column).alignment = Alignment(wrap_text=True)
            sheet.column_dimensions[sheet.cell(row=2, column=column).column_letter].width = 24
    quotes = book.create_sheet(QUOTES_SHEET)
    rows = records(maps)
    if rows:
        _append(quotes, list(rows[0]))
        for cell in quotes[1]:
            cell.font = bold
        for record in rows:
            _append(quotes, list(record.values()))
        quotes.freeze_panes = "A2"
        quotes.auto_filter.ref = quotes.dimensions
    book.save(target)


def sheet_title(number: int, swv: str) -> str:
    """A valid, unique sheet title (at most 31 characters, none of []:*?/\\)."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", swv)
    return f"{number}. {cleaned}"[:31].rstrip()


def _append(sheet: Any, values: list[Any]) -> None:
    """A row of values; text that starts like a formula stays text (document text is data)."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"
