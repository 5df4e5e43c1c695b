"""Engines and connections for SQLite (embedded default) and PostgreSQL, on one code path."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

from bicentennial.settings import get_settings

GENESIS = "0" * 64
CACHE_KIB = 262_144  # SQLite page cache of a connection (256 MiB)
# A batch's time (its statements' `first_seen`) is taken when it begins, and its transaction
# commits within this margin: readers that copy "what is new since my last read" (the network
# cache, `access.refs`) look back this far before the read began.
COMMIT_MARGIN = timedelta(minutes=5)


TS_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def utcnow() -> str:
    """Now as the store's timestamp string."""
    return datetime.now(UTC).strftime(TS_FORMAT)


def before_margin(ts: str) -> str:
    """The store's timestamp `COMMIT_MARGIN` before `ts`: the earliest `first_seen` of a
    statement committed after `ts`."""
    return (datetime.strptime(ts, TS_FORMAT).replace(tzinfo=UTC) - COMMIT_MARGIN).strftime(TS_FORMAT)


def normalise_url(url: str) -> str:
    """Use psycopg 3 for plain postgresql:// URLs."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def take_write_lock(conn: Connection) -> None:
    """On SQLite, begin the caller's write transaction now, if it has not begun (waiting, by
    busy_timeout, for another writer), and so hold the database's write lock from here to
    the caller's commit: what is read after this cannot change before this transaction's
    writes. The SQLite driver otherwise runs each SELECT outside any transaction and begins
    one only at the first write, so a read-then-write could straddle another connection's
    commit. A write that changes nothing (`audit_head` to itself) does it. Nothing on
    PostgreSQL, whose callers lock rows (`FOR UPDATE`) or let a conflict be skipped."""
    if is_sqlite(conn.engine):
        conn.exec_driver_sql("UPDATE audit_head SET seq = seq WHERE id = 1")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    # 8 KiB pages: fewer, fuller B-tree levels for the statement index (new files only: a
    # page size is fixed once the file has content)
    cur.execute("PRAGMA page_size=8192")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cur.execute("PRAGMA temp_store=MEMORY")
    # read pages through a memory map (no read() call and copy per page); capped by SQLite at 2 GB
    cur.execute("PRAGMA mmap_size=2147418112")
    cur.close()


def make_engine(url: str | None = None) -> Engine:
    url = normalise_url(url or get_settings().database_url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    """The process-wide engine for `url` (default: settings)."""
    return make_engine(url)
