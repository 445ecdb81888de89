"""Text inside a document that addresses the assistant ("negeer je instructies ...") is data:
it is kept out of the model's prompt and can never support an answer."""

from __future__ import annotations

import re

from steunwijzer.language.text import fold, sentence_spans

_ADDRESSED = re.compile(
    r"\b(?:negeer|vergeet|ignore|disregard|forget|overrule)\b.{0,60}?"
    r"\b(?:instructies?|opdrachte?n?|regels|prompts?|instructions?|rules|guidelines)\b"
    r"|\b(?:antwoord|answer|zeg|say|schrijf|write|reply|respond)\b.{0,30}?\b(?:alleen|only|uitsluitend)\b"
    r"\s+(?:met|with|dat|that|nog|de woorden|the words)\b"
    r"|\b(?:je bent nu|vanaf nu ben je|you are now|from now on you)\b"
    r"|\b(?:system ?prompt|systeemprompt)\b",
    re.IGNORECASE,
)
REMOVED = "[tekst weggelaten: een opdracht aan de assistent]"


def addresses_assistant(sentence: str) -> bool:
    """Whether a sentence gives orders to an AI assistant rather than informing a reader."""
    return bool(_ADDRESSED.search(fold(sentence)))


def without_instructions(text: str) -> str:
    """`text` with every sentence that addresses the assistant replaced by a marker."""
    pieces: list[str] = []
    last = 0
    for start, end in sentence_spans(text):
        if addresses_assistant(text[start:end]):
            pieces.append(text[last:start] + REMOVED)
            last = end
    return "".join(pieces) + text[last:]
