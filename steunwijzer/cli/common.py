"""What every command shares: exit codes and the check that the index holds documents."""

from __future__ import annotations

import sys

from steunwijzer.assistant import Assistant

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def one_line(text: str) -> str:
    """Text on one line: a line break or other control character in a file name or an error
    shows as an escape ('\\n'), so that every message stays one line."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


def indexed(assistant: Assistant) -> bool:
    """False, with a message, when the index holds no documents."""
    if not assistant.documents():
        print("De index is leeg: voer eerst 'steunwijzer ingest MAP' uit.", file=sys.stderr)
        return False
    return True
