"""Schools and samenwerkingsverbanden named in a question, matched to the documents about them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from steunwijzer.language.text import fold
from steunwijzer.types import DocumentInfo

SCHOOL_TYPES = (
    "praktijkschool",
    "basisschool",
    "scholengemeenschap",
    "kindcentrum",
    "ikc",
    "obs",
    "cbs",
    "rkbs",
    "pcbs",
    "sbo",
    "school",
    "mavo",
)
ARTICLES = ("de", "het", "'t")
GENERIC = frozenset({"college", "school", "lyceum", "campus", "swv", "vo", "po", "pro"})


def _norm(text: str) -> str:
    return " " + re.sub(r"[^a-z0-9]+", " ", fold(text)).strip() + " "


def aliases(name: str) -> set[str]:
    """How a question may name a school or SWV: 'Praktijkschool De Poort' -> 'de poort'."""
    words = _norm(name).split()
    found = {" ".join(words)}
    if words and words[0] == "swv":
        words = words[1:]
        found.add(" ".join(words))
    if words and words[0] in ("vo", "po"):
        words = words[1:]
    if words and words[-1] in ("vo", "po"):
        words = words[:-1]
    if words and words[0] in SCHOOL_TYPES:
        words = words[1:]
    found.add(" ".join(words))
    bare = [w for w in words if w not in ARTICLES]
    if bare and bare[0] == "pro" and len(bare) > 1:
        bare = bare[1:]
    untyped = words[:-1] if words and words[-1] in GENERIC else []
    for candidate in (bare, bare[:-1] if bare and bare[-1] in GENERIC else [], untyped):
        if candidate:
            found.add(" ".join(candidate))
    if len(bare) >= 3:
        found.add("".join(w[0] for w in bare))  # initials: Nieuwe Waterweg Noord -> nwn
    return {a for a in found if len(a) >= 3 and a not in GENERIC}


@dataclass(frozen=True)
class Entity:
    name: str
    doc_ids: frozenset[str]
    patterns: tuple[str, ...]


class Entities:
    """The schools and SWVs of the indexed documents."""

    def __init__(self, named: Iterable[tuple[str, str]]) -> None:
        """`named`: (name, doc_id) pairs."""
        by_name: dict[str, set[str]] = {}
        for name, doc_id in named:
            by_name.setdefault(name, set()).add(doc_id)
        self.entities = tuple(
            Entity(name, frozenset(ids), tuple(sorted(aliases(name), key=len, reverse=True)))
            for name, ids in by_name.items()
        )

    def named_in(self, question: str) -> list[Entity]:
        """Entities a question names, longest alias first."""
        text = _norm(question)
        return [e for e in self.entities if any(f" {a} " in text for a in e.patterns)]

    def focus(self, question: str) -> frozenset[str]:
        """Documents about what the question names (empty when it names nothing known)."""
        found: set[str] = set()
        for entity in self.named_in(question):
            found |= entity.doc_ids
        return frozenset(found)


def entities_of(documents: Sequence[DocumentInfo]) -> Entities:
    """The schools and SWVs the documents are about."""
    pairs: list[tuple[str, str]] = []
    for doc in documents:
        pairs.extend((school, doc.doc_id) for school in doc.schools)
        if doc.swv:
            pairs.append((doc.swv, doc.doc_id))
    return Entities(pairs)
