"""Lists in an SOP: the items that a heading or a lead-in introduces (bullets, or the rows of a
table), each with its page and what its marks say about availability.

Perspectief-op-School-style SOPs state specialists, facilities, offer and protocols as tables
("De onderstaande lijst toont de voorzieningen ...") whose columns hold ticks. A PDF's text
often loses drawn ticks: such a row is only a label, so its item is "genoemd, beschikbaarheid
onbekend", never "ja". Where a mark survives as text (✓, X, ja, nee, "Actief toegepast") it
is read. Rows whose label is defined in a glossary are no items."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from steunwijzer.language.headings import NUMBERED_HEADING
from steunwijzer.language.text import fold
from steunwijzer.profiles.lines import ANOTHER_TABLE, CAPTION_WORDS, Line, lines_of
from steunwijzer.profiles.marks import cells, marked, ticked
from steunwijzer.profiles.status import Status
from steunwijzer.types import Citation, Passage

TITLE_WORDS = 8  # an unnumbered heading
RUN_ROWS = 3  # short lines in a row that are a table even without a header
MAX_ITEMS = 40
# Column headings of an availability table, and captions that stand above one.
COLUMNS = re.compile(
    r"op de school|via (?:het )?(?:bestuur|swv|samenwerkingsverband)(?: of derden)?"
    r"|centraal beschikbaar|aanwezig|beschikbaar\w*|inzet(?: per week)?|status|definitie"
    r"|omschrijving|toelichting|ja/nee|anders,? namelijk(?: \.\.\.|…)?"
)
# A line that ends a list and heads what follows ('Toelichting voorzieningen').
STOP = re.compile(r"^(?:toelichting|legenda|opmerking|uitleg|samenvatting)\b")
# A sentence that announces the list or table after it.
LEAD_IN = re.compile(
    r"\bonderstaande\b|\bhieronder\b|\bvolgende\b|\bdeze (?:\w+ )?:|\btabel\b|\blijst\b"
    r"|\boverzicht\b|:\s*$"
)
NOTHING = re.compile(r"(?!)")
# Glossaries define terms; their rows are no items the school has.
# ... and a page's own title for them, as a title: not 'we oefenen met moeilijke woorden'
GLOSSARY_TITLES = (
    r"begrippen|woordenlijst|verklarende|afkortingen"
    r"|^\W*(?:moeilijke woorden|woorden uitgelegd|wat betekenen de woorden)\W*$"
)
GLOSSARY = re.compile(rf"{GLOSSARY_TITLES}|definitie", re.M)


@dataclass(frozen=True)
class Item:
    """One item of a list: its text (verbatim), what its marks say, and where it stands."""

    text: str
    status: Status
    citation: Citation


def listed_items(
    names: re.Pattern[str],
    passages: Sequence[Passage],
    sections: re.Pattern[str] | None = None,
) -> list[Item]:
    """The items of the lists an SOP gives for one field: under a heading that `names` matches
    (folded), or after a lead-in sentence or table caption that names it; [] when it lists
    none. Under a marked heading that `sections` matches, its sub-headings are the items. An
    item is stated (a bullet, a row, a sub-heading), absent (marked no) or unknown (a table row
    without a readable mark)."""
    items: dict[str, Item] = {}
    for block in _blocks(names, lines_of(passages), sections or NOTHING):
        crosses_deny = ticked([line.text for line in block])
        for line in block:
            item = _item(line, crosses_deny)
            if item and fold(item.text) not in items:
                items[fold(item.text)] = item
    return list(items.values())[:MAX_ITEMS]


def availability(passages: Sequence[Passage]) -> dict[tuple[str, int], Status]:
    """Every row of a table in one document, by (chunk id, line start): stated when a mark
    says yes, absent when it says no, unknown when no mark is left to read (a drawn tick
    lost, or a glossary's term)."""
    rows: dict[tuple[str, int], Status] = {}
    for block in _tables(lines_of(passages)):
        crosses_deny = ticked([line.text for line in block])
        for line in block:
            item = _item(line, crosses_deny)
            if item is not None:
                rows[line.key] = item.status
    return rows


def definitions(passages: Sequence[Passage]) -> dict[str, list[tuple[int, int]]]:
    """The paragraphs of a document's glossary (from a line that announces definitions to the
    next numbered heading), as (start, end) per chunk id: they define terms and say nothing
    of what the school has."""
    spans: dict[str, list[tuple[int, int]]] = {}
    inside = False
    for line in lines_of(passages):
        if line.kind == "heading" and NUMBERED_HEADING.match(line.text.strip()):
            inside = False
        inside = inside or bool(GLOSSARY.search(line.folded))
        if inside and line.kind == "prose":
            spans.setdefault(line.passage.chunk_id, []).append((line.start, line.end))
    return spans


def _blocks(
    names: re.Pattern[str], lines: Sequence[Line], sections: re.Pattern[str] = NOTHING
) -> Iterator[list[Line]]:
    """The runs of bullets and rows that a heading, lead-in or caption naming the field
    introduces (header rows left out)."""
    scope = False  # under a heading that names the field
    depth = 0  # ... at this depth of the file's own headings (0: unknown)
    below = False  # under a heading one level deeper, which is an item of the list
    armed = False  # a lead-in or caption that names the field stands just before
    block: list[Line] = []
    fresh = True  # no row or bullet yet since the last heading or paragraph
    for i, line in enumerate(lines):
        folded = line.folded
        naming = bool(names.search(folded)) and not GLOSSARY.search(folded)
        if line.kind == "heading":
            if scope and depth and line.depth > depth + 1:
                continue  # a heading within an item's section ('Op Koers' > 'Werkwijze')
            if scope and depth and line.depth == depth + 1:
                # A section of its own under the field's heading ('Extra ondersteuning' >
                # 'Op Koers' in a Word SOP): its title is an item, its text describes it.
                if not below:
                    yield from _flush(block)
                block.append(line)
                below, armed, fresh = True, False, True
                continue
            yield from _flush(block)
            parent = bool(line.depth and sections.search(folded))
            scope, armed, fresh = naming or parent, False, True
            depth, below = (line.depth if parent else 0), False
            continue
        if below:
            continue
        if line.kind == "prose":
            yield from _flush(block)
            armed = naming and bool(LEAD_IN.search(folded))
            fresh = True
            continue
        if line.kind == "caption":
            armed = armed or naming
            continue
        if STOP.match(folded):
            yield from _flush(block)
            armed, fresh = False, True
            continue
        following = lines[i + 1] if i + 1 < len(lines) else None
        titled = following is not None and following.kind == "prose" and _titled(line)
        if titled and (naming or not _described(line, following)):
            # An unnumbered heading above its paragraph: one that names the field ('Ons
            # onderwijsaanbod' in a Word or text SOP) puts what follows in its scope; another
            # ('Lezen en spellen') ends it, and is no item of a list either. An item with its
            # description under it ('Logopedist' / 'De logopedist komt ...') stays an item.
            yield from _flush(block)
            scope, armed, fresh = naming, False, True
            depth, below = 0, False
            continue
        # A short label before a header row is the header's first cell ('Specialist' above
        # 'Aanwezig' and 'Inzet per week', each on a line of its own).
        first_cell = (
            following is not None
            and _label(line)
            and _is_header(following, True)  # column headings only: 'Aanwezig'
            and not ANOTHER_TABLE.match(following.folded)
        )
        if _is_header(line, bool(block)) or (line.kind == "row" and first_cell):
            if GLOSSARY.search(folded):
                scope = armed = False
            armed = armed or naming
            fresh = False
            continue
        # A first short label that names the field, with rows after it, is the table's caption.
        follows = following is not None and following.kind in ("row", "bullet")
        if fresh and naming and line.kind == "row" and _label(line) and follows:
            armed, fresh = True, False
            continue
        fresh = False
        if (scope or armed) and not (block and _continues(line)):
            block.append(line)
    yield from _flush(block)


def _tables(lines: Sequence[Line]) -> Iterator[list[Line]]:
    """Runs of table rows: under a header with availability columns, after a lead-in that
    announces a list, in a glossary, or at least `RUN_ROWS` short lines in a row (a table
    whose header was drawn); else only rows that hold a mark."""
    introduced = glossary = False
    run: list[Line] = []

    def rows() -> Iterator[list[Line]]:
        if introduced or glossary or len(run) >= RUN_ROWS:
            yield from _flush(run)
        else:
            kept = [line for line in run if marked(line.text)]
            run.clear()
            yield from _flush(kept)

    for line in lines:
        if line.kind == "heading" and NUMBERED_HEADING.match(line.text.strip()):
            glossary = False
        glossary = glossary or bool(GLOSSARY.search(line.folded))
        if line.kind in ("heading", "prose"):
            yield from rows()
            introduced = line.kind == "prose" and bool(LEAD_IN.search(line.folded))
            continue
        if STOP.match(line.folded) or line.kind == "bullet":
            yield from rows()
            introduced = False
            continue
        if line.kind == "caption":
            continue
        if _is_header(line, bool(run)):
            introduced = True
            continue
        if line.kind == "row" and not (run and _continues(line)):
            run.append(line)
    yield from rows()


def _flush(block: list[Line]) -> Iterator[list[Line]]:
    if block:
        yield list(block)
        block.clear()


def _is_header(line: Line, rows_before: bool) -> bool:
    """A table's header row ('Voorziening | Op de school | Via het bestuur', 'Protocol
    Status', 'Via het SWV of derden'): column headings and at most one other word, which
    only the first row of a table may have ('Specialisten Op de school')."""
    folded = line.folded
    if line.kind != "row" or not COLUMNS.search(folded):
        return False
    if ANOTHER_TABLE.match(folded):
        return True
    rest = re.sub(r"[^\w]+", " ", COLUMNS.sub(" ", folded)).split()
    return not rest or (len(rest) == 1 and not rows_before)


def _continues(line: Line) -> bool:
    """A row's further cell that a PDF put on a line of its own ('5 dagen', '-')."""
    return line.kind == "row" and bool(re.match(r"^[\d\-–]", line.text.strip()))


def _titled(line: Line) -> bool:
    """A short line that reads as a heading: a capital first, no mark, no table cells."""
    text = line.text.strip()
    return (
        line.kind == "row"
        and len(text.split()) <= TITLE_WORDS
        and text[:1].isupper()
        and " | " not in text
        and not marked(text)
    )


def _described(line: Line, following: Line | None) -> bool:
    """The paragraph under a short line speaks of it: it repeats a word of the line."""
    if following is None:
        return False
    named = set(re.findall(r"\w{4,}", line.folded))
    return bool(named & set(re.findall(r"\w{4,}", following.folded)))


def _label(line: Line) -> bool:
    return len(line.text.split()) <= CAPTION_WORDS and not re.search(r"[\d.;!?|]", line.text)


def _item(line: Line, crosses_deny: bool) -> Item | None:
    """The item a bullet or row states; None for an empty line. `crosses_deny`: the table
    also has ticks, so a cross says no (`marks.cells`)."""
    label, found = cells(line.text, crosses_deny)
    label = label.strip(" .;,")
    if not label or not re.search(r"\w", label):
        return None
    if found is None:
        # A bullet is a statement of the list it stands in; a bare row lost its tick.
        found = Status.STATED if line.kind in ("bullet", "heading") else Status.UNKNOWN
    passage = line.passage
    quote = line.text.strip().removeprefix("•").strip()
    start = passage.text.index(quote, line.start)
    citation = Citation(0, passage.document, passage.title, passage.page_at(start), quote)
    return Item(label, found, citation)
