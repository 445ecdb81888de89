"""Thumbs up/down on answers, kept locally as JSON lines so they can grow the eval set."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from steunwijzer.types import Answer


@dataclass(frozen=True)
class Feedback:
    """One rating of one answer."""

    question: str
    answer: str
    helpful: bool
    comment: str = ""
    audience: str = ""
    sources: tuple[str, ...] = ()  # "document p. N" of every citation

    @classmethod
    def on(cls, answer: Answer, helpful: bool, comment: str = "", audience: str = "") -> Feedback:
        return cls(
            question=answer.standalone or answer.question,
            answer=answer.text,
            helpful=helpful,
            comment=comment.strip(),
            audience=audience,
            sources=tuple(f"{c.document} p. {c.page}" for c in answer.citations),
        )


def record(path: Path, feedback: Feedback) -> None:
    """Append one line to the feedback file (created with its folder when missing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = {"at": datetime.now(UTC).isoformat(timespec="seconds"), **asdict(feedback)}
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")


def read(path: Path) -> list[dict[str, Any]]:
    """Every recorded line, oldest first (nothing when the file does not exist)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
