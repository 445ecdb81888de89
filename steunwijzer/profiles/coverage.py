"""The coverage map of an SWV's network (the dekkend netwerk): for every support need of the
vocabulary and every school of the SWV, what the school's newest SOP says (a `Verdict` with
the statement it rests on and its page), and the needs that no school of the SWV offers."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from steunwijzer.errors import ConfigError
from steunwijzer.language.text import fold
from steunwijzer.profiles.needs import Need, needs
from steunwijzer.profiles.suitability import Statement, Verdict, suitability
from steunwijzer.retrieval.entities import aliases, same_swv
from steunwijzer.types import DocumentInfo, Passage

NO_SWV = "geen samenwerkingsverband genoemd"


@dataclass(frozen=True)
class School:
    """A column of the map: a school and the SOP its cells are read from (its newest)."""

    name: str
    document: str  # file name
    title: str
    period: str


@dataclass(frozen=True)
class Cell:
    """What one school's SOP says about one need, and where."""

    need: Need
    school: School
    verdict: Verdict
    quote: str = ""  # the deciding statement, verbatim ('' when the SOP says nothing)
    lead_in: str = ""  # the sentence that introduces its list, verbatim, if any
    page: int | None = None

    @property
    def text(self) -> str:
        """The quote after the lead-in of its list: 'Wij kunnen niet begeleiden: … die doof
        zijn'."""
        return f"{self.lead_in} … {self.quote}" if self.lead_in else self.quote


@dataclass(frozen=True)
class CoverageMap:
    """One SWV: a row per need, a column per school."""

    swv: str
    schools: tuple[School, ...]
    needs: tuple[Need, ...]
    cells: Mapping[tuple[str, str], Cell]  # (need key, document) -> cell

    def cell(self, need: Need, school: School) -> Cell:
        return self.cells[need.key, school.document]

    def row(self, need: Need) -> list[Cell]:
        return [self.cell(need, school) for school in self.schools]

    def is_gap(self, need: Need) -> bool:
        """No school of the SWV has the need in its offer: a gap in the network."""
        return all(cell.verdict != Verdict.OFFERED for cell in self.row(need))

    @property
    def gaps(self) -> list[Need]:
        return [need for need in self.needs if self.is_gap(need)]


def coverage_maps(
    documents: Sequence[DocumentInfo],
    passages: Mapping[str, Sequence[Passage]],
    swv: str = "",
) -> list[CoverageMap]:
    """A map per SWV of the indexed SOPs (only the SWV that `swv` names, when given: a
    ConfigError in Dutch when it names none), its schools in alphabetical order; `passages`
    by doc_id."""
    maps = []
    groups = _by_swv(documents)
    for name, sops in groups:
        if swv and not _names(swv, name, sops):
            continue
        newest = _newest_per_school(sops)
        schools = tuple(_school(d) for d in newest)
        cells = {}
        for document, school in zip(newest, schools, strict=True):
            own = passages.get(document.doc_id, ())
            for need in needs():
                cells[need.key, school.document] = _cell(need, school, own)
        maps.append(CoverageMap(name or NO_SWV, schools, needs(), cells))
    if swv and not maps:
        known = "; ".join(name for name, _ in groups if name) or "geen"
        raise ConfigError(
            f"Geen samenwerkingsverband met schoolondersteuningsprofielen gevonden dat {swv!r} "
            f"heet. Samenwerkingsverbanden in de index: {known}."
        )
    return maps


def _by_swv(documents: Sequence[DocumentInfo]) -> list[tuple[str, list[DocumentInfo]]]:
    """The SOPs grouped by SWV; two spellings of one SWV ('SWV Zilverberk', 'SWV Passend
    Onderwijs Zilverberk en Oudeweer') are one group, named by its longest spelling (also
    one an SWV document of its own uses)."""
    groups: list[tuple[list[str], list[DocumentInfo]]] = []
    nameless: list[DocumentInfo] = []
    for document in sorted(documents, key=lambda d: d.title.lower()):
        if not document.swv:
            if document.kind == "sop":
                nameless.append(document)
            continue
        group = next((g for g in groups if any(same_swv(document.swv, n) for n in g[0])), None)
        if group is None:
            group = ([], [])
            groups.append(group)
        if document.swv not in group[0]:
            group[0].append(document.swv)
        if document.kind == "sop":
            group[1].append(document)
    named = [(max(spellings, key=len), sops) for spellings, sops in groups if sops]
    named.sort(key=lambda item: item[0].lower())
    return [*named, ("", nameless)] if nameless else named


def _names(asked: str, swv: str, sops: Sequence[DocumentInfo]) -> bool:
    """Whether `asked` ('Zilverberk', 'SWV VO Kust') names this SWV."""
    if not swv:
        return False
    wanted = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(asked)).split())
    spellings = {swv, *(d.swv for d in sops if d.swv)}
    return any(same_swv(asked, s) or wanted in aliases(s) for s in spellings)


def _newest_per_school(sops: Sequence[DocumentInfo]) -> list[DocumentInfo]:
    """One SOP per school: the newest by the year it was written (then indexed)."""
    newest: dict[str, DocumentInfo] = {}
    for document in sops:
        key = fold(_name(document))
        if key not in newest or _age_key(document) > _age_key(newest[key]):
            newest[key] = document
    return sorted(newest.values(), key=lambda d: fold(_name(d)))


def _age_key(document: DocumentInfo) -> tuple[int, int, str]:
    years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", document.period)]
    return (min(years), max(years), document.indexed_at) if years else (0, 0, document.indexed_at)


def _name(document: DocumentInfo) -> str:
    return document.schools[0] if document.schools else document.title


def _school(document: DocumentInfo) -> School:
    return School(_name(document), document.document, document.title, document.period)


def _cell(need: Need, school: School, passages: Sequence[Passage]) -> Cell:
    found = suitability(need, passages)
    if not found.statements:
        return Cell(need, school, found.verdict)
    first: Statement = found.statements[0]
    lead_in = ""
    if first.lead_in is not None:
        # Only a sentence that introduces the list ('... niet kunnen begeleiden:'), not the
        # sentence that happens to stand before a bullet.
        lead_in = first.passage.text[first.lead_in[0] : first.lead_in[1]].strip()
        lead_in = lead_in if lead_in.endswith(":") else ""
    page = first.passage.page_at(first.start)
    return Cell(need, school, found.verdict, _one_line(first.text), _one_line(lead_in), page)


def _one_line(text: str) -> str:
    return " ".join(text.split())
