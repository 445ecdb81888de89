"""Turn extracted pages into clean blocks of text that remember the page of every character.

Drops running headers/footers and page numbers, rejoins lines that a PDF wrapped (also across
page breaks and hyphenations), normalises whitespace and quotes, and labels each block as a
heading, bullet, short line (table cell) or paragraph."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from steunwijzer.language.headings import LETTERED_HEADING, NUMBERED_HEADING
from steunwijzer.language.text import ends_sentence

EDGE_LINES = 3  # running headers/footers sit within this many lines of a page's top or bottom
PAGE_NUMBER = re.compile(
    r"^(?:(?:pagina|page|blz\.?|p\.)\s*)?[-–(]?\s*\d{1,4}\s*[-–)]?(?:\s*(?:van|of|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)
BULLET = re.compile(r"^(?:[•●▪■◦○·\-–*]|o(?=\s))\s*")
APPENDIX = re.compile(r"^(?:Bijlage|Bijlagen|Hoofdstuk|Appendix|Deel)\b(?:\s+(?:\d+|[IVX]+)\b)?")
QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "`": "'", "“": '"', "”": '"', "„": '"', "\u00ad": None}
)
SHORT_WORDS = 8
HEADING_AHEAD = 3  # marked headings looked ahead to when one was not found in the text
# A block as joined: its text, where each page starts in it, and its level when the file marks
# it as a heading (0 when it does not).
_Raw = tuple[str, tuple[tuple[int, int], ...], int]


@dataclass(frozen=True)
class Block:
    """A heading, bullet, line or paragraph, with (offset, page) starts for its characters."""

    kind: str  # heading | bullet | line | para
    text: str
    page_starts: tuple[tuple[int, int], ...]
    level: int = 0  # headings: 1-4 numbered depth, 5 lettered question, 6 unnumbered

    @property
    def page(self) -> int:
        return self.page_starts[0][1]

    @property
    def words(self) -> int:
        return len(self.text.split())


def normalize_line(line: str) -> str:
    """NFKC, straight quotes, no soft hyphens, single spaces."""
    line = unicodedata.normalize("NFKC", line).translate(QUOTES)
    # Symbol-font bullets come out as private-use or control characters (even NUL).
    line = "".join("•" if _is_glyph_junk(c) else c for c in line)
    return re.sub(r"\s+", " ", line).strip()


def _is_glyph_junk(char: str) -> bool:
    category = unicodedata.category(char)
    return category == "Co" or (category == "Cc" and char not in "\t\n\r")


def running_lines(pages: Sequence[Sequence[str]]) -> set[str]:
    """Keys of lines that repeat near the edge of most pages (headers, footers)."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_edge_key(line) for line in _edges(lines)})
    needed = max(2, (len(pages) + 1) // 2)
    return {key for key, count in counts.items() if count >= needed and key}


def running_title(pages: Sequence[str]) -> str:
    """The document title as a running header/footer states it, without its page number."""
    split = [[normalize_line(x) for x in page.splitlines() if x.strip()] for page in pages]
    keys = running_lines(split)
    for lines in split:
        for line in _edges(lines):
            if _edge_key(line) in keys and not PAGE_NUMBER.match(line):
                title = re.sub(r"[\s·|,-]*(pagina|page|blz\.?)\s*\d+.*$", "", line, flags=re.I)
                if len(title.split()) >= 2:
                    return title.strip(" ·|-")
    return ""


def clean_pages(
    pages: Sequence[str], drop_running: bool = True, headings: Sequence[tuple[str, int]] = ()
) -> list[Block]:
    """Clean extracted pages into labelled blocks; page numbers start at 1. `headings` are
    the lines the file marks as headings, in reading order, with their levels: each marks
    the next line of its text, not every line that reads alike."""
    pending = [(normalize_line(text), level) for text, level in headings]
    split = [[normalize_line(x) for x in page.splitlines()] for page in pages]
    split = [[x for x in lines if x] for lines in split]
    repeated = running_lines(split) if drop_running else set()
    lines: list[tuple[str, int, int]] = []
    for number, page_lines in enumerate(split, start=1):
        last = len(page_lines) - 1
        for index, line in enumerate(page_lines):
            near_edge = index < EDGE_LINES or index > last - EDGE_LINES
            if near_edge and (_edge_key(line) in repeated or PAGE_NUMBER.match(line)):
                continue
            level = 0
            # the next marked heading, or one a little further when one was never found
            # (dropped as a running header, or broken over two lines)
            ahead = next(
                (k for k, (text, _) in enumerate(pending[:HEADING_AHEAD]) if text == line), -1
            )
            if ahead >= 0:
                level = pending[ahead][1]
                del pending[: ahead + 1]
            lines.append((line, number, level))
    return _label(_join(lines))


def _edges(lines: Sequence[str]) -> list[str]:
    return list(lines[:EDGE_LINES]) + list(lines[-EDGE_LINES:])


def _edge_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower()).strip()


def _starts_block(line: str) -> bool:
    return bool(BULLET.match(line) or _heading_level(line) or APPENDIX.match(line))


def _continues(previous: str, line: str, wide: int, last: str = "") -> bool:
    """Whether `line` is the wrapped continuation of `previous` (whose last physical line is
    `last`, by default all of it)."""
    if _starts_block(line):
        return False
    if previous.endswith("-") and len(previous) > 1 and previous[-2].isalpha():
        return True
    first = line[0]
    if first.islower() or first in "(,;)":
        return not ends_sentence(previous) or previous.endswith((";", ":"))
    # An upper-case start continues only a line that was cut off by the page width: a long
    # block whose last line the next word would not have fit on ('professionals van het'
    # before 'Samenwerkingsverband'). The block's length alone would let every table row
    # after a long cell join it.
    room = len(last or previous) + 1 + len(line.split(" ", 1)[0])
    cut_off = len(previous) >= 0.8 * wide and room >= 0.85 * wide
    return cut_off and not ends_sentence(previous)


def _glue(previous: str, line: str) -> tuple[str, str]:
    """Join two wrapped lines; returns (text to keep of previous, separator)."""
    if previous.endswith("-") and len(previous) > 1 and previous[-2].isalpha():
        next_word = line.split(" ", 1)[0]
        if next_word in ("en", "of", "tot") or not line[0].islower():
            return previous, "" if not line[0].islower() else " "
        if previous[-2].islower():
            return previous[:-1], ""
        return previous, ""
    return previous, " "


def _join(lines: Sequence[tuple[str, int, int]]) -> list[_Raw]:
    """Merge wrapped lines into raw blocks, tracking where each page starts in a block; a
    marked heading (level > 0) is a block of its own."""
    wide = max((len(text) for text, _, _ in lines), default=0)
    blocks: list[_Raw] = []
    text, starts, marked = "", (), 0  # type: str, tuple[tuple[int, int], ...], int
    last = ""
    for line, page, level in lines:
        apart = bool(level or marked)
        if text and not apart and _continues(text, line, wide, last):
            kept, separator = _glue(text, line)
            text = kept + separator
        else:
            if text:
                blocks.append((text, starts, marked))
            text, starts = "", ()
        if not starts or starts[-1][1] != page:
            starts = (*starts, (len(text), page))
        text += line
        marked = level
        last = line
    if text:
        blocks.append((text, starts, marked))
    return blocks


def _heading_level(text: str) -> int:
    """1-4 for a numbered section heading, 5 for a lettered or roman one, 0 otherwise."""
    words = len(text.split())
    numbered = NUMBERED_HEADING.match(text)
    # "3 Zie verslag ..." is a footnote; a one-level section number needs its dot: "3. Visie".
    dotted = numbered is not None and (
        "." in numbered.group(1) or text[len(numbered.group(1))] == "."
    )
    if numbered and dotted and words <= 12 and not text.endswith((".", ",", ";")):
        title = numbered.group(2)
        if title[0].isupper() or title[0] in "'\"(":
            return min(numbered.group(1).count(".") + 1, 4)
    lettered = LETTERED_HEADING.match(text)
    if lettered and words <= 30 and (text.endswith(("?", ":")) or words <= 10):
        return 5
    return 0


def _label(raw: Sequence[_Raw]) -> list[Block]:
    blocks: list[Block] = []
    numbering = _Numbering()
    for index, (text, starts, marked) in enumerate(raw):
        level = marked or numbering.level(text)
        following = raw[index + 1][0] if index + 1 < len(raw) else ""
        if level:
            blocks.append(Block("heading", text, starts, level))
        elif BULLET.match(text) and BULLET.sub("", text, count=1).strip():
            bullet = BULLET.sub("", text, count=1)
            shift = len(text) - len(bullet)
            moved = tuple((max(o - shift, 0), p) for o, p in starts)
            blocks.append(Block("bullet", "• " + bullet, _shift(moved, 2)))
        elif len(text.split()) <= SHORT_WORDS and not ends_sentence(text):
            prose_follows = len(following.split()) > SHORT_WORDS and not _starts_block(following)
            kind = "heading" if prose_follows and text[:1].isupper() else "line"
            blocks.append(Block(kind, text, starts, 6 if kind == "heading" else 0))
        else:
            blocks.append(Block("para", text, starts))
    return blocks


class _Numbering:
    """Tells section headings from numbered list items by the order of their numbers.

    Sections count up (1, 2, 3, then 3.1, 3.2 under 3); a "1." after section 3 starts a list.
    An appendix ("Bijlage 2 ...") is a top-level section and numbering starts again in it."""

    def __init__(self) -> None:
        self.top = 0

    def level(self, text: str) -> int:
        if APPENDIX.match(text) and len(text.split()) <= 15:
            self.top = 0
            return 1
        level = _heading_level(text)
        numbered = NUMBERED_HEADING.match(text)
        if not level or level > 4 or not numbered:
            return level
        numbers = [int(n) for n in numbered.group(1).split(".") if n]
        if len(numbers) == 1 and numbers[0] > self.top:
            self.top = numbers[0]
            return level
        if len(numbers) > 1 and numbers[0] == self.top:
            return level
        if len(numbers) > 1 and numbers[0] > self.top:
            self.top = numbers[0]
            return level
        return 6  # a numbered item: a topic heading at most, not a section


def _shift(starts: tuple[tuple[int, int], ...], by: int) -> tuple[tuple[int, int], ...]:
    return tuple((o + by if i else 0, p) for i, (o, p) in enumerate(starts))
