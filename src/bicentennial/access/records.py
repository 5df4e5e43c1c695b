"""Reading records: every read of statements goes through these functions.

Each takes the caller's `Principal`, applies `visibility_filter` before
anything else and appends the audit event in the same transaction, so a read
that is not logged cannot happen.
"""

from __future__ import annotations

import os
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import orjson
from normality import ascii_text
from sqlalchemy import Connection, Select, func, select, text

from bicentennial.access.audit import AuditEvent, append
from bicentennial.access.policy import visibility_filter
from bicentennial.access.principal import Principal
from bicentennial.gcpause import paused_gc
from bicentennial.store.db import is_sqlite
from bicentennial.store.tables import provenance, statement, statement_data


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced: how searchable values are stored and queried."""
    return " ".join((ascii_text(text) or "").lower().split())


def visible_statements(principal: Principal) -> Select[Any]:
    """A SELECT of the statements `principal` may see (no audit: compose, then call a reader)."""
    return select(statement).where(visibility_filter(principal))


def _entities(rows: Sequence[Any]) -> list[dict[str, Any]]:
    by_id: dict[str, dict[str, Any]] = {}
    for r in rows:
        ent = by_id.setdefault(
            r.entity_id,
            {"id": r.entity_id, "schema": r.schema, "properties": defaultdict(list), "agencies": set()},
        )
        if r.value not in ent["properties"][r.prop]:
            ent["properties"][r.prop].append(r.value)
        ent["agencies"].add(r.agency)
    out = []
    for ent in by_id.values():
        ent["properties"] = dict(ent["properties"])
        ent["agencies"] = sorted(ent["agencies"])
        names = ent["properties"].get("name") or ent["properties"].get("caption") or [ent["id"]]
        ent["caption"] = names[0]
        out.append(ent)
    return out


def get_entity(conn: Connection, principal: Principal, entity_id: str) -> dict[str, Any] | None:
    """The entity as `principal` may see it, with each statement's provenance; None if nothing visible."""
    rows = conn.execute(
        visible_statements(principal).where(statement.c.entity_id == entity_id).order_by(statement.c.prop)
    ).all()
    append(conn, AuditEvent.by(principal, "read", entity_id, statements=len(rows)))
    if not rows:
        return None
    entity = _entities(rows)[0]
    entity["statements"] = [
        {"id": r.id, "prop": r.prop, "value": r.value, "agency": r.agency, "country": r.country,
         "sharing": r.sharing, "batch_id": r.batch_id, "source_row": r.source_row,
         "source_key": r.source_key, "first_seen": r.first_seen, "last_seen": r.last_seen}
        for r in rows
    ]
    return entity


def search(conn: Connection, principal: Principal, q: str, limit: int = 50) -> list[dict[str, Any]]:
    """Entities with a visible searchable value containing every word of `q` (accent-insensitive)."""
    words = fold(q).split()
    append(conn, AuditEvent.by(principal, "search", q, limit=limit))
    if not words:
        return []
    hits = visible_statements(principal).with_only_columns(statement.c.entity_id).distinct()
    for word in words:
        hits = hits.where(statement.c.search_text.like(f"%{word}%"))
    ids = [r.entity_id for r in conn.execute(hits.limit(limit))]
    if not ids:
        return []
    rows = conn.execute(visible_statements(principal).where(statement.c.entity_id.in_(ids))).all()
    ents = _entities(rows)
    ents.sort(key=lambda e: ids.index(e["id"]))
    return ents


def _entities_by_schema(principal: Principal, after: int, upto: int) -> Select[Any]:
    """Visible entities per schema with a visible statement in (after, upto] of the store's
    order (`statement_data.seq`) and, per schema, none at or before `after`: what a count
    made at `after` lacks at `upto`."""
    data, prov = statement_data.alias("s"), provenance.alias("p")
    older, older_prov = statement_data.alias("s2"), provenance.alias("p2")
    seen_before = (select(older.c.seq).join(older_prov, older_prov.c.seq == older.c.prov).where(
        older.c.entity_id == data.c.entity_id, older.c.schema == data.c.schema, older.c.seq <= after,
        visibility_filter(principal, older_prov)))
    query = (select(data.c.schema, func.count(func.distinct(data.c.entity_id)))
             .join(prov, prov.c.seq == data.c.prov)
             .where(data.c.seq > after, data.c.seq <= upto, visibility_filter(principal, prov))
             .group_by(data.c.schema))
    return query.where(~seen_before.exists()) if after else query


@dataclass
class _Counts:
    upto: int  # the store's last statement (`statement_data.seq`) counted
    per_schema: dict[str, int]
    made: float  # when the count was last made in full (time.time(): kept in the database too)


_COUNTS: dict[tuple[str, str, str], _Counts] = {}
_COUNTS_LOCK = threading.Lock()


def _counts_key(principal: Principal) -> str:
    """The key of a visibility class's kept count in `search_state`."""
    return f"counts|{principal.agency or ''}|{principal.country or ''}"


def _stored_counts(conn: Connection, principal: Principal) -> _Counts | None:
    """The count of `principal`'s class that a process kept in the database, if any."""
    from bicentennial.access.search import search_state

    value = conn.execute(select(search_state.c.value).where(search_state.c.key == _counts_key(principal))).scalar()
    if value is None:
        return None
    data = orjson.loads(value)
    return _Counts(int(data["upto"]), {str(k): int(v) for k, v in data["per_schema"].items()}, float(data["made"]))


def _store_counts(conn: Connection, principal: Principal, counts: _Counts) -> None:
    from bicentennial.access.search import put_state

    put_state(conn, _counts_key(principal),
              orjson.dumps({"upto": counts.upto, "per_schema": counts.per_schema, "made": counts.made}).decode())


def count_by_schema(conn: Connection, principal: Principal) -> dict[str, int]:
    """Number of visible entities per schema (for the home page's counts per line of action).

    Counting distinct entities over every statement takes seconds on a large store (9 s at a
    million records), on every home page. Statements are only ever added, in the order of
    `statement_data.seq`, so the count of each visibility class is kept and brought up to
    date with the statements added since: those of entities that had no visible statement
    of that schema before. The count is kept in the process and in the database
    (`search_state`), so a new process (a restart, another worker) brings the last one up to
    date rather than counting again. On PostgreSQL concurrent writers may commit a lower
    `seq` after a higher one; a count made in full longer than `BICENTENNIAL_COUNTS_MAX_AGE`
    seconds ago (default 3600) is made again in full, which picks such rows up."""
    append(conn, AuditEvent.by(principal, "read", "counts:schema"))
    if principal.is_public:
        return {}
    top = int(conn.execute(select(func.max(statement_data.c.seq))).scalar() or 0)
    key = (conn.engine.url.render_as_string(hide_password=True), principal.agency or "", principal.country or "")
    max_age = float(os.environ.get("BICENTENNIAL_COUNTS_MAX_AGE", "3600"))
    with _COUNTS_LOCK:
        kept = _COUNTS.get(key)
    if kept is None:
        kept = _stored_counts(conn, principal)
    if kept is not None and kept.upto <= top and time.time() - kept.made < max_age:
        per_schema = dict(kept.per_schema)
        made = kept.made
        if kept.upto < top:
            for schema, n in conn.execute(_entities_by_schema(principal, kept.upto, top)):
                per_schema[schema] = per_schema.get(schema, 0) + n
    else:
        per_schema = {schema: n for schema, n in conn.execute(_entities_by_schema(principal, 0, top))}
        made = time.time()
    counts = _Counts(top, per_schema, made)
    if kept is None or kept.upto != top or kept.made != made:  # else what is kept is this
        _store_counts(conn, principal, counts)
    with _COUNTS_LOCK:
        current = _COUNTS.get(key)
        if current is None or current.upto <= top:
            _COUNTS[key] = counts
    return dict(per_schema)


def public_counts(conn: Connection, group_by: list[str], k: int, where: Any = None) -> list[dict[str, Any]]:
    """Aggregates of `public`-level statements for the public: distinct entities per group,
    with cells smaller than `k` suppressed (value None, `suppressed` True)."""
    cols = [statement.c[name] for name in group_by]
    query = (
        select(*cols, func.count(func.distinct(statement.c.entity_id)).label("n"))
        .where(statement.c.sharing == "public")
        .group_by(*cols)
    )
    if where is not None:
        query = query.where(where)
    out = []
    for row in conn.execute(query):
        rec = dict(zip(group_by, row[:-1], strict=True))
        n = row[-1]
        rec["n"] = n if n >= k else None
        rec["suppressed"] = n < k
        out.append(rec)
    return out


STATEMENT_COLUMNS = (
    "id", "entity_id", "schema", "prop", "value", "agency", "country", "sharing",
    "batch_id", "source_row", "source_key", "first_seen", "last_seen",
)


def visible_table(
    conn: Connection,
    principal: Principal,
    purpose: str,
    schemata: list[str] | None = None,
    props: list[str] | None = None,
    since: str | None = None,
    columns: Sequence[str] | None = None,
) -> Any:
    """Every statement `principal` may see (optionally of some schemata/properties, or
    first seen after `since`) as a pyarrow Table, for analytics in DuckDB/igraph/Splink.
    `purpose` (e.g. "resolve", "network") goes into the audit entry. `columns`: only these
    (default all of `STATEMENT_COLUMNS`): most of the time goes into making a Python object
    per value, so a caller that needs five columns of sixteen reads ~3× faster."""
    import pyarrow as pa

    names = tuple(columns) if columns else STATEMENT_COLUMNS
    unknown = set(names) - set(STATEMENT_COLUMNS)
    if unknown:
        raise ValueError(f"not statement columns: {sorted(unknown)}")
    cols = [statement.c[name] for name in names]
    query = select(*cols).where(visibility_filter(principal))
    if schemata:
        query = query.where(statement.c.schema.in_(schemata))
    if props:
        query = query.where(statement.c.prop.in_(props))
    if since:
        query = query.where(statement.c.first_seen > since)
    types = pa.schema([(name, pa.int64() if name == "source_row" else pa.string()) for name in names])
    table = _read_arrow(conn, query, types, incremental=since is not None)
    if table is None:
        # Column-wise transfer: raw DBAPI tuples (no Row objects) transposed in C by zip(),
        # with the garbage collector paused (millions of row tuples set off collections:
        # 3.8M statements of 6 columns, 38 s -> 12 s)
        cursor = conn.execute(query).cursor
        data: dict[str, list[Any]] = {name: [] for name in names}
        with paused_gc():
            while chunk := cursor.fetchmany(100_000):
                for name, values in zip(names, zip(*chunk, strict=True), strict=True):
                    data[name].extend(values)
        table = pa.table({field.name: pa.array(data[field.name], type=field.type) for field in types})
    append(conn, AuditEvent.by(principal, "read", f"bulk:{purpose}", statements=table.num_rows,
                               schemata=schemata))
    return table


def _read_arrow(conn: Connection, query: Select[Any], types: Any, incremental: bool = False) -> Any:
    """The rows of `query` as a pyarrow Table of schema `types`, read by the database's ADBC
    driver on a second connection: the values go into Arrow arrays in C, with no Python object
    per value (the 1M-record demo's graph read, 3.8M statements from SQLite: 18.6–22.1 s
    through the DBAPI, 5.0–5.8 s this way; from PostgreSQL in its binary format). None where
    it cannot serve, and the caller reads through its own connection: an in-memory SQLite
    database, a driver missing, or a transaction that has written (a second connection would
    not see its uncommitted rows). Nor for an `incremental` read (what was stored since a
    time, as a graph's refresh every few seconds reads) from PostgreSQL: a new connection costs
    it 40–80 ms (a server process), more than such a read takes through the caller's."""
    table = None
    if is_sqlite(conn.engine):
        table = _read_sqlite(conn, query)
    elif conn.dialect.name == "postgresql" and not incremental:
        table = _read_postgresql(conn, query)
    return None if table is None else table.rename_columns(types.names).cast(types)


def _read_sqlite(conn: Connection, query: Select[Any]) -> Any:
    """SQLite's ADBC driver, read-only. It takes each column's type from the values of the
    first batch, so the whole result is one batch (a column empty at first would otherwise be
    taken for integers and its first string refused); a column of nulls only comes back as
    integers, and the caller casts."""
    database = conn.engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    if conn.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        return None  # the driver begins a transaction at the first write only
    try:
        import adbc_driver_sqlite.dbapi as adbc
    except ImportError:  # pragma: no cover - a requirement; the DBAPI path serves without it
        return None
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = tuple(compiled.params[name] for name in compiled.positiontup or ())
    with adbc.connect(f"file:{quote(os.path.abspath(database))}?mode=ro") as reader, reader.cursor() as cursor:
        cursor.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": "1000000000"})  # a billion rows
        cursor.execute(str(compiled), params or None)
        return cursor.fetch_arrow_table()


def _read_postgresql(conn: Connection, query: Select[Any]) -> Any:
    """PostgreSQL's ADBC driver (libpq, results in binary), on the caller's
    server, database and options (a `search_path`). A transaction is given an id at its first
    write only, so one without an id has nothing the second connection would miss."""
    if conn.execute(text("SELECT pg_current_xact_id_if_assigned() IS NOT NULL")).scalar():
        return None
    try:
        import adbc_driver_postgresql.dbapi as adbc
    except ImportError:  # pragma: no cover - a requirement; the DBAPI path serves without it
        return None
    from sqlalchemy.dialects import postgresql

    compiled = query.compile(dialect=postgresql.dialect(paramstyle="numeric_dollar"),
                             compile_kwargs={"render_postcompile": True})
    params = tuple(compiled.params[name] for name in compiled.positiontup or ())
    uri = conn.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with adbc.connect(uri) as reader, reader.cursor() as cursor:
        cursor.execute(str(compiled), params or None)
        return cursor.fetch_arrow_table()


def counts_by_line(conn: Connection, principal: Principal) -> list[dict[str, Any]]:
    """For each line of action: how many visible entities serve it (via the schema → lines map)."""
    from bicentennial.framework import load_framework
    from bicentennial.records.lines import lines_for_schema

    per_schema = count_by_schema(conn, principal)
    out = []
    for line in load_framework().lines:
        schemata = {s: n for s, n in per_schema.items() if line.code in lines_for_schema(s)}
        out.append({"code": line.code, "slug": line.slug, "goal": line.goal,
                    "title": line.title, "records": sum(schemata.values()), "by_schema": schemata})
    return out
