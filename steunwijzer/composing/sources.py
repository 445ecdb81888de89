"""The passages an answer cites, numbered [1], [2], ... in the order the answer first cites
them, and the verbatim quotes with their pages."""

from __future__ import annotations

import re
from collections.abc import Sequence

from steunwijzer.language.headings import is_heading
from steunwijzer.language.injection import without_instructions
from steunwijzer.language.text import sentence_spans
from steunwijzer.types import Citation, Passage

# A sentence that opens with a word pointing back ('Dat is onze time-outruimte.') is quoted
# with the sentence before it, which says what it points at.
POINTS_BACK = re.compile(r"(?:dat|dit|daar|daarvoor|deze|die|hier|hiervoor|zij|hij|ze)\b", re.I)


def with_antecedent(text: str, start: int) -> int:
    """Where a quote of `text` that starts at `start` begins: at the sentence before, when
    the quote's first word points back to it and that sentence is no heading or lead-in."""
    if not POINTS_BACK.match(text, start):
        return start
    before = [span for span in sentence_spans(text) if span[1] <= start]
    if not before:
        return start
    sentence = text[before[-1][0] : before[-1][1]].rstrip()
    if is_heading(sentence) or sentence.endswith(("?", ":")):
        return start
    return before[-1][0]


class Sources:
    """Numbers passages for one answer; the retrieved passages keep their places first."""

    def __init__(self, passages: Sequence[Passage] = ()) -> None:
        self.passages: list[Passage] = list(passages)
        self.citations: list[Citation] = []

    def number(self, passage: Passage) -> int:
        for n, known in enumerate(self.passages, start=1):
            if known.chunk_id == passage.chunk_id:
                return n
        self.passages.append(passage)
        return len(self.passages)

    def quote(self, passage: Passage, start: int, end: int) -> str:
        """The span verbatim with its [n] right after it, as every quote of an answer is
        written; the citation is kept for the answer."""
        n = self.number(passage)
        text = " ".join(without_instructions(passage.text[start:end]).split())  # never quoted
        text = text.removeprefix("• ")  # a list item's mark is no part of what it says
        citation = Citation(n, passage.document, passage.title, passage.page_at(start), text)
        if citation not in self.citations:
            self.citations.append(citation)
        return f"{text} [{n}]"

    def quote_text(self, text: str, passages: Sequence[Passage]) -> str:
        """A quote known by its text (a profile value), found in one of `passages`."""
        pattern = re.compile(r"\s+".join(re.escape(part) for part in text.split()))
        for passage in passages:
            found = pattern.search(passage.text)
            if found:
                start = with_antecedent(passage.text, found.start())
                return self.quote(passage, start, found.end())
        return " ".join(text.split())
