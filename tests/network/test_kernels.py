"""The compiled traversals answer what networkx answers on the same random multigraph:
the same 2-hop node and edge sets (with the same cut at `max_nodes`), the same shortest
path lengths (undirected, directed, with filters), and no path where networkx finds none."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from bicentennial.network.derive import Edge
from bicentennial.network.graph import NetworkGraph


def _random_graph(seed: int, n: int = 300, m: int = 700) -> tuple[NetworkGraph, list[Edge]]:
    rng = random.Random(seed)
    edges = []
    for i in range(m):
        # skewed endpoints: a few hubs, parallel edges, some directed
        a = int(n * rng.random() ** 2)
        b = int(n * rng.random() ** 1.5)
        if a == b:
            continue
        edges.append(Edge(f"r{i}", 0, f"n{a}", f"n{b}", rng.choice(["Payment", "Family", "CoOccurrence"]), "",
                          None, rng.random() < .5, None, None, None, (f"s{i}",)))
    graph = NetworkGraph()
    graph.update({}, edges, [e.record for e in edges])
    return graph, edges


def chain_graph(length: int) -> NetworkGraph:
    """n0 - n1 - ... - n{length}, edge i from record r{i}."""
    chain = [Edge(f"r{i}", 0, f"n{i}", f"n{i + 1}", "Family", "", None, False, None, None, None, (f"s{i}",))
             for i in range(length)]
    graph = NetworkGraph()
    graph.update({}, chain, [e.record for e in chain])
    return graph


@pytest.fixture(params=["cython", "numba"])
def path_engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Unfiltered paths by the compiled extension (network/_paths.pyx), or by numba as in a
    checkout that was not built."""
    if request.param == "numba":
        monkeypatch.setattr("bicentennial.network.graph._paths", None)
    return str(request.param)


@pytest.fixture
def numba_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bicentennial.network.graph._paths", None)


def _nx(graph: NetworkGraph, emask: np.ndarray, directed: bool = False) -> nx.MultiGraph | nx.MultiDiGraph:
    g: nx.MultiGraph | nx.MultiDiGraph = nx.MultiDiGraph() if directed else nx.MultiGraph()
    g.add_nodes_from(range(graph.node_count))
    for e in np.flatnonzero(emask):
        a, b = int(graph.src[e]), int(graph.dst[e])
        g.add_edge(a, b, key=int(e))
        if directed and not graph.directed[e]:
            g.add_edge(b, a, key=int(e))
    return g


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_neighbourhood_and_edges_among_match_networkx(seed: int) -> None:
    graph, _edges = _random_graph(seed)
    emask = graph.edge_mask()
    g = _nx(graph, emask)
    for start in random.Random(seed).sample(range(graph.node_count), 40):
        for max_nodes in (10_000, 25):
            nodes, depth, cut = graph.neighbourhood(start, 2, emask, None, max_nodes)
            dist = nx.single_source_shortest_path_length(g, start, cutoff=2)
            want: list[int] = []
            was_cut = False
            for level in range(3):
                ring = sorted(v for v, d in dist.items() if d == level)
                if len(ring) > max_nodes - len(want):
                    want += sorted(ring, key=lambda v: (-g.degree(v), v))[: max_nodes - len(want)]
                    was_cut = True
                    break
                want += ring
            assert nodes.tolist() == want and cut == was_cut
            assert all(dist[int(v)] == int(d) for v, d in zip(nodes, depth, strict=True))
            among = graph.edges_among(nodes, emask).tolist()
            assert among == sorted(k for _a, _b, k in g.subgraph(want).edges(keys=True))


@pytest.mark.parametrize(("seed", "n", "m"), [(4, 300, 700), (5, 300, 700), (11, 3000, 9000)])
def test_shortest_paths_match_networkx(seed: int, n: int, m: int, path_engine: str) -> None:
    graph, _edges = _random_graph(seed, n, m)
    rng = random.Random(seed)
    for types in (None, ["Payment", "CoOccurrence"]):
        emask = graph.edge_mask(types)
        for directed in (False, True):
            g = _nx(graph, emask, directed)
            for _ in range(60):
                s, t = rng.randrange(graph.node_count), rng.randrange(graph.node_count)
                found = graph.shortest_path(s, t, emask, None, 10, directed)
                try:
                    length: int | None = nx.shortest_path_length(g, s, t)
                except nx.NetworkXNoPath:
                    length = None
                if length is None or length > 10:
                    assert found is None
                    continue
                assert found is not None and len(found.edges) == length
                # the path is real: consecutive nodes joined by the allowed edges it names
                for (a, b), e in zip(zip(found.nodes, found.nodes[1:], strict=False), found.edges, strict=True):
                    assert emask[e] and {a, b} == {int(graph.src[e]), int(graph.dst[e])}
                    if directed and graph.directed[e]:
                        assert (int(graph.src[e]), int(graph.dst[e])) == (a, b)


def test_unfiltered_mask_is_shared_and_path_search_leaves_its_scratch_clear(path_engine: str) -> None:
    """Without filters `edge_mask()` is one read-only array per graph version, and the search
    skips the edge lookups; a mask written out in full (read edge by edge) finds paths of the
    same lengths. Each search leaves its bitsets of reached nodes clear for the next."""
    graph, _edges = _random_graph(12, 500, 1500)
    shared = graph.edge_mask()
    assert shared is graph.edge_mask() and not shared.flags.writeable
    assert shared.tolist() == graph.alive.tolist()
    written = np.ones(len(shared), dtype=np.bool_)
    rng = random.Random(12)
    g = _nx(graph, shared)
    for _ in range(80):
        s, t = rng.randrange(graph.node_count), rng.randrange(graph.node_count)
        try:
            length: int | None = nx.shortest_path_length(g, s, t)
        except nx.NetworkXNoPath:
            length = None
        for emask in (shared, written):
            found = graph.shortest_path(s, t, emask, None, 10)
            assert (None if found is None else len(found.edges)) == (None if length is None or length > 10
                                                                    else length)
            assert graph._search is not None and not graph._search.reached.any()
            assert (graph._fast is not None) == (path_engine == "cython")
    graph.update({}, [], ["r0"])  # a new version: a new shared mask
    assert graph.edge_mask() is not shared and not graph.edge_mask()[0]


def test_path_search_entry_point_and_other_masks_and_new_versions(numba_paths: None) -> None:
    """Without the extension, after its first query the search is called through numba's
    compiled entry point; a mask
    of another kind (strided, read-only) goes through numba's dispatcher instead, and a new
    version of the graph (edges added, removed) is searched with its own arrays: every
    answer the length networkx finds, and a real path."""
    from bicentennial.network import kernels

    graph, _edges = _random_graph(21, 400, 900)
    rng = random.Random(21)
    emask = graph.edge_mask()
    strided = np.ones(2 * len(emask), dtype=np.bool_)[::2]
    frozen = np.ones(len(emask), dtype=np.bool_)
    frozen.flags.writeable = False

    def check(mask: np.ndarray, version_mask: np.ndarray) -> None:
        g = _nx(graph, version_mask)
        for _ in range(40):
            s, t = rng.randrange(graph.node_count), rng.randrange(graph.node_count)
            found = graph.shortest_path(s, t, mask, None, 12)
            try:
                want: int | None = nx.shortest_path_length(g, s, t)
            except nx.NetworkXNoPath:
                want = None
            assert (None if found is None else len(found.edges)) == want
            if found is not None:
                assert found.nodes[0] == s and found.nodes[-1] == t
                for a, b, e in zip(found.nodes[:-1], found.nodes[1:], found.edges, strict=True):
                    assert {a, b} == {int(graph.src[e]), int(graph.dst[e])} and graph.alive[e]

    check(emask, emask)  # no filter: kernels.plain_path, with the fewest arrays
    search = graph._search
    assert search is not None and search.plain is not None and search.call is None
    if kernels.COMPILED:
        assert search.plain is not kernels.plain_path
    check(strided, graph.alive)
    check(frozen, graph.alive)
    assert search.call is None  # neither kind of mask may be taken unchecked
    written = graph.alive.copy()  # a filter the way the graph makes them: the other entry point
    check(written, written)
    assert search.call is not None
    if kernels.COMPILED:
        assert search.call is not kernels.bidirectional
    before = graph._search
    graph.update({}, [], [f"r{i}" for i in range(0, 300, 3)])  # a third of the records gone
    assert graph._search is not before and graph._search.arrays[0][-1] == graph.indptr[-1]  # this version's
    check(graph.edge_mask(), graph.alive)
    assert len(kernels.bidirectional.signatures) <= 3 if kernels.COMPILED else True  # type: ignore[attr-defined]


def test_path_search_numbering_keeps_every_neighbour_slot() -> None:
    """The path search reads the adjacency in its own node numbering (reverse Cuthill–McKee):
    a permutation, under which every node keeps exactly its neighbour slots (neighbour, edge,
    direction); 32-bit arrays for a graph this size."""
    from bicentennial.network.graph import _renumbered

    graph, _edges = _random_graph(31, 500, 1400)
    flat, outgoing = _renumbered(graph, np.int32)
    n = graph.node_count
    slots = len(graph.adj_other)
    assert len(flat) == 3 * n + 1 + 2 * slots and len(outgoing) == slots  # as kernels.plain_path reads it
    indptr, others, edges, rank, order = np.split(flat, np.cumsum([n + 1, slots, slots, n]))
    assert sorted(order.tolist()) == list(range(n)) and (rank[order] == np.arange(n)).all()
    assert others.dtype == np.int32 and indptr[-1] == graph.indptr[-1]
    for new in range(n):
        old = int(order[new])
        lo, hi = graph.indptr[old], graph.indptr[old + 1]
        want = sorted(zip(graph.adj_other[lo:hi].tolist(), graph.adj_edge[lo:hi].tolist(),
                          graph.adj_out[lo:hi].tolist(), strict=True))
        got = sorted(zip(order[others[indptr[new]:indptr[new + 1]]].tolist(),
                         edges[indptr[new]:indptr[new + 1]].tolist(),
                         outgoing[indptr[new]:indptr[new + 1]].tolist(), strict=True))
        assert got == want
    # the numbering puts neighbours closer together than the graph's own
    def spread(ip: np.ndarray, adj: np.ndarray) -> float:
        owner = np.repeat(np.arange(n), np.diff(ip))
        return float(np.abs(adj.astype(np.int64) - owner).mean())
    assert spread(indptr, others) < spread(graph.indptr, graph.adj_other)


def test_node_filter_blocks_paths_through_other_schemata() -> None:
    graph, _edges = _random_graph(6)
    emask = graph.edge_mask()
    g = _nx(graph, emask)
    nmask = np.zeros(graph.node_count, dtype=np.bool_)
    nmask[::2] = True  # only even nodes may be passed through
    allowed = g.subgraph([v for v in g if nmask[v]])
    rng = random.Random(6)
    for _ in range(60):
        s, t = rng.randrange(0, graph.node_count, 2), rng.randrange(0, graph.node_count, 2)
        found = graph.shortest_path(s, t, emask, nmask, 10)
        try:
            length: int | None = nx.shortest_path_length(allowed, s, t)
        except nx.NetworkXNoPath:
            length = None
        assert (found is None) == (length is None or length > 10)
        if found is not None:
            assert len(found.edges) == length and all(nmask[v] for v in found.nodes)


def _dated_graph(seed: int) -> NetworkGraph:
    rng = random.Random(seed)
    edges = []
    for i in range(90):
        a, b = rng.randrange(30), rng.randrange(30)
        if a == b:
            continue
        day = None if rng.random() < .2 else f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        until = f"2025-{rng.randint(1, 12):02d}-01" if day and rng.random() < .2 else None
        edges.append(Edge(f"r{i}", 0, f"n{a}", f"n{b}", "Payment", "", None, rng.random() < .5, day, until, None,
                          (f"s{i}",)))
    graph = NetworkGraph()
    graph.update({}, edges, [e.record for e in edges])
    return graph


@pytest.mark.parametrize("seed", [7, 8, 9])
@pytest.mark.parametrize("directed", [False, True])
def test_temporal_path_is_the_shortest_then_earliest_of_all_simple_paths(seed: int, directed: bool) -> None:
    """Brute force: every simple path (networkx) checked for time order (and, `directed`, for
    the direction of directed edges); ours must have the fewest hops, and among those the
    earliest arrival."""
    from bicentennial.network.graph import NO_DATE

    graph = _dated_graph(seed)
    emask = graph.edge_mask()
    g = _nx(graph, emask)
    rng = random.Random(seed)

    def along(a: int, e: int) -> bool:  # may the edge be taken from `a`?
        return not (directed and graph.directed[e] and int(graph.src[e]) != a)

    for include_undated in (True, False):
        for _ in range(25):
            s, t = rng.randrange(graph.node_count), rng.randrange(graph.node_count)
            if s == t:
                continue
            best: tuple[int, int] | None = None
            for route in nx.all_simple_edge_paths(g, s, t, cutoff=4):
                came = np.iinfo(np.int64).min
                ok = True
                for a, _b, e in route:
                    start, end = int(graph.start[e]), int(graph.end[e])
                    if not along(a, e):
                        ok = False
                    elif start == NO_DATE:
                        ok = include_undated
                    elif end < came:
                        ok = False
                    else:
                        came = max(came, start)
                    if not ok:
                        break
                if ok and (best is None or (len(route), came) < best):
                    best = (len(route), came)
            found = graph.temporal_path(s, t, emask, None, 4, directed=directed, include_undated=include_undated)
            if best is None:
                assert found is None
                continue
            assert found is not None and len(found.edges) == best[0]
            came = np.iinfo(np.int64).min
            for (a, b), e in zip(zip(found.nodes, found.nodes[1:], strict=False), found.edges, strict=True):
                assert {a, b} == {int(graph.src[e]), int(graph.dst[e])}
                assert along(a, e)
                start, end = int(graph.start[e]), int(graph.end[e])
                if start != NO_DATE:
                    assert end >= came
                    came = max(came, start)
                else:
                    assert include_undated
            assert came == best[1]


def test_a_longer_path_than_the_buffer_grows_only_the_buffer(numba_paths: None) -> None:
    """A path longer than the answer buffer holds (64 values: 31 edges) gets a bigger buffer,
    through the same entry point; the renumbered adjacency is not made again."""
    graph = chain_graph(40)
    emask = graph.edge_mask()
    first, last = graph.index["n0"], graph.index["n40"]
    assert graph.shortest_path(first, graph.index["n3"], emask, None, 6) is not None
    search = graph._search
    assert search is not None
    arrays, plain = search.arrays, search.plain
    found = graph.shortest_path(first, last, emask, None, 50)
    assert found is not None and len(found.edges) == 40 and found.nodes[0] == first and found.nodes[-1] == last
    assert graph._search is search and search.arrays is arrays and len(search.out) >= 81
    assert search.plain is plain and search.plain_args[-1] is search.out
    assert graph.shortest_path(first, last, emask, None, 39) is None
