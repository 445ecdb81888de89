"""What a table row's cells say about availability: a mark that survived as text (✓, X, ja,
nee, 'Actief toegepast', 'niet aanwezig'), or nothing readable."""

from __future__ import annotations

import re

from steunwijzer.language.text import fold
from steunwijzer.profiles.status import Status

NAME_WORDS = 6  # 'De Kompaskamer: een lokaal ...': the item is the name before the colon
# A mark in a cell (folded text). 'Niet aanwezig' before 'aanwezig': the longer phrase wins.
NO = r"[✗✘☒]|\bnee\b|\bx\b|niet aanwezig|niet beschikbaar|niet toegepast|niet in gebruik"
YES = r"[✓✔☑√]|\bja\b|\bv\b|actief toegepast|\btoegepast\b|\baanwezig\b|\bbeschikbaar\b|in gebruik"
MARK = re.compile(rf"(?P<no>{NO})|(?P<yes>{YES})")


def marked(row: str) -> bool:
    """A row whose cells hold a mark ('Orthopedagoog | ✓', 'Logopedist nee')."""
    return cells(row)[1] is not None


def cells(row: str) -> tuple[str, Status | None]:
    """A row's label, and what its first mark says (None: no mark)."""
    text = row.strip().removeprefix("•").strip()
    if " | " in text:
        label, *rest = (c.strip() for c in text.split(" | "))
        marks = [mark(cell) for cell in rest if len(cell.split()) <= 4 or mark(cell)]
        if Status.STATED in marks:
            return label, Status.STATED
        return label, Status.ABSENT if Status.ABSENT in marks else None
    named = re.match(r"^([^:]{2,80}):\s+(.+)$", text)
    if named and len(named.group(1).split()) <= NAME_WORDS:
        return named.group(1), mark(named.group(2), whole=True)
    for match in MARK.finditer(fold(text)):
        # A mark after the label, as a word of its own: 'Orthopedagoog ja 2 dagen'.
        if match.start() > 0 and fold(text)[: match.start()].strip():
            label = text[: match.start()].rstrip(" ,;")
            return label, Status.ABSENT if match.group("no") else Status.STATED
    return text, None


def mark(cell: str, whole: bool = False) -> Status | None:
    """What a cell says: yes, no, or nothing readable. `whole`: the cell must start with it
    ('nee, alleen via verwijzing'), not merely hold the word somewhere."""
    folded = fold(cell).strip()
    match = MARK.match(folded) if whole else MARK.search(folded)
    if match is None:
        return None
    return Status.ABSENT if match.group("no") else Status.STATED
