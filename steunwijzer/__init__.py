"""Steunwijzer: answers about Dutch school-support documents, always with cited passages.

`Assistant` is the one API the CLI and the app use (imported when first asked for, so that
`import steunwijzer.language.text` stays light)."""

from typing import TYPE_CHECKING

from steunwijzer.config import Settings
from steunwijzer.types import Answer, Citation, DocumentInfo, Passage

if TYPE_CHECKING:
    from steunwijzer.assistant import Assistant

__all__ = ["Answer", "Assistant", "Citation", "DocumentInfo", "Passage", "Settings"]


def __getattr__(name: str) -> object:
    if name == "Assistant":
        from steunwijzer.assistant import Assistant

        return Assistant
    raise AttributeError(f"module 'steunwijzer' has no attribute {name!r}")
