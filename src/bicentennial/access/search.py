"""Full-text search with facets over the statements a principal may see.

The index (`search_doc`) holds one row per searchable statement with the
statement's sharing columns, so `visibility_filter` applies to the index itself
before anything is matched or counted. Text is folded in Python (lower case,
no accents: `fold`) before it is indexed and before a query is parsed, so
"Pérez", "PEREZ" and "perez" are one word on every backend.

- SQLite: an FTS5 table (`search_fts`, external content, tokenizer
  `unicode61 remove_diacritics 2`) kept in step by triggers.
- PostgreSQL: a GIN index on `to_tsvector('simple', text)` and, where the
  pg_trgm extension is installed, a trigram index used for fuzzy matches
  when the exact words find nothing.

The index is brought up to date incrementally (statements first seen after a
high-water mark) at the start of each search, so ingest is not slowed down.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Index,
    Integer,
    String,
    Table,
    Text,
    and_,
    exists,
    func,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError

from bicentennial.access.audit import AuditEvent, append
from bicentennial.access.policy import visibility_filter
from bicentennial.access.principal import Principal
from bicentennial.access.records import _entities, fold
from bicentennial.gcpause import paused_gc
from bicentennial.store.db import is_sqlite, take_write_lock
from bicentennial.store.tables import metadata, provenance, statement
from bicentennial.store.writer import insert_ignore, insert_new_rows

search_doc = Table(
    "search_doc",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("statement_id", String(40), nullable=False, unique=True),
    Column("entity_id", String(64), nullable=False),
    Column("schema", String(64), nullable=False),
    Column("prop", String(64), nullable=False),
    Column("agency", String(16), nullable=False),
    Column("country", String(2), nullable=False),
    Column("sharing", String(12), nullable=False),
    Column("text", Text, nullable=False),
    Column("first_seen", String(32), nullable=False),
    Index(None, "entity_id"),
)

# Key/value state of derived indexes (high-water marks).
search_state = Table(
    "search_state",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)


def put_state(conn: Connection, key: str, value: str) -> None:
    """Set `key` of `search_state` to `value`, making the row if it is missing (also when
    another transaction makes it at the same time: its insert is skipped, then updated)."""
    row = search_state.c.key == key
    if conn.execute(search_state.update().where(row).values(value=value)).rowcount:
        return
    insert_ignore(conn, search_state, [{"key": key, "value": value}])
    conn.execute(search_state.update().where(row).values(value=value))

FACETS = ("schema", "country", "agency", "line", "year")
# Property types whose values are not words (references, dates, numbers, codes).
_SKIP_TYPES = frozenset({"entity", "date", "number", "country", "language", "topic", "gender", "url",
                         "checksum", "json", "mimetype", "ip"})
_BATCH = 5_000


@lru_cache(maxsize=1)
def _model() -> Any:
    from bicentennial.network.model import get_model

    return get_model()


@lru_cache(maxsize=4096)
def prop_type(schema: str, prop: str) -> str | None:
    """The FtM type name of `schema.prop`, or None when the model does not know it."""
    try:
        sch = _model().get(schema)
    except Exception:  # pragma: no cover - model not loadable
        return None
    if sch is None:
        return None
    p = sch.properties.get(prop)
    return p.type.name if p is not None else None


@lru_cache(maxsize=1)
def date_props() -> tuple[str, ...]:
    """Names of date-typed properties across the model (for the year facet and timelines)."""
    names = {p.name for s in _model().schemata.values() for p in s.properties.values() if p.type.name == "date"}
    return tuple(sorted(names))


def indexable(schema: str, prop: str, search_text: str | None) -> bool:
    if search_text:
        return True
    kind = prop_type(schema, prop)
    return kind is not None and kind not in _SKIP_TYPES


# ---------------------------------------------------------------------------------------------
# Index maintenance


def _pg_trgm_schema(conn: Connection) -> str | None:
    row = conn.execute(text(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'pg_trgm'")).first()
    return str(row[0]) if row else None


def create_index_objects(conn: Connection) -> None:
    """The backend-specific parts of the index (idempotent): FTS5 table and triggers, or GIN indexes."""
    if is_sqlite(conn.engine):
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(text, content='search_doc', "
            "content_rowid='id', tokenize=\"unicode61 remove_diacritics 2\")")
        # new rows reach search_fts from `refresh`, in one INSERT ... SELECT (a trigger per row
        # took 24 of 60 s to index 1.07M rows; the one statement, ~1.4 s); deletions by trigger
        conn.exec_driver_sql(
            "CREATE TRIGGER IF NOT EXISTS search_doc_ad AFTER DELETE ON search_doc BEGIN "
            "INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text); END")
        return
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_search_doc_tsv ON search_doc USING gin (to_tsvector('simple', text))")
    try:
        with conn.begin_nested():
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DBAPIError:  # no right to create extensions: exact matching only
        pass
    trgm = _pg_trgm_schema(conn)
    if trgm:
        conn.exec_driver_sql(
            f'CREATE INDEX IF NOT EXISTS ix_search_doc_trgm ON search_doc USING gin (text "{trgm}".gin_trgm_ops)')


def _mark(conn: Connection) -> tuple[str, int]:
    """(newest first_seen indexed, how many statements carried exactly that timestamp then)."""
    row = conn.execute(select(search_state.c.value).where(search_state.c.key == "search_doc")).first()
    if not row:
        return "", 0
    mark, _sep, count = str(row[0]).partition("|")
    return mark, int(count or 0)


def _at(conn: Connection, when: str) -> int:
    return int(conn.execute(select(func.count()).select_from(statement).where(
        statement.c.first_seen == when)).scalar_one())


def refresh(conn: Connection) -> int:
    """Index statements first seen since the high-water mark; returns how many rows were added.

    A batch writes many statements with one timestamp, possibly in several commits, so the
    mark remembers how many statements it saw at its timestamp: only when that count grew is
    the mark's own timestamp looked at again (with a check against what is indexed). Runs
    with the garbage collector paused (after a large ingest it makes millions of rows)."""
    with paused_gc():
        return _refresh(conn)


_DOC_COLUMNS = ("statement_id", "entity_id", "schema", "prop", "agency", "country", "sharing", "text",
                "first_seen")


def _refresh(conn: Connection) -> int:
    mark, seen_at_mark = _mark(conn)
    newest = conn.execute(select(func.max(provenance.c.seen_at))).scalar()  # a bound: cheap, never low
    if newest is None or newest < mark:
        return 0
    now_at_mark = _at(conn, mark) if mark else 0
    if newest == mark and now_at_mark == seen_at_mark:
        return 0
    query = select(statement.c.id, statement.c.entity_id, statement.c.schema, statement.c.prop,
                   statement.c.value, statement.c.search_text, statement.c.agency, statement.c.country,
                   statement.c.sharing, statement.c.first_seen)
    if mark and now_at_mark == seen_at_mark:
        query = query.where(statement.c.first_seen > mark)
    else:
        query = query.where(statement.c.first_seen >= mark).where(
            ~exists().where(search_doc.c.statement_id == statement.c.id))
    added = 0
    rows: list[tuple[Any, ...]] = []
    top = mark
    # (a database not migrated yet still has the old per-row trigger, which then does it)
    fts = is_sqlite(conn.engine) and not conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'search_doc_ai'").first()
    # SQLite: the rows added below are those above the highest id now, read under the write
    # lock (another refresh's rows, committed between this read and the first insert, would
    # otherwise be added to the full-text index twice)
    if fts:
        take_write_lock(conn)
    last_id = (conn.execute(select(func.max(search_doc.c.id))).scalar() or 0) if fts else 0
    # rows as plain tuples, fetched and written many at a time through the driver: after a
    # large load this loop sees millions of statements, and building a dict and SQL
    # parameters per row took most of the refresh's time
    for part in conn.execute(query).partitions(_BATCH):
        for sid, entity_id, schema, prop, value, search_text, agency, country, sharing, first_seen in part:
            if first_seen > top:
                top = first_seen
            if not indexable(schema, prop, search_text):
                continue
            words = search_text or fold(value)
            if words:
                rows.append((sid, entity_id, schema, prop, agency, country, sharing, words, first_seen))
    # a row a concurrent refresh has indexed meanwhile is skipped by the database rather than
    # by a savepoint per batch (with the SQLite driver each was a commit: 0.27 s for 5,000
    # rows of a large index, most of the refresh's time)
    for start in range(0, len(rows), _BATCH):
        added += insert_new_rows(conn, search_doc, _DOC_COLUMNS, rows[start:start + _BATCH])
    if fts and added:
        conn.execute(text("INSERT INTO search_fts(rowid, text) SELECT id, text FROM search_doc WHERE id > :last"),
                     {"last": last_id})
    put_state(conn, "search_doc", f"{top}|{_at(conn, top)}")
    return added


# ---------------------------------------------------------------------------------------------
# Querying


@dataclass
class SearchResult:
    query: str
    total: int
    results: list[dict[str, Any]]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    filters: dict[str, str] = field(default_factory=dict)
    fuzzy: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "results": self.results, "fuzzy": self.fuzzy,
                "filters": self.filters,
                "facets": {k: [{"value": v, "count": n} for v, n in items] for k, items in self.facets.items()}}


_WORD = re.compile(r"[a-z0-9]+")


def query_words(q: str) -> list[str]:
    """The folded words of a query (punctuation splits words, as the tokenizers do)."""
    return _WORD.findall(fold(q))


def _match(conn: Connection, words: list[str], fuzzy: bool = False) -> Any:
    """A condition on `search_doc` rows whose text holds every word (as a prefix)."""
    if is_sqlite(conn.engine):
        expr = " ".join(f'"{w}"*' for w in words)
        return text("search_doc.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH :fts)").bindparams(
            fts=expr)
    if fuzzy:
        trgm = _pg_trgm_schema(conn)
        if not trgm:
            return None
        return text(f'"{trgm}".similarity(search_doc.text, :fz) > 0.35').bindparams(fz=" ".join(words))
    expr = " & ".join(f"{w}:*" for w in words)
    return text("to_tsvector('simple', search_doc.text) @@ to_tsquery('simple', :tsq)").bindparams(tsq=expr)


def _lines_of(schema: str) -> list[str]:
    try:
        from bicentennial.records.lines import lines_for_schema

        return list(lines_for_schema(schema))
    except Exception:  # pragma: no cover - lines map not available
        return []


def _schemata_for_line(line: str) -> list[str]:
    return [s for s in _model().schemata if line in _lines_of(s)]


def search(
    conn: Connection,
    principal: Principal,
    q: str,
    filters: dict[str, str] | None = None,
    limit: int = 25,
    offset: int = 0,
    audit: bool = True,
) -> SearchResult:
    """Entities with a visible indexed value holding every word of `q`, with facets.

    `filters` (schema, country, agency, line, year) narrow the hits; facets are
    counted over the visible hits (each facet ignores nothing: counts reflect the
    current filters). The search is appended to the audit log."""
    filters = {k: v for k, v in (filters or {}).items() if k in FACETS and v}
    refresh(conn)
    words = query_words(q)
    if audit:
        append(conn, AuditEvent.by(principal, "search", q, filters=filters, limit=limit, offset=offset))
    result = SearchResult(query=q, total=0, results=[], filters=filters)
    if not words:
        return result
    visible = visibility_filter(principal, search_doc)
    conds: list[Any] = [visible]
    if filters.get("schema"):
        conds.append(search_doc.c.schema == filters["schema"])
    if filters.get("country"):
        conds.append(search_doc.c.country == filters["country"])
    if filters.get("agency"):
        conds.append(search_doc.c.agency == filters["agency"])
    if filters.get("line"):
        conds.append(search_doc.c.schema.in_(_schemata_for_line(filters["line"])))
    if filters.get("year"):
        conds.append(search_doc.c.entity_id.in_(
            select(statement.c.entity_id).where(
                visibility_filter(principal), statement.c.prop.in_(date_props()),
                statement.c.value.like(f"{filters['year']}%"))))
    match = _match(conn, words)
    hits = select(search_doc.c.entity_id, search_doc.c.schema, search_doc.c.agency, search_doc.c.country).where(
        and_(*conds), match)
    rows = conn.execute(hits).all()
    if not rows and not is_sqlite(conn.engine):
        fuzzy = _match(conn, words, fuzzy=True)
        if fuzzy is not None:
            rows = conn.execute(
                select(search_doc.c.entity_id, search_doc.c.schema, search_doc.c.agency, search_doc.c.country)
                .where(and_(*conds), fuzzy)).all()
            result.fuzzy = bool(rows)
    if not rows:
        return result
    strength: Counter[str] = Counter()
    schema_of: dict[str, str] = {}
    agencies: dict[str, set[str]] = defaultdict(set)
    countries: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        strength[r.entity_id] += 1
        schema_of.setdefault(r.entity_id, r.schema)
        agencies[r.entity_id].add(r.agency)
        countries[r.entity_id].add(r.country)
    ids = sorted(strength, key=lambda e: (-strength[e], e))
    result.total = len(ids)
    facets: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    for eid in ids:
        facets["schema"][schema_of[eid]] += 1
        for a in agencies[eid]:
            facets["agency"][a] += 1
        for c in countries[eid]:
            facets["country"][c] += 1
        for line in _lines_of(schema_of[eid]):
            facets["line"][line] += 1
    facets["year"] = _year_facet(conn, principal, ids)
    result.facets = {name: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:20] for name, c in facets.items()}
    result.facets["year"] = sorted(facets["year"].items(), reverse=True)[:20]
    page = ids[offset:offset + limit]
    if page:
        stmts = conn.execute(
            select(statement).where(visibility_filter(principal), statement.c.entity_id.in_(page))).all()
        ents = {e["id"]: e for e in _entities(stmts)}
        result.results = [_summary(ents[e]) for e in page if e in ents]
    return result


def _year_facet(conn: Connection, principal: Principal, ids: list[str]) -> Counter[str]:
    years: dict[str, set[str]] = defaultdict(set)
    for start in range(0, min(len(ids), 5000), 500):
        chunk = ids[start:start + 500]
        query = select(statement.c.entity_id, func.substr(statement.c.value, 1, 4)).where(
            visibility_filter(principal), statement.c.entity_id.in_(chunk), statement.c.prop.in_(date_props()))
        for eid, year in conn.execute(query):
            if year and year.isdigit():
                years[eid].add(year)
    out: Counter[str] = Counter()
    for ys in years.values():
        for y in ys:
            out[y] += 1
    return out


def caption_of(ent: dict[str, Any]) -> str:
    """A readable caption: name, else the schema's caption properties (FtM), else the id."""
    props = ent["properties"]
    names: list[str] = ["name"]
    try:
        sch = _model().get(ent["schema"])
        if sch is not None:
            names += list(sch.caption)
    except Exception:  # pragma: no cover
        pass
    for prop in names:
        if props.get(prop):
            return str(props[prop][0])
    return str(ent["id"])


def _summary(ent: dict[str, Any]) -> dict[str, Any]:
    props = ent["properties"]
    ent["caption"] = caption_of(ent)
    return {"id": ent["id"], "schema": ent["schema"], "caption": ent["caption"], "agencies": ent["agencies"],
            "properties": {k: v[:5] for k, v in props.items()}}


def get_entities(conn: Connection, principal: Principal, ids: list[str], purpose: str) -> list[dict[str, Any]]:
    """Several entities as `principal` may see them (one audit entry naming `purpose`)."""
    out: list[dict[str, Any]] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = conn.execute(select(statement).where(visibility_filter(principal),
                                                    statement.c.entity_id.in_(chunk))).all()
        ents = _entities(rows)
        for ent in ents:
            ent["caption"] = caption_of(ent)
        by_stmt: dict[str, list[Any]] = defaultdict(list)
        for r in rows:
            by_stmt[r.entity_id].append(r)
        for ent in ents:
            ent["statements"] = [
                {"id": r.id, "prop": r.prop, "value": r.value, "agency": r.agency, "country": r.country,
                 "sharing": r.sharing, "first_seen": r.first_seen} for r in by_stmt[ent["id"]]]
        out.extend(ents)
    order = {e: i for i, e in enumerate(ids)}
    out.sort(key=lambda e: order.get(e["id"], 0))
    append(conn, AuditEvent.by(principal, "read", f"entities:{purpose}", entities=len(out), requested=len(ids)))
    return out
