"""Checks for SWV staff across the indexed school profiles: which fields an SOP lacks, which
SOPs are older than four years or undated, where two documents of one school disagree (on a
field's facts, or on what they say about a support need), and which basic-support standards
of its SWV a school's SOP does not address."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from steunwijzer.language.text import fold
from steunwijzer.profiles.fields import FIELD_LABELS
from steunwijzer.profiles.needs import needs
from steunwijzer.profiles.profile import Profile
from steunwijzer.profiles.standards import Coverage
from steunwijzer.profiles.suitability import Suitability, Verdict, suitability
from steunwijzer.types import Citation, DocumentInfo, Passage

MAX_AGE_YEARS = 4  # the law asks schools to renew their SOP at least every four years
# Fields whose values can be compared as facts: the numbers they state, and yes or no.
FACT_FIELDS = ("accessibility", "team_meetings", "class_size")


class FindingKind(StrEnum):
    """What kind of thing an SWV should look at (the values are the words the tables show)."""

    MISSING = "ontbreekt"
    OUTDATED = "verouderd"
    UNDATED = "geen datum"
    CONFLICT = "tegenstrijdig"
    STANDARD = "basisondersteuning"  # an SWV standard and the SOP's passage on it
    STANDARD_MISSING = "standaard niet in profiel"  # an SWV standard the SOP does not address
    INSTRUCTION = "tekst gericht aan AI-systemen"  # see profiles.addressed


@dataclass(frozen=True)
class Finding:
    """One thing an SWV should look at."""

    kind: FindingKind
    school: str
    document: str
    message: str  # Dutch
    sources: tuple[Citation, ...] = ()


def check(profiles: Sequence[Profile], today: date | None = None) -> list[Finding]:
    """Completeness, age and conflicts, school by school."""
    today = today or date.today()
    findings: list[Finding] = []
    for profile in profiles:
        missing = [FIELD_LABELS[k] for k, v in profile.values.items() if not v.mentioned]
        if missing:
            findings.append(
                Finding(
                    FindingKind.MISSING,
                    profile.school,
                    profile.document,
                    "Niet vermeld: " + "; ".join(missing) + ".",
                )
            )
        findings.extend(_age(profile, today))
    findings.extend(_conflicts(profiles))
    return findings


def _age(profile: Profile, today: date) -> list[Finding]:
    value = profile.values["date"]
    years = [int(y) for y in re.findall(r"\b(19\d\d|20\d\d)\b", value.text)]
    if not value.mentioned or not years:
        message = "Het profiel heeft geen datum of schooljaar."
        return [Finding(FindingKind.UNDATED, profile.school, profile.document, message)]
    written = min(years)  # a school year '2019-2020' was written in 2019
    age = today.year - written
    if age <= MAX_AGE_YEARS:
        return []
    message = (
        f"Het profiel is van {value.text} en dus ongeveer {age} jaar oud; een SOP wordt ten "
        f"minste elke {MAX_AGE_YEARS} jaar vernieuwd."
    )
    return [
        Finding(FindingKind.OUTDATED, profile.school, profile.document, message, value.citations)
    ]


def _conflicts(profiles: Sequence[Profile]) -> list[Finding]:
    """The same school, the same field, different facts in different documents."""
    by_school: dict[str, list[Profile]] = defaultdict(list)
    for profile in profiles:
        by_school[profile.school].append(profile)
    findings = []
    for school, own in by_school.items():
        for key in FACT_FIELDS:
            stated = [(p, p.values[key]) for p in own if p.values[key].mentioned]
            facts = {v.facts for _, v in stated}
            if len(stated) < 2 or len(facts) < 2:
                continue
            quotes = "; ".join(f"{p.document}: “{v.text}”" for p, v in stated)
            findings.append(
                Finding(
                    FindingKind.CONFLICT,
                    school,
                    ", ".join(p.document for p, _ in stated),
                    f"{FIELD_LABELS[key]} verschilt tussen de documenten: {quotes}",
                    tuple(c for _, v in stated for c in v.citations),
                )
            )
    return findings


# What an SOP can state about a need; "mentioned, availability unknown" contradicts nothing.
STATED_VERDICTS = (Verdict.OFFERED, Verdict.CONDITIONAL, Verdict.LIMIT)


def need_conflicts(sops: Sequence[tuple[DocumentInfo, Sequence[Passage]]]) -> list[Finding]:
    """Two SOPs of one school that state a support need differently (offered in one, a
    condition or a limit in the other), with the statement of each."""
    by_school: dict[str, list[tuple[DocumentInfo, Sequence[Passage]]]] = defaultdict(list)
    for document, passages in sops:
        if document.kind == "sop":
            by_school[fold(_school(document))].append((document, passages))
    findings = []
    for own in by_school.values():
        if len(own) < 2:
            continue
        for need in needs():
            stated: list[tuple[DocumentInfo, Suitability]] = []
            for document, passages in own:
                found = suitability(need, passages)
                if found.verdict in STATED_VERDICTS:
                    stated.append((document, found))
            if len({found.verdict for _, found in stated}) < 2:
                continue
            sources = tuple(_citation(n, d, f) for n, (d, f) in enumerate(stated, start=1))
            said = "; ".join(
                f"{d.document}: {f.verdict.label}, “{c.text}” (p. {c.page})"
                for (d, f), c in zip(stated, sources, strict=True)
            )
            findings.append(
                Finding(
                    FindingKind.CONFLICT,
                    _school(own[0][0]),
                    ", ".join(d.document for d, _ in stated),
                    f"Over {need.label} zeggen de profielen iets anders: {said}",
                    sources,
                )
            )
    return findings


def unaddressed_standards(rows: Sequence[Coverage]) -> list[Finding]:
    """The basic-support standards of its SWV for which a school's SOP has no passage, each
    with the standard's own words and page."""
    findings = []
    for row in rows:
        if row.citation is not None:
            continue
        standard = row.standard
        quote = Citation(1, standard.document, standard.swv, standard.page, standard.text)
        message = (
            f"Standaard {standard.number} ({standard.title}) van {standard.swv}: "
            f"“{standard.text}” ({standard.document}, p. {standard.page}). Het profiel heeft "
            "er geen passage over."
        )
        findings.append(
            Finding(FindingKind.STANDARD_MISSING, row.school, row.document, message, (quote,))
        )
    return findings


def _school(document: DocumentInfo) -> str:
    return ", ".join(document.schools) or document.title


def _citation(n: int, document: DocumentInfo, found: Suitability) -> Citation:
    first = found.statements[0]
    text = " ".join(first.text.split())
    return Citation(n, document.document, document.title, first.passage.page_at(first.start), text)
