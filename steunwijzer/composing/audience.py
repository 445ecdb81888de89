"""One answer, shown to its audience: parents get the first line in plain words and at most
two short quotes, every abbreviation spelled out; mentors and SWV staff get every quote, the
full section paths and every source the search found. The facts and the citations are the
same for all: only how much is shown, and in which words, differs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from steunwijzer.language.glossary import GLOSSARY, abbreviations_in, spelled_out
from steunwijzer.profiles.suitability import VERDICT_LABELS, Verdict
from steunwijzer.types import Answer

PARENT_QUOTES = 2  # short quotes under a parent's first line
PARENT_QUOTE_WORDS = 25
PARENT_LEAD_WORDS = 60  # per line of the first line
MIN_QUOTE_WORDS = 5  # a shorter line is a heading, no quote for a parent
OPEN_SOURCES = 3  # source cards shown open; the others behind "Meer bronnen"
# What a verdict means, in words a parent uses (the quote that shows it follows).
PLAIN_VERDICT = {
    Verdict.OFFERED: "De school noemt dit in haar aanbod.",
    Verdict.CONDITIONAL: "Dat kan misschien: de school bekijkt per leerling wat kan.",
    Verdict.LIMIT: "Waarschijnlijk niet: de school noemt dit bij de grenzen van haar hulp.",
    Verdict.UNKNOWN: "De school noemt het, maar schrijft niet of het er is.",
    Verdict.NOT_STATED: "Het profiel van de school zegt hier niets over.",
}
_MARK = re.compile(r"\[(\d+)\]")
# A list's lead-in before the one item quoted ('deze arrangementen: [3] … '): left out for
# a parent, the item says it.
_LEAD_IN = re.compile(r"(?<=: )[^.:\[]+:\s*\[\d+\]\s*…\s*")


class Audience(StrEnum):
    """Who reads the answer (the app's "Ik ben", the CLI's --doelgroep)."""

    PARENT = "ouder"
    MENTOR = "mentor"
    SWV = "swv"

    @property
    def professional(self) -> bool:
        return self is not Audience.PARENT


@dataclass(frozen=True)
class Quote:
    """A line of the answer under its first line, with the sources it cites."""

    text: str
    sources: tuple[int, ...]


@dataclass(frozen=True)
class AnswerView:
    """What one audience sees of an answer."""

    audience: Audience
    lead: str  # the first line, with its [n]
    verdict: Verdict | None  # suitability questions: shown as a coloured label
    quotes: tuple[Quote, ...]
    sources: tuple[int, ...]  # passage numbers to show as cards, cited ones first
    cited: frozenset[int]  # the passages the answer cites (the same for every audience)
    section_paths: bool  # whole section paths, or the last heading only

    @property
    def open_sources(self) -> tuple[int, ...]:
        return self.sources[:OPEN_SOURCES]

    @property
    def more_sources(self) -> tuple[int, ...]:
        return self.sources[OPEN_SOURCES:]


def view(answer: Answer, audience: Audience | str) -> AnswerView:
    """How `answer` is shown to `audience`."""
    audience = Audience(audience)
    verdict = Verdict(answer.verdict) if answer.verdict else None
    cited = frozenset(c.n for c in answer.citations)
    text = answer.text.removeprefix(answer.summary).strip() if answer.summary else answer.text
    lead = answer.lead or _first_part(text)
    body = _body(text, lead)
    ranked = sorted(cited)
    if audience.professional:
        others = [n for n in range(1, len(answer.passages) + 1) if n not in cited]
        return AnswerView(
            audience, lead, verdict, body, (*ranked, *others), cited, section_paths=True
        )
    quotes = tuple(
        Quote(explained(shorten(_unlisted(q.text), PARENT_QUOTE_WORDS)), q.sources)
        for q in body
        if len(_MARK.sub("", q.text).split()) >= MIN_QUOTE_WORDS
    )[:PARENT_QUOTES]
    return AnswerView(
        audience, plain_lead(lead, verdict), verdict, quotes, tuple(ranked), cited, False
    )


def plain_lead(lead: str, verdict: Verdict | None) -> str:
    """The first line for a parent: what the verdict means in plain words instead of its
    label, each line shortened, abbreviations spelled out."""
    if verdict is not None:
        label = VERDICT_LABELS[verdict]
        lead = re.sub(rf"^{re.escape(label)}:\s*", "", lead, flags=re.IGNORECASE)
        lead = f"{PLAIN_VERDICT[verdict]} {_LEAD_IN.sub('', lead)}"
    lines = [shorten(_unlisted(line), PARENT_LEAD_WORDS) for line in lead.splitlines()]
    return explained("\n".join(lines))


def explained(text: str) -> str:
    """`text` with each glossary abbreviation spelled out after its first use, as
    'OT (ondersteuningsteam)', unless the text already gives its meaning there."""
    for abbr in abbreviations_in(text):
        meaning = GLOSSARY[abbr]
        stem = re.escape(abbr.replace("'er", ""))
        if spelled_out(abbr, text) or meaning.lower() in text.lower():
            continue
        if re.search(rf"\(\s*{stem}\s*\)", text):  # 'autisme (ASS)': explained by the text
            continue
        pattern = rf"(?<![\w'’]){stem}(?:['’]\w+)?(?!\w)"
        text = re.sub(pattern, rf"\g<0> ({meaning})", text, count=1)
    return text


def shorten(text: str, words: int) -> str:
    """`text` cut to about `words` words ('…' where it was cut), keeping the [n] it ends on."""
    parts = text.split()
    if len(parts) <= words:
        return " ".join(parts)
    kept = " ".join(parts[:words]).rstrip(",;:")
    marks = _MARK.findall(" ".join(parts[words:]))
    if marks and not kept.endswith("]"):
        kept += f" … [{marks[0]}]"
    else:
        kept += " …"
    return kept


def _body(text: str, lead: str) -> tuple[Quote, ...]:
    """The lines of the answer after its first line."""
    rest = text[len(lead) :] if text.startswith(lead) else text.replace(lead, "", 1)
    lines = [line.strip() for line in rest.splitlines() if line.strip()]
    return tuple(Quote(line, _cited_in(line)) for line in lines)


def _cited_in(line: str) -> tuple[int, ...]:
    return tuple(dict.fromkeys(int(n) for n in _MARK.findall(line)))


def _unlisted(line: str) -> str:
    """A line without list bullets and dashes, as running text."""
    return re.sub(r"^\s*[-•]\s*|\s*•\s*", lambda m: "" if m.start() == 0 else " ", line)


def _first_part(text: str) -> str:
    return text.split("\n\n", 1)[0]
