"""What an SOP says for a field or a listed item: stated, not stated, named without a
readable availability, or marked as not there."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """What an SOP says for a field or item (the values are the words the tables show)."""

    STATED = "vermeld"
    NOT_STATED = "niet vermeld"
    UNKNOWN = "genoemd, beschikbaarheid onbekend"  # a table label whose tick was lost
    ABSENT = "niet aanwezig"  # a table row marked 'nee' or 'X'
