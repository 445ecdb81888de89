"""Documents -> clean text -> chunks with metadata -> index."""

from ingest.pipeline import IngestReport, ingest_paths

__all__ = ["IngestReport", "ingest_paths"]
