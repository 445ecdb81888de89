"""What every command shares: exit codes and the check that the index holds documents."""

from __future__ import annotations

import sys

from steunwijzer.assistant import Assistant

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def indexed(assistant: Assistant) -> bool:
    """False, with a message, when the index holds no documents."""
    if not assistant.documents():
        print("De index is leeg: voer eerst 'steunwijzer ingest MAP' uit.", file=sys.stderr)
        return False
    return True
