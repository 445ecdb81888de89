"""Numbers written in digits or in words: one table of number words for every module that
reads a count, a size or a frequency."""

from __future__ import annotations

import re

from steunwijzer.language.text import words

# Dutch number words and their values ('een' is also the article: patterns add it on purpose).
DUTCH = {
    "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
    "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15,
    "zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19, "twintig": 20,
    "dertig": 30, "veertig": 40, "vijftig": 50, "honderd": 100, "duizend": 1000,
}  # fmt: skip
ENGLISH = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
# What a support check may translate into digits: small counts only (a 'honderd' in a
# sentence is seldom the number it states).
COUNT_WORDS = {
    word: value for table in (DUTCH, ENGLISH) for word, value in table.items() if value <= 12
}
_WORDS = "|".join(DUTCH)
# A figure in a text, in digits or Dutch words ('helft': half a group), for regular expressions.
FIGURE = rf"(?:\d+|{_WORDS}|\w+entwintig|helft)"
# The same or 'een' (one): 'een keer per maand'.
NUMBER = rf"(?:een|{FIGURE})"
DIGITS = re.compile(r"\d+(?:[.,]\d+)?")


def numbers_in(text: str) -> set[str]:
    """The numbers a text states, in digits or in words ('twee', 'twelve')."""
    found = {n.replace(",", ".") for n in DIGITS.findall(text)}
    found.update(str(COUNT_WORDS[w]) for w in words(text) if w in COUNT_WORDS)
    return found
