"""One graph per visibility class, built from what that class may see and kept
up to date incrementally.

Rights first: the sharing policy (`access/policy.py`) decides visibility from
the caller's agency and country only (roles never widen it), so every
principal of one agency sees exactly the same statements. The graph is
therefore built once per (database, agency, country) from
`access.records.visible_table(principal, purpose="network")` — the filtered,
audited read — and shared by that agency's users. No graph ever holds a
statement its class may not see, so every algorithm (expand, paths, Leiden,
PageRank, betweenness) runs on an already filtered graph.

Incremental updates: the cache remembers when it last read (`read_at`, the store's
clock, taken before the read). A statement it has not read was committed after
that, so was first seen after `read_at` minus `OVERLAP` (the longest a batch's
transaction may stay open after its time is taken). A refresh reads only those,
skips those it already holds, and re-derives the records they belong to: their
old edges are replaced, everything else stays. (Counting the margin from the
newest statement read instead, as the first version did, re-read the whole of a
large load that ended less than `OVERLAP` after its last batch began, on every
refresh until newer data came: 20 s a refresh after the 1M-record demo.) A
refresh happens at most every `max_age` seconds (`BICENTENNIAL_NETWORK_MAX_AGE`,
default 5). Statements are
never deleted in the store; if a sharing level is ever narrowed, call
`invalidate()` (or restart) to rebuild from scratch.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Connection

from bicentennial.access.principal import Principal
from bicentennial.access.records import visible_table
from bicentennial.gcpause import paused_gc
from bicentennial.network.derive import COLUMNS, prefilter
from bicentennial.network.graph import NetworkGraph
from bicentennial.network.model import relevant_props
from bicentennial.network.vectorised import derive_arrow
from bicentennial.store.db import COMMIT_MARGIN, before_margin, utcnow

OVERLAP = COMMIT_MARGIN
MAX_CLASSES = 16
CANONICAL_MAX_AGE = 60.0  # seconds a merged graph trusts the resolution version alone


def visibility_class(principal: Principal) -> tuple[str, str]:
    """The key under which principals see the same statements."""
    if principal.is_public:
        return ("", "")
    return (principal.agency or "", principal.country or "")


def default_max_age() -> float:
    return float(os.environ.get("BICENTENNIAL_NETWORK_MAX_AGE", "5"))


@dataclass
class CachedGraph:
    graph: NetworkGraph = field(default_factory=NetworkGraph)
    statements: pa.Table | None = None  # prefiltered rows the graph was derived from
    high_water: str | None = None  # the newest `first_seen` read
    read_at: str | None = None  # when the last read began (`store.db.utcnow`)
    refreshed_at: float = 0.0
    statements_read: int = 0
    lock: threading.RLock = field(default_factory=threading.RLock)
    # entity id → canonical id (resolution, in the caller's scope) for a graph of merged entities
    canonical: dict[str, str] | None = None
    canonical_version: str | None = None  # `resolve.pipeline.resolution_version` when last read
    canonical_read: float = 0.0  # time.monotonic() of that read

    def ingest(self, table: pa.Table) -> int:
        """Add statements (any visible rows); returns how many records were re-derived."""
        with paused_gc():  # millions of short-lived tuples and dicts (see bicentennial.gcpause)
            return self._ingest(table)

    def _ingest(self, table: pa.Table) -> int:
        if table.num_rows and "first_seen" in table.column_names:
            newest = pc.max(table["first_seen"]).as_py()
            if newest and (self.high_water is None or newest > self.high_water):
                self.high_water = newest
        rows = prefilter(table)
        if self.canonical and rows.num_rows:
            rows = merge_entities(rows, self.canonical)
        if self.statements is not None and rows.num_rows and self.statements.num_rows:
            known = pc.is_in(rows["id"], value_set=self.statements["id"].combine_chunks())
            rows = rows.filter(pc.invert(known))
        if rows.num_rows == 0:
            if self.statements is None:
                self.statements = rows
            return 0
        affected = pc.unique(rows["entity_id"])
        if self.statements is not None and self.statements.num_rows:
            before = self.statements.filter(pc.is_in(self.statements["entity_id"], value_set=affected))
            combined = pa.concat_tables([before, rows])
            self.statements = pa.concat_tables([self.statements, rows]).combine_chunks()
        else:
            combined = rows
            self.statements = rows
        nodes, edges, guesses = derive_arrow(combined)
        self.graph.update(nodes, edges, affected.to_pylist(), guesses)
        self.statements_read += rows.num_rows
        return len(affected)


def merge_entities(table: pa.Table, canonical: dict[str, str]) -> pa.Table:
    """Statements of resolved entities as statements of their canonical entity: entity ids,
    and values naming them, mapped through `canonical`."""
    keys = pa.array(list(canonical), pa.string())
    values = pa.array(list(canonical.values()), pa.string())
    for name in ("entity_id", "value"):
        column = table[name]
        mapped = pc.take(values, pc.index_in(column, value_set=keys))
        table = table.set_column(table.schema.get_field_index(name), name, pc.coalesce(mapped, column))
    return table


def resolution_version(conn: Connection, principal: Principal) -> str:
    """Changes whenever the caller's resolution may have (none for the public)."""
    if principal.is_public or not principal.agency:
        return ""
    from bicentennial.resolve.pipeline import resolution_version as version

    return version(conn, principal)


def canonical_map(conn: Connection, principal: Principal) -> dict[str, str]:
    """Resolution's entity → canonical ids in the caller's scope (its agency); none for the public.
    Canonical ids are minted by resolution, never a member's id, so a merged node names no
    entity the caller may not see."""
    if principal.is_public or not principal.agency:
        return {}
    from bicentennial.resolve.pipeline import canonical_ids

    return canonical_ids(conn, principal)


class GraphCache:
    """Graphs by (database, agency, country), least recently used dropped beyond `MAX_CLASSES`."""

    def __init__(self) -> None:
        self._entries: OrderedDict[tuple[str, ...], CachedGraph] = OrderedDict()
        self._lock = threading.Lock()

    def entry(self, conn: Connection, principal: Principal, merged: bool = False) -> CachedGraph:
        key = (conn.engine.url.render_as_string(hide_password=True), *visibility_class(principal),
               "merged" if merged else "")
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                found = self._entries[key] = CachedGraph()
            self._entries.move_to_end(key)
            while len(self._entries) > MAX_CLASSES:
                self._entries.popitem(last=False)
            return found

    def invalidate(self) -> None:
        with self._lock:
            self._entries.clear()


CACHE = GraphCache()


def refresh(conn: Connection, principal: Principal, cached: CachedGraph) -> None:
    """Read what `principal` may see that the last read may have missed, and apply it."""
    since = None
    if cached.read_at:
        since = before_margin(cached.read_at)
    read_at = utcnow()
    # only the properties that can make nodes or edges travel (about half of all statements)
    # and only the columns the graph is derived from (+ first_seen, the high-water mark)
    table = visible_table(conn, principal, purpose="network", props=sorted(relevant_props()), since=since,
                          columns=(*COLUMNS, "first_seen"))
    cached.ingest(table)
    cached.read_at = read_at
    cached.refreshed_at = time.monotonic()


def graph_for(conn: Connection, principal: Principal, max_age: float | None = None,
              merged: bool = False) -> CachedGraph:
    """The (fresh enough) graph of what `principal` may see. Hold `.lock` while using it.
    `merged`: entities resolved as one (in the caller's scope) are one node; the graph is
    rebuilt when the resolution changes."""
    cached = CACHE.entry(conn, principal, merged)
    age = default_max_age() if max_age is None else max_age
    with cached.lock:
        if merged:
            # the ids are read again only when the resolution may have changed (or once a
            # minute, for a change made around the pipeline): at a million records reading
            # them cost 0.25–0.4 s a request
            version = resolution_version(conn, principal)
            if version != cached.canonical_version or time.monotonic() - cached.canonical_read >= CANONICAL_MAX_AGE:
                mapping = canonical_map(conn, principal)
                cached.canonical_version, cached.canonical_read = version, time.monotonic()
                if mapping != cached.canonical:
                    cached.graph, cached.statements, cached.high_water = NetworkGraph(), None, None
                    cached.read_at = None
                    cached.statements_read = 0
                    cached.canonical = mapping
        if cached.statements is None or time.monotonic() - cached.refreshed_at >= age:
            refresh(conn, principal, cached)
    return cached


def invalidate() -> None:
    """Drop every cached graph (after a sharing level was narrowed, or in tests)."""
    CACHE.invalidate()
