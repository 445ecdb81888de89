"""Whether a sentence says no: one place for the words that deny something."""

from __future__ import annotations

import re

from steunwijzer.language.text import words

NEGATIONS = frozenset(
    "geen niet niets nooit nergens niemand zonder nee not no never without".split()
)
# What denies having a thing when it stands just before it: 'geen docent Nederlands (NT2)'.
DENIALS = frozenset({"geen", "niet", "zonder", "nee"})
DENIAL_REACH = 6  # words before the thing
# ... or a 'niet' after it that has the thing as its object or subject: 'Een lift hebben we
# daarom niet', 'Een time-outruimte is er niet' (not 'De lift is niet groot').
# 'Een orthopedagoog hebben wij niet in het team', 'Een logopedist komt niet op school'.
HAVING = frozenset("hebben heeft hebt is zijn er komt komen".split())
ENDS_HAVING = frozenset("en maar want".split())
# ... or a place that says it is not there at all: 'niet op school', 'niet in het team'.
NOT_THERE = ("op school", "in het team", "in ons team", "in huis", "binnen de school", "aanwezig")
AFTER_REACH = 5  # words after the thing
# A sentence that ends by denying what it lists: '..., doen wij niet.'
LIST_DENIED = re.compile(
    r"\b(?:doen|bieden|geven|verzorgen) (?:wij|we) (?:\w+ )?niet\s*[.!]?\s*$", re.I
)


def negated(text: str) -> bool:
    """The text holds a negation anywhere ('geen lift', 'niet toegankelijk')."""
    return any(word in NEGATIONS for word in words(text))


def denies(sentence: str, thing: str) -> bool:
    """The sentence says something is not there: 'geen', 'niet' or 'zonder' stands within six
    words before the first word of `thing` ('geen docent Nederlands ... (NT2)'), or a 'niet'
    after it ends what is said of having it ('Een lift hebben we daarom niet, en ...')."""
    if LIST_DENIED.search(sentence) and ";" not in sentence:
        # 'Sondevoeding, katheteriseren en andere handelingen doen wij niet.': the list the
        # sentence opens with, or names after 'zoals', is what it does not do
        head = LIST_DENIED.split(sentence)[0]
        if set(words(thing)) & set(words(head)):
            return True
    said = words(sentence)
    wanted = set(words(thing))
    at = next((i for i, word in enumerate(said) if word in wanted), None)
    if at is None:
        return False
    if any(w in DENIALS for w in said[max(0, at - DENIAL_REACH) : at]):
        return True
    after = said[at + 1 : at + 1 + AFTER_REACH]
    if "niet" not in after:
        return False
    before_niet = after[: after.index("niet")]
    rest = said[at + 1 + len(before_niet) + 1 :]
    place = " ".join(rest)
    ends = not rest or rest[0] in ENDS_HAVING or place.startswith(NOT_THERE)
    return bool(HAVING & set(before_niet)) and ends
