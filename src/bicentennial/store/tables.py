"""The SQL schema of the system of record (SQLAlchemy Core).

Timestamps are ISO-8601 UTC strings (`YYYY-MM-DDTHH:MM:SS.ffffffZ`): they sort
correctly as text on every backend and survive a round trip unchanged, which
the audit chain's hashes rely on.

Alembic migrations (`store/migrations/versions`) are generated from this file;
change both together (`make migration MSG=...`).
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, MetaData, String, Table, Text

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# One property value of one entity, shared by one agency at one sharing level.
# id = sha1(entity_id, prop, value, agency, sharing): re-ingesting a fact adds nothing.
statement = Table(
    "statement",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("entity_id", String(64), nullable=False),
    Column("schema", String(64), nullable=False),
    Column("prop", String(64), nullable=False),
    Column("value", Text, nullable=False),
    Column("original_value", Text, nullable=True),
    # lower-case, accent-free copy of searchable values (names, identifiers), else NULL
    Column("search_text", Text, nullable=True),
    Column("agency", String(16), nullable=False),
    Column("country", String(2), nullable=False),
    Column("sharing", String(12), nullable=False),
    Column("batch_id", String(32), nullable=False),
    Column("source_row", Integer, nullable=True),
    Column("source_key", Text, nullable=True),
    Column("first_seen", String(32), nullable=False),
    Column("last_seen", String(32), nullable=False),
    Index(None, "entity_id"),
    Index("ix_statement_first_seen", "first_seen"),  # created by 0002_workspace: incremental readers
)

# One ingest run: a file (or an API request) from one agency at one sharing level.
ingest_batch = Table(
    "ingest_batch",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("agency", String(16), nullable=False),
    Column("sharing", String(12), nullable=False),
    Column("source", Text, nullable=False),
    Column("source_sha256", String(64), nullable=True),
    Column("mapping", String(128), nullable=False),
    Column("actor", String(128), nullable=False),
    Column("status", String(16), nullable=False),
    Column("started_at", String(32), nullable=False),
    Column("finished_at", String(32), nullable=True),
    Column("rows", Integer, nullable=False, default=0),
    Column("accepted", Integer, nullable=False, default=0),
    Column("quarantined", Integer, nullable=False, default=0),
    Column("statements_added", Integer, nullable=False, default=0),
)

# A row that failed validation, kept whole with where it came from and why.
# `reason` is an English message id rendered in the reader's language with `params`.
quarantine = Table(
    "quarantine",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("batch_id", String(32), nullable=False),
    Column("agency", String(16), nullable=False),
    Column("sharing", String(12), nullable=False),
    Column("source", Text, nullable=False),
    Column("row", Integer, nullable=True),
    Column("field", String(128), nullable=True),
    Column("reason", Text, nullable=False),
    Column("params", Text, nullable=False, default="{}"),
    Column("raw", Text, nullable=True),
    Column("status", String(16), nullable=False, default="open"),
    Column("created_at", String(32), nullable=False),
    Index(None, "agency", "status"),
)

app_user = Table(
    "app_user",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(128), nullable=False, unique=True),
    Column("agency", String(16), nullable=False),
    Column("country", String(2), nullable=False),
    Column("roles", String(128), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("active", Integer, nullable=False, default=1),
    Column("created_at", String(32), nullable=False),
)

# Append-only, hash-chained audit log. hash = sha256(prev_hash + canonical entry).
audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("ts", String(32), nullable=False),
    Column("actor", String(128), nullable=False),
    Column("agency", String(16), nullable=True),
    Column("action", String(32), nullable=False),
    Column("target", Text, nullable=True),
    Column("detail", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

# The chain's head (one row): catches removal of the newest entries, and its
# row lock serialises appends on PostgreSQL.
audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)


AREA_TABLE_MODULES = ("resolve.tables", "screen.tables", "investigations.tables", "access.search")


def register_area_tables() -> None:
    """Import the modules of areas that define tables on `metadata` (for Alembic autogenerate)."""
    import importlib

    for name in AREA_TABLE_MODULES:
        importlib.import_module(f"bicentennial.{name}")
