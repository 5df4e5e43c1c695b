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
        return _njit(cache=True, nogil=True)(fn)

    COMPILED = True
except ImportError:  # pragma: no cover
    def jit(fn: Callable[..., Any]) -> Callable[..., Any]:
        return fn

    COMPILED = False


def entry_point(kernel: Callable[..., Any], args: tuple[Any, ...]) -> Callable[..., Any]:
    """The compiled function of `kernel` for the types of `args` (after a call with them), to
    call without the dispatcher working out those types again each time: only for arguments
    of exactly these types (the entry point does not check them). The kernel itself when
    there is none (numba missing)."""
    if not COMPILED:
        return kernel
    from numba import typeof

    compiled: Callable[..., Any] = kernel.get_overload(tuple(typeof(a) for a in args))  # type: ignore[attr-defined]
    return compiled


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
def _push(buf: Any, count: int, value: int) -> Any:
    """`buf` with `value` at `count`, doubled first when full."""
    if count == len(buf):
        bigger = np.empty(2 * len(buf), dtype=np.int64)
        bigger[:count] = buf[:count]
        buf = bigger
    buf[count] = value
    return buf


@jit
def edges_among(indptr: Any, adj_other: Any, adj_edge: Any, emask: Any, nodes: Any, mark: Any,
                stamp: int) -> Any:
    """Allowed edges with both ends in `nodes`, sorted by id. Each node's neighbours are sorted
    (CSR slots ordered by other end), so from a node with more neighbours than it would take
    to look up each of `nodes` among them (a hub), the lookups are done instead of the scan."""
    for u in nodes:
        mark[u] = stamp
    ordered = np.sort(nodes)
    m = len(ordered)
    buf = np.empty(64, dtype=np.int64)
    found = 0
    for u in nodes:
        lo, hi = indptr[u], indptr[u + 1]
        deg = hi - lo
        first = np.searchsorted(ordered, u, side="right")  # members above u
        lookups = m - first
        if deg > 64 and lookups * (np.log2(deg) + 1) < deg:
            slots = adj_other[lo:hi]
            for j in range(first, m):
                v = ordered[j]
                p = lo + np.searchsorted(slots, v)
                while p < hi and adj_other[p] == v:
                    if emask[adj_edge[p]]:
                        buf = _push(buf, found, adj_edge[p])
                        found += 1
                    p += 1
            continue
        for p in range(lo, hi):
            v = adj_other[p]
            if u < v and mark[v] == stamp and emask[adj_edge[p]]:
                buf = _push(buf, found, adj_edge[p])
                found += 1
    return np.unique(buf[:found])


@jit
def bidirectional(indptr: Any, adj_other: Any, adj_edge: Any, adj_out: Any, directed: Any, rank: Any, order: Any,
                  emask: Any, nmask: Any, reached: Any, queue: Any, out: Any, source: int, target: int,
                  max_length: int, use_direction: bool, use_emask: bool, use_nmask: bool) -> int:
    """Fewest-hop path by bidirectional BFS: the frontier with fewer neighbour slots to scan is
    expanded a whole level at a time, and the search stops at the first edge joining the two
    sides: every node the other side has reached next to this frontier lies on that side's
    own frontier (an inner one would have met us a level earlier), so that edge closes a
    shortest path.

    The adjacency it reads is the graph's in another numbering of the nodes (`rank[node]`
    the search's number of a node, `order[number]` the node): one in which nodes reached
    together have numbers, and so neighbour lists, close together (reverse Cuthill–McKee),
    so that expanding a frontier reads memory in runs rather than a cache line per node.
    It takes and gives the graph's node numbers; edge numbers are the graph's.

    Scratch arrays sized to the graph and kept between calls, so nothing of the graph's size
    is allocated per query, and laid out so that a query touches little memory beyond the
    adjacency it scans: `reached[side]` is a bitset of the nodes each side has reached (one
    bit per node, so the sets stay in the processor's cache; the search clears the bits it
    set before it returns); `queue[side]` holds each side's nodes in the order reached
    (levels one after the other), `queue[side + 2]` the CSR slot each was reached through
    and `queue[side + 4]` the position of the node it was reached from, so the path is
    walked back inside the queues (written in order) rather than through an array per node
    (a cache miss per node reached). `emask` / `nmask` are read only when `use_emask` /
    `use_nmask` (both in the graph's numbering); endpoints pass the node filter.

    Most paths an investigator asks for are short, so the search itself is often cheaper than
    handing an answer back to Python: it allocates nothing, writes the path into `out` (at
    least `2 * max_length + 1` long): its nodes from source to target, then its edges, and
    returns how many values it wrote (0: no path)."""
    source = rank[source]
    target = rank[target]
    one = np.uint64(1)
    reached[0, source >> 6] |= one << np.uint64(source & 63)
    reached[1, target >> 6] |= one << np.uint64(target & 63)
    queue[0, 0] = source
    queue[1, 0] = target
    queue[4, 0] = -1
    queue[5, 0] = -1
    # each side's frontier is queue[side, lo:hi]; its cost (neighbour slots to scan) is -1
    # until counted; plain scalars, so that the search allocates nothing
    lo0 = lo1 = 0
    hi0 = hi1 = 1
    cost0 = cost1 = -1
    levels = 0
    meet = -1
    near_at = -1
    meet_slot = -1
    side = 0
    count = 1
    while hi0 > lo0 and hi1 > lo1 and levels < max_length:
        if cost0 < 0:
            cost0 = 0
            for i in range(lo0, hi0):
                u = queue[0, i]
                cost0 += indptr[u + 1] - indptr[u]
        if cost1 < 0:
            cost1 = 0
            for i in range(lo1, hi1):
                u = queue[1, i]
                cost1 += indptr[u + 1] - indptr[u]
        side = 0 if cost0 <= cost1 else 1
        lo, hi = (lo0, hi0) if side == 0 else (lo1, hi1)
        mine = reached[side]
        theirs = reached[1 - side]
        far = target if side == 0 else source
        want_out = side == 0
        nodes = queue[side]
        slots = queue[side + 2]
        parents = queue[side + 4]
        count = hi
        for i in range(lo, hi):
            u = nodes[i]
            for p in range(indptr[u], indptr[u + 1]):
                v = adj_other[p]
                word = v >> 6
                bit = one << np.uint64(v & 63)
                if mine[word] & bit:
                    continue
                if use_emask and not emask[adj_edge[p]]:
                    continue
                if use_direction and directed[adj_edge[p]] and adj_out[p] != want_out:
                    continue
                if theirs[word] & bit:
                    meet = v
                    near_at = i
                    meet_slot = p
                    break
                if use_nmask and not (nmask[order[v]] or v == far):
                    continue
                mine[word] |= bit
                nodes[count] = v
                slots[count] = p
                parents[count] = i
                count += 1
            if meet >= 0:
                break
        if meet >= 0:
            break
        if side == 0:
            lo0, hi0, cost0 = hi, count, -1
        else:
            lo1, hi1, cost1 = hi, count, -1
        levels += 1
    # clear the bits this search set: each side's nodes so far, a level cut short included
    for i in range(count if meet >= 0 and side == 0 else hi0):
        reached[0, queue[0, i] >> 6] = 0
    for i in range(count if meet >= 0 and side == 1 else hi1):
        reached[1, queue[1, i] >> 6] = 0
    if meet < 0:
        return 0
    # the meeting node's place in the other side's queue (where it was reached)
    other = 1 - side
    meet_at = 0
    for k in range(hi1 if side == 0 else hi0):
        if queue[other, k] == meet:
            meet_at = k
            break
    # from `near` (this side, next to the meeting) back to this side's end, then from the
    # meeting node back to the other end: the path from this side's end to the other's
    before = 0
    at = near_at
    while queue[side + 4, at] >= 0:
        at = queue[side + 4, at]
        before += 1
    after = 0
    at = meet_at
    while queue[other + 4, at] >= 0:
        at = queue[other + 4, at]
        after += 1
    length = before + 1 + after
    # positions along the path from this side's end; flipped at the end for the target's side
    e0 = length + 1  # edges start here
    out[before] = queue[side, near_at]
    out[e0 + before] = adj_edge[meet_slot]
    at = near_at
    for j in range(before - 1, -1, -1):
        out[e0 + j] = adj_edge[queue[side + 2, at]]
        at = queue[side + 4, at]
        out[j] = queue[side, at]
    out[before + 1] = meet
    at = meet_at
    for j in range(before + 1, length):
        out[e0 + j] = adj_edge[queue[other + 2, at]]
        at = queue[other + 4, at]
        out[j + 1] = queue[other, at]
    for j in range(e0):
        out[j] = order[out[j]]
    if side == 1:
        _reverse(out, 0, e0)
        _reverse(out, e0, e0 + length)
    return e0 + length


@jit
def plain_path(flat: Any, n: int, slots: int, reached: Any, queue: Any, out: Any, source: int, target: int,
               max_length: int) -> int:
    """`bidirectional` without filters or directions, the common query, called with as few
    arrays as it can be: each array Python hands to compiled code costs about 0.1 µs to
    unbox, as much as a short search takes. `flat` holds, one after the other, the
    renumbered `indptr` (n + 1), neighbours and edges (`slots` each), `rank` and `order` (n
    each); the masks and directions are not read."""
    unread = np.empty(0, dtype=np.bool_)
    a = n + 1
    b = a + slots
    c = b + slots
    return bidirectional(flat[:a], flat[a:b], flat[b:c], unread, unread, flat[c:c + n], flat[c + n:c + 2 * n],
                         unread, unread, reached, queue, out, source, target, max_length, False, False, False)


@jit
def _reverse(values: Any, lo: int, hi: int) -> None:
    """Reverse `values[lo:hi]` in place."""
    hi -= 1
    while lo < hi:
        values[lo], values[hi] = values[hi], values[lo]
        lo += 1
        hi -= 1


_UNUSABLE = np.iinfo(np.int64).max  # an edge that cannot be taken at that time


@jit
def _arrival(came: int, start: int, end: int, no_date: int, include_undated: bool) -> int:
    """When an edge [start, end] taken at the earliest at `came` is crossed: from `came` if it
    has begun, else at its start; `_UNUSABLE` once it has ended, or undated and not allowed."""
    if start == no_date:
        return came if include_undated else _UNUSABLE
    if end < came:
        return _UNUSABLE
    return came if came > start else start


@jit
def _slot_of(indptr: Any, adj_other: Any, adj_edge: Any, u: int, v: int, e: int) -> int:
    """The slot of edge `e` (to `v`) in `u`'s adjacency (sorted by the other end)."""
    lo, hi = indptr[u], indptr[u + 1]
    p = lo + np.searchsorted(adj_other[lo:hi], v)
    while p < hi and adj_edge[p] != e:
        p += 1
    return p


@jit
def temporal(indptr: Any, adj_other: Any, adj_edge: Any, adj_out: Any, directed: Any, start: Any, end: Any,
             emask: Any, nmask: Any, mark: Any, value: Any, stamp: int, source: int, target: int,
             max_length: int, use_direction: bool, include_undated: bool, no_date: int) -> Any:
    """Fewest-hop time-respecting path, earliest arrival among the shortest: level by level,
    a node is kept only if reached earlier than at every level before (later arrivals are
    dominated), an edge [start, end] usable from any time up to its end, undated edges at any
    time when `include_undated`. `mark`/`value` have two rows: best arrival, and the slot of
    a node in the current level (stamped `stamp + level`). Returns (nodes, edges) or empty."""
    cap = 64
    nodes = np.empty(cap, dtype=np.int64)
    arrival = np.empty(cap, dtype=np.int64)
    parent = np.empty(cap, dtype=np.int64)
    via = np.empty(cap, dtype=np.int64)
    lowest = np.iinfo(np.int64).min
    nodes[0] = source
    arrival[0] = lowest
    parent[0] = -1
    via[0] = -1
    mark[0, source] = stamp
    value[0, source] = lowest
    mark[1, source] = stamp  # level 0
    value[1, source] = 0
    count = 1
    lo, hi = 0, 1
    for level in range(1, max_length + 1):
        if lo == hi:
            break
        level_stamp = stamp + level
        # Does the target join this level? Asked from its side first (its neighbours in the
        # frontier), which costs its degree, not the frontier's: the last level, the widest,
        # is then never expanded. The same answer as the expansion below would give: the
        # earliest arrival, of equal ones the first in scan order (frontier, then slot).
        best_at = lowest
        best_k = -1
        best_e = -1
        for p in range(indptr[target], indptr[target + 1]):
            w = adj_other[p]
            if mark[1, w] != level_stamp - 1:
                continue
            e = adj_edge[p]
            if not emask[e] or (use_direction and directed[e] and adj_out[p]):  # not w -> target
                continue
            k = value[1, w]
            at = _arrival(arrival[k], start[e], end[e], no_date, include_undated)
            if at == _UNUSABLE:
                continue
            if best_k < 0 or at < best_at or (at == best_at and (
                    k < best_k or (k == best_k and _slot_of(indptr, adj_other, adj_edge, w, target, e)
                                   < _slot_of(indptr, adj_other, adj_edge, w, target, best_e)))):
                best_at, best_k, best_e = at, k, e
        if best_k >= 0:
            path_nodes = np.empty(level + 1, dtype=np.int64)
            path_edges = np.empty(level, dtype=np.int64)
            path_nodes[level] = target
            path_edges[level - 1] = best_e
            k = best_k
            for j in range(level - 1, -1, -1):
                path_nodes[j] = nodes[k]
                if j:
                    path_edges[j - 1] = via[k]
                k = parent[k]
            return path_nodes, path_edges
        if level == max_length:  # a longer path is not wanted: the last level need not be built
            break
        for i in range(lo, hi):
            u = nodes[i]
            came = arrival[i]
            for p in range(indptr[u], indptr[u + 1]):
                e = adj_edge[p]
                if not emask[e]:
                    continue
                if use_direction and directed[e] and not adj_out[p]:
                    continue
                v = adj_other[p]
                if not nmask[v] and v != target:
                    continue
                at = _arrival(came, start[e], end[e], no_date, include_undated)
                if at == _UNUSABLE:
                    continue
                if mark[0, v] == stamp and at >= value[0, v]:
                    continue
                mark[0, v] = stamp
                value[0, v] = at
                if mark[1, v] == level_stamp:  # already in this level: a better way in
                    k = value[1, v]
                    arrival[k] = at
                    parent[k] = i
                    via[k] = e
                    continue
                if count == cap:
                    cap *= 2
                    nodes2 = np.empty(cap, dtype=np.int64)
                    nodes2[:count] = nodes[:count]
                    nodes = nodes2
                    arrival2 = np.empty(cap, dtype=np.int64)
                    arrival2[:count] = arrival[:count]
                    arrival = arrival2
                    parent2 = np.empty(cap, dtype=np.int64)
                    parent2[:count] = parent[:count]
                    parent = parent2
                    via2 = np.empty(cap, dtype=np.int64)
                    via2[:count] = via[:count]
                    via = via2
                mark[1, v] = level_stamp
                value[1, v] = count
                nodes[count] = v
                arrival[count] = at
                parent[count] = i
                via[count] = e
                count += 1
        lo, hi = hi, count
    return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
