"""Network benchmark: graph build, 2-hop expansion p95, path p95 and Leiden time, beside
networkx on the same graph in the same run.

Two sources of records:

* `--demo SIZE` (e.g. `large`: 1M records): the demo generator's CSV feeds ingested into a
  store (`--db URL`, default a SQLite file under var/bench/), then the graph built the way
  the API builds it: `access.records.visible_table` for one principal → `CachedGraph.ingest`.
  Generating and ingesting 1M records takes a while; an already loaded database is reused.
* `--synthetic N` (default 1,000,000): statements of the same shape built in memory (people,
  companies, accounts, payments with accounts, ownership, family, associates, seizures,
  firearm traces, OFAC-style links; participants drawn with a skew so there are hubs),
  then `CachedGraph.ingest` on them (build time excludes the store read).

The queries run on the graph layer (audit writes and the store excluded); networkx answers
the same questions on a MultiGraph with the same nodes and edges, each carrying its
attributes (a node's id, label and schema; an edge's Cytoscape data): expansion = BFS to
depth 2 (cut at the same node limit, the overflowing level keeping its best connected
nodes) and the induced edges; path = its bidirectional BFS between the same connected
pairs; communities = Louvain (networkx has no Leiden of its own).

What each row times, on each side:

* "traversal" / "search": ours, the compiled traversal (`NetworkGraph.neighbourhood` +
  `edges_among`, or `shortest_path`); networkx, `single_source_shortest_path_length` with
  the same level selection and the induced subgraph's edge keys, or `shortest_path`.
  Paths between nearby pairs (ends of 2–6-step random walks) and random pairs of the
  largest component; before timing, every pair's path is checked to be a real path as long
  as networkx's (the bench stops at the first that is not).
* "end to end": the above, then the JSON body the API sends, byte for byte the same on both
  sides (checked on the first expansions): ours, `queries.expansion_json` /
  `path_result_json` (the functions the API calls: the nodes' and edges' elements are kept
  encoded with the graph, network/render.py); networkx, the natural way from its own
  answer: a dict per node and edge from the graph's attribute dicts (the edge's dict as it
  is, the node's copied to add its depth), then `orjson.dumps` (the fastest encoder we
  have; the API's own pydantic validation, which networkx would go through, is not counted).

Targets: expansion p95 ≤ 50 ms, path p95 ≤ 100 ms, ≥ 20× networkx.

    .venv/bin/python bench/network.py                  # synthetic, 1M records
    .venv/bin/python bench/network.py --demo large     # the demo data
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bicentennial.network import graph as graph_module  # noqa: E402
from bicentennial.network import kernels  # noqa: E402
from bicentennial.network.cache import CachedGraph  # noqa: E402
from bicentennial.network.graph import NetworkGraph  # noqa: E402
from bicentennial.network.queries import (  # noqa: E402
    LEIDEN_ITERATIONS,
    edge_data,
    expansion_json,
    path_result_json,
)

MAX_NODES = 500


def synthetic(records: int, seed: int = 1) -> pa.Table:
    rng = np.random.default_rng(seed)
    shares = {"Person": .30, "Company": .06, "BankAccount": .08, "Payment": .33, "Ownership": .06,
              "Family": .04, "Associate": .03, "Seizure": .04, "FirearmTrace": .03, "Firearm": .01,
              "UnknownLink": .01}
    n = {k: max(1, int(v * records)) for k, v in shares.items()}
    cols: dict[str, list[str]] = {"id": [], "entity_id": [], "schema": [], "prop": [], "value": [],
                                  "first_seen": []}
    counter = [0]

    def add(eid: str, schema: str, prop: str, values: Any) -> None:
        for value in values if isinstance(values, list) else [values]:
            counter[0] += 1
            cols["id"].append(f"s{counter[0]}")
            cols["entity_id"].append(eid)
            cols["schema"].append(schema)
            cols["prop"].append(prop)
            cols["value"].append(str(value))
            cols["first_seen"].append("2026-01-01T00:00:00.000000Z")

    def pick(kind: str, size: int | None = None) -> Any:
        # skewed: a few entities take part in many records (hubs), most in few
        return (n[kind] * np.asarray(rng.random(size)) ** 2.5).astype(int)

    def day() -> str:
        return f"20{rng.integers(15, 26)}-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d}"

    for i in range(n["Person"]):
        add(f"per{i}", "Person", "name", f"Person {i}")
        add(f"per{i}", "Person", "nationality", "mx" if i % 2 else "us")
    for i in range(n["Company"]):
        add(f"com{i}", "Company", "name", f"Company {i} SA")
    for i in range(n["BankAccount"]):
        add(f"acc{i}", "BankAccount", "accountNumber", f"{10**9 + i}")
    for i in range(n["Firearm"]):
        add(f"gun{i}", "Firearm", "serialNumber", f"SN{i}")
    party = lambda: f"per{pick('Person')}" if rng.random() < .8 else f"com{pick('Company')}"  # noqa: E731
    for i in range(n["Payment"]):
        eid = f"pay{i}"
        add(eid, "Payment", "payer", party())
        add(eid, "Payment", "beneficiary", party())
        add(eid, "Payment", "date", day())
        add(eid, "Payment", "amount", int(rng.integers(100, 10**6)))
        if rng.random() < .5:
            add(eid, "Payment", "payerAccount", f"acc{pick('BankAccount')}")
            add(eid, "Payment", "beneficiaryAccount", f"acc{pick('BankAccount')}")
    for i in range(n["Ownership"]):
        add(f"own{i}", "Ownership", "owner", party())
        add(f"own{i}", "Ownership", "asset", f"com{pick('Company')}")
        add(f"own{i}", "Ownership", "startDate", day())
    for kind, a, b in (("Family", "person", "relative"), ("Associate", "person", "associate")):
        for i in range(n[kind]):
            add(f"{kind[:3].lower()}{i}", kind, a, f"per{pick('Person')}")
            add(f"{kind[:3].lower()}{i}", kind, b, f"per{pick('Person')}")
    for i in range(n["Seizure"]):
        add(f"sei{i}", "Seizure", "involved", [f"per{x}" for x in set(pick("Person", int(rng.integers(1, 5))))])
        add(f"sei{i}", "Seizure", "date", day())
        add(f"sei{i}", "Seizure", "drugType", "fentanyl")
    for i in range(n["FirearmTrace"]):
        add(f"tra{i}", "FirearmTrace", "purchaser", f"per{pick('Person')}")
        add(f"tra{i}", "FirearmTrace", "firearm", f"gun{pick('Firearm')}")
        add(f"tra{i}", "FirearmTrace", "dealer", f"com{pick('Company')}")
        add(f"tra{i}", "FirearmTrace", "date", day())
    for i in range(n["UnknownLink"]):
        add(f"lnk{i}", "UnknownLink", "subject", party())
        add(f"lnk{i}", "UnknownLink", "object", party())
    return pa.table(cols)


def from_demo(size: str, url: str | None, load_only: bool = False) -> tuple[CachedGraph, float, int]:
    """Generate the demo data, ingest it into a store (reused when already loaded), and
    build the graph of one principal the way the API does; prints the time of each phase."""
    from sqlalchemy import text

    from bicentennial.access.principal import system_principal
    from bicentennial.access.records import visible_table
    from bicentennial.demo.loader import load
    from bicentennial.network.derive import COLUMNS
    from bicentennial.network.model import relevant_props
    from bicentennial.store.db import make_engine
    from bicentennial.store.migrate import migrate

    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    url = url or f"sqlite:///{out / f'network-{size}.db'}"
    engine = make_engine(url)
    migrate(engine)
    t0 = time.perf_counter()
    marks: dict[str, float] = {}

    def generated(manifest: Any) -> None:
        marks["generated"] = time.perf_counter()
        print(f"demo data generated: {manifest.records:,} records in {marks['generated'] - t0:.1f} s "
              f"(load average {os.getloadavg()[0]:.2f})", flush=True)

    def on_file(feed: Any) -> None:
        now = time.perf_counter()
        print(f"  ingest {feed.path} ({feed.rows:,} rows) starting at +{now - t0:.0f} s", flush=True)

    with engine.connect() as conn:
        loaded = conn.execute(text("SELECT 1 FROM statement LIMIT 1")).first() is not None
    if loaded and (out / f"demo-{size}" / "manifest.json").exists():
        # generating again is minutes and gives the same bytes; ingesting again adds nothing
        print(f"reusing the store already loaded with the demo data: {url}", flush=True)
    else:
        result = load(engine, size=size, out_dir=out / f"demo-{size}", on_generated=generated, on_file=on_file)
        added = sum(f.statements_added for f in result.files if not f.skipped)
        skipped = sum(1 for f in result.files if f.skipped)
        print(f"ingest: {time.perf_counter() - marks.get('generated', t0):.1f} s, {added:,} statements added "
              f"({skipped} feeds already loaded; load average {os.getloadavg()[0]:.2f})", flush=True)
    cached = CachedGraph()
    if load_only:
        return cached, 0.0, 0
    t = time.perf_counter()
    with engine.begin() as conn:
        table = visible_table(conn, system_principal("FGR", "mx"), purpose="network",
                              props=sorted(relevant_props()), columns=(*COLUMNS, "first_seen"))  # as refresh()
    read = time.perf_counter() - t
    print(f"store read (visible_table for FGR/mx, {table.num_rows:,} statements of graph properties): "
          f"{read:.1f} s (load average {os.getloadavg()[0]:.2f})", flush=True)
    t = time.perf_counter()
    cached.ingest(table)
    build = time.perf_counter() - t
    return cached, build, table.num_rows


def p95(times: list[float]) -> float:
    return float(np.percentile(np.asarray(times) * 1000, 95))


class Timing(list[float]):
    """Wall-clock seconds per call, with the process CPU seconds beside them in `.cpu` (on a
    shared machine a preempted call shows in the wall time, not in the CPU time)."""

    def __init__(self) -> None:
        super().__init__()
        self.cpu: list[float] = []
        self.best: list[float] = []


def timed(fn: Callable[[Any], Any], items: list[Any], rounds: int = 1) -> Timing:
    """Time `fn` on each item; with `rounds` > 1, the items are run again in later rounds (all
    of them, in order, so caches see the other queries in between) and each keeps its fastest
    round in `.best` (what the query costs without the scheduler's interruptions, as timeit
    takes the minimum). The list itself is the first round."""
    out = Timing()
    for item in items:
        c = time.process_time()
        t = time.perf_counter()
        fn(item)
        out.append(time.perf_counter() - t)
        out.cpu.append(time.process_time() - c)
    out.best = list(out)
    for _ in range(rounds - 1):
        for i, item in enumerate(items):
            t = time.perf_counter()
            fn(item)
            out.best[i] = min(out.best[i], time.perf_counter() - t)
    return out


def to_networkx(graph: NetworkGraph) -> Any:
    import networkx as nx

    g = nx.MultiGraph()
    g.add_nodes_from((i, {"id": node_id, "label": label, "schema": schema, **({"listed": True} if listed else {})})
                     for i, (node_id, label, schema, listed) in
                     enumerate(zip(graph.node_ids, graph.labels, graph.schemata, graph.listed, strict=True)))
    live = np.flatnonzero(graph.alive)
    g.add_edges_from((int(a), int(b), int(e), edge_data(graph, int(e))["data"]) for a, b, e in
                     zip(graph.src[live], graph.dst[live], live, strict=True))
    return g


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--synthetic", type=int, default=1_000_000, help="records (default 1,000,000)")
    parser.add_argument("--demo", help="demo size (small, medium, large or a number): use the demo data")
    parser.add_argument("--db", help="database URL for --demo")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3,
                        help="time every query this many times (rounds over all queries); the main "
                             "table is the first round, a second table each query's fastest round")
    parser.add_argument("--load-only", action="store_true", help="with --demo: generate and ingest, then stop")
    parser.add_argument("--no-louvain", action="store_true", help="skip networkx Louvain (minutes on 1M)")
    parser.add_argument("--slowest", type=int, default=0, metavar="K",
                        help="also list each path search's K slowest queries of the first round")
    parser.add_argument("--floor", action="store_true",
                        help="also split a nearby path query's time: the compiled search alone (its entry "
                             "point, no Python around it) beside the whole call and networkx's, fastest of 5")
    args = parser.parse_args()
    import networkx as nx

    if args.demo:
        cached, build, statements = from_demo(args.demo, args.db, args.load_only)
        if args.load_only:
            return
        source = f"demo data ({args.demo})"
    else:
        t = time.perf_counter()
        table = synthetic(args.synthetic)
        print(f"synthetic statements: {table.num_rows:,} for {args.synthetic:,} records "
              f"({time.perf_counter() - t:.1f} s to make)")
        cached = CachedGraph()
        t = time.perf_counter()
        cached.ingest(table)
        build = time.perf_counter() - t
        statements = table.num_rows
        source = f"synthetic ({args.synthetic:,} records)"
    graph = cached.graph
    print(f"source: {source}; {statements:,} statements → {graph.node_count:,} nodes, "
          f"{graph.edge_count:,} edges; graph build {build:.1f} s (load average {os.getloadavg()[0]:.2f})",
          flush=True)
    t = time.perf_counter()
    nxg = to_networkx(graph)
    nx_build = time.perf_counter() - t

    rng = random.Random(3)
    degree = graph.indptr[1:] - graph.indptr[:-1]
    # queries drawn from nodes in entity-id order: the graph numbers its nodes in the order the
    # build meets them, which can differ between runs; the ids, and so the queries, do not
    by_id = graph.node_ids.__getitem__
    connected = sorted(np.flatnonzero(degree > 0).tolist(), key=by_id)
    seeds = rng.sample(connected, args.queries)
    emask = graph.edge_mask()

    # The same work on both sides: the nodes within 2 hops, level by level, the level that
    # overflows MAX_NODES keeping its best connected nodes (degree, then index), and the edges
    # among them; then (end to end) the same Cytoscape rendering.
    def ours_core(seed: int) -> tuple[Any, Any]:
        nodes, _depth, _cut = graph.neighbourhood(seed, 2, emask, None, MAX_NODES)
        return nodes, graph.edges_among(nodes, emask)

    def nx_select(seed: int) -> tuple[list[int], dict[int, int], bool]:
        dist = nx.single_source_shortest_path_length(nxg, seed, cutoff=2)
        chosen: list[int] = []
        for level in range(3):
            ring = sorted(v for v, d in dist.items() if d == level)
            room = MAX_NODES - len(chosen)
            if len(ring) > room:
                return chosen + sorted(ring, key=lambda v: (-nxg.degree(v), v))[:room], dist, True
            chosen += ring
        return chosen, dist, False

    def nx_core(seed: int) -> tuple[Any, Any]:
        chosen, _dist, _cut = nx_select(seed)
        return chosen, sorted(k for _a, _b, k in nxg.subgraph(chosen).edges(keys=True))

    def ours_expand(seed: int) -> bytes:
        nodes, depth, cut = graph.neighbourhood(seed, 2, emask, None, MAX_NODES)
        edges = graph.edges_among(nodes, emask)
        return expansion_json(graph, graph.node_ids[seed], 2, False, nodes, depth, edges, cut)

    def nx_expand(seed: int) -> bytes:
        chosen, dist, cut = nx_select(seed)
        attrs = nxg.nodes
        edges = sorted(nxg.subgraph(chosen).edges(keys=True, data=True), key=lambda e: e[2])
        return orjson.dumps({"entity": attrs[seed]["id"], "hops": 2, "truncated": cut, "merged": False,
                             "elements": {"nodes": [{"data": {**attrs[v], "depth": dist[v]}} for v in chosen],
                                          "edges": [{"data": d} for _a, _b, _k, d in edges]}})

    for seed in seeds[:30]:
        (a_nodes, a_edges), (b_nodes, b_edges) = ours_core(seed), nx_core(seed)
        assert sorted(a_nodes.tolist()) == sorted(b_nodes) and a_edges.tolist() == b_edges, \
            f"expansion of node {seed} differs from networkx"
        assert ours_expand(seed) == nx_expand(seed), f"expansion of node {seed} renders unlike networkx's"

    # connected pairs at distance ≤ 6: the end of a random walk from the seed
    pairs = []
    adj = graph.adj_other
    for s in seeds:
        node = s
        for _ in range(rng.randint(2, 6)):
            lo, hi = graph.indptr[node], graph.indptr[node + 1]
            node = rng.choice(sorted(adj[lo:hi].tolist(), key=by_id))
        pairs.append((s, node))

    def ours_path_core(pair: tuple[int, int]) -> Any:
        return graph.shortest_path(pair[0], pair[1], emask, None, 6)

    def nx_path_core(pair: tuple[int, int]) -> Any:
        return nx.shortest_path(nxg, pair[0], pair[1])  # bidirectional BFS

    ids = graph.node_ids

    def ours_path(pair: tuple[int, int]) -> bytes:
        found = ours_path_core(pair)
        return path_result_json(graph, ids[pair[0]], ids[pair[1]], False, found)

    def ours_temporal(pair: tuple[int, int]) -> bytes:
        found = graph.temporal_path(pair[0], pair[1], emask, None, 6)
        return path_result_json(graph, ids[pair[0]], ids[pair[1]], True, found)

    def nx_path(pair: tuple[int, int]) -> bytes:
        nodes = nx_path_core(pair)
        attrs, adj = nxg.nodes, nxg.adj
        return orjson.dumps({"source": attrs[pair[0]]["id"], "target": attrs[pair[1]]["id"],
                             "time_respecting": False, "found": True, "length": len(nodes) - 1,
                             "path": [attrs[v]["id"] for v in nodes],
                             "elements": {"nodes": [{"data": attrs[v]} for v in nodes],
                                          "edges": [{"data": next(iter(adj[a][b].values()))}
                                                    for a, b in zip(nodes, nodes[1:], strict=False)]}})

    # and pairs drawn at random from the largest component (any two suspects), up to 10 hops
    g_all, _ = graph.simple_graph(emask)
    giant = sorted(max(g_all.connected_components(), key=len), key=by_id)
    far_pairs = [(int(a), int(b)) for a, b in zip(rng.choices(giant, k=args.queries),
                                                  rng.choices(giant, k=args.queries), strict=True)]
    far_lengths = [nx.shortest_path_length(nxg, a, b) for a, b in far_pairs]
    far_pairs = [pair for pair, n in zip(far_pairs, far_lengths, strict=True) if 0 < n <= 10]

    def ours_far(pair: tuple[int, int]) -> Any:
        return graph.shortest_path(pair[0], pair[1], emask, None, 10)

    def ours_far_path(pair: tuple[int, int]) -> bytes:
        found = ours_far(pair)
        return path_result_json(graph, ids[pair[0]], ids[pair[1]], False, found)

    def check_paths(checked: list[tuple[int, int]], max_length: int) -> None:
        """Every pair: our path is a real path (consecutive nodes joined by the edges it names)
        exactly as long as networkx's; the bench stops at the first pair that is not."""
        for a, b in checked:
            want = nx.shortest_path_length(nxg, a, b)
            found = graph.shortest_path(a, b, emask, None, max_length)
            got = None if found is None else len(found.edges)
            if got != want or found is None or found.nodes[0] != a or found.nodes[-1] != b or any(
                    {int(graph.src[e]), int(graph.dst[e])} != {u, v}
                    for u, v, e in zip(found.nodes, found.nodes[1:], found.edges, strict=False)):
                raise SystemExit(f"path {a}→{b}: ours {got} hops ({found}), networkx {want}: mismatch")

    check_paths(pairs, 6)
    check_paths(far_pairs, 10)
    drawn = repr([[ids[x] for x in q] for q in (seeds, *pairs, *far_pairs)]).encode()
    print(f"paths checked against networkx: {len(pairs)} nearby and {len(far_pairs)} random pairs, "
          f"every length equal (queries drawn: sha1 {hashlib.sha1(drawn).hexdigest()[:12]}, "
          "the same in every run on the same data)", flush=True)
    t = time.perf_counter()
    graph_module._PathSearch(graph)  # what each new version of a graph with path queries costs
    print(f"path search set-up (renumbering, 32-bit adjacency, scratch): {time.perf_counter() - t:.2f} s; "
          f"unfiltered paths by {'the Cython method' if graph._fast is not None else 'numba'}",
          flush=True)

    for fn, items in ((ours_expand, seeds[:5]), (nx_expand, seeds[:5]), (ours_path, pairs[:5])):
        timed(fn, items)  # warm-up
    k = args.rounds
    core_ours, core_nx = timed(ours_core, seeds, k), timed(nx_core, seeds, k)
    exp_ours, exp_nx = timed(ours_expand, seeds, k), timed(nx_expand, seeds, k)
    pcore_ours, pcore_nx = timed(ours_path_core, pairs, k), timed(nx_path_core, pairs, k)
    path_ours, path_nx = timed(ours_path, pairs, k), timed(nx_path, pairs, k)
    temporal = timed(ours_temporal, pairs, k)
    far_ours, far_nx = timed(ours_far, far_pairs, k), timed(nx_path_core, far_pairs, k)
    far_path_ours, far_path_nx = timed(ours_far_path, far_pairs, k), timed(nx_path, far_pairs, k)

    if graph._fast is None and kernels.COMPILED and len(kernels.plain_path.signatures) != 1:  # type: ignore[attr-defined]
        raise SystemExit(f"the path search was compiled more than once: {kernels.plain_path.signatures}")  # type: ignore[attr-defined]

    # Communities: each side's algorithm on its own weighted simple graph (timed alone, like for
    # like), and with the building of that graph from the edges (ours: `simple_graph` from the
    # edge arrays, as the API does; networkx: `add_weighted_edges_from` of the same pairs).
    t = time.perf_counter()
    g, _nodes = graph.simple_graph(emask)
    leiden_graph = time.perf_counter() - t
    random.seed(1)
    t = time.perf_counter()
    part = g.community_leiden(objective_function="modularity", weights="weight",
                              n_iterations=LEIDEN_ITERATIONS)
    leiden = time.perf_counter() - t
    louvain = louvain_graph = None
    if not args.no_louvain:
        pairs_w = np.asarray(g.get_edgelist(), dtype=np.int64)
        weights_w = g.es["weight"]
        t = time.perf_counter()
        simple = nx.Graph()
        simple.add_nodes_from(range(graph.node_count))
        simple.add_weighted_edges_from((int(a), int(b), float(w)) for (a, b), w in
                                       zip(pairs_w, weights_w, strict=True))
        louvain_graph = time.perf_counter() - t
        t = time.perf_counter()
        comms = nx.community.louvain_communities(simple, weight="weight", seed=1)
        louvain = time.perf_counter() - t
        louvain_q = nx.community.modularity(simple, comms, weight="weight")

    print(f"\nload average now {os.getloadavg()[0]:.2f} (shared machine); {args.queries} queries each, "
          f"same seeds and pairs; results checked equal (30 expansions: node and edge sets, JSON byte for byte; "
          f"{len(pairs) + len(far_pairs)} paths: lengths)")
    print(f"{'measure':40} {'bicentennial':>13} {'networkx':>11} {'speed-up':>9}  target")
    rows: list[tuple[str, float, float, str, float | None]] = [
        ("graph build (s)", build, nx_build, "(ours: statements→edges+provenance+JSON; nx: from ours)", None),
        ("2-hop expansion p95, traversal (ms)", p95(core_ours), p95(core_nx), "", 50.0),
        ("2-hop expansion p95, end to end (ms)", p95(exp_ours), p95(exp_nx), "(incl. the API's JSON body)", 50.0),
        ("2-hop expansion median, end to end (ms)", statistics.median(exp_ours) * 1000,
         statistics.median(exp_nx) * 1000, "", None),
        ("path p95, nearby pairs, search (ms)", p95(pcore_ours), p95(pcore_nx), "", 100.0),
        ("path p95, nearby pairs, end to end (ms)", p95(path_ours), p95(path_nx), "(incl. the API's JSON body)",
         100.0),
        (f"path p95, {len(far_pairs)} random pairs, search (ms)", p95(far_ours), p95(far_nx), "", 100.0),
        ("path p95, random pairs, end to end (ms)", p95(far_path_ours), p95(far_path_nx),
         "(incl. the API's JSON body)", 100.0),
    ]
    if louvain is not None and louvain_graph is not None:
        rows.append(("communities (s): Leiden vs nx Louvain", leiden, louvain, "(the algorithms)", None))
        rows.append(("communities (s), with the weighted graph", leiden + leiden_graph, louvain + louvain_graph,
                     "", None))
    for name, ours, theirs, note, limit in rows:
        ratio = theirs / ours if ours else float("inf")
        verdict = ""
        if limit is not None:
            verdict = ("met" if ours <= limit else "NOT met") + (" / ≥ 20×: met" if ratio >= 20 else
                                                                 " / ≥ 20×: NOT met")
        elif "communities" in name:
            verdict = "≥ 20×: " + ("met" if ratio >= 20 else "NOT met")
        print(f"{name:40} {ours:13.3f} {theirs:11.3f} {ratio:8.1f}×  {verdict} {note}".rstrip())
    print(f"{'time-respecting path p95 (ms)':40} {p95(temporal):13.2f} {'n/a':>11}")
    queries = (("2-hop expansion p95, traversal (ms)", core_ours, core_nx),
               ("2-hop expansion p95, end to end (ms)", exp_ours, exp_nx),
               ("path p95, nearby pairs, search (ms)", pcore_ours, pcore_nx),
               ("path p95, nearby pairs, end to end (ms)", path_ours, path_nx),
               ("path p95, random pairs, search (ms)", far_ours, far_nx),
               ("path p95, random pairs, end to end (ms)", far_path_ours, far_path_nx))
    print("\nthe same, process CPU time (what a preempted call would have cost on an idle core):")
    for name, ours_t, theirs_t in queries:
        mine, other = p95(ours_t.cpu), p95(theirs_t.cpu)
        print(f"{name:40} {mine:13.3f} {other:11.3f} {other / mine if mine else float('inf'):8.1f}×")
    if k > 1:
        print(f"\nthe same, each query's fastest of {k} rounds over all queries (scheduler noise removed, both sides):")
        for name, ours_t, theirs_t in queries:
            mine, other = p95(ours_t.best), p95(theirs_t.best)
            ratio = other / mine if mine else float("inf")
            print(f"{name:40} {mine:13.3f} {other:11.3f} {ratio:8.1f}×  ≥ 20×: {'met' if ratio >= 20 else 'NOT met'}")
        print(f"{'time-respecting path p95 (ms)':40} {p95(temporal.best):13.2f} {'n/a':>11}")
    for name, ours_t, theirs_t, items in (("nearby pairs", pcore_ours, pcore_nx, pairs),
                                          ("random pairs", far_ours, far_nx, far_pairs))[:2 if args.slowest else 0]:
        print(f"\npath search, {name}: the {args.slowest} slowest of ours in the first round (µs: first round, "
              "fastest round; networkx the same), with the path's length")
        for i in sorted(range(len(items)), key=lambda i: -ours_t[i])[:args.slowest]:
            found = graph.shortest_path(*items[i], emask, None, 10)
            print(f"  {ours_t[i] * 1e6:8.1f} {ours_t.best[i] * 1e6:8.1f}   networkx {theirs_t[i] * 1e6:8.1f} "
                  f"{theirs_t.best[i] * 1e6:8.1f}   {len(found.edges) if found else '-'} hops")
    if args.floor:
        search = graph._search
        assert search is not None
        entry_args = search.plain_args
        entry = kernels.entry_point(kernels.plain_path, (*entry_args, 0, 0, 6))
        fast = search.fast
        print("\nnearby path queries, each one's fastest of 5 rounds (µs): median, p95")
        floors: list[tuple[str, Callable[[Any], Any]]] = [
            ("networkx shortest_path", nx_path_core), ("ours, NetworkGraph.shortest_path", ours_path_core),
            ("ours, numba's entry point alone", lambda pair: entry(*entry_args, *pair, 6))]
        if fast is not None:
            floors.append(("ours, the Cython method alone", lambda pair: fast(*pair, 6)))
        for name, fn in floors:
            best = timed(fn, pairs, 5).best
            print(f"  {name:40} {statistics.median(best) * 1e6:8.2f} {p95(best) * 1000:8.2f}")
    if louvain is None:
        print(f"{'Leiden (s)':40} {leiden:13.2f} (+ {leiden_graph:.2f} s building its weighted graph)")
    print(f"\nLeiden: {len(set(part.membership)):,} communities, modularity {part.modularity:.3f}"
          + (f"; networkx Louvain modularity {louvain_q:.3f}" if louvain is not None else ""))


if __name__ == "__main__":
    main()
