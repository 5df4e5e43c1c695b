"""The system of record: statements with provenance, batches, quarantine, users, audit."""

from bicentennial.store.db import get_engine, is_sqlite, make_engine, utcnow
from bicentennial.store.migrate import migrate

__all__ = ["get_engine", "is_sqlite", "make_engine", "migrate", "utcnow"]
