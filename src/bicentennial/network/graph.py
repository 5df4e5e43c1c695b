"""The in-memory graph of one visibility class: nodes, typed and dated edges,
and the traversals the queries need.

Edges live in NumPy arrays with a compressed adjacency (CSR) over both
endpoints, so a traversal with filters (edge types, dates, node schemata) is a
few vectorised array operations per hop rather than a Python loop per edge.
igraph is built from the same arrays on demand for the global algorithms
(Leiden, PageRank, betweenness, components). Updates are incremental: the
edges of changed records are marked dead and their new versions appended; the
adjacency is re-indexed (a sort) and the graph compacted when a third of it is
dead.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date as Date
from functools import partial
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import reverse_cuthill_mckee

from bicentennial.network import kernels

try:  # compiled when the package is installed (Cython); the numba kernels serve without it
    from bicentennial.network import _paths
except ImportError:  # pragma: no cover - a checkout that was not built
    _paths = None  # type: ignore[assignment]
from bicentennial.network.derive import Edge, Node
from bicentennial.network.render import edge_fragments, node_fragment

NO_DATE = np.iinfo(np.int32).min
_EPOCH = Date(1970, 1, 1).toordinal()

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


def date_key(value: str | None) -> int:
    """Days since 1970 of the first day an FtM date (`2023`, `2023-05`, `2023-05-14…`) can mean."""
    if not value:
        return int(NO_DATE)
    try:
        parts = value[:10].split("-")
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 and parts[1] else 1
        day = int(parts[2]) if len(parts) > 2 and parts[2] else 1
        return Date(year, month, day).toordinal() - _EPOCH
    except (ValueError, IndexError):
        return int(NO_DATE)


def _ranges(indptr: IntArray, nodes: IntArray) -> tuple[IntArray, IntArray]:
    """Positions in the CSR arrays of every neighbour slot of `nodes`, and which of `nodes` owns each."""
    starts = indptr[nodes]
    lens = indptr[nodes + 1] - starts
    total = int(lens.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    owner = np.repeat(np.arange(len(nodes), dtype=np.int64), lens)
    offsets = np.cumsum(lens) - lens
    pos = np.arange(total, dtype=np.int64) - offsets[owner] + starts[owner]
    return pos, owner


class PathResult(NamedTuple):
    nodes: list[int]
    edges: list[int]


# PathResult((nodes, edges)) without the Python frame of a named tuple's own constructor (about
# 0.3 of the 1.5 µs of Python a short path query runs)
_path_result = partial(tuple.__new__, PathResult)


class NetworkGraph:
    """Nodes and edges of one visibility class."""

    def __init__(self) -> None:
        self.node_ids: list[str] = []
        self.index: dict[str, int] = {}
        self.labels: list[str] = []
        self.schemata: list[str] = []
        self.listed: list[bool] = []  # on a sanctions list (Node.listed)
        self.edges: list[Edge | None] = []
        # each node's and edge's Cytoscape element as JSON (network/render.py), kept with them
        self.node_json: list[bytes] = []
        self.edge_json: list[bytes | None] = []
        self.by_record: dict[str, list[int]] = {}
        self.types: list[str] = []
        self._type_code: dict[str, int] = {}
        self.src = np.zeros(0, dtype=np.int64)
        self.dst = np.zeros(0, dtype=np.int64)
        self.etype = np.zeros(0, dtype=np.int16)
        self.start = np.zeros(0, dtype=np.int32)
        self.end = np.zeros(0, dtype=np.int32)
        self.directed = np.zeros(0, dtype=np.bool_)
        self.alive = np.zeros(0, dtype=np.bool_)
        self.version = 0
        self.analytics: dict[Any, Any] = {}
        self._mark = np.zeros(0, dtype=np.int64)
        self._stamps = 0
        self._search: _PathSearch | None = None
        self._fast: Any = None  # the unfiltered search's compiled method, when there is one
        self._reindex()

    # ---- building -------------------------------------------------------------------------

    @property
    def node_count(self) -> int:
        return len(self.node_ids)

    @property
    def edge_count(self) -> int:
        return int(self.alive.sum())

    def _node(self, node_id: str, label: str | None = None, schema: str | None = None, listed: bool = False) -> int:
        idx = self.index.get(node_id)
        if idx is None:
            idx = self.index[node_id] = len(self.node_ids)
            self.node_ids.append(node_id)
            self.labels.append(label or node_id)
            self.schemata.append(schema or "Thing")
            self.listed.append(listed)
            self.node_json.append(node_fragment(node_id, self.labels[idx], self.schemata[idx], listed))
        return idx

    def _code(self, type_: str) -> int:
        code = self._type_code.get(type_)
        if code is None:
            code = self._type_code[type_] = len(self.types)
            self.types.append(type_)
        return code

    def update(self, nodes: dict[str, Node], edges: Iterable[Edge], records: Iterable[str],
               guesses: dict[str, str] | None = None) -> None:
        """Replace the edges of `records` by `edges` and set the given nodes' label and schema.

        A node seen only at the end of an edge takes its schema from `guesses`
        (the range of the property naming it) until its own statements arrive.
        """
        guesses = guesses or {}
        for node in nodes.values():
            idx = self._node(node.id, node.label, node.schema, node.listed)
            if (self.labels[idx] != node.label or self.schemata[idx] != node.schema
                    or self.listed[idx] != node.listed):
                self.labels[idx] = node.label
                self.schemata[idx] = node.schema
                self.listed[idx] = node.listed
                self.node_json[idx] = node_fragment(node.id, node.label, node.schema, node.listed)
        dead: list[int] = []
        for record in records:
            dead.extend(self.by_record.pop(record, []))
        if dead:
            self.alive[np.asarray(dead, dtype=np.int64)] = False
            for i in dead:
                self.edges[i] = None
                self.edge_json[i] = None
        new = list(edges)
        base = len(self.edges)
        index = self.index
        for node_id in dict.fromkeys(x for edge in new for x in (edge.source, edge.target)):
            if node_id not in index:
                self._node(node_id, schema=guesses.get(node_id))
        days = {d: date_key(d) for d in {x for edge in new for x in (edge.date, edge.end)}}
        codes = {t: self._code(t) for t in {edge.type for edge in new}}
        count = len(new)
        src = np.fromiter((index[e.source] for e in new), dtype=np.int64, count=count)
        dst = np.fromiter((index[e.target] for e in new), dtype=np.int64, count=count)
        etype = np.fromiter((codes[e.type] for e in new), dtype=np.int16, count=count)
        start = np.fromiter((days[e.date] for e in new), dtype=np.int32, count=count)
        end = np.fromiter((days[e.end] for e in new), dtype=np.int32, count=count)
        end = np.where((end != NO_DATE) & (end >= start), end, start).astype(np.int32)
        directed = np.fromiter((e.directed for e in new), dtype=np.bool_, count=count)
        by_record = self.by_record
        for i, edge in enumerate(new):
            by_record.setdefault(edge.record, []).append(base + i)
        self.edges.extend(new)
        self.edge_json.extend(edge_fragments(new))
        self.src = np.concatenate([self.src, src])
        self.dst = np.concatenate([self.dst, dst])
        self.etype = np.concatenate([self.etype, etype])
        self.start = np.concatenate([self.start, start])
        self.end = np.concatenate([self.end, end])
        self.directed = np.concatenate([self.directed, directed])
        self.alive = np.concatenate([self.alive, np.ones(len(new), dtype=np.bool_)])
        if len(self.alive) and (~self.alive).sum() * 3 > len(self.alive):
            self._compact()
        self._reindex()

    def _compact(self) -> None:
        keep = np.flatnonzero(self.alive)
        remap = {int(old): new for new, old in enumerate(keep)}
        self.edges = [self.edges[int(i)] for i in keep]
        self.edge_json = [self.edge_json[int(i)] for i in keep]
        for name in ("src", "dst", "etype", "start", "end", "directed", "alive"):
            setattr(self, name, getattr(self, name)[keep])
        self.by_record = {r: [remap[i] for i in idx] for r, idx in self.by_record.items()}

    def _reindex(self) -> None:
        """Rebuild the adjacency (both endpoints of every live edge) and drop derived results."""
        n = self.node_count
        live = np.flatnonzero(self.alive)
        ends = np.concatenate([self.src[live], self.dst[live]])
        others = np.concatenate([self.dst[live], self.src[live]])
        eids = np.concatenate([live, live])
        outgoing = np.concatenate([np.ones(len(live), np.bool_), np.zeros(len(live), np.bool_)])
        # by node, then by the other end (edges_among looks neighbours up by bisection)
        order = np.lexsort((others, ends))
        self.adj_edge = eids[order]
        self.adj_other = others[order]
        self.adj_out = outgoing[order]
        counts = np.bincount(ends, minlength=n) if n else np.zeros(0, dtype=np.int64)
        self.indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(counts, out=self.indptr[1:])
        self.schema_codes, self.schema_names = self._schema_codes()
        # `edge_mask()` without filters: every live edge (all the adjacency holds), made once
        # per version and shared, so read-only; the traversals know it needs no lookups
        self._unfiltered = self.alive.copy()
        self._unfiltered.flags.writeable = False
        self.version += 1
        self.analytics = {}
        if getattr(self, "_search", None) is not None:
            self._search = _PathSearch(self, self._search)  # this version's arrays, same scratch
            self._fast = self._search.fast

    def _schema_codes(self) -> tuple[NDArray[np.int32], list[str]]:
        names = sorted(set(self.schemata))
        code = {s: i for i, s in enumerate(names)}
        return np.fromiter((code[s] for s in self.schemata), dtype=np.int32, count=self.node_count), names

    # ---- filters -------------------------------------------------------------------------

    def edge_mask(self, types: Iterable[str] | None = None, date_from: str | None = None,
                  date_to: str | None = None, include_undated: bool = True) -> BoolArray:
        """Live edges of the given types whose dates overlap [date_from, date_to]. Without
        filters, one read-only mask shared until the graph changes."""
        if not types and not date_from and not date_to:
            return self._unfiltered
        mask = self.alive.copy()
        if types:
            codes = [self._type_code[t] for t in types if t in self._type_code]
            mask &= np.isin(self.etype, np.asarray(codes, dtype=np.int16))
        if date_from or date_to:
            undated = self.start == NO_DATE
            ok = np.ones(len(mask), dtype=np.bool_)
            if date_from:
                ok &= self.end >= date_key(date_from)
            if date_to:
                ok &= self.start <= date_key(date_to)
            mask &= np.where(undated, include_undated, ok)
        return mask

    def node_mask(self, schemata: Iterable[str] | None = None) -> BoolArray | None:
        """Nodes of the given schemata (or of schemata descending from them); None for all."""
        if not schemata:
            return None
        from bicentennial.network.model import get_model

        model = get_model()
        wanted = set(schemata)
        codes = []
        for i, name in enumerate(self.schema_names):
            schema = model.get(name)
            ancestors = {s.name for s in schema.schemata} if schema is not None else {name}
            if ancestors & wanted:
                codes.append(i)
        return np.isin(self.schema_codes, np.asarray(codes, dtype=np.int32))

    # ---- traversals ----------------------------------------------------------------------

    def _step(self, frontier: IntArray, emask: BoolArray, direction: int = 0) -> tuple[IntArray, IntArray, IntArray]:
        """One hop from `frontier`: (neighbour, edge, index into frontier) for every allowed slot.
        direction 0 follows every edge, 1 only outgoing directed ones (and undirected), -1 incoming."""
        pos, owner = _ranges(self.indptr, frontier)
        edge = self.adj_edge[pos]
        ok = emask[edge]
        if direction:
            ok &= (~self.directed[edge]) | (self.adj_out[pos] == (direction > 0))
        return self.adj_other[pos][ok], edge[ok], owner[ok]

    def _stamp(self) -> int:
        """A fresh "visited" stamp for the compiled traversals (scratch arrays sized to the graph)."""
        n = self.node_count
        if self._mark.shape[-1] != n:
            self._mark = np.zeros(n, dtype=np.int64)
            self._mark2 = np.zeros((2, n), dtype=np.int64)
            self._dist2 = np.zeros((2, n), dtype=np.int64)
            self._all_nodes = np.ones(n, dtype=np.bool_)
            self._stamps = 0
        self._stamps += 1
        return self._stamps

    def _writable(self, emask: BoolArray) -> BoolArray:
        """`emask` for the compiled traversals: the shared unfiltered mask is read-only, which
        numba would compile separately; `alive` holds the same values."""
        return self.alive if emask is self._unfiltered else emask

    def neighbourhood(self, seed: int, hops: int, emask: BoolArray, nmask: BoolArray | None,
                      max_nodes: int) -> tuple[IntArray, IntArray, bool]:
        """Nodes within `hops` of `seed` (level by level) and their depth; True if cut at
        `max_nodes` (the level that overflows keeps its best connected nodes)."""
        stamp = self._stamp()
        nodes, depth, cut = kernels.neighbourhood(self.indptr, self.adj_other, self.adj_edge, self._writable(emask),
                                                  self._all_nodes if nmask is None else nmask, self._mark,
                                                  stamp, seed, hops, max_nodes)
        return nodes, depth, bool(cut)

    def edges_among(self, nodes: IntArray, emask: BoolArray) -> IntArray:
        """Allowed live edges with both ends in `nodes`."""
        stamp = self._stamp()
        return kernels.edges_among(self.indptr, self.adj_other, self.adj_edge, self._writable(emask),
                                   np.asarray(nodes, dtype=np.int64), self._mark, stamp)

    def shortest_path(self, source: int, target: int, emask: BoolArray, nmask: BoolArray | None,
                      max_length: int, directed: bool = False) -> PathResult | None:
        """Fewest-hop path (bidirectional BFS that stops where the two searches meet)."""
        fast = self._fast
        if fast is not None and emask is self._unfiltered and nmask is None and not directed:
            found: PathResult | None = fast(source, target, max_length)  # the common query, first
            return found
        if source == target:
            return PathResult([source], [])
        search = self._search
        if search is None:
            search = self._search = _PathSearch(self)
            self._fast = search.fast
        if len(search.out) <= 2 * max_length:
            search.fit(max_length)
        listed = search.run(source, target, emask, nmask, max_length, directed)
        if not listed:
            return None
        n = (len(listed) + 1) // 2  # nodes, then edges
        result: PathResult = _path_result((listed[:n], listed[n:]))
        return result

    def temporal_path(self, source: int, target: int, emask: BoolArray, nmask: BoolArray | None,
                      max_length: int, directed: bool = False,
                      include_undated: bool = True) -> PathResult | None:
        """Fewest-hop time-respecting path: each edge starts no earlier than the one before it
        (an edge with a period [start, end] can be taken at any time up to its end). Among
        the shortest, the one arriving earliest. Undated edges (family, associates) carry
        no time and may sit anywhere when `include_undated`.

        Level-synchronous earliest-arrival search: a node is kept at a level only if it is
        reached earlier than at every level before (later arrivals are dominated)."""
        if source == target:
            return PathResult([source], [])
        stamp = self._stamp()
        self._stamps += max_length + 1  # one stamp per level
        nodes, edges = kernels.temporal(self.indptr, self.adj_other, self.adj_edge, self.adj_out, self.directed,
                                        self.start, self.end, self._writable(emask),
                                        self._all_nodes if nmask is None else nmask, self._mark2, self._dist2,
                                        stamp, source, target, max_length, directed, include_undated,
                                        int(NO_DATE))
        if not len(nodes):
            return None
        return PathResult([int(v) for v in nodes], [int(e) for e in edges])

    # ---- global algorithms ---------------------------------------------------------------

    def simple_graph(self, emask: BoolArray, nodes: IntArray | None = None) -> tuple[Any, IntArray]:
        """An undirected igraph of allowed edges (parallel edges merged, `weight` = how many),
        over `nodes` (default: every node); returns it with the node index of each vertex."""
        import igraph as ig

        from bicentennial.gcpause import paused_gc

        if nodes is None:
            nodes = np.arange(self.node_count, dtype=np.int64)
        local = np.full(self.node_count, -1, dtype=np.int64)
        local[nodes] = np.arange(len(nodes))
        chosen = np.flatnonzero(emask)
        a, b = local[self.src[chosen]], local[self.dst[chosen]]
        keep = (a >= 0) & (b >= 0) & (a != b)
        a, b = a[keep], b[keep]
        size = max(len(nodes), 1)
        key = np.minimum(a, b) * size + np.maximum(a, b)
        key, weight = np.unique(key, return_counts=True)
        pairs = np.stack([key // size, key % size], axis=1)
        with paused_gc():  # a million edge tuples and weights, freed by reference counting
            g = ig.Graph(n=len(nodes), edges=pairs, directed=False)
            g.es["weight"] = weight.astype(float).tolist()
        return g, nodes


class _PathSearch:
    """`kernels.bidirectional` bound to one version of a graph: its adjacency in the search's
    own numbering of the nodes (reverse Cuthill–McKee, so that nodes reached together are
    close in memory; 32-bit where the graph allows it, half the memory to read) and the
    scratch arrays sized to it (kept between calls and across versions of the same size, so
    nothing of the size of the graph is allocated per query). Made when a version of the
    graph is indexed, if that graph has had path queries (0.3–0.5 s for a million edges).

    A short path costs a few microseconds to find, about what numba's dispatcher takes to
    work out the types of 18 arguments and what boxing a new array takes, so the search
    writes into `out` and is called through compiled entry points: `kernels.plain_path`
    (no filter, no direction: 4 arrays to unbox rather than 12) and `kernels.bidirectional`
    for filter masks of the kind the graph makes. A mask of any other kind goes through
    the dispatcher, which checks it."""

    __slots__ = ("arrays", "call", "fast", "graph", "out", "plain", "plain_args", "queue", "reached")
    reached: NDArray[np.uint64]
    queue: NDArray[Any]  # int32 where the graph allows it
    out: IntArray

    def __init__(self, graph: NetworkGraph, previous: _PathSearch | None = None) -> None:
        n = graph.node_count
        small = max(n + 1, len(graph.adj_other), len(graph.alive)) < np.iinfo(np.int32).max
        dtype = np.int32 if small else np.int64
        if previous is not None and previous.queue.shape[1] == n + 1 and previous.queue.dtype == dtype:
            self.reached, self.queue = previous.reached, previous.queue
        else:
            # written once here, so that no query pays the first touch of their pages
            self.reached = np.full((2, n // 64 + 1), 0, dtype=np.uint64)  # all clear between searches
            self.queue = np.full((6, n + 1), -1, dtype=dtype)
        self.out = np.zeros(64 if previous is None else len(previous.out), dtype=np.int64)
        self.graph = graph
        flat, outgoing = _renumbered(graph, dtype)
        n, slots = graph.node_count, len(outgoing)
        indptr, others, edges, rank, order = np.split(flat, np.cumsum([n + 1, slots, slots, n]))
        self.arrays = (indptr, others, edges, outgoing, graph.directed, rank, order)
        self.plain_args = (flat, n, slots, self.reached, self.queue, self.out)
        self.plain: Any = None  # the entry points, once compiled for these arrays' types
        # the unfiltered query compiled ahead of time (network/_paths.pyx), on 32-bit arrays
        self.fast: Any = None
        if _paths is not None and dtype is np.int32:
            self.fast = _paths.PlainSearch(flat, n, slots, self.reached, self.queue, PathResult).path
        self.call: Any = None

    def fit(self, max_length: int) -> None:
        """Room in `out` for a path of `max_length` edges (its nodes, then its edges)."""
        self.out = np.zeros(2 * max_length + 1, dtype=np.int64)
        self.plain_args = (*self.plain_args[:-1], self.out)

    def run(self, source: int, target: int, emask: BoolArray, nmask: BoolArray | None, max_length: int,
            directed: bool) -> list[int]:
        """The path's nodes then its edges (empty if none)."""
        graph = self.graph
        if emask is graph._unfiltered and nmask is None and not directed:  # the common case, first
            plain = self.plain
            if plain is not None:
                count: int = plain(*self.plain_args, source, target, max_length)
            else:
                count = kernels.plain_path(*self.plain_args, source, target, max_length)
                self.plain = kernels.entry_point(kernels.plain_path, (*self.plain_args, source, target, max_length))
            found: list[int] = self.out[:count].tolist()
            return found
        filtered = emask is not graph._unfiltered
        # without a filter the masks are not read (any boolean array of the graph will do)
        args = (*self.arrays, emask if filtered else graph.alive, graph.alive if nmask is None else nmask,
                self.reached, self.queue, self.out, source, target, max_length, directed, filtered,
                nmask is not None)
        plain_masks = _plain_mask(emask, filtered) and _plain_mask(nmask, nmask is not None)
        if self.call is not None and plain_masks:
            count = self.call(*args)
        else:
            count = kernels.bidirectional(*args)
            if self.call is None and plain_masks:
                self.call = kernels.entry_point(kernels.bidirectional, args)
        found = self.out[:count].tolist()
        return found


def _renumbered(graph: NetworkGraph, dtype: type) -> tuple[NDArray[Any], BoolArray]:
    """The graph's adjacency with its nodes renumbered by reverse Cuthill–McKee (scipy), for
    `kernels.bidirectional`, in one array of `dtype` (as `kernels.plain_path` takes it):
    indptr, neighbours, edges, then each node's rank and each rank's node; and beside it,
    whether each neighbour slot is an outgoing edge."""
    n = graph.node_count
    slots = len(graph.adj_other)
    if n:
        structure = csr_matrix((np.ones(slots, dtype=np.int8), graph.adj_other, graph.indptr), shape=(n, n))
        order = reverse_cuthill_mckee(structure, symmetric_mode=True).astype(np.int64)
    else:
        order = np.zeros(0, dtype=np.int64)
    flat: NDArray[Any] = np.empty(3 * n + 1 + 2 * slots, dtype=dtype)
    indptr, others, edges, rank, new_order = np.split(flat, np.cumsum([n + 1, slots, slots, n]))
    rank[order] = np.arange(n, dtype=dtype)
    new_order[:] = order
    pos, _owner = _ranges(graph.indptr, order)  # every node's neighbour slots, nodes in the new order
    indptr[0] = 0
    np.cumsum(np.diff(graph.indptr)[order], out=indptr[1:])
    others[:] = rank[graph.adj_other[pos]]
    edges[:] = graph.adj_edge[pos]
    return flat, graph.adj_out[pos]


def _plain_mask(mask: BoolArray | None, used: bool) -> bool:
    """Whether `mask` has the type of the graph's own masks (1-D, contiguous, writable
    booleans), so the compiled entry point can take it unchecked."""
    if not used:
        return True
    return (type(mask) is np.ndarray and mask.dtype == np.bool_ and mask.ndim == 1
            and mask.flags.c_contiguous and mask.flags.writeable)
