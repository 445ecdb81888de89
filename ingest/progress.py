"""How far an ingest is, per document, with an estimate of the time left: what the CLI's bar,
its plain lines and the app's progress bar show."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum


class Stage(Enum):
    """What an ingest run is doing: documents one by one, then the vectors of their
    sentences (what answers rank and quote), once the documents are searchable."""

    DOCUMENTS = "documenten"
    SENTENCES = "zinnen"


class Outcome(Enum):
    """What happened to one file."""

    ADDED = "toegevoegd"
    UPDATED = "bijgewerkt"
    SKIPPED = "ongewijzigd"
    FAILED = "mislukt"


@dataclass(frozen=True)
class IngestProgress:
    """The state of a run after a file is done (`document` is "" before the first), or, in
    the sentence stage, after a batch of sentences."""

    done: int  # files done (indexed, skipped or failed), or sentences embedded
    total: int  # files in the run, or sentences to embed
    document: str = ""  # the file just done
    outcome: Outcome | None = None
    pages: int = 0  # of that file
    passages: int = 0  # of that file
    seconds_left: float | None = None  # an estimate; None until one can be made
    stage: Stage = Stage.DOCUMENTS

    @property
    def share(self) -> float:
        return self.done / self.total if self.total else 1.0


Progress = Callable[[IngestProgress], None]


def describe(progress: IngestProgress) -> str:
    """One Dutch line for people: '2 van 5: sop-x.pdf, 12 pagina's, 30 passages toegevoegd
    (nog ongeveer 40 s)'."""
    if progress.stage is Stage.SENTENCES:
        line = f"Zinnen voor de citaten: {progress.done} van {progress.total}"
        if progress.seconds_left is not None and progress.done < progress.total:
            line += f" (nog ongeveer {duration(progress.seconds_left)})"
        return line
    if not progress.document:
        return f"{progress.total} bestanden te verwerken"
    line = f"{progress.done} van {progress.total}: {document_line(progress)}"
    if progress.seconds_left is not None and progress.done < progress.total:
        line += f" (nog ongeveer {duration(progress.seconds_left)})"
    return line


def document_line(progress: IngestProgress) -> str:
    """The file just done and what it gave: 'sop-x.pdf, 12 pagina's, 30 passages toegevoegd'."""
    line = progress.document
    if progress.outcome in (Outcome.ADDED, Outcome.UPDATED):
        pages = "1 pagina" if progress.pages == 1 else f"{progress.pages} pagina's"
        line += f", {pages}, {progress.passages} passages {progress.outcome.value}"
    elif progress.outcome is not None:
        line += f" {progress.outcome.value}"
    return line


def duration(seconds: float) -> str:
    """'40 s', '3 min', in Dutch."""
    if seconds < 90:
        return f"{max(round(seconds), 1)} s"
    return f"{round(seconds / 60)} min"


class Estimate:
    """Time left from the work done so far. Work is the characters of text embedded: the
    passages of the files, then their sentences (about as many characters again). A file not
    yet read counts with its size in bytes times the text per byte of the files read."""

    def __init__(self, sizes: dict[str, int]) -> None:
        """`sizes`: bytes of every file of the run, by path."""
        self._unread = dict(sizes)
        self._bytes_read = 0
        self._chars_read = 0  # passages and their sentences, of the files read
        self._waiting = 0  # characters read, not yet embedded
        self._done = 0  # characters embedded
        self._started = time.monotonic()
        self._seconds = 0.0  # spent on embedded characters (not on files skipped)

    def read(self, path: str, chars: int, later: int = 0) -> None:
        """A file was read and chunked: `chars` characters to embed now, `later` after every
        document is stored (its sentences)."""
        self._bytes_read += self._unread.pop(path, 0)
        self._chars_read += chars + later
        self._waiting += chars + later

    def skipped(self, path: str) -> None:
        """A file needs no work (unchanged, or it failed)."""
        self._unread.pop(path, None)

    def embedded(self, chars: int) -> None:
        self._waiting -= chars
        self._done += chars
        self._seconds = time.monotonic() - self._started

    def settle(self, later: int) -> None:
        """The sentences turned out to be `later` characters (some were embedded before)."""
        self._waiting = later

    def seconds_left(self) -> float | None:
        if not self._done or not self._seconds:
            return None
        per_byte = self._chars_read / self._bytes_read if self._bytes_read else 0.0
        left = max(self._waiting, 0) + per_byte * sum(self._unread.values())
        return left * self._seconds / self._done
