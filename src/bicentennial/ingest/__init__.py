"""Ingest: files and API records → validated statements, bad rows → quarantine (see docs/ingest.md)."""

from bicentennial.ingest.errors import IngestError
from bicentennial.ingest.pipeline import IngestSummary, QuarantineItem, ingest_file, ingest_records

__all__ = ["IngestError", "IngestSummary", "QuarantineItem", "ingest_file", "ingest_records"]
