"""Checks for SWV staff across the indexed school profiles: which fields an SOP lacks, which
SOPs are older than four years or undated, and where two documents of one school disagree."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from steunwijzer.profiles.fields import FIELD_LABELS
from steunwijzer.profiles.profile import Profile
from steunwijzer.types import Citation

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
