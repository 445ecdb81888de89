"""Documents -> clean text -> chunks with metadata -> index."""

from steunwijzer.ingest.pipeline import IngestReport, ingest_paths

__all__ = ["IngestReport", "ingest_paths"]
