"""Network queries: expand, paths, communities, key players.

Each function takes the caller's `Principal`, works on the graph of what that
principal may see (`cache.graph_for`: rights filter the graph before any
algorithm runs) and appends one audit event in the caller's transaction, also
when nothing is found. Results are Cytoscape.js elements (network/render.py; `expand_json`
and `path_json` give the result as the JSON the API sends, `expand` and `path` the same
decoded):

    {"nodes": [{"data": {"id", "label", "schema", ...}}],
     "edges": [{"data": {"id", "source", "target", "type", "label", "date", "end",
                         "amount", "directed", "records": [record ids], "statements": [ids]}}]}
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import numpy as np
import orjson
from sqlalchemy import Connection

from bicentennial.access.audit import AuditEvent, append
from bicentennial.access.principal import Principal
from bicentennial.network.cache import CachedGraph, graph_for
from bicentennial.network.graph import BoolArray, IntArray, NetworkGraph, PathResult
from bicentennial.network.render import edge_dict, elements, elements_json, fragment

MAX_HOPS = 3
MAX_PATH_LENGTH = 10
EXACT_BETWEENNESS = 5_000  # above this many nodes, betweenness is estimated from sampled sources
BETWEENNESS_SAMPLES = 256
BETWEENNESS_CUTOFF = 6
# igraph's default; iterating "until stable" (-1) can take 20× longer for a modularity gain
# in the third decimal on graphs of this kind.
LEIDEN_ITERATIONS = 2


class NotVisible(LookupError):
    """The entity is not in the caller's graph (unknown, or not shared with the caller)."""

    def __init__(self, entity_id: str) -> None:
        super().__init__(entity_id)
        self.entity_id = entity_id


@dataclass(frozen=True)
class Filters:
    """Which edges and nodes a query may use."""

    edge_types: tuple[str, ...] = ()
    schemata: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    include_undated: bool = True

    def masks(self, graph: NetworkGraph) -> tuple[BoolArray, BoolArray | None]:
        emask = graph.edge_mask(self.edge_types or None, self.date_from, self.date_to, self.include_undated)
        return emask, graph.node_mask(self.schemata or None)

    def detail(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in ((), None)}


# ---- rendering --------------------------------------------------------------------------------


def node_data(graph: NetworkGraph, idx: int, **extra: Any) -> dict[str, Any]:
    return {"data": {"id": graph.node_ids[idx], "label": graph.labels[idx], "schema": graph.schemata[idx],
                     **extra}}


def edge_data(graph: NetworkGraph, idx: int) -> dict[str, Any]:
    edge = graph.edges[idx]
    assert edge is not None
    return edge_dict(edge)


def expansion_json(graph: NetworkGraph, entity_id: str, hops: int, merged: bool, nodes: IntArray,
                   depth: IntArray, edges: IntArray, truncated: bool) -> bytes:
    """The API's answer to an expansion, as JSON."""
    return orjson.dumps({"entity": entity_id, "hops": hops, "truncated": truncated, "merged": merged,
                         "elements": fragment(elements_json(graph, nodes, edges, depth))})


def path_result_json(graph: NetworkGraph, source: str, target: str, time_respecting: bool,
                     found: PathResult | None) -> bytes:
    """The API's answer to a path query, as JSON."""
    if found is None:
        return orjson.dumps({"source": source, "target": target, "time_respecting": time_respecting,
                             "found": False, "length": None, "path": [], "elements": {"nodes": [], "edges": []}})
    ids = graph.node_ids
    return orjson.dumps({"source": source, "target": target, "time_respecting": time_respecting,
                         "found": True, "length": len(found.edges), "path": [ids[i] for i in found.nodes],
                         "elements": fragment(elements_json(graph, found.nodes, found.edges))})


def _canonical(cached: CachedGraph, entity_id: str) -> str:
    return cached.canonical.get(entity_id, entity_id) if cached.canonical else entity_id


def _seed(graph: NetworkGraph, entity_id: str) -> int:
    idx = graph.index.get(entity_id)
    if idx is None:
        raise NotVisible(entity_id)
    return idx


# ---- queries ----------------------------------------------------------------------------------


def stats(conn: Connection, principal: Principal, max_age: float | None = None) -> dict[str, Any]:
    """Size of the caller's graph and the edge types in it."""
    cached = graph_for(conn, principal, max_age)
    with cached.lock:
        graph = cached.graph
        types = np.bincount(graph.etype[graph.alive], minlength=len(graph.types))
        out = {"nodes": graph.node_count, "edges": graph.edge_count,
               "edge_types": {t: int(n) for t, n in zip(graph.types, types, strict=False) if n},
               "high_water": cached.high_water}
    append(conn, AuditEvent.by(principal, "read", "network:stats", nodes=out["nodes"], edges=out["edges"]))
    return out


def expand(conn: Connection, principal: Principal, entity_id: str, hops: int = 2,
           filters: Filters | None = None, max_nodes: int = 500,
           max_age: float | None = None, merged: bool = False) -> dict[str, Any]:
    """The network within `hops` (≤ 3) of an entity: who is connected, through which records.
    `merged`: entities that resolution (in the caller's scope) holds to be one are one node."""
    out: dict[str, Any] = orjson.loads(expand_json(conn, principal, entity_id, hops, filters, max_nodes,
                                                   max_age, merged))
    return out


def expand_json(conn: Connection, principal: Principal, entity_id: str, hops: int = 2,
                filters: Filters | None = None, max_nodes: int = 500,
                max_age: float | None = None, merged: bool = False) -> bytes:
    """`expand`, as the JSON the API sends."""
    if not 1 <= hops <= MAX_HOPS:
        raise ValueError(f"hops must be between 1 and {MAX_HOPS}")
    filters = filters or Filters()
    cached = graph_for(conn, principal, max_age, merged)
    try:
        with cached.lock:
            graph = cached.graph
            seed = _seed(graph, _canonical(cached, entity_id))
            emask, nmask = filters.masks(graph)
            nodes, depth, truncated = graph.neighbourhood(seed, hops, emask, nmask, max_nodes)
            edges = graph.edges_among(nodes, emask)
            result = expansion_json(graph, entity_id, hops, merged, nodes, depth, edges, truncated)
    except NotVisible:
        append(conn, AuditEvent.by(principal, "read", entity_id, query="network:expand", found=False))
        raise
    append(conn, AuditEvent.by(principal, "read", entity_id, query="network:expand", hops=hops,
                               nodes=len(nodes), edges=len(edges), **filters.detail(),
                               **({"merged": True} if merged else {})))
    return result


def path(conn: Connection, principal: Principal, source: str, target: str, time_respecting: bool = False,
         max_length: int = 6, directed: bool = False, filters: Filters | None = None,
         max_age: float | None = None, merged: bool = False) -> dict[str, Any]:
    """How two entities link: the fewest-hop path (optionally time-respecting: each record
    dated no earlier than the one before) within `max_length` hops; `merged` as in `expand`."""
    out: dict[str, Any] = orjson.loads(path_json(conn, principal, source, target, time_respecting, max_length,
                                                 directed, filters, max_age, merged))
    return out


def path_json(conn: Connection, principal: Principal, source: str, target: str, time_respecting: bool = False,
              max_length: int = 6, directed: bool = False, filters: Filters | None = None,
              max_age: float | None = None, merged: bool = False) -> bytes:
    """`path`, as the JSON the API sends."""
    if not 1 <= max_length <= MAX_PATH_LENGTH:
        raise ValueError(f"max_length must be between 1 and {MAX_PATH_LENGTH}")
    filters = filters or Filters()
    cached = graph_for(conn, principal, max_age, merged)
    target_text = f"{source}->{target}"
    try:
        with cached.lock:
            graph = cached.graph
            s, t = _seed(graph, _canonical(cached, source)), _seed(graph, _canonical(cached, target))
            emask, nmask = filters.masks(graph)
            if time_respecting:
                found = graph.temporal_path(s, t, emask, nmask, max_length, directed, filters.include_undated)
            else:
                found = graph.shortest_path(s, t, emask, nmask, max_length, directed)
            result = path_result_json(graph, source, target, time_respecting, found)
    except NotVisible as exc:
        append(conn, AuditEvent.by(principal, "search", target_text, query="network:path", found=False,
                                   missing=exc.entity_id))
        raise
    append(conn, AuditEvent.by(principal, "search", target_text, query="network:path",
                               time_respecting=time_respecting, found=found is not None,
                               length=None if found is None else len(found.edges), **filters.detail(),
                               **({"merged": True} if merged else {})))
    return result


def _membership(graph: NetworkGraph, emask: BoolArray, resolution: float, key: Any) -> tuple[IntArray, float]:
    """Leiden (modularity) communities of the whole filtered graph, cached per graph version."""
    cache_key = ("leiden", key, resolution)
    found = graph.analytics.get(cache_key)
    if found is None:
        g, _nodes = graph.simple_graph(emask)
        state = random.getstate()
        random.seed(20260101)  # igraph draws from Python's `random`: same graph, same communities
        try:
            part = g.community_leiden(objective_function="modularity", weights="weight",
                                      resolution=resolution, n_iterations=LEIDEN_ITERATIONS)
        finally:
            random.setstate(state)
        found = graph.analytics[cache_key] = (np.asarray(part.membership, dtype=np.int64),
                                              float(part.modularity) if g.ecount() else 0.0)
    return found


def leiden(graph: NetworkGraph, filters: Filters, resolution: float = 1.0) -> tuple[IntArray, float]:
    emask, _nmask = filters.masks(graph)
    return _membership(graph, emask, resolution, (filters.edge_types, filters.date_from, filters.date_to,
                                                  filters.include_undated))


def communities(conn: Connection, principal: Principal, entity_id: str | None = None,
                resolution: float = 1.0, filters: Filters | None = None, limit: int = 20,
                max_members: int = 200, max_age: float | None = None) -> dict[str, Any]:
    """Communities (Leiden, modularity) of the caller's graph: the largest ones, or the one
    of `entity_id` with its members and the edges between them."""
    filters = filters or Filters()
    cached = graph_for(conn, principal, max_age)
    try:
        with cached.lock:
            graph = cached.graph
            emask, _nmask = filters.masks(graph)
            membership, modularity = leiden(graph, filters, resolution)
            sizes = np.bincount(membership) if len(membership) else np.zeros(0, dtype=np.int64)
            degree = graph.indptr[1:] - graph.indptr[:-1]
            result: dict[str, Any] = {"modularity": modularity, "communities": int((sizes > 1).sum()),
                                      "singletons": int((sizes == 1).sum())}
            if entity_id is not None:
                seed = _seed(graph, entity_id)
                cid = int(membership[seed])
                members = np.flatnonzero(membership == cid)
                truncated = len(members) > max_members
                if truncated:
                    others = members[members != seed]
                    others = others[np.argsort(-degree[others], kind="stable")[: max_members - 1]]
                    members = np.concatenate([[seed], others])
                edges = graph.edges_among(members, emask)
                result.update({"entity": entity_id, "community": cid, "size": int(sizes[cid]),
                               "truncated": truncated, "elements": elements(graph, members, edges)})
            else:
                order = np.argsort(-sizes, kind="stable")[:limit]
                listing = []
                for cid in order:
                    if sizes[cid] < 2:
                        break
                    members = np.flatnonzero(membership == cid)
                    top = members[np.argsort(-degree[members], kind="stable")[:10]]
                    listing.append({"id": int(cid), "size": int(sizes[cid]),
                                    "top": [node_data(graph, int(i))["data"] for i in top]})
                result["largest"] = listing
    except NotVisible:
        append(conn, AuditEvent.by(principal, "read", entity_id, query="network:communities", found=False))
        raise
    append(conn, AuditEvent.by(principal, "read", entity_id or "network:communities",
                               query="network:communities", resolution=resolution, **filters.detail()))
    return result


def _scores(graph: NetworkGraph, filters: Filters, nodes: IntArray | None) -> dict[str, Any]:
    emask, _nmask = filters.masks(graph)
    key = ("key-players", filters, None if nodes is None else nodes.tobytes())
    found = graph.analytics.get(key)
    if found is not None:
        return found
    g, index = graph.simple_graph(emask, nodes)
    n = g.vcount()
    pagerank = np.asarray(g.pagerank(weights="weight"), dtype=float) if n else np.zeros(0)
    approximate = n > EXACT_BETWEENNESS
    if approximate:
        rng = np.random.default_rng(20260101)
        sources = rng.choice(n, size=BETWEENNESS_SAMPLES, replace=False).tolist()
        raw = g.betweenness(directed=False, cutoff=BETWEENNESS_CUTOFF, sources=sources)
        between = np.asarray(raw, dtype=float) * (n / BETWEENNESS_SAMPLES)
    else:
        between = np.asarray(g.betweenness(directed=False), dtype=float) if n else np.zeros(0)
    # Brokers: how many communities other than its own a node touches, and its participation
    # coefficient (1 - sum over communities of the share of its links into each).
    if nodes is None:
        membership, _q = leiden(graph, filters)
    else:
        part = g.community_leiden(objective_function="modularity", weights="weight",
                                  n_iterations=LEIDEN_ITERATIONS)
        membership = np.asarray(part.membership, dtype=np.int64)
    pairs = np.asarray(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    a = np.concatenate([pairs[:, 0], pairs[:, 1]])
    b = np.concatenate([pairs[:, 1], pairs[:, 0]])
    w = np.concatenate([g.es["weight"], g.es["weight"]]) if len(pairs) else np.zeros(0)
    ncom = int(membership.max()) + 1 if len(membership) else 1
    key_ab = a * ncom + membership[b]
    uniq, inverse = np.unique(key_ab, return_inverse=True)
    share = np.bincount(inverse, weights=w)
    owner = uniq // ncom
    strength = np.bincount(a, weights=w, minlength=n)
    participation = 1.0 - np.bincount(owner, weights=(share / strength[owner]) ** 2, minlength=n) \
        if len(uniq) else np.zeros(n)
    foreign = np.bincount(owner[(uniq % ncom) != membership[owner]], minlength=n) if len(uniq) else np.zeros(n)
    found = {"index": index, "pagerank": pagerank, "betweenness": between, "participation": participation,
             "bridges": foreign, "membership": membership, "approximate": approximate}
    graph.analytics[key] = found
    return found


def key_players(conn: Connection, principal: Principal, entity_id: str | None = None, hops: int = 2,
                filters: Filters | None = None, limit: int = 20, max_age: float | None = None) -> dict[str, Any]:
    """Who holds a network together: top nodes by PageRank, betweenness (estimated from sampled
    sources on large graphs) and brokerage between Leiden communities. Over the whole caller's
    graph, or the `hops`-neighbourhood of `entity_id`."""
    filters = filters or Filters()
    cached = graph_for(conn, principal, max_age)
    try:
        with cached.lock:
            graph = cached.graph
            scope: IntArray | None = None
            if entity_id is not None:
                if not 1 <= hops <= MAX_HOPS:
                    raise ValueError(f"hops must be between 1 and {MAX_HOPS}")
                emask, nmask = filters.masks(graph)
                scope, _depth, _cut = graph.neighbourhood(_seed(graph, entity_id), hops, emask, nmask,
                                                          graph.node_count)
                scope = np.sort(scope)
            s = _scores(graph, filters, scope)
            index = s["index"]

            def top(values: Any, name: str, extra: Any = None) -> list[dict[str, Any]]:
                order = np.lexsort((-(extra if extra is not None else values), -values))[:limit]
                out = []
                for i in order:
                    if values[i] <= 0:
                        break
                    item = node_data(graph, int(index[i]))["data"]
                    item[name] = float(values[i])
                    if name == "bridges":
                        item["participation"] = float(s["participation"][i])
                        item["community"] = int(s["membership"][i])
                    out.append(item)
                return out

            result = {"entity": entity_id, "nodes": int(len(index)), "approximate": bool(s["approximate"]),
                      "pagerank": top(s["pagerank"], "pagerank"),
                      "betweenness": top(s["betweenness"], "betweenness"),
                      "brokers": top(s["bridges"].astype(float), "bridges", s["participation"])}
    except NotVisible:
        append(conn, AuditEvent.by(principal, "read", entity_id, query="network:key-players", found=False))
        raise
    append(conn, AuditEvent.by(principal, "read", entity_id or "network:key-players",
                               query="network:key-players", nodes=result["nodes"], **filters.detail()))
    return result
