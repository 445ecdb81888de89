"""What a table row's cells say about availability: a mark that survived as text (✓, X, ja,
nee, 'Actief toegepast', 'niet aanwezig'), read with its column where the reader kept it
('Lift | niet aanwezig: ✓'), or nothing readable.

A cross is read by its table: beside ticks (✓/X) it says no; in a table of crosses alone it
marks its column, as a tick would."""

from __future__ import annotations

import re

from steunwijzer.language.text import fold
from steunwijzer.profiles.status import Status

NAME_WORDS = 6  # 'De Kompaskamer: een lokaal ...': the item is the name before the colon
# A mark in a cell (folded text). 'Niet aanwezig' before 'aanwezig': the longer phrase wins.
NO = (
    r"[✗✘☒]|\bnee\b|niet aanwezig|niet beschikbaar|niet toegepast|niet in gebruik"
    r"|niet standaard"
)
YES = (
    r"[✓✔☑√]|\bja\b|\bv\b|actief toegepast|\btoegepast\b|\baanwezig\b|\bbeschikbaar\b|in gebruik"
    r"|\bstandaard\b"  # 'standaard' beside 'op indicatie': there for every pupil who needs it
)
CROSS = r"\bx\b|×"
# A traffic light's cell: green is there, red is not (orange, 'after consultation', is a
# condition: `suitability.CONDITION`).
TRAFFIC_LIGHT = {"groen": Status.STATED, "rood": Status.ABSENT}
MARK = re.compile(rf"(?P<no>{NO})|(?P<yes>{YES})|(?P<cross>{CROSS})")
TICK = re.compile(r"[✓✔☑√]|\bja\b")  # a mark that says yes whatever its column
# A column that says something is not there ('niet aanwezig', 'nee'): a tick in it says no.
NEGATIVE_COLUMN = re.compile(r"\bniet\b|\bnee\b|\bgeen\b")
CELL_WORDS = 4  # a cell this short is a mark, or nothing
# hours or days of someone's time ('16 uur', 'samen 52'): a bare number may count pupils,
# score a scale or number a page
_TIME = r"(?:uur|uren|dagen|dag|dagdelen|ochtenden|ochtend|middagen|middag|fte)"
_COUNT = r"(?:\d+(?:[.,]\d+)?|twee|drie|vier|vijf|zes|zeven|acht|negen|tien)"  # 'vier ochtenden'
COUNT_CELL = re.compile(
    rf"samen ({_COUNT})(?: {_TIME})?(?: per week)?"
    rf"|(?:ca\.? |circa |ongeveer )?({_COUNT}) {_TIME}(?: per week)?"
)


def ticked(rows: list[str]) -> bool:
    """Whether a table's rows hold ticks (✓, ja): then a cross beside them says no."""
    return any(TICK.search(fold(row)) for row in rows)


def marked(row: str) -> bool:
    """A row whose cells hold a mark ('Orthopedagoog | ✓', 'Logopedist nee')."""
    return cells(row)[1] is not None


def cells(row: str, crosses_deny: bool = True) -> tuple[str, Status | None]:
    """A row's label, and what its marks say (None: no mark). `crosses_deny`: a cross says
    no (a table of ticks and crosses), else it marks its column."""
    text = row.strip().removeprefix("•").strip()
    if " | " in text:
        label, *rest = (c.strip() for c in text.split(" | "))
        marks = [_cell(cell, crosses_deny) for cell in rest]
        if Status.STATED in marks:
            return label, Status.STATED
        if Status.ABSENT in marks:
            return label, Status.ABSENT
        # 'Orthopedagoog | 2 | samen 52': how many there are, or their hours, says they are
        return label, Status.STATED if any(map(_counted, rest)) else None
    named = re.match(r"^([^:]{2,80}):\s+(.+)$", text)
    if named and len(named.group(1).split()) <= NAME_WORDS:
        return named.group(1), mark(named.group(2), crosses_deny, whole=True)
    folded = fold(text)
    for match in MARK.finditer(folded):
        # A mark after the label, as a word of its own: 'Orthopedagoog ja 2 dagen'.
        if match.start() > 0 and folded[: match.start()].strip():
            label = text[: match.start()].rstrip(" ,;")
            return label, _status(match, crosses_deny)
    return text, None


def _counted(cell: str) -> bool:
    """A cell that counts someone's hours or days, more than none: 'samen 52', '16 uur'."""
    found = COUNT_CELL.fullmatch(fold(cell).strip())
    figure = next((group for group in found.groups() if group), "0") if found else "0"
    return not figure[0].isdigit() or float(figure.replace(",", ".")) > 0  # 'vier', or > 0


def _cell(cell: str, crosses_deny: bool) -> Status | None:
    """One cell: a mark, read with the column the reader put before it ('niet aanwezig: ✓')."""
    column, _, value = cell.rpartition(": ")
    light = TRAFFIC_LIGHT.get(fold(value).strip())  # a whole cell 'groen' or 'rood'
    if light is not None:
        return light
    if len(value.split()) > CELL_WORDS and mark(value, crosses_deny) is None:
        return None
    found = mark(value, crosses_deny)
    if found is not None and column and NEGATIVE_COLUMN.search(fold(column)):
        return Status.ABSENT if found == Status.STATED else None
    return found


def mark(cell: str, crosses_deny: bool = True, whole: bool = False) -> Status | None:
    """What a cell says: yes, no, or nothing readable. `whole`: the cell must start with it
    ('nee, alleen via verwijzing'), not merely hold the word somewhere."""
    folded = fold(cell).strip()
    match = MARK.match(folded) if whole else MARK.search(folded)
    return None if match is None else _status(match, crosses_deny)


def _status(match: re.Match[str], crosses_deny: bool) -> Status:
    if match.group("no") or (match.group("cross") and crosses_deny):
        return Status.ABSENT
    return Status.STATED
