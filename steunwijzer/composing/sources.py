"""The passages an answer cites, numbered [1], [2], ... in the order the answer first cites
them, and the verbatim quotes with their pages."""

from __future__ import annotations

import re
from collections.abc import Sequence

from steunwijzer.language.injection import without_instructions
from steunwijzer.types import Citation, Passage


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
                return self.quote(passage, found.start(), found.end())
        return " ".join(text.split())
