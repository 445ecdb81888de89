"""Whether a sentence says no: one place for the words that deny something."""

from __future__ import annotations

from steunwijzer.language.text import words

NEGATIONS = frozenset(
    "geen niet niets nooit nergens niemand zonder nee not no never without".split()
)
# What denies having a thing when it stands just before it: 'geen docent Nederlands (NT2)'.
DENIALS = frozenset({"geen", "niet", "zonder", "nee"})
DENIAL_REACH = 6  # words before the thing


def negated(text: str) -> bool:
    """The text holds a negation anywhere ('geen lift', 'niet toegankelijk')."""
    return any(word in NEGATIONS for word in words(text))


def denies(sentence: str, thing: str) -> bool:
    """The sentence says something is not there: 'geen', 'niet' or 'zonder' stands within six
    words before the first word of `thing` ('geen docent Nederlands ... (NT2)')."""
    said = words(sentence)
    wanted = set(words(thing))
    at = next((i for i, word in enumerate(said) if word in wanted), None)
    return at is not None and any(w in DENIALS for w in said[max(0, at - DENIAL_REACH) : at])
