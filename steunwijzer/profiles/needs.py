"""The vocabulary of support needs (autisme, dyslexie, rolstoel, ...): which needs a question
or a sentence names, from the words in `needs.toml`."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from steunwijzer.language.text import fold


@dataclass(frozen=True)
class Need:
    """One support need and the words that name it."""

    key: str
    label: str
    pattern: re.Pattern[str]  # matches folded text

    def named_in(self, text: str) -> bool:
        return bool(self.pattern.search(fold(text)))


def _pattern(terms: list[str]) -> re.Pattern[str]:
    parts = []
    for term in terms:
        prefix = term.endswith("*")
        body = re.escape(term.rstrip("*")).replace(r"\ ", r"\s+")
        parts.append(rf"(?<![\w-]){body}" + ("" if prefix else r"(?![\w-])"))
    return re.compile("|".join(parts))


@cache
def needs() -> tuple[Need, ...]:
    """The vocabulary, in the order of the data file."""
    data = tomllib.loads(
        resources.files("steunwijzer.profiles").joinpath("needs.toml").read_text("utf-8")
    )
    return tuple(Need(key, row["label"], _pattern(row["terms"])) for key, row in data.items())


def needs_in(text: str) -> list[Need]:
    """The needs a text names, in vocabulary order."""
    folded = fold(text)
    return [need for need in needs() if need.pattern.search(folded)]


def need(key: str) -> Need:
    return next(n for n in needs() if n.key == key)
