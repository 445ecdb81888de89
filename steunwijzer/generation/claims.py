"""The sentences of a model's answer and the passages each cites ('Zin [1].', '[1] Zin.')."""

from __future__ import annotations

import re

from steunwijzer.answering.quotes import MARKER, MARKER_PATTERN, MARKERS
from steunwijzer.language.text import sentence_spans, words

_LEADING = re.compile(rf"^(?:{MARKER_PATTERN}\s*)+")
_AFTER_STOP = re.compile(rf"([.!?])((?:\s*{MARKER_PATTERN})+)")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+", re.MULTILINE)


def split_claims(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """Sentences of a generated answer with the passage numbers each cites. Markers after the
    full stop ('Zin. [1]') belong to the sentence before them, unless the answer puts its
    markers first ('[1] Zin. [2] Zin.'); a sentence that opens with markers owns them unless
    the sentence before it has none."""
    text = _BULLET.sub("", text.replace("\r", ""))
    if _LEADING.match(text.strip()):  # an answer that opens with a marker puts them first
        text = re.sub(rf"([.!?])[ \t]+(?={MARKER_PATTERN})", "\\1\n", text)
    else:
        text = _AFTER_STOP.sub(lambda m: f"{m.group(2)}{m.group(1)}", text)
    pieces = [text[start:end] for start, end in sentence_spans(text)]
    claims: list[list] = []
    for piece in pieces:
        leading = _LEADING.match(piece)
        if leading and claims and not claims[-1][1]:
            claims[-1][1] = _cited(leading.group())
            claims[-1][0] = f"{claims[-1][0]} {leading.group().strip()}"
            piece = piece[leading.end() :]
        if not re.search(r"[^\W\d_]", MARKERS.sub("", piece)):
            if claims and not claims[-1][1]:
                claims[-1][1] = _cited(piece)
                claims[-1][0] = f"{claims[-1][0]} {piece.strip()}"
            continue
        claims.append([piece.strip(), _cited(piece)])
    return [(_tidy(sentence), tuple(cited)) for sentence, cited in claims]


def _cited(text: str) -> list[int]:
    """The passage numbers in a text's [n] markers, each once, in order."""
    found: list[int] = []
    for marker in MARKER.findall(text):
        for number in re.findall(r"\d+", marker):
            if int(number) not in found:
                found.append(int(number))
    return found


def _tidy(sentence: str) -> str:
    """Leading markers move to the end: 'Zin [1].' reads the same for every sentence."""
    leading = _LEADING.match(sentence)
    if leading:
        body = sentence[leading.end() :].rstrip()
        stop = body[-1] if body and body[-1] in ".!?" else ""
        body = body[: len(body) - len(stop)].rstrip()
        sentence = f"{body} {leading.group().strip()}{stop}"
    return re.sub(r"\s+", " ", sentence).strip()


def plain(sentence: str) -> str:
    """A sentence without its citation markers."""
    return re.sub(r"\s+([.!?,;:])", r"\1", MARKERS.sub("", sentence)).strip()


# Words a finished Dutch sentence does not end in (particles such as 'op', 'aan', 'in' can:
# 'de school belt de ouders op').
DANGLING = frozenset("zoals bijvoorbeeld namelijk waaronder en of maar want de het een".split())
# The local model's grammar (prompts/cited_sentences.gbnf) ends a sentence at this many
# characters: a sentence that long was cut off there, often inside a word, not finished.
MAX_SENTENCE_CHARS = 160
# A question that asks what, who, how ... (in its first three words: 'bij welke school'), which
# a yes or a no does not answer.
OPEN_QUESTION = re.compile(
    r"^\W*(?:[\w'’-]+\W+){0,2}?(?:wat|welke?|wie|waar\w*|wanneer|hoe|hoeveel|what|which|who|"
    r"where|when|why|how)\b",
    re.IGNORECASE,
)


def yes_or_no_first(sentence: str) -> bool:
    return words(sentence)[:1] in (["ja"], ["nee"], ["yes"], ["no"])


def unfinished(sentence: str) -> bool:
    """The sentence breaks off where its point should come ('..., zoals [1].'), or where the
    grammar's length limit cut it."""
    if len(sentence) >= MAX_SENTENCE_CHARS - 3:  # cut off by the grammar (give or take spaces)
        return True
    if sentence.rfind("(") > sentence.rfind(")"):  # a bracket opened and never closed
        return True
    last = words(sentence)[-1:]
    return bool(last) and last[0] in DANGLING or sentence.rstrip(" .").endswith((":", ","))
