"""The route a school's SOP describes for a child who needs more than the basic support: the
steps from the teacher and the intern begeleider to the support team and an arrangement or
TLV, quoted in the order the SOP gives them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from steunwijzer.composing.sources import Sources
from steunwijzer.language.headings import is_heading
from steunwijzer.language.text import fold, sentence_spans
from steunwijzer.profiles.suitability import GLOSSARY_SECTION
from steunwijzer.types import Passage

# A question about the support route (folded), not about another procedure ('Hoe gaat de
# aanmelding?', 'Hoe werkt de time-out?').
SUPPORT_ROUTE = re.compile(
    r"\bextra (?:hulp|ondersteuning|zorg|begeleiding)\b|\bbasisondersteuning\b"
    r"|\bniet (?:lukt|genoeg)\b|\bmeer nodig\b|\barrangement\b|\btlv\b|\bondersteuningsroute\b"
    r"|\bloopt vast\b|\bvastloopt\b|\bvastgelopen\b"  # 'mijn kind loopt vast: hoe verder?'
)
# Who and what a step of the route names (folded).
STEP = re.compile(
    r"\bstap \d|\bgroepsbespreking|\bintern begeleider|\bib'?er\b|\bondersteuningsteam"
    r"|\b(?:ot|mdo|mdt|zat|sot)\b|\bmultidisciplina|\barrangement|\btlv\b|\btoelaatbaarheid"
    r"|\bloket\b|\bopp\b|\bontwikkelingsperspectief|\baanvra|\bcommissie\b"
    r"|\bzorgco[oö]rdinator|\bondersteuningsco[oö]rdinator|\bzorgadviesteam|\bzorgteam"
    r"|\bmentor\b|\bleerlingbegeleider|^\s*\d{1,2}[.)]\s"  # first steps in VO; a numbered step
)
ROUTE_WORDS = 220  # about three paragraphs


def asks_route(question: str) -> bool:
    return bool(SUPPORT_ROUTE.search(fold(question)))


def route_lines(passages: Sequence[Passage], sources: Sources) -> list[str]:
    """The sentences of the SOP's route, as quotes in the SOP's order: those of the passage
    that names the most steps, with the route's start in the passage before it and its end
    in the one after; [] when the SOP names no route."""
    ordered = [
        p
        for p in sorted(passages, key=lambda p: p.position)
        if not GLOSSARY_SECTION.search(fold(f"{p.section} {p.text[:80]}"))  # names every step
    ]
    steps = [_steps(p.text) for p in ordered]
    if not steps or max(len(s) for s in steps) < 2:
        return []
    best = max(range(len(ordered)), key=lambda i: len(steps[i]))
    # The route may begin in the passage before and run on in the one after.
    first = best - 1 if best > 0 and len(steps[best - 1]) >= 2 else best
    last = best + 1 if best + 1 < len(ordered) and len(steps[best + 1]) >= 2 else best
    lines: list[str] = []
    words = 0
    for passage in ordered[first : last + 1]:
        spans = list(sentence_spans(passage.text))
        if first < best and passage is ordered[first]:  # the one before: from its last heading
            headings = [i for i, (a, b) in enumerate(spans) if is_heading(passage.text[a:b])]
            spans = spans[headings[-1] + 1 :] if headings else []
        for start, end in spans:
            sentence = passage.text[start:end].strip()
            if is_heading(sentence) or not STEP.search(fold(sentence)):
                continue
            words += len(sentence.split())
            if lines and words > ROUTE_WORDS:
                return lines
            lines.append(f"- {sources.quote(passage, start, end)}")
    return lines


def _steps(text: str) -> set[str]:
    return {match.group(0) for match in STEP.finditer(fold(text))}
