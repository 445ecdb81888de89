"""Checks for SWV staff across the indexed school profiles: which fields an SOP lacks, which
SOPs are older than four years or undated, where two documents of one school disagree, and
which schools say they have something ("Welke scholen hebben een NT2-docent?")."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from steunwijzer.answer import Answerer
from steunwijzer.fields import FIELD_LABELS
from steunwijzer.profiles import Profile
from steunwijzer.retrieve import Filters
from steunwijzer.text import STOPWORDS, fold, stem, words
from steunwijzer.types import Answer, Citation, DocumentInfo, Passage

COMMON_WORDS = ("school", "scholen", "leerling", "leerlingen", "iedere", "ieder", "heeft")
DENIALS = frozenset({"geen", "niet", "zonder", "nee"})
MAX_AGE_YEARS = 4  # the law asks schools to renew their SOP at least every four years
# Fields whose values can be compared as facts: the numbers they state, and yes or no.
FACT_FIELDS = ("accessibility", "team_meetings", "class_size")


@dataclass(frozen=True)
class Finding:
    """One thing an SWV should look at."""

    kind: str  # "ontbreekt", "verouderd", "geen datum", "tegenstrijdig"
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
                    "ontbreekt",
                    profile.school,
                    profile.document,
                    "Niet vermeld: " + "; ".join(missing) + ".",
                )
            )
        findings.extend(_age(profile, today))
    findings.extend(_conflicts(profiles))
    return findings


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
            if not standard.swv or not document.swv or fold(standard.swv) != fold(document.swv):
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


def _age(profile: Profile, today: date) -> list[Finding]:
    value = profile.values["date"]
    years = [int(y) for y in re.findall(r"\b(19\d\d|20\d\d)\b", value.text)]
    if not value.mentioned or not years:
        message = "Het profiel heeft geen datum of schooljaar."
        return [Finding("geen datum", profile.school, profile.document, message)]
    written = min(years)  # a school year '2019-2020' was written in 2019
    age = today.year - written
    if age <= MAX_AGE_YEARS:
        return []
    message = (
        f"Het profiel is van {value.text} en dus ongeveer {age} jaar oud; een SOP wordt ten "
        f"minste elke {MAX_AGE_YEARS} jaar vernieuwd."
    )
    return [Finding("verouderd", profile.school, profile.document, message, value.citations)]


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
                    "tegenstrijdig",
                    school,
                    ", ".join(p.document for p, _ in stated),
                    f"{FIELD_LABELS[key]} verschilt tussen de documenten: {quotes}",
                    tuple(c for _, v in stated for c in v.citations),
                )
            )
    return findings


def denies(sentence: str, thing: str) -> bool:
    """The sentence says the school does not have `thing`: 'geen', 'niet' or 'zonder' stands
    within six words before the first word of it ('geen docent Nederlands ... (NT2)')."""
    said = words(sentence)
    wanted = set(words(thing))
    at = next((i for i, word in enumerate(said) if word in wanted), None)
    return at is not None and any(w in DENIALS for w in said[max(0, at - 6) : at])


@dataclass(frozen=True)
class Mention:
    """What one school's SOP says about something asked for."""

    school: str
    document: str
    has: bool  # False: the SOP says it does not have it
    citation: Citation
    passage: Passage  # the passage the citation quotes


def schools_with(
    thing: str, documents: Sequence[DocumentInfo], answerer: Answerer, k: int = 5
) -> list[Mention]:
    """The schools whose SOP mentions `thing`, each with the sentence that does; a sentence
    that denies it ('geen NT2-docent') is kept apart as has=False, never counted as having."""
    mentions = []
    stems = set(answerer.retriever.lexical.document_terms(thing))
    for document in sorted(documents, key=lambda d: d.title.lower()):
        if document.kind != "sop":
            continue
        question = f"Heeft de school een {thing}?"
        answer = answerer.ask(question, k, Filters(documents=(document.doc_id,)))
        if not answer.answered:
            continue
        for citation in answer.citations:
            if stems and stems <= set(answerer.retriever.lexical.document_terms(citation.text)):
                school = ", ".join(document.schools) or document.title
                has = not denies(citation.text, thing)
                passage = answer.passages[citation.n - 1]
                mentions.append(Mention(school, document.document, has, citation, passage))
                break
    return mentions


WHICH_SCHOOLS = re.compile(
    r"^\s*welke\s+scholen\s+(?:hebben|heeft|bieden|biedt|kennen|gebruiken)\s+"
    r"(?:(?:een|de|het)\s+)?(?P<thing>.+?)\s*\??\s*$",
    re.IGNORECASE,
)


def which_schools(question: str) -> str:
    """What a 'Welke scholen hebben een lift?' question asks about ('' for other questions)."""
    match = WHICH_SCHOOLS.match(question)
    return match.group("thing") if match else ""


def mentions_answer(question: str, thing: str, mentions: Sequence[Mention]) -> Answer:
    """The chat's answer to 'Welke scholen hebben ...?': the schools whose SOP says so, and
    apart from them those whose SOP says they do not, each quoted with its source [n]."""
    if not mentions:
        text = (
            f"Geen enkel schoolondersteuningsprofiel in de index noemt “{thing}”. Vraag het de "
            "scholen zelf, of het samenwerkingsverband."
        )
        return Answer(question, text, False)
    lines: list[str] = []
    citations: list[Citation] = []
    passages: list[Passage] = []
    for has, heading in (
        (True, f"Deze scholen noemen een {thing} in hun schoolondersteuningsprofiel:"),
        (False, f"Volgens hun profiel hebben deze scholen geen {thing}:"),
    ):
        group = [m for m in mentions if m.has == has]
        if not group:
            continue
        lines.append(heading)
        for mention in group:
            passages.append(mention.passage)
            n = len(passages)
            lines.append(f"- {mention.school}: “{mention.citation.text}” [{n}]")
            citations.append(
                Citation(
                    n,
                    mention.document,
                    mention.passage.title,
                    mention.citation.page,
                    mention.citation.text,
                )
            )
    return Answer(question, "\n".join(lines), True, tuple(citations), tuple(passages), 1.0)
