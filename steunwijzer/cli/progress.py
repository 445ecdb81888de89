"""Ingest progress on stderr: a tqdm bar with the document just done on a terminal, else one
plain line per document (for logs and pipes)."""

from __future__ import annotations

import sys
from typing import TextIO

from steunwijzer.cli.common import one_line
from steunwijzer.ingest.progress import (
    IngestProgress,
    Progress,
    Stage,
    describe,
    document_line,
    duration,
)


def ingest_progress(stream: TextIO | None = None) -> Progress:
    """A bar when `stream` (stderr) is a terminal, plain lines otherwise."""
    stream = stream or sys.stderr
    return _bar(stream) if stream.isatty() else _lines(stream)


def _bar(stream: TextIO) -> Progress:
    """A bar per stage: the documents, then the sentences of the new passages."""
    from tqdm import tqdm

    bars: dict[Stage, tqdm] = {}

    def update(progress: IngestProgress) -> None:
        if progress.stage not in bars:
            unit = "bestand" if progress.stage is Stage.DOCUMENTS else "zin"
            label = "" if progress.stage is Stage.DOCUMENTS else "zinnen voor de citaten"
            bars[progress.stage] = tqdm(
                total=progress.total, unit=unit, desc=label, file=stream, dynamic_ncols=True
            )
        bar = bars[progress.stage]
        bar.total = progress.total
        bar.n = progress.done
        if progress.document:
            bar.set_description_str(one_line(document_line(progress))[:70], refresh=False)
        if progress.seconds_left is not None and progress.done < progress.total:
            bar.set_postfix_str(f"nog ongeveer {duration(progress.seconds_left)}", refresh=False)
        else:
            bar.set_postfix_str("", refresh=False)
        bar.refresh()
        if progress.done == progress.total:
            bar.close()

    return update


def _lines(stream: TextIO) -> Progress:
    def update(progress: IngestProgress) -> None:
        if progress.total:
            print(one_line(describe(progress)), file=stream, flush=True)

    return update
