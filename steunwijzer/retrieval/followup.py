"""Follow-up questions ("en op Het Kompas?", "hoe vaak komt dat team bij elkaar?") rewritten
into questions that stand on their own, before retrieval: by carrying over the last named school
and, for a referring word, the last topic; or by the language model, when it is given one
(STEUNWIJZER_FOLLOW_UPS=model), with the rule when its rewrite fails."""

from __future__ import annotations

import re
from collections.abc import Sequence

from steunwijzer.language.injection import without_instructions
from steunwijzer.language.text import STOPWORDS, words
from steunwijzer.llm.backends import ChatBackend, reply_line
from steunwijzer.llm.prompts import rewrite_prompt
from steunwijzer.retrieval.entities import Entities
from steunwijzer.types import Turn

# Words that point back at something said before.
REFERRING = frozenset(
    "daar daarvan daarover daarvoor daarbij daarin daarop daarna dezelfde diezelfde ze zij hun "
    "hen ervan erover "
    "het_team dat_team die_school deze_school that_school that_team there_too".split()
)
OPENERS = ("en ", "maar ", "ook ", "and ", "what about ", "en wat ", "hoe zit het ")
HISTORY_TURNS = 3
ANSWER_CHARS = 300
MAX_REWRITE_CHARS = 300


class FollowUps:
    """Turns a follow-up into a standalone question, given the conversation so far."""

    def __init__(self, entities: Entities, backend: ChatBackend | None = None) -> None:
        self.entities = entities
        self.backend = backend

    def standalone(self, question: str, history: Sequence[Turn]) -> str:
        """`question` itself when it stands alone or there is no history; else a rewrite."""
        if not history or not self.is_follow_up(question, history):
            return question
        if self.backend is not None:
            rewritten = self._by_model(question, history)
            if rewritten:
                return rewritten
        return self._by_carrying(question, history)

    def is_follow_up(self, question: str, history: Sequence[Turn]) -> bool:
        """A question that opens with 'en ...', uses a referring word, or leaves out the school
        the conversation was about."""
        if " ".join(words(question)).startswith(OPENERS) or refers_back(question):
            return True
        return not self.entities.named_in(question) and bool(self._last_school(history))

    def _last_school(self, history: Sequence[Turn]) -> str:
        named = self._last_named(history)
        return named[0] if named else ""

    def _last_named(self, history: Sequence[Turn]) -> list[str]:
        """The schools of the most recent question that named any."""
        for turn in reversed(history):
            named = self.entities.named_in(turn.question)
            if named:
                return [entity.name for entity in named]
        return []

    def _by_carrying(self, question: str, history: Sequence[Turn]) -> str:
        """The last named school (and, for a bare 'en op X?', the last question's topic)."""
        previous = history[-1].question
        named = self.entities.named_in(question)
        content = [
            w for w in words(question) if w not in STOPWORDS and w not in {"en", "op", "bij"}
        ]
        school_words = {w for e in named for w in words(e.name)}
        if named and len([w for w in content if w not in school_words]) <= 1:
            # "En op Het Kompas?": the last question, asked about the newly named school.
            old = self.entities.named_in(previous)
            if old:
                for alias in old[0].patterns:
                    pattern = re.compile(rf"\b{re.escape(alias)}\b", re.IGNORECASE)
                    if pattern.search(previous):
                        return pattern.sub(named[0].name, previous, count=1)
            return f"{previous.rstrip('?. ')} ({named[0].name})?"
        if named:
            return question
        school = self._last_school(history)
        topic = previous.rstrip("?. ") if refers_back(question) else ""
        extra = "; ".join(part for part in (topic, school) if part)
        return f"{question.rstrip()} ({extra})" if extra else question

    def _by_model(self, question: str, history: Sequence[Turn]) -> str:
        assert self.backend is not None
        lines = []
        for turn in history[-HISTORY_TURNS:]:
            lines.append(f"Vraag: {turn.question}")
            lines.append(f"Antwoord: {without_instructions(turn.answer[:ANSWER_CHARS])}")
        messages = rewrite_prompt().format_messages(history="\n".join(lines), question=question)
        try:
            reply = self.backend.model.invoke(messages).text
        except Exception:  # noqa: BLE001 - the rule-based rewrite is a sound fallback
            return ""
        rewritten = reply_line(reply)
        if not rewritten or len(rewritten) > MAX_REWRITE_CHARS or not words(rewritten):
            return ""
        # A rewrite must keep the school the conversation is about, if there was one.
        schools = self._last_named([*history, Turn(question, "")])
        if schools and not set(schools) & {e.name for e in self.entities.named_in(rewritten)}:
            return ""
        return rewritten


def refers_back(question: str) -> bool:
    """Whether the question points at something said before ("daar", "dat team")."""
    tokens = words(question)
    pairs = {f"{a}_{b}" for a, b in zip(tokens, tokens[1:], strict=False)}
    # '... op welke dag is die?': a pronoun that ends the question stands for what went before
    return bool(REFERRING & (set(tokens) | pairs)) or tokens[-1:] in (["die"], ["dat"], ["deze"])
