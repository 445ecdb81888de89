"""A cited sentence with a little of the text around it, and a passage amid its neighbours:
what a source card shows at once, and what a text document (DOCX, TXT) shows instead of a
page image."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from steunwijzer.types import Passage

CONTEXT_WORDS = 12  # words either side of a cited sentence on a card
NEIGHBOUR_WORDS = 80  # words of the passages before and after, for a text document


@dataclass(frozen=True)
class Snippet:
    """A quoted sentence as it stands in its passage: some words before, the sentence, some
    words after ('…' where the passage goes on)."""

    before: str
    quote: str
    after: str


@dataclass(frozen=True)
class TextContext:
    """A passage of a text document with the end of the passage before it and the start of
    the one after it."""

    before: str
    passage: Passage
    after: str


def snippet(text: str, quote: str, words: int = CONTEXT_WORDS) -> Snippet:
    """`quote` with up to `words` words either side from `text`; the quote alone when it is
    not in the text verbatim (whitespace aside)."""
    found = locate(text, quote)
    if found is None:
        return Snippet("", " ".join(quote.split()), "")
    start, end = found
    before = text[:start].split()
    after = text[end:].split()
    return Snippet(
        ("… " if len(before) > words else "") + " ".join(before[-words:]),
        " ".join(text[start:end].split()),
        " ".join(after[:words]) + (" …" if len(after) > words else ""),
    )


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """Where `quote` stands in `text`, whatever whitespace runs between its words."""
    parts = quote.split()
    if not parts:
        return None
    found = re.search(r"\s+".join(re.escape(p) for p in parts), text)
    return (found.start(), found.end()) if found else None


def in_document(passage: Passage, passages: Sequence[Passage]) -> TextContext:
    """`passage` with the end of the passage before it and the start of the one after it in
    its document (`passages`: any passages, those of other documents are left out)."""
    own = sorted((p for p in passages if p.doc_id == passage.doc_id), key=lambda p: p.position)
    before = [p for p in own if p.position < passage.position]
    after = [p for p in own if p.position > passage.position]
    head = before[-1].text.split()[-NEIGHBOUR_WORDS:] if before else []
    tail = after[0].text.split()[:NEIGHBOUR_WORDS] if after else []
    return TextContext(
        ("… " if head else "") + " ".join(head),
        passage,
        " ".join(tail) + (" …" if tail else ""),
    )
