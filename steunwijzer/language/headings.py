"""Headings and lists inside text: numbered section headings, question headings, captions,
and the bullet list a sentence ending in ':' introduces."""

from __future__ import annotations

import re

from steunwijzer.language.text import ends_sentence

# '2.3 Ondersteuningsteam', '7. Contact' (the number, then the heading's text).
NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(\S.*)$")
# A section number on a line of its own: '7.', '5.1' (not a table cell '15').
SECTION_NUMBER = re.compile(r"\d{1,2}\.(?:\d{1,2}\.?)*")
# 'A. Hoeveel OT-gesprekken ...?', 'III. Werkwijze'.
LETTERED_HEADING = re.compile(r"^([A-Z]|[IVX]{1,5})[.)]\s+(\S.*)$")
# A list letter or number standing alone: 'b.', 'III.', '3)'.
ENUMERATOR = re.compile(r"(?:\d{1,2}|[a-zA-Z]|[ivxIVX]{1,4})[.)]")
CAPTION_WORDS = 8
LIST_ITEMS = 6  # bullets a lead-in sentence takes with it


def is_heading(sentence: str) -> bool:
    """A section heading, a question heading or a short caption: nothing that answers."""
    if sentence.endswith("?"):
        return True
    if NUMBERED_HEADING.match(sentence):  # a footnote that reads as a sentence is no heading
        return not (ends_sentence(sentence) and len(sentence.split()) > CAPTION_WORDS)
    return (
        len(sentence.split()) <= CAPTION_WORDS
        and not ends_sentence(sentence)
        and not re.search(r"[\d•|]", sentence)
    )


def with_list(text: str, end: int, heading: bool = False) -> int:
    """Where a sentence of `text` ending at `end` ends with its list: a sentence that ends in
    ':', or a `heading`, takes the bullet lines that follow it."""
    if not heading and not text[:end].rstrip().endswith(":"):
        return end
    items = 0
    position = end
    while items < LIST_ITEMS:
        rest = text[position:].lstrip("\n")
        if not rest.startswith("•"):
            break
        line_end = text.find("\n", len(text) - len(rest))
        position = len(text) if line_end == -1 else line_end
        items += 1
    return position
