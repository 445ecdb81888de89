"""Answers about named schools from their SOPs: whether a school offers support for a need
(a verdict with its quote), what a school offers (its profile as short cited sections), and
two or more schools side by side."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from steunwijzer.composing.sources import Sources, with_antecedent
from steunwijzer.composing.typed import names_role
from steunwijzer.language.headings import is_heading
from steunwijzer.language.text import fold, sentence_spans
from steunwijzer.profiles.fields import FIELD_LABELS
from steunwijzer.profiles.needs import Need, needs, needs_in
from steunwijzer.profiles.profile import Profile, Status
from steunwijzer.profiles.suitability import (
    BULLET_MARKS,
    PARENT_VOICE,
    Statement,
    Suitability,
    Verdict,
    suitability,
)
from steunwijzer.types import DocumentInfo, Passage

# What an overview shows, in this order (keys of `profiles.fields.FIELDS`).
OVERVIEW_FIELDS = (
    "offer",
    "specialists",
    "facilities",
    "class_size",
    "team",
    "team_meetings",
    "timeout",
    "limits",
    "contact",
)
# The profile field a comparison asks about, by the words of the question (folded).
FIELD_WORDS = (
    ("accessibility", r"\blift|rolstoel|toegankelijk|drempel|gebouw"),
    ("class_size", r"grootte|hoe groot|hoeveel leerlingen per"
     r"|(?:kleinere|grotere) (?:klassen|groepen)|leerlingen (?:per|in een) (?:klas|groep)"
     r"|(?:klas|groep)(?:en)? (?:zijn|is) (?:het )?groot"),
    ("team_meetings", r"hoe vaak|hoe regelmatig|bij elkaar|vergader"),
    ("team", r"\bwie\b|samenstelling"),
    ("limits", r"grenzen|niet (?:kunnen )?(?:bieden|begeleiden|plaatsen)"),
    ("contact", r"contact|aanspreekpunt|bellen|mailen|e-?mail"),
    ("timeout", r"time-?out|rustruimte|rustige ruimte|time out"),
    ("protocols", r"protocol|meldcode"),
    ("specialists", r"specialist|deskundig"),
    ("facilities", r"voorziening"),
    ("offer", r"aanbod|training|arrangement"),
    ("route", r"basisondersteuning niet|route"),
    ("type", r"niveau|leerweg|schooltype|onderwijstype"),
    ("date", r"datum|hoe oud|actueel|verouderd"),
)  # fmt: skip
NEXT_STEP = {
    Verdict.OFFERED: "Bespreek bij de aanmelding wat uw kind precies nodig heeft.",
    Verdict.CONDITIONAL: "Bespreek met de school wat uw kind nodig heeft.",
    Verdict.LIMIT: "Vraag de school of het samenwerkingsverband welke school wel past.",
    Verdict.UNKNOWN: "Vraag de school of het er is.",
    Verdict.NOT_STATED: "Vraag het de school.",
}
# What a parent asked in plain words, before the verdict: a limit is a no the SOP states.
PLAIN_ANSWER = {Verdict.LIMIT: "Dit kan de school volgens haar profiel niet bieden. "}
# From the most open verdict to the narrowest: the verdict for a child with several needs.
NARROWER = (
    Verdict.OFFERED,
    Verdict.CONDITIONAL,
    Verdict.UNKNOWN,
    Verdict.NOT_STATED,
    Verdict.LIMIT,
)
MORE_STATEMENTS = 2  # quotes shown beside the deciding one
MOST_NEEDS = 10  # needs an overview names with their statement
PART_WORDS = 6  # a lead-in this short names a part of a list, not what the list is
SEQUEL_WORDS = 45  # the deciding statement with the sentences that go on about its need
SHORT_STATEMENT = 30  # words: longer statements are left to the other sections


@dataclass(frozen=True)
class School:
    """A school the question names, with its newest SOP."""

    name: str
    document: DocumentInfo
    passages: tuple[Passage, ...]  # of that SOP
    profile: Profile | None


def suitability_lines(
    school: School, need: Need, question: str, sources: Sources
) -> tuple[str, list[str], Verdict]:
    """The first line (the verdict and its quote), further quotes, and the verdict."""
    found = suitability(need, school.passages, question)
    if not found.statements:
        contact = _contact(school, sources)
        lead = (
            f"Niet vermeld: het schoolondersteuningsprofiel van {school.name} zegt niets over "
            f"{need.label}. {NEXT_STEP[Verdict.NOT_STATED]}"
        )
        return lead + (f" Contact: {contact}" if contact else ""), [], found.verdict
    deciding = _continued(found.statements[0], need)
    quote = _quote(deciding, sources)
    lead = (
        f"{PLAIN_ANSWER.get(found.verdict, '')}"
        f"{found.verdict.label[0].upper()}{found.verdict.label[1:]}: {school.name} schrijft "
        f"over {need.label}: {quote} {NEXT_STEP[found.verdict]}"
    )
    # a statement the first line already quotes (its paragraph went on into it) comes once
    others = [s for s in _others(found) if not _within(s, deciding)]
    more = [f"- {_quote(_short_of(_continued(s, need), s, deciding), sources)}" for s in others]
    return lead, more, found.verdict


def _short_of(continued: Statement, statement: Statement, quoted: Statement) -> Statement:
    """A further statement's paragraph stops short of the quote the first line gives."""
    same = continued.passage.chunk_id == quoted.passage.chunk_id
    runs_into = same and continued.start < quoted.start < continued.end
    return statement if runs_into else continued


def _within(statement: Statement, quoted: Statement) -> bool:
    """The statement stands inside the span already quoted, in the same passage."""
    same = statement.passage.chunk_id == quoted.passage.chunk_id
    return same and quoted.start <= statement.start and statement.end <= quoted.end


def _continued(statement: Statement, need: Need) -> Statement:
    """The deciding statement with what points back to it before, and after it the sentences
    of its paragraph that go on about the same need ('Dat hangt af van ... . Veel kinderen
    met autisme ... . Op het leerplein ...'): up to SEQUEL_WORDS words, no list item or row,
    no heading, no sentence that turns to another need."""
    if statement.lead_in is not None:
        return statement
    text = statement.passage.text
    start = with_antecedent(text, statement.start)
    end = statement.end
    total = len(text[start:end].split())
    # A parent's question in a Q&A SOP ('Mijn kind zit in een rolstoel. Kan het naar ...?')
    # goes on to the school's answer.
    asking = bool(PARENT_VOICE.match(text[start:end]))
    for begin, stop in sentence_spans(text):
        if begin < statement.end:
            continue
        sentence = text[begin:stop].strip()
        total += len(sentence.split())
        if asking and sentence.endswith("?") and total <= SEQUEL_WORDS:
            end = stop
            continue
        asking = False
        if (
            total > SEQUEL_WORDS
            or "\n\n" in text[end:begin]
            or is_heading(sentence)
            or sentence.endswith(("?", ":"))
            or sentence.startswith(BULLET_MARKS)
            or any(other.key != need.key for other in needs_in(sentence))
        ):
            break
        end = stop
    return replace(statement, start=start, end=end)


def _others(found: Suitability) -> list[Statement]:
    """Further statements worth showing: first those with another verdict."""
    rest = list(found.statements[1:])
    other = [s for s in rest if s.verdict != found.verdict]
    same = [s for s in rest if s.verdict == found.verdict]
    return (other + same)[:MORE_STATEMENTS]


def _quote(statement: Statement, sources: Sources, lead_in: bool = True) -> str:
    """A statement verbatim, after the sentence that introduces its list when it is a list
    item ('Wij kunnen geen passend onderwijs bieden aan:')."""
    own = sources.quote(statement.passage, statement.start, statement.end)
    introduced = statement.passage.text[slice(*statement.lead_in)] if statement.lead_in else ""
    if not lead_in or not introduced.rstrip().endswith(":"):
        return own
    if len(introduced.split()) <= PART_WORDS:  # 'Lichamelijke situatie:' says little alone
        return own
    assert statement.lead_in is not None
    introduction = sources.quote(statement.passage, *statement.lead_in)
    return f"{introduction} … {own}"


def overview_lines(school: School, sources: Sources) -> tuple[str, list[str]]:
    """What a school offers: its profile as short cited sections, 'niet vermeld' where the
    SOP is silent."""
    profile = school.profile
    when = f" ({school.document.period})" if school.document.period else ""
    lead = f"Wat {school.name} biedt, volgens het schoolondersteuningsprofiel{when}:"
    if profile is None:
        return lead, []
    lines = [
        f"- {FIELD_LABELS[key]}: {value_text(profile, key, school, sources)}"
        for key in OVERVIEW_FIELDS
    ]
    offered = needs_offered(school, sources)
    if offered:
        lines[1:1] = ["- Genoemde ondersteuning bij:", *(f"  - {said}" for said in offered)]
    return lead, lines


def needs_offered(school: School, sources: Sources) -> list[str]:
    """The needs the SOP says it offers support for, each with a short statement that says
    so: those it offers first, then those it takes after consultation (each in the
    vocabulary's order); none when it names none."""
    said: dict[Verdict, list[str]] = {Verdict.OFFERED: [], Verdict.CONDITIONAL: []}
    for need in needs():
        found = suitability(need, school.passages)
        if found.verdict not in said:
            continue
        short = [
            s
            for s in found.statements
            if s.verdict in (Verdict.OFFERED, Verdict.CONDITIONAL)
            and len(s.text.split()) <= SHORT_STATEMENT
            and "?" not in s.text  # a question heading asks; its answer says
            and not PARENT_VOICE.search(s.text)  # 'Mijn kind heeft ADHD. Kunnen jullie ...?'
        ]
        if short:
            said[found.verdict].append(f"{need.label}: {_quote(short[0], sources, lead_in=False)}")
    return [*said[Verdict.OFFERED], *said[Verdict.CONDITIONAL]][:MOST_NEEDS]


def value_text(profile: Profile, key: str, school: School, sources: Sources) -> str:
    """A profile value as quotes with their [n], or 'niet vermeld'."""
    value = profile.values[key]
    if not value.mentioned:
        return "niet vermeld"
    quotes = " ".join(sources.quote_text(c.text, school.passages) for c in value.citations)
    if value.status == Status.UNKNOWN:
        return f"{Status.UNKNOWN}: {quotes}"
    return quotes or value.text


# A question of fact about one school that a profile field answers, by its words (folded):
# stricter than a comparison's, since here the field's value becomes the first line.
_TEAM = r"(?:\bot\b|\bsot\b|ondersteuningsteam|zorgteam|zorgoverleg|\bizt\b|\bzat\b)"
FACT_FIELD_WORDS = (
    ("accessibility", r"\blift\b|rolstoel|toegankelijk|drempel|minder ?valide"),
    ("class_size", r"(?:klas|klassen|groep|groepen)\b.*(?:groot|grootte|hoeveel leerlingen)"
     r"|(?:hoe groot|hoeveel leerlingen|aantal leerlingen).*(?:klas|groep)"
     r"|groepsgrootte|klassengrootte"),
    ("team_meetings", rf"(?:hoe vaak|hoe regelmatig|hoeveel keer).*{_TEAM}"
     rf"|{_TEAM}.*(?:bij elkaar|vergader)"),
    ("team", rf"(?:\bwie\b|samenstelling|bestaat).*{_TEAM}"),
    ("limits", r"grenzen|welke leerlingen .*\bniet\b|niet (?:kunnen |kan )?(?:begeleiden|bieden"
     r"|plaatsen|aannemen)"),
    ("contact", r"contact|aanspreekpunt|bellen|telefoon|telnr|e-?mail"),
    ("protocols", r"protocol|meldcode"),
    ("timeout", r"time-?out|rustruimte"),
)  # fmt: skip


def fact_field(question: str) -> str:
    """The profile field that answers a question of fact about one school ('' for none). The
    contact for parents is no answer to whose contact a question asks ('het e-mailadres van de
    orthopedagoog')."""
    folded = fold(question)
    key = next((key for key, words in FACT_FIELD_WORDS if re.search(words, folded)), "")
    return "" if key == "contact" and names_role(question) else key


def asked_field(question: str) -> str:
    """The profile field a comparison asks about ('' when no field fits)."""
    folded = fold(question)
    return next((key for key, words in FIELD_WORDS if re.search(words, folded)), "")


def _contact(school: School, sources: Sources) -> str:
    if school.profile is None or not school.profile.values["contact"].mentioned:
        return ""
    return value_text(school.profile, "contact", school, sources)


def needs_lines(
    schools: Sequence[School], needs: Sequence[Need], question: str, sources: Sources
) -> tuple[list[str], list[str], str]:
    """Per school (and need) the verdict line; for one school and one need also the further
    quotes and the verdict."""
    lines: list[str] = []
    found: list[tuple[list[str], Verdict]] = []
    for school in schools:
        for need in needs:
            lead, more, verdict = suitability_lines(school, need, question, sources)
            found.append((more, verdict))
            lines.append(lead if len(schools) == 1 else f"- {school.name}: {lead}")
    if len(found) == 1:
        return lines, found[0][0], str(found[0][1])
    if len(schools) == 1:  # a child with two needs: the school is as open as the narrowest
        # each need's first further statement too, one of another verdict first ('a plan for
        # gedragsproblemen' beside 'no place for a child that stays aggressive')
        more = [other[0] for other, _ in found if other]
        return lines, more, str(max((verdict for _, verdict in found), key=NARROWER.index))
    return lines, [], ""
