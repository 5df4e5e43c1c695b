"""The unfiltered path query compiled ahead of time (network/_paths.pyx) gives exactly the
path numba's `kernels.bidirectional` gives, node for node and edge for edge, on random
multigraphs with hubs, parallel edges and several components; it leaves its scratch clear,
respects `max_length`, and is what `NetworkGraph.shortest_path` uses for unfiltered,
undirected queries (and only for those)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from bicentennial.network import kernels
from bicentennial.network.graph import NetworkGraph, PathResult, _paths

from .test_kernels import _random_graph, chain_graph


def test_the_extension_is_built() -> None:
    """`make install` compiles it; without it paths fall back to numba, slower but right."""
    assert _paths is not None, "bicentennial.network._paths is not built: run `make install`"


def _numba_path(graph: NetworkGraph, s: int, t: int, max_length: int) -> tuple[list[int], list[int]] | None:
    """The reference: `kernels.bidirectional` without masks, on the same renumbered arrays."""
    search = graph._search
    assert search is not None
    out = np.zeros(2 * max_length + 1, dtype=np.int64)
    count = kernels.bidirectional(*search.arrays, graph.alive, graph.alive, search.reached, search.queue, out,
                                  s, t, max_length, False, False, False)
    if not count:
        return None
    listed = out[:count].tolist()
    n = (count + 1) // 2
    return listed[:n], listed[n:]


@pytest.mark.parametrize(("seed", "n", "m"), [(41, 300, 700), (42, 2000, 5000), (43, 3000, 2500)])
def test_same_paths_as_the_numba_search(seed: int, n: int, m: int) -> None:
    graph, _edges = _random_graph(seed, n, m)
    emask = graph.edge_mask()
    graph.shortest_path(0, 1, emask, None, 10)  # makes the search
    search = graph._search
    assert search is not None and search.fast is not None and graph._fast is search.fast
    rng = random.Random(seed)
    found_some = missing = 0
    for _ in range(400):
        s, t = rng.randrange(graph.node_count), rng.randrange(graph.node_count)
        for max_length in (1, 2, 3, 10):
            got = search.fast(s, t, max_length)
            assert not search.reached.any()  # the bits it set are cleared
            if s == t:
                assert got == PathResult([s], [])
                continue
            want = _numba_path(graph, s, t, max_length)
            if want is None:
                assert got is None
                missing += 1
                continue
            assert isinstance(got, PathResult) and (got.nodes, got.edges) == want
            assert len(got.edges) <= max_length
            found_some += 1
    assert found_some > 100 and missing > 10  # both kinds of answer were asked for


def test_shortest_path_uses_it_only_without_filters_or_directions(monkeypatch: pytest.MonkeyPatch) -> None:
    graph, _edges = _random_graph(44, 500, 1400)
    emask = graph.edge_mask()
    graph.shortest_path(0, 1, emask, None, 10)
    search = graph._search
    assert search is not None and search.fast is not None
    calls: list[tuple[int, int, int]] = []
    fast = search.fast

    def counted(s: int, t: int, max_length: int) -> PathResult | None:
        calls.append((s, t, max_length))
        found: PathResult | None = fast(s, t, max_length)
        return found

    monkeypatch.setattr(graph, "_fast", counted)
    graph.shortest_path(2, 3, emask, None, 8)
    assert calls == [(2, 3, 8)]
    written = graph.alive.copy()  # a filter the way the graph makes them, even if it lets all through
    graph.shortest_path(2, 3, written, None, 8)
    graph.shortest_path(2, 3, emask, None, 8, directed=True)
    graph.shortest_path(2, 3, emask, np.ones(graph.node_count, dtype=np.bool_), 8)
    assert calls == [(2, 3, 8)]


def test_new_versions_and_nodes_out_of_range() -> None:
    """Each version of the graph gets a search over its own arrays; a node number out of
    range is refused, not read out of bounds."""
    graph, _edges = _random_graph(45, 400, 900)
    emask = graph.edge_mask()
    graph.shortest_path(0, 1, emask, None, 10)
    before = graph._fast
    graph.update({}, [], [f"r{i}" for i in range(0, 300, 2)])  # half the early records gone
    assert graph._fast is not None and graph._fast is not before
    emask = graph.edge_mask()
    rng = random.Random(45)
    for _ in range(200):
        s, t = rng.randrange(graph.node_count), rng.randrange(graph.node_count)
        got = graph.shortest_path(s, t, emask, None, 10)
        if s != t:
            assert (None if got is None else (got.nodes, got.edges)) == _numba_path(graph, s, t, 10)
        if got is not None:
            assert all(graph.alive[e] for e in got.edges)
    with pytest.raises(IndexError):
        graph.shortest_path(0, graph.node_count, emask, None, 10)
    with pytest.raises(IndexError):
        graph.shortest_path(-1, 0, emask, None, 10)


def test_a_path_longer_than_its_buffer() -> None:
    graph = chain_graph(100)
    emask = graph.edge_mask()
    first, last = graph.index["n0"], graph.index["n100"]
    found = graph.shortest_path(first, last, emask, None, 200)
    assert graph._fast is not None
    assert found is not None and len(found.edges) == 100
    assert found.nodes == [graph.index[f"n{i}"] for i in range(101)]
    assert [graph.edges[e].record for e in found.edges] == [f"r{i}" for i in range(100)]  # type: ignore[union-attr]
    assert graph.shortest_path(first, last, emask, None, 99) is None
    backwards = graph.shortest_path(last, first, emask, None, 100)
    assert backwards is not None and backwards.nodes == found.nodes[::-1] and backwards.edges == found.edges[::-1]
