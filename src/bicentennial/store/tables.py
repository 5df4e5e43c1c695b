"""The SQL schema of the system of record (SQLAlchemy Core).

Timestamps are ISO-8601 UTC strings (`YYYY-MM-DDTHH:MM:SS.ffffffZ`): they sort
correctly as text on every backend and survive a round trip unchanged, which
the audit chain's hashes rely on.

Alembic migrations (`store/migrations/versions`) are generated from this file;
change both together (`make migration MSG=...`).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, MetaData, String, Table, Text, UniqueConstraint

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# Statements are stored in two tables and read through one view, `statement`.
#
# * `provenance`: one row per (ingest batch, agency, country, sharing level, time seen):
#   the columns every statement of a batch shares. A batch has one such row.
# * `statement_data`: one narrow row per statement (what is said, where in the source it
#   was said, and a reference to its provenance). Rows are appended (rowid order); one
#   unique index on (entity_id, id) both finds an entity's statements and makes a
#   re-ingested fact a no-op; the index on `prov` serves "first seen since" readers.
#
# Keeping the repeated provenance out of the statement row halves the row and drops two
# of the three B-trees the wide table had, which is what bounds ingest speed on SQLite
# (docs/ingest.md, "Throughput"). Readers see the wide shape through the view below.
provenance = Table(
    "provenance",
    metadata,
    Column("seq", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True),
    Column("batch_id", String(32), nullable=False),
    Column("agency", String(16), nullable=False),
    Column("country", String(2), nullable=False),
    Column("sharing", String(12), nullable=False),
    Column("seen_at", String(32), nullable=False),
    Index(None, "batch_id"),
    Index(None, "seen_at"),  # "first seen since": the planner starts here, then ix_statement_data_prov
)

# One property value of one entity, shared by one agency at one sharing level.
# id = sha1(entity_id, prop, value, agency, sharing): re-ingesting a fact adds nothing.
statement_data = Table(
    "statement_data",
    metadata,
    Column("seq", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True),
    Column("entity_id", String(64), nullable=False),
    Column("id", String(40), nullable=False),
    Column("schema", String(64), nullable=False),
    Column("prop", String(64), nullable=False),
    Column("value", Text, nullable=False),
    Column("original_value", Text, nullable=True),
    # lower-case, accent-free copy of searchable values (names, identifiers), else NULL
    Column("search_text", Text, nullable=True),
    Column("prov", BigInteger().with_variant(Integer(), "sqlite"), nullable=False),
    Column("source_row", Integer, nullable=True),
    Column("source_key", Text, nullable=True),
    # set when the fact is seen again by a later batch (NULL: only ever seen at first_seen)
    Column("last_seen", String(32), nullable=True),
    UniqueConstraint("entity_id", "id"),
    Index(None, "prov"),
)

#: The view's definition (created by migration 0003_statement_split).
STATEMENT_VIEW_SQL = (
    'CREATE VIEW statement AS SELECT s.id AS id, s.entity_id AS entity_id, s."schema" AS "schema", '
    "s.prop AS prop, s.value AS value, s.original_value AS original_value, s.search_text AS search_text, "
    "p.agency AS agency, p.country AS country, p.sharing AS sharing, p.batch_id AS batch_id, "
    "s.source_row AS source_row, s.source_key AS source_key, p.seen_at AS first_seen, "
    "COALESCE(s.last_seen, p.seen_at) AS last_seen "
    "FROM statement_data s JOIN provenance p ON p.seq = s.prov"
)

# The wide shape every reader uses (a view: read-only; write with `store.writer`).
# On its own MetaData so that Alembic does not try to create it as a table.
views = MetaData()
statement = Table(
    "statement",
    views,
    Column("id", String(40), primary_key=True),
    Column("entity_id", String(64), nullable=False),
    Column("schema", String(64), nullable=False),
    Column("prop", String(64), nullable=False),
    Column("value", Text, nullable=False),
    Column("original_value", Text, nullable=True),
    Column("search_text", Text, nullable=True),
    Column("agency", String(16), nullable=False),
    Column("country", String(2), nullable=False),
    Column("sharing", String(12), nullable=False),
    Column("batch_id", String(32), nullable=False),
    Column("source_row", Integer, nullable=True),
    Column("source_key", Text, nullable=True),
    Column("first_seen", String(32), nullable=False),
    Column("last_seen", String(32), nullable=False),
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


AREA_TABLE_MODULES = ("resolve.tables", "screen.tables", "investigations.tables", "access.search", "access.refs")


def register_area_tables() -> None:
    """Import the modules of areas that define tables on `metadata` (for Alembic autogenerate)."""
    import importlib

    for name in AREA_TABLE_MODULES:
        importlib.import_module(f"bicentennial.{name}")
