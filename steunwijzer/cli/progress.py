"""Ingest progress on stderr: a tqdm bar with the document just done on a terminal, else one
plain line per document (for logs and pipes)."""

from __future__ import annotations

import sys
from typing import TextIO

from steunwijzer.ingest.progress import (
    IngestProgress,
    Progress,
    describe,
    document_line,
    duration,
)


def ingest_progress(stream: TextIO | None = None) -> Progress:
    """A bar when `stream` (stderr) is a terminal, plain lines otherwise."""
    stream = stream or sys.stderr
    return _bar(stream) if stream.isatty() else _lines(stream)


def _bar(stream: TextIO) -> Progress:
    from tqdm import tqdm

    bar = tqdm(total=0, unit="bestand", file=stream, leave=True, dynamic_ncols=True)

    def update(progress: IngestProgress) -> None:
        bar.total = progress.total
        bar.n = progress.done
        if progress.document:
            bar.set_description_str(document_line(progress)[:70])
        if progress.seconds_left is not None:
            bar.set_postfix_str(f"nog ongeveer {duration(progress.seconds_left)}", refresh=False)
        bar.refresh()
        if progress.done == progress.total:
            bar.set_postfix_str("", refresh=False)
            bar.close()

    return update


def _lines(stream: TextIO) -> Progress:
    def update(progress: IngestProgress) -> None:
        if progress.total:
            print(describe(progress), file=stream, flush=True)

    return update
