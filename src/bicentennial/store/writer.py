"""Bulk writes of statements (and other insert-if-absent rows) on both backends.

One entry point, `write_statements`, with a fast path per dialect:

* SQLite: an upsert (`INSERT ... ON CONFLICT (id) DO UPDATE SET last_seen`) through the
  raw DBAPI cursor's `executemany` (no SQLAlchemy per-row overhead); rows added = growth
  of max(rowid).
* PostgreSQL: `COPY` into a temporary table (psycopg 3 `cursor.copy`), then one
  `INSERT ... SELECT ... ON CONFLICT (id) DO UPDATE SET last_seen`; rows added = rows
  returned with `xmax = 0`.

Statements already present get their `last_seen` moved to the new time, so a
re-ingest records that the fact was seen again without adding a row.
Everything runs in the caller's transaction: a chunk of statements commits or
vanishes together with the batch progress written next to it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite

from bicentennial.store.tables import statement

#: Column order of the tuples passed to `write_statements`.
STATEMENT_COLUMNS: tuple[str, ...] = (
    "id", "entity_id", "schema", "prop", "value", "original_value", "search_text", "agency", "country",
    "sharing", "batch_id", "source_row", "source_key", "first_seen", "last_seen",
)

_SEP = "\x1f"  # unit separator: cannot occur in a cleaned value, so fields never run together


def statement_id(entity_id: str, prop: str, value: str, agency: str, sharing: str) -> str:
    """sha1 of (entity_id, prop, value, agency, sharing): the same fact from the same agency
    at the same level is the same row, however often it is ingested."""
    key = f"{entity_id}{_SEP}{prop}{_SEP}{value}{_SEP}{agency}{_SEP}{sharing}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def _raw(conn: Connection) -> Any:
    return conn.connection.dbapi_connection


def write_statements(conn: Connection, rows: Sequence[tuple[Any, ...]], now: str) -> int:
    """Insert `rows` (tuples in `STATEMENT_COLUMNS` order) that are not stored yet; move
    `last_seen` of those already stored to `now`. Returns the number of rows added."""
    if not rows:
        return 0
    if conn.dialect.name == "sqlite":
        before = conn.exec_driver_sql("SELECT max(rowid) FROM statement").scalar() or 0
        return _sqlite_statements(conn, rows, now, before)
    if conn.dialect.name == "postgresql":
        return _postgres_statements(conn, rows, now)
    return _generic_statements(conn, rows, now)


def _sqlite_statements(conn: Connection, rows: Sequence[tuple[Any, ...]], now: str, before: int) -> int:
    # One pass: insert, or move last_seen of the row already there. New rows take the next
    # rowids (the write lock is ours), so the growth of max(rowid) is the number added.
    raw = _raw(conn)
    cols = ", ".join(STATEMENT_COLUMNS)
    marks = ", ".join("?" * len(STATEMENT_COLUMNS))
    cur = raw.cursor()
    try:
        cur.executemany(
            f"INSERT INTO statement ({cols}) VALUES ({marks}) ON CONFLICT (id) DO UPDATE "
            "SET last_seen = excluded.last_seen WHERE statement.last_seen < excluded.last_seen",
            rows,
        )
        after = cur.execute("SELECT max(rowid) FROM statement").fetchone()[0] or 0
    finally:
        cur.close()
    return int(after - before)


def _postgres_statements(conn: Connection, rows: Sequence[tuple[Any, ...]], now: str) -> int:
    raw = _raw(conn)
    cols = ", ".join(f'"{c}"' for c in STATEMENT_COLUMNS)
    with raw.cursor() as cur:
        cur.execute(
            "CREATE TEMP TABLE IF NOT EXISTS _ingest_statement "
            "(LIKE statement INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
        )
        cur.execute("TRUNCATE _ingest_statement")
        with cur.copy(f"COPY _ingest_statement ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        # xmax = 0 marks a freshly inserted row (an updated one carries our transaction id)
        cur.execute(
            f"WITH put AS (INSERT INTO statement ({cols}) "
            f"SELECT DISTINCT ON (id) {cols} FROM _ingest_statement ORDER BY id "
            "ON CONFLICT (id) DO UPDATE SET last_seen = EXCLUDED.last_seen "
            "WHERE statement.last_seen < EXCLUDED.last_seen RETURNING (xmax = 0) AS added) "
            "SELECT count(*) FILTER (WHERE added) FROM put"
        )
        added = int(cur.fetchone()[0])
        cur.execute("TRUNCATE _ingest_statement")
    return added


def _generic_statements(conn: Connection, rows: Sequence[tuple[Any, ...]], now: str) -> int:
    from sqlalchemy import func, select

    count = select(func.count()).select_from(statement)
    before = conn.execute(count).scalar_one()
    insert_ignore(conn, statement, [dict(zip(STATEMENT_COLUMNS, r, strict=True)) for r in rows])
    return int(conn.execute(count).scalar_one() - before)


def insert_ignore(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows whose primary key is not present yet (others are left as they are)."""
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        stmt: Any = sqlite.insert(table).on_conflict_do_nothing()
    elif conn.dialect.name == "postgresql":
        stmt = postgresql.insert(table).on_conflict_do_nothing()
    else:  # pragma: no cover - only the two supported backends
        raise NotImplementedError(conn.dialect.name)
    conn.execute(stmt, list(rows))
