"""Answer lines that quote passage sentences verbatim, every sentence followed by its [n], and
one citation per quote with the page that quote stands on."""

from __future__ import annotations

import re
from collections.abc import Sequence

from steunwijzer.answering.excerpts import Excerpts, folded
from steunwijzer.answering.sentences import Sentence
from steunwijzer.language.headings import with_list
from steunwijzer.types import Citation, Passage

# A citation marker: [2], [1, 3]; MARKERS also takes a run of them with the space before.
MARKER_PATTERN = r"\[\s*\d{1,2}(?:\s*[,;]\s*\d{1,2})*\s*\]"
MARKER = re.compile(MARKER_PATTERN)
MARKERS = re.compile(rf"(?:\s*{MARKER_PATTERN})+")
MAX_SENTENCES = 3  # a profile value quotes the best one to three sentences
CLOSE_SCORE = 0.5  # standard deviations below the best sentence that still get quoted


def choose(passages: Sequence[Passage], sentences: Sequence[Sentence]) -> list[Sentence]:
    """The best sentence and those nearly as good, each text once, in reading order."""
    # A sentence that shares no term with the question is quoted only when none does.
    relevant = [s for s in sentences if s.coverage > 0] or list(sentences[:1])
    best = relevant[0].score
    chosen: dict[str, Sentence] = {}
    for sentence in relevant:
        if sentence.score < best - CLOSE_SCORE or len(chosen) == MAX_SENTENCES:
            break
        text = passages[sentence.n - 1].text[sentence.start : sentence.end]
        chosen.setdefault(folded(text), sentence)
    return sorted(chosen.values(), key=lambda s: (s.n, s.start))


def quote_sentences(
    passages: Sequence[Passage], chosen: Sequence[Sentence]
) -> tuple[list[str], tuple[Citation, ...]]:
    """A line per chosen sentence (with the list a lead-in introduces), and its citation."""
    lines: list[str] = []
    citations: list[Citation] = []
    for sentence in chosen:
        passage = passages[sentence.n - 1]
        end = with_list(passage.text, sentence.end)
        text = passage.text[sentence.start : end].strip()
        lines.append(f"{text} [{sentence.n}]")
        citations.append(
            Citation(
                n=sentence.n,
                document=passage.document,
                title=passage.title,
                page=passage.page_at(sentence.start),
                text=text,
            )
        )
    return lines, tuple(citations)


def quote_excerpts(
    passages: Sequence[Passage], excerpts: Excerpts
) -> tuple[list[str], tuple[Citation, ...]]:
    """One line per run of adjacent sentences, every sentence followed by its [n] (so each
    sentence of the answer is cited), and one citation per sentence."""
    lines: list[str] = []
    citations: list[Citation] = []
    for n, spans in sorted(excerpts.items()):
        passage = passages[n - 1]
        line, previous = "", -1
        for start, end in spans:
            between = passage.text[previous:start] if previous >= 0 else "x"
            if line and between.strip():  # a sentence left out: a new line
                lines.append(line)
                line = ""
            text = passage.text[start:end].strip()
            separator = "\n" if "\n" in between else " "
            line += f"{separator if line else ''}{text}"
            if re.search(r"[^\W\d_]", text):  # a bare list number ('3.') is not cited alone
                line += f" [{n}]"
                citations.append(
                    Citation(n, passage.document, passage.title, passage.page_at(start), text)
                )
            previous = end
        lines.append(line)
    return lines, tuple(citations)
