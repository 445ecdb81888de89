"""Statements of a fact in one document: the sentences that say it in so many words, a table
row that labels it, or the table under a heading that names it.

Field-specific retrieval for profiles: "how often does the support team meet?" is answered by a
sentence that names the team *and* a frequency, wherever it stands in the document, not by the
sentence most similar to the question (often a definition of the team). A statement under its
own heading or label ("3.4 Fysieke ruimten", "Groepsgrootte") beats one in passing (a limit of
support that mentions a group size). Every statement is a verbatim span of a passage."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from steunwijzer.index.embeddings import NamedEmbeddings
from steunwijzer.language.headings import LIST_ITEMS, NUMBERED_HEADING, SECTION_NUMBER, with_list
from steunwijzer.language.injection import addresses_assistant
from steunwijzer.language.text import ends_sentence, fold, sentence_spans
from steunwijzer.profiles.lines import section_titles
from steunwijzer.profiles.marks import marked
from steunwijzer.types import Citation, Passage

MOST = 3  # statements quoted per field
MAX_WORDS = 80  # longer "sentences" are flattened tables or lists, not statements
LABEL_WORDS = 4  # a table row's label: "Groepsgrootte", "Onderwijsniveaus onderbouw"
LABEL_REACH = 2  # lines after a label in which its value may stand
CELL_WORDS = 12  # a line of a flattened table
MAX_CELLS = 24

LEAD_IN_WORDS = 8  # "Dat is zo bij:" after a statement introduces its list
HEADER_WORDS = 3  # a column heading of a table: "Rol", "Uren per week"
SENTENCE_STARTS = frozenset("de het een ons onze wij we deze dit die dat er".split())


@dataclass(frozen=True)
class Finder:
    """What a statement of one fact looks like: every pattern in `requires` matches it (text
    folded to lower case without accents), and `heading` matches the label or section heading
    it stands under when it is stated on purpose rather than in passing."""

    question: str  # what the fact answers, to rank statements by meaning
    requires: tuple[re.Pattern[str], ...]
    heading: re.Pattern[str]
    cells: re.Pattern[str] = re.compile(r"\d")  # what a table cell stating the fact holds
    # What a line that names the fact in passing holds: 'Bestuur: Stichting Primair Onderwijs
    # ...' names a board, not the school's type.
    excludes: re.Pattern[str] | None = None
    # Cosine below the best statement that still gets quoted beside it: wider for a fact an
    # SOP states over several rows ('Onderwijstype', 'Onderwijsniveaus onderbouw').
    close: float = 0.04


@dataclass(frozen=True)
class _Candidate:
    passage: Passage
    start: int
    end: int
    labelled: bool  # under a heading or label that names the fact


def statements(
    finder: Finder, passages: Sequence[Passage], embedder: NamedEmbeddings
) -> list[Citation]:
    """The best statements of the fact in `passages` (one document's), best first, each quoted
    once; [] when the document does not state it."""
    found: dict[str, _Candidate] = {}
    for passage in sorted(passages, key=lambda p: p.position):
        for candidate in _candidates(passage, finder):
            key = " ".join(passage.text[candidate.start : candidate.end].split())
            found.setdefault(key, candidate)
    labelled = {key: c for key, c in found.items() if c.labelled}
    pool = labelled or found
    if not pool:
        return []
    texts = list(pool)
    similarity = np.asarray(embedder.embed_documents(texts)) @ np.asarray(
        embedder.embed_query(finder.question)
    )
    best = float(similarity.max())
    chosen = [
        pool[texts[i]]
        for i in np.argsort(-similarity)[:MOST]
        if similarity[i] >= best - finder.close
    ]
    return [
        Citation(n, c.passage.document, c.passage.title, c.passage.page_at(c.start),
                 c.passage.text[c.start : c.end].strip())
        for n, c in enumerate(chosen, start=1)
    ]  # fmt: skip


def _candidates(passage: Passage, finder: Finder) -> list[_Candidate]:
    """The spans of one passage that state the fact: sentences, a label with its value on the
    next lines, and under a heading that names the fact, its flattened table."""
    text = passage.text
    spans = [s for s in sentence_spans(text) if not addresses_assistant(text[s[0] : s[1]])]
    lines = [fold(text[start:end]) for start, end in spans]
    # Before its first heading, a passage continues the section its path ends in.
    heading = fold(passage.section.split(" | ")[0].split(" > ")[-1])
    titles = section_titles(passage)
    found: list[_Candidate] = []
    table: list[int] = []  # consecutive short lines under a heading that names the fact

    def close_table() -> None:
        if sum(bool(finder.cells.search(lines[i])) for i in table) >= 2:
            start, end = spans[table[0]][0], spans[table[-1]][1]
            # The table is quoted whole, not also cell by cell.
            found[:] = [c for c in found if not start <= c.start < end]
            found.append(_Candidate(passage, start, end, True))
        table.clear()

    labelled_lines: set[int] = set()  # values whose label names the fact
    for i, line in enumerate(lines):
        # A heading, also one whose number a PDF put on a line of its own ("7." "Contact").
        numbered = bool(i and SECTION_NUMBER.fullmatch(lines[i - 1]) and _is_label(line))
        if NUMBERED_HEADING.match(line) or numbered or SECTION_NUMBER.fullmatch(line):
            close_table()
            heading = line
            continue
        under = bool(finder.heading.search(heading))
        context = f"{lines[i - 1] if i else ''} {heading if under else ''}"
        if len(line.split()) <= MAX_WORDS and _states(finder, line, context):
            # A label row starts with its label ("Groepsgrootte ten hoogste 16 ..."); a
            # sentence that starts with an article ("Het niveau van de leerlingen ...") no.
            first = line.split()[:2]
            label = " ".join(first) if first and first[0] not in SENTENCE_STARTS else ""
            named = under or i in labelled_lines or bool(label and finder.heading.search(label))
            # a heading the file marks ('Wat wij niet bieden') stands for the list under it
            marked = text[spans[i][0] : spans[i][1]].strip() in titles
            end = with_list(text, spans[i][1], True) if marked else _with_its_list(text, spans, i)
            found.append(_Candidate(passage, spans[i][0], end, named))
        elif _is_label(line) and finder.heading.search(line):
            for j in range(i + 1, min(i + 1 + LABEL_REACH, len(lines))):
                if _states(finder, lines[j]):
                    labelled_lines.add(j)  # quoted by itself, as a labelled value
                    break
                if _states(finder, " ".join(lines[i : j + 1])):
                    found.append(_Candidate(passage, spans[i][0], spans[j][1], True))
                    break
        if under and len(line.split()) <= CELL_WORDS and not ends_sentence(line):
            table.append(i)
            if len(table) == MAX_CELLS:
                close_table()
        else:
            close_table()
    close_table()
    return found


def _with_its_list(text: str, spans: list[tuple[int, int]], i: int) -> int:
    """Where a statement ends: with the list it introduces ("... bestaat uit:", or a short
    "Dat is zo bij:" right after it) and its bullets."""
    end = spans[i][1]
    if _header_row(text[spans[i][0] : end]):  # 'Rol | Naam | Telefoon | E-mail': its rows
        for start, after in spans[i + 1 : i + 1 + LIST_ITEMS]:
            if " | " not in text[start:after]:
                break
            end = after
        return end
    if not text[:end].rstrip().endswith(":") and i + 1 < len(spans):
        start, after = spans[i + 1]
        lead_in = text[start:after].rstrip()
        if lead_in.endswith(":") and len(lead_in.split()) <= LEAD_IN_WORDS:
            end = after
    return with_list(text, end)


def _header_row(line: str) -> bool:
    """A table's header row: cells of a word or three that name columns, no value in them."""
    cells = [cell.strip() for cell in line.split(" | ")]
    return (
        len(cells) >= 2
        and all(0 < len(cell.split()) <= HEADER_WORDS for cell in cells)
        and not re.search(r"\d|@", line)
        and not marked(line)  # 'Lift | nee' is a row of its own
    )


def _states(finder: Finder, folded: str, context: str = "") -> bool:
    """Whether a line states the fact. Of a fact in two parts (the team and how often), the
    subject may stand in the `context`, the sentence before or the heading: "Het OT komt zes
    keer bij elkaar. Aan tafel zitten ..."."""
    if finder.excludes and finder.excludes.search(folded):
        return False
    subject, *rest = finder.requires
    if not rest:
        return bool(subject.search(folded))
    about = subject.search(folded) or subject.search(context)
    return bool(about) and all(pattern.search(folded) for pattern in rest)


def _is_label(line: str) -> bool:
    """A table row's label: a few words, no number, not a sentence."""
    return len(line.split()) <= LABEL_WORDS and not re.search(r"[\d.;!?]", line)
