"""An SOP's text as lines, each of a kind: a heading, a bullet, a table row, a caption above
rows, or prose. PDF, Word and text readers flatten a table into short lines (cells separated
by spaces or ' | '); this is where a line is told apart from a sentence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from steunwijzer.language.headings import LETTERED_HEADING, NUMBERED_HEADING, SECTION_NUMBER
from steunwijzer.language.text import ends_sentence, fold
from steunwijzer.types import Passage

ROW_WORDS = 14  # a table row or a label; longer lines without a '|' are prose
CAPTION_WORDS = 4  # 'Fysieke ruimten', 'Leren:'
GLUED_WORDS = 3 * ROW_WORDS  # a few rows run together, without a full stop anywhere
SENTENCE_END = re.compile(r"[.!?]\s+[A-Z]")
ANOTHER_TABLE = re.compile(r"^anders,? namelijk\b")  # PoS: the school's own additions


@dataclass(frozen=True)
class Line:
    """One line of a document (a heading, bullet, table row or paragraph) and its kind."""

    passage: Passage
    start: int
    end: int
    kind: str  # heading | bullet | row | caption | prose
    depth: int = 0  # a heading's place in its section path (1 at the top), 0 when unknown

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
    titles = {passage.chunk_id: section_titles(passage) for passage in passages}
    lines = []
    for line, previous in zip(found, ["", *(f.text.strip() for f in found)], strict=False):
        text = line.text.strip()
        depth = titles[line.passage.chunk_id].get(text, 0)
        kind = "heading" if depth else _kind(text, previous)
        lines.append(Line(line.passage, line.start, line.end, kind, depth))
    return lines


def section_titles(passage: Passage) -> dict[str, int]:
    """The headings of the sections a passage starts in or opens (its section paths), each
    with its depth: a Word heading such as 'Op Koers' is known by it, where its text looks
    like a table cell."""
    depths: dict[str, int] = {}
    for path in passage.section.split(" | "):
        titles = [title.strip() for title in path.split(" > ")]
        for depth, title in enumerate(titles, start=1):
            depths[title] = max(depths.get(title, 0), depth)
    return depths


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
    if words <= GLUED_WORDS and not ends_sentence(text) and not SENTENCE_END.search(text):
        return "row"  # table rows that a PDF's text put on one line: no sentence in them
    return "prose"
