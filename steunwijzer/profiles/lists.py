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

from steunwijzer.language.headings import LETTERED_HEADING, NUMBERED_HEADING, SECTION_NUMBER
from steunwijzer.language.text import ends_sentence, fold
from steunwijzer.profiles.status import Status
from steunwijzer.types import Citation, Passage

ROW_WORDS = 14  # a table row or a label; longer lines without a '|' are prose
CAPTION_WORDS = 4  # 'Fysieke ruimten', 'Leren:'
RUN_ROWS = 3  # short lines in a row that are a table even without a header
NAME_WORDS = 6  # 'De Kompaskamer: een lokaal ...': the item is the name before the colon
MAX_ITEMS = 40
# A mark in a cell (folded text). 'Niet aanwezig' before 'aanwezig': the longer phrase wins.
NO = r"[✗✘☒]|\bnee\b|\bx\b|niet aanwezig|niet beschikbaar|niet toegepast|niet in gebruik"
YES = r"[✓✔☑√]|\bja\b|\bv\b|actief toegepast|\btoegepast\b|\baanwezig\b|\bbeschikbaar\b|in gebruik"
MARK = re.compile(rf"(?P<no>{NO})|(?P<yes>{YES})")
# Column headings of an availability table, and captions that stand above one.
COLUMNS = re.compile(
    r"op de school|via (?:het )?(?:bestuur|swv|samenwerkingsverband)(?: of derden)?"
    r"|centraal beschikbaar|aanwezig|beschikbaar\w*|inzet(?: per week)?|status|definitie"
    r"|omschrijving|ja/nee|anders,? namelijk(?: \.\.\.|…)?"
)
ANOTHER_TABLE = re.compile(r"^anders,? namelijk\b")  # PoS: the school's own additions
# A line that ends a list and heads what follows ('Toelichting voorzieningen').
STOP = re.compile(r"^(?:toelichting|legenda|opmerking|uitleg|samenvatting)\b")
# A sentence that announces the list or table after it.
LEAD_IN = re.compile(
    r"\bonderstaande\b|\bhieronder\b|\bvolgende\b|\bdeze (?:\w+ )?:|\btabel\b|\blijst\b"
    r"|\boverzicht\b|:\s*$"
)
# Glossaries define terms; their rows are no items the school has.
GLOSSARY = re.compile(r"begrippen|woordenlijst|verklarende|afkortingen|definitie")


@dataclass(frozen=True)
class Item:
    """One item of a list: its text (verbatim), what its marks say, and where it stands."""

    text: str
    status: Status
    citation: Citation


@dataclass(frozen=True)
class Line:
    """One line of a document (a heading, bullet, table row or paragraph) and its kind."""

    passage: Passage
    start: int
    end: int
    kind: str  # heading | bullet | row | caption | prose

    @property
    def text(self) -> str:
        return self.passage.text[self.start : self.end]

    @property
    def folded(self) -> str:
        return fold(self.text)

    @property
    def key(self) -> tuple[str, int]:
        return self.passage.chunk_id, self.start


def lines_of(passages: Sequence[Passage]) -> list[Line]:
    """The lines of one document's passages, in reading order."""
    found: list[Line] = []
    for passage in sorted(passages, key=lambda p: p.position):
        at = 0
        for raw in passage.text.split("\n"):
            start = at + len(raw) - len(raw.lstrip())
            end = at + len(raw.rstrip())
            at += len(raw) + 1
            if end > start:
                found.append(Line(passage, start, end, ""))
    return [
        Line(line.passage, line.start, line.end, _kind(line.text.strip(), previous))
        for line, previous in zip(found, ["", *(f.text.strip() for f in found)], strict=False)
    ]


def _kind(text: str, previous: str) -> str:
    words = len(text.split())
    numbered = NUMBERED_HEADING.match(text)
    # '3.2 Voorzieningen', '7. Contact'; not a table cell such as '5 dagen'.
    dotted = numbered is not None and (
        "." in numbered.group(1) or text[len(numbered.group(1))] == "."
    )
    if SECTION_NUMBER.fullmatch(text) or (
        numbered
        and dotted
        and words <= 12
        and not ends_sentence(text)
        and text[-1:] not in ",;"
        and numbered.group(2)[:1].isupper()
    ):
        return "heading"
    if SECTION_NUMBER.fullmatch(previous) and words <= CAPTION_WORDS:
        return "heading"  # '7.' on a line of its own, then 'Contact'
    if LETTERED_HEADING.match(text) and words <= 30 and (text.endswith(("?", ":")) or words <= 10):
        return "heading"
    if text.endswith("?") and words <= 20:
        return "heading"  # a question an SOP answers ('Welke voorzieningen zijn er?')
    if text.startswith("•"):
        return "bullet"
    if " | " in text or ANOTHER_TABLE.match(fold(text)):
        return "row"
    if text.endswith(":") and words <= CAPTION_WORDS:
        return "caption"
    if words <= ROW_WORDS and not ends_sentence(text):
        return "row"
    return "prose"


def listed_items(names: re.Pattern[str], passages: Sequence[Passage]) -> list[Item]:
    """The items of the lists an SOP gives for one field: under a heading that `names` matches
    (folded), or after a lead-in sentence or table caption that names it; [] when it lists
    none. An item is stated (a bullet, a row marked yes), absent (marked no) or unknown (a
    table row without a readable mark)."""
    items: dict[str, Item] = {}
    for block in _blocks(names, lines_of(passages)):
        for line in block:
            item = _item(line)
            if item and fold(item.text) not in items:
                items[fold(item.text)] = item
    return list(items.values())[:MAX_ITEMS]


def availability(passages: Sequence[Passage]) -> dict[tuple[str, int], Status]:
    """Every row of a table in one document, by (chunk id, line start): stated when a mark
    says yes, absent when it says no, unknown when no mark is left to read (a drawn tick
    lost, or a glossary's term)."""
    rows: dict[tuple[str, int], Status] = {}
    for block in _tables(lines_of(passages)):
        for line in block:
            item = _item(line)
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


def _blocks(names: re.Pattern[str], lines: Sequence[Line]) -> Iterator[list[Line]]:
    """The runs of bullets and rows that a heading, lead-in or caption naming the field
    introduces (header rows left out)."""
    scope = False  # under a heading that names the field
    armed = False  # a lead-in or caption that names the field stands just before
    block: list[Line] = []
    fresh = True  # no row or bullet yet since the last heading or paragraph
    for i, line in enumerate(lines):
        folded = line.folded
        naming = bool(names.search(folded)) and not GLOSSARY.search(folded)
        if line.kind == "heading":
            yield from _flush(block)
            scope, armed, fresh = naming, False, True
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
            marked = [line for line in run if _marked(line)]
            run.clear()
            yield from _flush(marked)

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


def _label(line: Line) -> bool:
    return len(line.text.split()) <= CAPTION_WORDS and not re.search(r"[\d.;!?|]", line.text)


def _marked(line: Line) -> bool:
    """A row whose cells hold a mark ('Orthopedagoog | ✓', 'Logopedist nee')."""
    return _cells(line)[1] is not None


def _cells(line: Line) -> tuple[str, Status | None]:
    """A row's label, and what its first mark says (None: no mark)."""
    text = line.text.strip().removeprefix("•").strip()
    if " | " in text:
        label, *cells = (c.strip() for c in text.split(" | "))
        marks = [_mark(cell) for cell in cells if len(cell.split()) <= 4 or _mark(cell)]
        if Status.STATED in marks:
            return label, Status.STATED
        return label, Status.ABSENT if Status.ABSENT in marks else None
    named = re.match(r"^([^:]{2,80}):\s+(.+)$", text)
    if named and len(named.group(1).split()) <= NAME_WORDS:
        return named.group(1), _mark(named.group(2), whole=True)
    for match in MARK.finditer(fold(text)):
        # A mark after the label, as a word of its own: 'Orthopedagoog ja 2 dagen'.
        if match.start() > 0 and fold(text)[: match.start()].strip():
            label = text[: match.start()].rstrip(" ,;")
            return label, Status.ABSENT if match.group("no") else Status.STATED
    return text, None


def _mark(cell: str, whole: bool = False) -> Status | None:
    """What a cell says: yes, no, or nothing readable. `whole`: the cell must start with it
    ('nee, alleen via verwijzing'), not merely hold the word somewhere."""
    folded = fold(cell).strip()
    match = MARK.match(folded) if whole else MARK.search(folded)
    if match is None:
        return None
    return Status.ABSENT if match.group("no") else Status.STATED


def _item(line: Line) -> Item | None:
    """The item a bullet or row states; None for an empty line."""
    label, mark = _cells(line)
    label = label.strip(" .;,")
    if not label or not re.search(r"\w", label):
        return None
    if mark is None:
        # A bullet is a statement of the list it stands in; a bare row lost its tick.
        mark = Status.STATED if line.kind == "bullet" else Status.UNKNOWN
    passage = line.passage
    quote = line.text.strip().removeprefix("•").strip()
    start = passage.text.index(quote, line.start)
    citation = Citation(0, passage.document, passage.title, passage.page_at(start), quote)
    return Item(label, mark, citation)
