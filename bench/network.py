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

The queries run on the graph layer with the same rendering as the API (audit writes
excluded); networkx answers the same questions on a MultiGraph with the same edges:
expansion = BFS to depth 2 (cut at the same node limit) and the induced edges; path = its
bidirectional BFS between the same connected pairs; communities = Louvain (networkx has
no Leiden of its own). Targets: expansion p95 ≤ 50 ms, path p95 ≤ 100 ms, ≥ 20× networkx.

    .venv/bin/python bench/network.py                  # synthetic, 1M records
    .venv/bin/python bench/network.py --demo large     # the demo data
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bicentennial.network.cache import CachedGraph  # noqa: E402
from bicentennial.network.graph import NetworkGraph  # noqa: E402
from bicentennial.network.queries import LEIDEN_ITERATIONS, edge_data, elements, node_data  # noqa: E402

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


def from_demo(size: str, url: str | None) -> tuple[CachedGraph, float, int]:
    from bicentennial.access.principal import system_principal
    from bicentennial.access.records import visible_table
    from bicentennial.demo.loader import load
    from bicentennial.store.db import make_engine
    from bicentennial.store.migrate import migrate

    url = url or f"sqlite:///{Path('var/bench') / f'network-{size}.db'}"
    engine = make_engine(url)
    migrate(engine)
    t = time.perf_counter()
    load(engine, size=size, progress=True)
    print(f"demo data generated and ingested in {time.perf_counter() - t:.1f} s (skipped if already there)")
    cached = CachedGraph()
    t = time.perf_counter()
    with engine.begin() as conn:
        table = visible_table(conn, system_principal("FGR", "mx"), purpose="network")
    read = time.perf_counter() - t
    t = time.perf_counter()
    cached.ingest(table)
    build = time.perf_counter() - t
    print(f"store read (visible_table, {table.num_rows:,} statements): {read:.1f} s")
    return cached, build, table.num_rows


def p95(times: list[float]) -> float:
    return float(np.percentile(np.asarray(times) * 1000, 95))


def timed(fn: Callable[[Any], Any], items: list[Any]) -> list[float]:
    out = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        out.append(time.perf_counter() - t)
    return out


def to_networkx(graph: NetworkGraph) -> Any:
    import networkx as nx

    g = nx.MultiGraph()
    g.add_nodes_from(range(graph.node_count))
    live = np.flatnonzero(graph.alive)
    g.add_edges_from((int(a), int(b), int(e)) for a, b, e in
                     zip(graph.src[live], graph.dst[live], live, strict=True))
    return g


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--synthetic", type=int, default=1_000_000, help="records (default 1,000,000)")
    parser.add_argument("--demo", help="demo size (small, medium, large or a number): use the demo data")
    parser.add_argument("--db", help="database URL for --demo")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--no-louvain", action="store_true", help="skip networkx Louvain (minutes on 1M)")
    args = parser.parse_args()
    import networkx as nx

    if args.demo:
        cached, build, statements = from_demo(args.demo, args.db)
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
          f"{graph.edge_count:,} edges")
    t = time.perf_counter()
    nxg = to_networkx(graph)
    nx_build = time.perf_counter() - t

    rng = random.Random(3)
    degree = graph.indptr[1:] - graph.indptr[:-1]
    connected = np.flatnonzero(degree > 0)
    seeds = [int(x) for x in rng.sample(list(connected), args.queries)]
    emask = graph.edge_mask()

    def ours_expand(seed: int) -> Any:
        nodes, depth, _cut = graph.neighbourhood(seed, 2, emask, None, MAX_NODES)
        return elements(graph, nodes, graph.edges_among(nodes, emask))

    def nx_expand(seed: int) -> Any:
        dist = nx.single_source_shortest_path_length(nxg, seed, cutoff=2)
        nodes = sorted(dist, key=dist.__getitem__)[:MAX_NODES]
        sub = nxg.subgraph(nodes)
        return {"nodes": [node_data(graph, i) for i in nodes],
                "edges": [edge_data(graph, k) for _a, _b, k in sub.edges(keys=True)]}

    # connected pairs at distance ≤ 6: the end of a random walk from the seed
    pairs = []
    adj = graph.adj_other
    for s in seeds:
        node = s
        for _ in range(rng.randint(2, 6)):
            lo, hi = graph.indptr[node], graph.indptr[node + 1]
            node = int(adj[rng.randrange(lo, hi)])
        pairs.append((s, node))

    def ours_path(pair: tuple[int, int]) -> Any:
        found = graph.shortest_path(pair[0], pair[1], emask, None, 6)
        return elements(graph, found.nodes, found.edges) if found else None

    def ours_temporal(pair: tuple[int, int]) -> Any:
        found = graph.temporal_path(pair[0], pair[1], emask, None, 6)
        return elements(graph, found.nodes, found.edges) if found else None

    def nx_path(pair: tuple[int, int]) -> Any:
        nodes = nx.shortest_path(nxg, pair[0], pair[1])
        edges = [next(iter(nxg.get_edge_data(a, b))) for a, b in zip(nodes, nodes[1:], strict=False)]
        return elements(graph, nodes, edges)

    for fn, items in ((ours_expand, seeds[:5]), (nx_expand, seeds[:5]), (ours_path, pairs[:5])):
        timed(fn, items)  # warm-up
    exp_ours, exp_nx = timed(ours_expand, seeds), timed(nx_expand, seeds)
    path_ours, path_nx = timed(ours_path, pairs), timed(nx_path, pairs)
    temporal = timed(ours_temporal, pairs)
    lengths = [len(nx.shortest_path(nxg, a, b)) - 1 for a, b in pairs[:50]]
    ours_len = [len(graph.shortest_path(a, b, emask, None, 6).edges) for a, b in pairs[:50]]  # type: ignore[union-attr]
    assert lengths == ours_len, "path lengths differ from networkx"

    t = time.perf_counter()
    g, _nodes = graph.simple_graph(emask)
    part = g.community_leiden(objective_function="modularity", weights="weight",
                              n_iterations=LEIDEN_ITERATIONS)
    leiden = time.perf_counter() - t
    louvain = None
    if not args.no_louvain:
        simple = nx.Graph()
        simple.add_nodes_from(range(graph.node_count))
        simple.add_edges_from((int(a), int(b)) for a, b in zip(graph.src[graph.alive], graph.dst[graph.alive],
                                                               strict=True))
        t = time.perf_counter()
        comms = nx.community.louvain_communities(simple, seed=1)
        louvain = time.perf_counter() - t
        louvain_q = nx.community.modularity(simple, comms)

    print()
    print(f"{'measure':34} {'bicentennial':>14} {'networkx':>14} {'speed-up':>9} {'target':>16}")
    rows = [
        ("graph build (s)", build, nx_build, "-"),
        ("2-hop expansion p95 (ms)", p95(exp_ours), p95(exp_nx), "≤ 50 ms, ≥ 20×"),
        ("2-hop expansion median (ms)", statistics.median(exp_ours) * 1000, statistics.median(exp_nx) * 1000, ""),
        ("path p95 (ms)", p95(path_ours), p95(path_nx), "≤ 100 ms, ≥ 20×"),
        ("path median (ms)", statistics.median(path_ours) * 1000, statistics.median(path_nx) * 1000, ""),
    ]
    if louvain is not None:
        rows.append(("communities (s): Leiden vs Louvain", leiden, louvain, "≥ 20×"))
    for name, ours, theirs, target in rows:
        print(f"{name:34} {ours:14.2f} {theirs:14.2f} {theirs / ours:8.1f}× {target:>16}")
    print(f"{'time-respecting path p95 (ms)':34} {p95(temporal):14.2f} {'n/a':>14}")
    if louvain is None:
        print(f"{'Leiden (s)':34} {leiden:14.2f}")
    print(f"\nLeiden: {len(set(part.membership)):,} communities, modularity {part.modularity:.3f}"
          + (f"; networkx Louvain modularity {louvain_q:.3f}" if louvain is not None else ""))
    print(f"graph build: ours = statements → edges with provenance + adjacency; networkx = MultiGraph "
          f"from our edge list only ({source}; {args.queries} queries each)")


if __name__ == "__main__":
    main()
