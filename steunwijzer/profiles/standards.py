"""The basic-support standards an SWV document sets for its schools, and per SOP of that SWV
a passage that addresses each standard (or none)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from steunwijzer.answering.decision import Answerer
from steunwijzer.language.text import STOPWORDS, stem
from steunwijzer.retrieval.entities import same_swv
from steunwijzer.retrieval.retrieve import Filters
from steunwijzer.types import Citation, DocumentInfo, Passage

COMMON_WORDS = ("school", "scholen", "leerling", "leerlingen", "iedere", "ieder", "heeft")


@dataclass(frozen=True)
class Standard:
    """A basic-support standard an SWV document sets for its schools."""

    number: int
    title: str
    text: str  # the standard's first sentence
    swv: str
    document: str
    page: int


STANDARD_HEADING = re.compile(r"^\s*Standaard\s+(\d)\s*:\s*(.+?)\s*(?:\s[a-z]\.\s.*)?$", re.M)
NUMBERED = re.compile(r"^\s*(\d)\.\s+([^.\n]{3,60})\.\s+([^\n]+)", re.M)


def standards_in(documents: Sequence[DocumentInfo], passages: Sequence[Passage]) -> list[Standard]:
    """The basic-support standards of the SWV documents (not SOPs): 'Standaard 2: ...'
    headings, or a numbered list after the words 'standaarden'."""
    found: list[Standard] = []
    for document in documents:
        if document.kind == "sop":
            continue
        own = sorted((p for p in passages if p.doc_id == document.doc_id), key=lambda p: p.position)
        text = "\n".join(p.text for p in own)
        starts: list[tuple[int, Passage]] = []
        at = 0
        for p in own:
            starts.append((at, p))
            at += len(p.text) + 1

        def page(offset: int, starts: list[tuple[int, Passage]] = starts) -> int:
            start, passage = max((s for s in starts if s[0] <= offset), key=lambda s: s[0])
            return passage.page_at(offset - start)

        numbers: dict[int, Standard] = {}
        for match in STANDARD_HEADING.finditer(text):
            n = int(match.group(1))
            if n not in numbers:
                title = _short(match.group(2))
                numbers[n] = Standard(
                    n, title, title, document.swv, document.document, page(match.start())
                )
        if not numbers:
            intro = re.search(r"\bstandaarden\b", text, re.I)
            if intro:
                for match in NUMBERED.finditer(text, intro.end()):
                    n = int(match.group(1))
                    if n != len(numbers) + 1:
                        break
                    first = re.split(r"(?<=[.!?])\s", match.group(3))[0]
                    numbers[n] = Standard(
                        n,
                        match.group(2).strip(),
                        first,
                        document.swv,
                        document.document,
                        page(match.start()),
                    )
        found.extend(numbers[n] for n in sorted(numbers))
    return found


@dataclass(frozen=True)
class Coverage:
    """Whether one school's SOP has a passage about one standard of its SWV."""

    school: str
    document: str
    standard: Standard
    citation: Citation | None


def coverage(
    standards: Sequence[Standard], documents: Sequence[DocumentInfo], answerer: Answerer
) -> list[Coverage]:
    """Per SOP of a school in the standards' SWV (both must be known): a supporting passage
    per standard, or none."""
    result = []
    for document in sorted(documents, key=lambda d: d.title.lower()):
        if document.kind != "sop":
            continue
        for standard in standards:
            # A standard binds the schools of its own SWV only; an SOP that names no SWV is
            # not held to any.
            if not standard.swv or not document.swv or not same_swv(standard.swv, document.swv):
                continue
            question = _short(f"{standard.title}: {standard.text}", 60)
            answer = answerer.ask(question, 5, Filters(documents=(document.doc_id,)))
            school = ", ".join(document.schools) or document.title
            citation = next(
                (c for c in answer.citations if _on_topic(c.text, question, answerer)), None
            )
            result.append(Coverage(school, document.document, standard, citation))
    return result


def _short(text: str, most: int = 20) -> str:
    """The first sentence of `text`, at most `most` words (a flattened table can run a
    heading on for a page)."""
    first = re.split(r"(?<=[.!?])\s", text.strip())[0]
    kept = first.split()[:most]
    return " ".join(kept) + (" …" if len(first.split()) > most else "")


def _on_topic(sentence: str, standard: str, answerer: Answerer) -> bool:
    """The sentence shares telling words with the standard (their IDF adds up to 1 or more;
    'school', 'leerling' and function words do not count): the calibrated answer alone can
    quote a loosely related line of a short SOP."""
    lexical = answerer.retriever.lexical
    ignored = {stem(w) for w in (*COMMON_WORDS, *STOPWORDS)}
    wanted = set(lexical.document_terms(standard)) - ignored
    shared = wanted & set(lexical.document_terms(sentence))
    return sum(lexical.idf(term) for term in shared) >= 1.0
