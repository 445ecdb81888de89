"""Generated answers: the language model writes from numbered passages, every sentence is
checked against the passage it cites, and what survives is the answer. When nothing does, or
the model fails, the extractive answer stands."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from langchain_core.messages import BaseMessage, BaseMessageChunk

from steunwijzer.answering.decision import Answerer, Assessment
from steunwijzer.generation.grounding import Claim, SupportChecker
from steunwijzer.language.injection import without_instructions
from steunwijzer.llm.backends import ChatBackend
from steunwijzer.llm.prompts import answer_prompt
from steunwijzer.types import Answer, Citation, Passage

# The model's short answer, before the quotes it rests on; the local model's grammar
# (prompts/cited_sentences.gbnf) allows no more. Writing runs at about 6 tokens a second on
# this project's 2-core machines: each sentence more is seconds more.
MAX_SENTENCES = 2
LANGUAGE_NAMES = {
    "nl": "het Nederlands",
    "en": "het Engels (English)",
    "tr": "het Turks (Türkçe)",
    "pl": "het Pools (polski)",
    "ar": "het Arabisch (العربية)",
}


class AnswerStream:
    """An answer in the making: the quoted answer and its passages at once, then the model's
    tokens as they come, then the checked answer (which may differ from the streamed text:
    unsupported sentences are removed)."""

    def __init__(
        self,
        quoted: Answer,
        tokens: Iterator[str],
        finish: Callable[[str, str], Answer],
        writing: bool = True,
    ) -> None:
        self.quoted = quoted  # the answer without the model: quotes, or the decline
        self.writing = writing  # a model writes (False: the quoted answer is the answer)
        self._tokens = tokens
        self._finish = finish
        self._parts: list[str] = []
        self._answer: Answer | None = None
        self.error = ""  # why the model failed, when it did

    @property
    def passages(self) -> tuple[Passage, ...]:
        return self.quoted.passages

    @classmethod
    def of(cls, answer: Answer) -> AnswerStream:
        """A stream of a finished answer: its text as one token."""
        return cls(answer, iter([answer.text]), lambda _text, _error: answer, writing=False)

    def __iter__(self) -> Iterator[str]:
        while True:
            try:
                token = next(self._tokens)
            except StopIteration:
                return
            except Exception as exc:  # noqa: BLE001 - a failing model must not lose the answer
                self.error = f"{type(exc).__name__}: {exc}"[:300]
                return
            self._parts.append(token)
            yield token

    def close(self) -> None:
        """Stop the model (the reader pressed stop, or left): what it holds is released; the
        quoted answer stands."""
        close = getattr(self._tokens, "close", None)
        if close is not None:
            close()

    @property
    def answer(self) -> Answer:
        if self._answer is None:
            for _ in self:
                pass
            self._answer = self._finish("".join(self._parts), self.error)
        return self._answer


class Generator:
    """Writes an answer with a chat model and keeps only the sentences the passages support."""

    def __init__(self, backend: ChatBackend, checker: SupportChecker, answerer: Answerer) -> None:
        self.backend = backend
        self.checker = checker
        self.answerer = answerer  # chooses the sentences the model reads

    def messages(self, assessment: Assessment, audience: str) -> list[BaseMessage]:
        """The chat messages for this question: rules, numbered passages, the question."""
        return answer_prompt(audience).format_messages(
            passages=context(assessment.passages, self.answerer.excerpts(assessment)),
            question=assessment.asked,  # the model answers in the language it was asked in
            sentences=MAX_SENTENCES,
            language=LANGUAGE_NAMES[assessment.language],
        )

    def stream(self, assessment: Assessment, extractive: Answer, audience: str) -> AnswerStream:
        """Stream the model's answer; `.answer` is the checked result."""
        messages = self.messages(assessment, audience)
        chunks = self.backend.model.stream(messages, **self.backend.answer_options)
        tokens = _texts(chunks)
        return AnswerStream(
            extractive, tokens, lambda text, error: self.finish(text, error, extractive)
        )

    def finish(self, text: str, error: str, extractive: Answer) -> Answer:
        """The supported sentences of `text`, cited, then the extractive answer's quotes (the
        model's short answer never stands without the words of the documents); only the quotes
        when no sentence is supported."""
        if error or not text.strip():
            return extractive
        # The model wrote in the language of the question as asked; the search may have read a
        # Dutch translation of it, which may name the topic too.
        asked = extractive.standalone or extractive.question
        claims = self.checker.check(text, extractive.passages, asked, extractive.search)
        kept = [claim for claim in claims if claim.supported]
        dropped = len(claims) - len(kept)
        if not kept:
            # The model declined or nothing it wrote is supported: the quotes stand.
            return replace(extractive, dropped_sentences=dropped)
        lead = " ".join(claim.text for claim in kept)
        own = citations(kept, extractive.passages)
        quoted = tuple(c for c in extractive.citations if c not in own)
        return replace(
            extractive,
            text=f"{lead}\n\n{extractive.text}",
            citations=tuple(sorted(own + quoted, key=lambda c: c.n)),
            generated=True,
            dropped_sentences=dropped,
            summary=lead,
        )


def _texts(chunks: Iterator[BaseMessageChunk]) -> Iterator[str]:
    """The text of each chunk; closing this closes the model's stream (and frees the model)."""
    try:
        for chunk in chunks:
            yield chunk.text
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()


def citations(claims: Sequence[Claim], passages: Sequence[Passage]) -> tuple[Citation, ...]:
    """One citation per supporting sentence: the passage sentence each claim rests on, with the
    page it stands on."""
    found: dict[tuple[int, tuple[int, int]], Citation] = {}
    for claim in claims:
        passage = passages[claim.source - 1]
        start, end = claim.quote
        found.setdefault(
            (claim.source, claim.quote),
            Citation(
                n=claim.source,
                document=passage.document,
                title=passage.title,
                page=passage.page_at(start),
                text=passage.text[start:end],
            ),
        )
    return tuple(sorted(found.values(), key=lambda c: c.n))


def context(passages: Sequence[Passage], excerpts: dict[int, list[tuple[int, int]]]) -> str:
    """The numbered passages the model reads: title and page, then the chosen sentences of
    each ('…' where sentences are left out), without sentences that address the assistant.
    A small model writes better from less text, and reads it faster."""
    blocks = []
    for n, spans in sorted(excerpts.items()):
        passage = passages[n - 1]
        text, previous = "", 0
        for start, end in spans:
            between = passage.text[previous:start]
            if between.strip():  # sentences left out
                text += " … " if text else "… "
            elif text:
                text += "\n" if "\n" in between else " "
            text += passage.text[start:end]
            previous = end
        if passage.text[previous:].strip():
            text += " …"
        text = without_instructions(text)
        title = without_instructions(passage.title)
        blocks.append(f"[{n}] {title} (pagina {passage.page_at(spans[0][0])})\n{text}")
    return "\n\n".join(blocks)
