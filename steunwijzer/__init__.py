"""Steunwijzer: answers about Dutch school-support documents, always with cited passages."""

from steunwijzer.config import Settings
from steunwijzer.types import Answer, Citation, DocumentInfo, Passage

__all__ = ["Answer", "Citation", "DocumentInfo", "Passage", "Settings"]
