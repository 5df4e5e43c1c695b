"""Bulk writes of statements (and other insert-if-absent rows) on both backends.

Statements live in `provenance` (one row per batch) and `statement_data` (one narrow
row per statement); see `store.tables`. Two entry points:

* `write_data_rows`: the ingest pipeline's fast path. Rows are tuples in `DATA_COLUMNS`
  order whose `prov` the caller got from `provenance_seq` once per batch.
* `write_statements` / `insert_statements`: rows in the wide shape of the `statement`
  view (tuples in `STATEMENT_COLUMNS` order, or dicts); their provenance rows are found
  or created here. For the API, sample data and tests.

Per dialect:

* SQLite: an upsert through the raw DBAPI cursor's `executemany` (no SQLAlchemy per-row
  overhead); rows added = growth of max(rowid) (the write lock is ours).
* PostgreSQL: `COPY` into a temporary table (psycopg 3 `cursor.copy`), then one
  `INSERT ... SELECT ... ON CONFLICT DO UPDATE`; rows added = rows returned with `xmax = 0`.

A fact already stored and seen again by another batch gets `last_seen` = the new time;
seen again within its own batch, it is left alone. Everything runs in the caller's
transaction: a chunk of statements commits or vanishes together with the batch progress
written next to it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from bicentennial.store.tables import provenance

#: Column order of the wide tuples passed to `write_statements` (the `statement` view's).
STATEMENT_COLUMNS: tuple[str, ...] = (
    "id", "entity_id", "schema", "prop", "value", "original_value", "search_text", "agency", "country",
    "sharing", "batch_id", "source_row", "source_key", "first_seen", "last_seen",
)

#: Column order of the narrow tuples passed to `write_data_rows`.
DATA_COLUMNS: tuple[str, ...] = (
    "entity_id", "id", "schema", "prop", "value", "original_value", "search_text", "prov", "source_row",
    "source_key",
)

ID_SEPARATOR = "\x1f"  # unit separator: cannot occur in a cleaned value, so fields never run together
_TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def statement_id(entity_id: str, prop: str, value: str, agency: str, sharing: str) -> str:
    """sha1 of (entity_id, prop, value, agency, sharing): the same fact from the same agency
    at the same level is the same row, however often it is ingested."""
    sep = ID_SEPARATOR
    key = f"{entity_id}{sep}{prop}{sep}{value}{sep}{agency}{sep}{sharing}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def _raw(conn: Connection) -> Any:
    return conn.connection.dbapi_connection


def provenance_seq(conn: Connection, batch_id: str, agency: str, country: str, sharing: str,
                   seen_at: str) -> int:
    """The provenance row of statements first seen in `batch_id` at `seen_at` (created if new)."""
    key = (provenance.c.batch_id == batch_id, provenance.c.agency == agency, provenance.c.country == country,
           provenance.c.sharing == sharing, provenance.c.seen_at == seen_at)
    found = conn.execute(select(provenance.c.seq).where(*key).order_by(provenance.c.seq).limit(1)).scalar()
    if found is not None:
        return int(found)
    result = conn.execute(insert(provenance).values(batch_id=batch_id, agency=agency, country=country,
                                                    sharing=sharing, seen_at=seen_at))
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def write_data_rows(conn: Connection, rows: Sequence[tuple[Any, ...]], now: str,
                    last_seen: Sequence[str | None] | None = None) -> int:
    """Insert `rows` (tuples in `DATA_COLUMNS` order) not stored yet; a row already stored
    under another provenance gets `last_seen = now`. Returns the number of rows added.

    `last_seen` (one per row, None where it equals the provenance's time) is for rows
    written in the wide shape with a later `last_seen` than `first_seen`."""
    if not rows:
        return 0
    if not _TS.match(now):
        raise ValueError(f"not a store timestamp: {now!r}")
    if conn.dialect.name == "sqlite":
        return _sqlite_rows(conn, rows, now, last_seen)
    if conn.dialect.name == "postgresql":
        return _postgres_rows(conn, rows, now, last_seen)
    raise NotImplementedError(conn.dialect.name)  # pragma: no cover - only the two supported backends


def _sqlite_rows(conn: Connection, rows: Sequence[tuple[Any, ...]], now: str,
                 last_seen: Sequence[str | None] | None) -> int:
    raw = _raw(conn)
    cols = list(DATA_COLUMNS)
    data: Iterable[tuple[Any, ...]] = rows
    if last_seen is not None:
        cols.append("last_seen")
        data = (r + (ls,) for r, ls in zip(rows, last_seen, strict=True))
    names = ", ".join(f'"{c}"' for c in cols)
    marks = ", ".join("?" * len(cols))
    cur = raw.cursor()
    try:
        before = cur.execute("SELECT max(rowid) FROM statement_data").fetchone()[0] or 0
        # `now` is a checked timestamp literal: one value for the whole statement, not a parameter per row
        cur.executemany(
            f"INSERT INTO statement_data ({names}) VALUES ({marks}) ON CONFLICT (entity_id, id) DO UPDATE "
            f"SET last_seen = '{now}' WHERE statement_data.prov <> excluded.prov "
            f"AND COALESCE(statement_data.last_seen, '') < '{now}'",
            data,
        )
        after = cur.execute("SELECT max(rowid) FROM statement_data").fetchone()[0] or 0
    finally:
        cur.close()
    return int(after - before)


def _postgres_rows(conn: Connection, rows: Sequence[tuple[Any, ...]], now: str,
                   last_seen: Sequence[str | None] | None) -> int:
    raw = _raw(conn)
    cols = ", ".join(f'"{c}"' for c in (*DATA_COLUMNS, "last_seen"))
    with raw.cursor() as cur:
        cur.execute(
            "CREATE TEMP TABLE IF NOT EXISTS _ingest_statement "
            "(LIKE statement_data INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
        )
        cur.execute("TRUNCATE _ingest_statement")
        with cur.copy(f"COPY _ingest_statement ({cols}) FROM STDIN") as copy:
            if last_seen is None:
                for row in rows:
                    copy.write_row((*row, None))
            else:
                for row, ls in zip(rows, last_seen, strict=True):
                    copy.write_row((*row, ls))
        # xmax = 0 marks a freshly inserted row (an updated one carries our transaction id)
        cur.execute(
            f"WITH put AS (INSERT INTO statement_data ({cols}) "
            f"SELECT DISTINCT ON (entity_id, id) {cols} FROM _ingest_statement ORDER BY entity_id, id "
            "ON CONFLICT (entity_id, id) DO UPDATE SET last_seen = %(now)s "
            "WHERE statement_data.prov <> EXCLUDED.prov AND COALESCE(statement_data.last_seen, '') < %(now)s "
            "RETURNING (xmax = 0) AS added) "
            "SELECT count(*) FILTER (WHERE added) FROM put",
            {"now": now},
        )
        added = int(cur.fetchone()[0])
        cur.execute("TRUNCATE _ingest_statement")
    return added


def write_statements(conn: Connection, rows: Sequence[tuple[Any, ...]], now: str) -> int:
    """Insert wide `rows` (tuples in `STATEMENT_COLUMNS` order) that are not stored yet; move
    `last_seen` of those already stored (by another batch) to `now`. Returns the number added."""
    if not rows:
        return 0
    ix = {c: i for i, c in enumerate(STATEMENT_COLUMNS)}
    provs: dict[tuple[str, ...], int] = {}
    data: list[tuple[Any, ...]] = []
    later: list[str | None] = []
    for r in rows:
        key = (r[ix["batch_id"]], r[ix["agency"]], r[ix["country"]], r[ix["sharing"]], r[ix["first_seen"]])
        prov = provs.get(key)
        if prov is None:
            prov = provs[key] = provenance_seq(conn, *key)
        data.append((r[ix["entity_id"]], r[ix["id"]], r[ix["schema"]], r[ix["prop"]], r[ix["value"]],
                     r[ix["original_value"]], r[ix["search_text"]], prov, r[ix["source_row"]],
                     r[ix["source_key"]]))
        seen = r[ix["last_seen"]]
        later.append(seen if seen and seen > r[ix["first_seen"]] else None)
    return write_data_rows(conn, data, now, later if any(later) else None)


_DEFAULTS: dict[str, Any] = {"original_value": None, "search_text": None, "source_row": None,
                             "source_key": None, "batch_id": "manual"}


def insert_statements(conn: Connection, rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert statements given as dicts in the `statement` view's shape (missing optional
    columns default; `id` defaults to `statement_id`). Returns the number added."""
    from bicentennial.store.db import utcnow

    now = utcnow()
    wide = []
    newest = ""
    for r in rows:
        full = {**_DEFAULTS, **r}
        full.setdefault("first_seen", now)
        full.setdefault("last_seen", full["first_seen"])
        full.setdefault("id", statement_id(full["entity_id"], full["prop"], full["value"], full["agency"],
                                           full["sharing"]))
        newest = max(newest, full["first_seen"], full["last_seen"])
        wide.append(tuple(full[c] for c in STATEMENT_COLUMNS))
    return write_statements(conn, wide, max(now, newest))


def insert_new_rows(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> int:
    """Insert `rows` (tuples in the order of `columns`) but those a unique key already holds,
    through the driver's `executemany`; returns how many were written (sqlite3 and psycopg
    both add up the rows of an `executemany`). For millions of rows: SQLAlchemy builds no
    dict or parameters per row, and the database, not a savepoint, skips the rows already
    there (under the SQLite driver a savepoint released before any write is a commit)."""
    if not rows:
        return 0
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"  # sqlite3 / psycopg
    quote = conn.dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
           f"VALUES ({', '.join([mark] * len(columns))}) ON CONFLICT DO NOTHING")
    return int(conn.exec_driver_sql(sql, list(rows)).rowcount)


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
