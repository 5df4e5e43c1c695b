"""Compiled traversals over the graph's CSR arrays (numba; plain Python if it is missing).

The graph keeps its adjacency as CSR arrays (`indptr`, `adj_other`, `adj_edge`,
`adj_out`) and filters as boolean masks over edges and nodes, so one traversal
serves every filter without building subgraphs. The loops below touch only
what they visit: "visited" is a stamp per node (`mark[v] == stamp`), kept
between calls, so a query costs what it explores, not the size of the graph.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

try:  # pragma: no cover - which branch depends on the environment
    from numba import njit as _njit

    def jit(fn: Callable[..., Any]) -> Callable[..., Any]:
        return _njit(cache=True, nogil=True)(fn)  # type: ignore[no-any-return]

    COMPILED = True
except ImportError:  # pragma: no cover
    def jit(fn: Callable[..., Any]) -> Callable[..., Any]:
        return fn

    COMPILED = False


@jit
def neighbourhood(indptr: Any, adj_other: Any, adj_edge: Any, emask: Any, nmask: Any, mark: Any, stamp: int,
                  seed: int, hops: int, max_nodes: int) -> Any:
    """Nodes within `hops` of `seed` level by level (each level sorted by index; the level
    that overflows `max_nodes` keeps its best connected nodes); returns (nodes, depths, cut)."""
    out = np.empty(max(max_nodes, 1), dtype=np.int64)
    depth = np.empty(max(max_nodes, 1), dtype=np.int64)
    mark[seed] = stamp
    out[0] = seed
    depth[0] = 0
    total = 1
    lo = 0
    cut = False
    buf = np.empty(64, dtype=np.int64)
    for level in range(1, hops + 1):
        hi = total
        if lo == hi:
            break
        found = 0
        for i in range(lo, hi):
            u = out[i]
            for p in range(indptr[u], indptr[u + 1]):
                v = adj_other[p]
                if mark[v] == stamp or not emask[adj_edge[p]] or not nmask[v]:
                    continue
                mark[v] = stamp
                if found == len(buf):
                    bigger = np.empty(2 * len(buf), dtype=np.int64)
                    bigger[:found] = buf[:found]
                    buf = bigger
                buf[found] = v
                found += 1
        level_nodes = np.sort(buf[:found])
        room = max_nodes - total
        if found > room:
            degree = indptr[level_nodes + 1] - indptr[level_nodes]
            level_nodes = level_nodes[np.argsort(-degree, kind="mergesort")[:room]]
            found = room
            cut = True
        out[total:total + found] = level_nodes
        depth[total:total + found] = level
        lo = total
        total += found
        if cut:
            break
    return out[:total].copy(), depth[:total].copy(), cut


@jit
def edges_among(indptr: Any, adj_other: Any, adj_edge: Any, emask: Any, nodes: Any, mark: Any,
                stamp: int) -> Any:
    """Allowed edges with both ends in `nodes`, sorted by id."""
    for u in nodes:
        mark[u] = stamp
    buf = np.empty(64, dtype=np.int64)
    found = 0
    for u in nodes:
        for p in range(indptr[u], indptr[u + 1]):
            v = adj_other[p]
            if u < v and mark[v] == stamp and emask[adj_edge[p]]:
                if found == len(buf):
                    bigger = np.empty(2 * len(buf), dtype=np.int64)
                    bigger[:found] = buf[:found]
                    buf = bigger
                buf[found] = adj_edge[p]
                found += 1
    return np.unique(buf[:found])


@jit
def bidirectional(indptr: Any, adj_other: Any, adj_edge: Any, adj_out: Any, directed: Any, emask: Any,
                  nmask: Any, mark: Any, dist: Any, parent: Any, stamp: int, source: int, target: int,
                  max_length: int, use_direction: bool) -> Any:
    """Fewest-hop path by bidirectional BFS, expanding the cheaper frontier one level at a
    time and stopping at the level where the two searches meet. `mark`, `dist`, `parent`
    have two rows (side 0 from `source`, side 1 from `target`). Returns the meeting node,
    or -1. Endpoints pass the node filter."""
    n_slots = 64
    front = [np.empty(n_slots, dtype=np.int64), np.empty(n_slots, dtype=np.int64)]
    size = np.zeros(2, dtype=np.int64)
    level = np.zeros(2, dtype=np.int64)
    ends = (source, target)
    for side in range(2):
        e = ends[side]
        mark[side, e] = stamp
        dist[side, e] = 0
        parent[side, e] = -1
        front[side][0] = e
        size[side] = 1
    while size[0] > 0 and size[1] > 0 and level[0] + level[1] < max_length:
        cost0 = 0
        for i in range(size[0]):
            u = front[0][i]
            cost0 += indptr[u + 1] - indptr[u]
        cost1 = 0
        for i in range(size[1]):
            u = front[1][i]
            cost1 += indptr[u + 1] - indptr[u]
        side = 0 if cost0 <= cost1 else 1
        other_side = 1 - side
        far = ends[other_side]
        want_out = side == 0
        nxt = np.empty(64, dtype=np.int64)
        count = 0
        best = -1
        best_total = 1 << 62
        new_level = level[side] + 1
        cur = front[side]
        for i in range(size[side]):
            u = cur[i]
            for p in range(indptr[u], indptr[u + 1]):
                e = adj_edge[p]
                if not emask[e]:
                    continue
                if use_direction and directed[e] and adj_out[p] != want_out:
                    continue
                v = adj_other[p]
                if mark[side, v] == stamp:
                    continue
                if not nmask[v] and v != far:
                    continue
                mark[side, v] = stamp
                dist[side, v] = new_level
                parent[side, v] = e
                if count == len(nxt):
                    bigger = np.empty(2 * len(nxt), dtype=np.int64)
                    bigger[:count] = nxt[:count]
                    nxt = bigger
                nxt[count] = v
                count += 1
                if mark[other_side, v] == stamp:
                    total = new_level + dist[other_side, v]
                    if total < best_total:
                        best_total = total
                        best = v
        level[side] = new_level
        if best >= 0:
            return best
        front[side] = nxt
        size[side] = count
    return -1
