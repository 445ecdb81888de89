"""Questions in English, Turkish, Polish or Arabic put into Dutch for the search, by the
language model when there is one: the documents are Dutch, so the words of a Dutch question
find them and weigh the evidence (cross-language search, as RAGFlow offers it). The answer
still follows the language the question was asked in."""

from __future__ import annotations

import re

from steunwijzer.language.text import question_language, words
from steunwijzer.llm.backends import ChatBackend, reply_line
from steunwijzer.llm.prompts import translate_prompt
from steunwijzer.retrieval.entities import Entities

MAX_TRANSLATION_CHARS = 300
LABEL = re.compile(r"^\s*(?:vraag|vertaling|nederlands)\s*:\s*", re.IGNORECASE)  # 'Vraag: ...'


class Translator:
    """Puts a question that is not in Dutch into Dutch, and keeps only a translation that holds."""

    def __init__(self, entities: Entities, backend: ChatBackend | None = None) -> None:
        self.entities = entities
        self.backend = backend

    def to_dutch(self, question: str) -> str:
        """The question in Dutch; `question` itself when it is Dutch already, when there is no
        model, or when the model's translation does not hold: not Dutch, too long, or without
        a school the question names."""
        if self.backend is None or question_language(question) == "nl":
            return question
        messages = translate_prompt().format_messages(question=question)
        try:
            # One line is all a question needs: a small model that goes on is cut off there.
            reply = self.backend.model.invoke(messages, stop=["\n"]).text
        except Exception:  # noqa: BLE001 - searching with the question as asked still works
            return question
        translated = reply_line(reply, LABEL)
        if (
            not words(translated)
            or len(translated) > MAX_TRANSLATION_CHARS
            or question_language(translated) != "nl"
            or not self._keeps_schools(question, translated)
        ):
            return question
        return translated

    def _keeps_schools(self, question: str, translated: str) -> bool:
        named = {entity.name for entity in self.entities.named_in(question)}
        return named <= {entity.name for entity in self.entities.named_in(translated)}
