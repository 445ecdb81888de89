"""Documents -> clean text -> chunks with metadata -> index."""

from steunwijzer.ingest.pipeline import IngestReport, ingest_paths
from steunwijzer.ingest.progress import IngestProgress, Progress

__all__ = ["IngestProgress", "IngestReport", "Progress", "ingest_paths"]
