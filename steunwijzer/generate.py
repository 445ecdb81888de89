"""Generated answers: the language model writes from numbered passages, every sentence is
checked against the passage it cites, and what survives is the answer. When nothing does, or
the model fails, the extractive answer stands."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from langchain_core.messages import BaseMessage

from steunwijzer.answer import Assessment
from steunwijzer.grounding import Claim, SupportChecker
from steunwijzer.injection import without_instructions
from steunwijzer.llm import ChatBackend
from steunwijzer.prompts import answer_prompt
from steunwijzer.text import question_language, sentence_spans
from steunwijzer.types import Answer, Citation, Passage

PROMPT_PASSAGES = 3  # the model reads the best few passages only: prompt time is CPU time
PASSAGE_WORDS = 60  # per passage, around the sentence the extractive answer quotes
MAX_SENTENCES = {"ouder": 3, "mentor": 4, "swv": 4}
LANGUAGE_NAMES = {"nl": "het Nederlands", "en": "het Engels (English)", "tr": "het Turks (Türkçe)"}


class AnswerStream:
    """An answer in the making: the passages at once, then the model's tokens as they come,
    then the checked answer (which may differ from the streamed text: unsupported sentences
    are removed)."""

    def __init__(
        self,
        passages: Sequence[Passage],
        tokens: Iterator[str],
        finish: Callable[[str, str], Answer],
    ) -> None:
        self.passages = tuple(passages)
        self._tokens = tokens
        self._finish = finish
        self._parts: list[str] = []
        self._answer: Answer | None = None
        self.error = ""  # why the model failed, when it did

    @classmethod
    def of(cls, answer: Answer) -> AnswerStream:
        """A stream of a finished answer: its text as one token."""
        return cls(answer.passages, iter([answer.text]), lambda _text, _error: answer)

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

    @property
    def answer(self) -> Answer:
        if self._answer is None:
            for _ in self:
                pass
            self._answer = self._finish("".join(self._parts), self.error)
        return self._answer


class Generator:
    """Writes an answer with a chat model and keeps only the sentences the passages support."""

    def __init__(self, backend: ChatBackend, checker: SupportChecker) -> None:
        self.backend = backend
        self.checker = checker

    def messages(
        self, assessment: Assessment, extractive: Answer, audience: str
    ) -> list[BaseMessage]:
        """The chat messages for this question: rules, numbered passages, the question."""
        language = question_language(assessment.question)
        return answer_prompt(audience).format_messages(
            passages=context(assessment, extractive),
            question=assessment.question,
            sentences=MAX_SENTENCES[audience],
            language=LANGUAGE_NAMES[language],
        )

    def stream(self, assessment: Assessment, extractive: Answer, audience: str) -> AnswerStream:
        """Stream the model's answer; `.answer` is the checked result."""
        messages = self.messages(assessment, extractive, audience)
        chunks = self.backend.model.stream(messages, **self.backend.answer_options)
        tokens = (chunk.text for chunk in chunks)
        return AnswerStream(
            extractive.passages, tokens, lambda text, error: self.finish(text, error, extractive)
        )

    def finish(self, text: str, error: str, extractive: Answer) -> Answer:
        """The supported sentences of `text`, cited; else the extractive answer."""
        if error or not text.strip():
            return extractive
        asked = extractive.standalone or extractive.question
        claims = self.checker.check(text, extractive.passages, asked)
        kept = [claim for claim in claims if claim.supported]
        dropped = len(claims) - len(kept)
        if not kept:
            # The model declined or nothing it wrote is supported: the quotes stand.
            return replace(extractive, dropped_sentences=dropped)
        return replace(
            extractive,
            text=" ".join(claim.text for claim in kept),
            citations=citations(kept, extractive.passages),
            generated=True,
            dropped_sentences=dropped,
        )


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


def context(assessment: Assessment, extractive: Answer) -> str:
    """The numbered passages the model reads: title and page, then an excerpt around the
    sentences the extractive answer quotes (the best-matching ones), without sentences that
    address the assistant. A small model writes better from less text, and reads it faster."""
    anchors: dict[int, int] = {}
    for citation in extractive.citations:
        offset = assessment.passages[citation.n - 1].text.find(citation.text)
        anchors.setdefault(citation.n, max(offset, 0))
    if not anchors:  # no quotes: the best sentence of each of the best passages
        for sentence in assessment.sentences:
            if sentence.n <= PROMPT_PASSAGES:
                anchors.setdefault(sentence.n, sentence.start)
    blocks = []
    for n in sorted(anchors)[:PROMPT_PASSAGES]:
        passage = assessment.passages[n - 1]
        start, text = excerpt(passage.text, anchors[n], PASSAGE_WORDS)
        title = without_instructions(passage.title)
        text = without_instructions(text)
        blocks.append(f"[{n}] {title} (pagina {passage.page_at(start)})\n{text}")
    return "\n\n".join(blocks)


def excerpt(text: str, anchor: int, budget: int) -> tuple[int, str]:
    """About `budget` words of `text`: the sentence at `anchor` with the one before it and as
    many after it as fit, then earlier ones; '…' marks a cut. Returns (start offset, text)."""
    spans = list(sentence_spans(text))
    if not spans:
        return 0, text
    index = next((i for i, (s, e) in enumerate(spans) if s <= anchor < e), 0)
    first = last = max(index - 1, 0)
    used = len(text[spans[first][0] : spans[first][1]].split())
    while last + 1 < len(spans):
        size = len(text[spans[last + 1][0] : spans[last + 1][1]].split())
        if used + size > budget and last >= index:
            break
        used += size
        last += 1
    while first > 0:
        size = len(text[spans[first - 1][0] : spans[first - 1][1]].split())
        if used + size > budget:
            break
        used += size
        first -= 1
    start, end = spans[first][0], spans[last][1]
    body = text[start:end]
    if first > 0:
        body = "… " + body
    if last < len(spans) - 1:
        body += " …"
    return start, body
