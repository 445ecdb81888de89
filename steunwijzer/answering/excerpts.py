"""Excerpts: the sentences of the best passages most likely to hold the answer, within a word
budget. A chat answer quotes them; a language model reads them."""

from __future__ import annotations

from collections.abc import Sequence

from steunwijzer.answering.sentences import Sentence
from steunwijzer.language.headings import ENUMERATOR, LIST_ITEMS, is_heading
from steunwijzer.language.injection import addresses_assistant
from steunwijzer.language.text import sentence_spans, words
from steunwijzer.types import Passage

# What a language model reads: the sentences most likely to hold the answer (prompt reading
# is CPU time).
EXCERPT_WORDS = 150
# A chat answer quotes the best excerpts up to this many words: the sentence that matches the
# question, and the one around it that often holds the fact ('Het OT ... . Aan tafel zitten').
QUOTE_WORDS = 120
BEST_SHARE = 0.5  # of an excerpt's words, first for the best sentences alone
FOLLOWING = 2  # sentences taken after a heading or a question heading that matches
SPARE = 1.15  # a best sentence may run this much over the budget

Excerpts = dict[int, list[tuple[int, int]]]  # per passage number, sentence spans in text order


def excerpts(passages: Sequence[Passage], ranking: Sequence[Sentence], budget: int) -> Excerpts:
    """The best sentences until about `budget` words: first the sentences alone (with the list
    one introduces, or what answers a heading), within half the budget, so that several
    answers fit however long the sentences around them; then, in the same order, the sentence
    before and after each, within the whole budget."""
    spans = {n: list(sentence_spans(p.text)) for n, p in enumerate(passages, start=1)}
    chosen: set[tuple[int, int]] = set()
    quoted: set[str] = set()  # a sentence that several passages repeat is quoted once
    used = 0
    for around, limit in ((False, budget * BEST_SHARE), (True, budget)):
        for sentence in ranking:
            n, i = sentence.n, sentence.index
            if n not in spans:
                continue
            text = passages[n - 1].text
            best = text[slice(*spans[n][i])].rstrip()
            if (n, i) not in chosen and folded(best) in quoted:
                continue
            for k in _order(best, i, around):
                if not 0 <= k < len(spans[n]) or (n, k) in chosen:
                    continue
                piece = text[slice(*spans[n][k])]
                if addresses_assistant(piece):  # never quoted, never read
                    continue
                key = folded(piece)
                # A bare list letter or number ('b.', 'III.') says nothing on its own.
                if (key and key in quoted) or (k != i and ENUMERATOR.fullmatch(piece.strip())):
                    continue
                size = len(piece.split())
                room = limit if chosen else budget  # the best sentence always has room
                if used + size > room * (SPARE if k == i else 1.0):
                    continue
                chosen.add((n, k))
                quoted.add(key)
                used += size
            if used >= limit:
                break
    found: Excerpts = {}
    for n, k in sorted(chosen):
        found.setdefault(n, []).append(spans[n][k])
    return found


def _order(sentence: str, i: int, around: bool) -> list[int]:
    """The sentences an excerpt takes for sentence `i`: itself, and the list it introduces or,
    after a heading or a question, what answers it; with `around`, also the sentence before it
    and the one after it."""
    if sentence.endswith(":"):
        following = list(range(i + 1, i + 1 + LIST_ITEMS))
    elif is_heading(sentence):
        following = list(range(i + 1, i + 1 + FOLLOWING))
    else:
        following = [i + 1] if around else []
    return [i, i - 1, *following] if around else [i, *following]


def folded(text: str) -> str:
    """A sentence's words, folded: the same text however a PDF spaced or accented it."""
    return " ".join(words(text))
