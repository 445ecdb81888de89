"""Which schools offer support for a child's need ("Welke scholen kunnen kinderen met autisme
begeleiden?"): each SOP's suitability verdict, with a statement that gives it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from steunwijzer.profiles.needs import Need
from steunwijzer.profiles.schools_with import Mention
from steunwijzer.profiles.suitability import PARENT_VOICE, Verdict, suitability
from steunwijzer.types import Citation, DocumentInfo, Passage

NEED_VERDICTS = (Verdict.OFFERED, Verdict.CONDITIONAL, Verdict.UNKNOWN, Verdict.LIMIT)
ANSWER_REACH = 300  # characters after a parent's question in which the school's answer starts


def schools_for_need(
    need: Need, documents: Sequence[DocumentInfo], passages: Sequence[Passage]
) -> list[Mention]:
    """The schools whose SOP offers support for a need (in the offer, or after consultation),
    those that name it in a list whose ticks were lost (verdict UNKNOWN), and apart from them
    (has=False) those whose SOP states it as a limit, each with a statement of that verdict."""
    mentions = []
    for document in sorted(documents, key=lambda d: d.title.lower()):
        if document.kind != "sop" or not document.schools:
            continue
        found = suitability(need, [p for p in passages if p.doc_id == document.doc_id])
        if found.verdict not in NEED_VERDICTS or not found.statements:
            continue
        # A statement of the verdict, in the school's own words rather than a parent's
        # question of a Q&A SOP.
        same = [s for s in found.statements if s.verdict == found.verdict]
        spoken = [s for s in same if not PARENT_VOICE.match(s.text)]
        statement = (spoken or same)[0]
        page = statement.passage.page_at(statement.start)
        quote = " ".join(
            _with_answer(statement.passage.text, statement.start, statement.end).split()
        )
        citation = Citation(0, document.document, statement.passage.title, page, quote)
        school = ", ".join(document.schools)
        has = found.verdict != Verdict.LIMIT
        mentions.append(
            Mention(school, document.document, has, citation, statement.passage, found.verdict)
        )
    return mentions


def _with_answer(text: str, start: int, end: int) -> str:
    """The statement; a parent's question of a Q&A SOP ('Mijn kind heeft ADHD. Kunnen jullie
    hem helpen?') with the first sentence of the school's answer after it."""
    if not PARENT_VOICE.match(text[start:end]) or "?" in text[start:end]:
        return text[start:end]  # not a parent's question, or read with its answer already
    asked = text.find("?", end, end + ANSWER_REACH)
    if asked < 0:
        return text[start:end]
    answer = re.search(r"[.!?](?=\s|$)", text[asked + 1 :])
    return text[start : asked + 1 + (answer.end() if answer else 0)]
