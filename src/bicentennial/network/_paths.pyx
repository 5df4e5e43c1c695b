# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The unfiltered fewest-hop path, compiled ahead of time (Cython).

The same search as `kernels.bidirectional` without filters or directions, the query an
investigator asks most, on the same arrays (`graph._PathSearch`'s renumbered 32-bit
adjacency, bitsets and queues). Between two nearby entities that search takes well under a
microsecond, and numba's entry point spends as long again unboxing its arrays and Python as
long again around it. Here the arrays are taken once, when the search is made, and a query
is one method call from Python that hands back the `PathResult` itself.

`kernels.bidirectional` stays the reference: tests/network/test_paths_ext.py asks both for
the same paths, node for node and edge for edge.
"""

from cpython.mem cimport PyMem_Free, PyMem_Malloc
from libc.stdint cimport int32_t, int64_t, uint64_t

cdef extern from *:
    """
    /* cls((a, b)) for a tuple subclass `cls` (a named tuple), as tuple.__new__ makes it,
       without looking up and calling __new__ */
    static PyObject *bicentennial_pair(PyObject *cls, PyObject *a, PyObject *b) {
        PyTypeObject *type = (PyTypeObject *) cls;
        PyObject *pair = type->tp_alloc(type, 2);
        if (pair == NULL) return NULL;
        Py_INCREF(a);
        Py_INCREF(b);
        PyTuple_SET_ITEM(pair, 0, a);
        PyTuple_SET_ITEM(pair, 1, b);
        return pair;
    }
    """
    object _pair "bicentennial_pair"(object cls, object a, object b)


cdef class PlainSearch:
    """Paths over one version of a graph's renumbered adjacency (`flat`: indptr, neighbours,
    edges, rank, order, as `graph._renumbered` lays them out) with `reached` (2 bitsets)
    and `queue` (6 rows) as scratch; `make` turns (nodes, edges) into the caller's result."""

    cdef const int32_t* indptr
    cdef const int32_t* others
    cdef const int32_t* edges
    cdef const int32_t* rank
    cdef const int32_t* order
    cdef uint64_t* reached[2]
    cdef int32_t* queue[6]
    cdef int32_t* nodes_buf
    cdef int32_t* edges_buf
    cdef Py_ssize_t capacity
    cdef Py_ssize_t n
    cdef object keep
    cdef object make

    def __cinit__(self):
        self.nodes_buf = NULL
        self.edges_buf = NULL
        self.capacity = 0

    def __init__(self, flat, Py_ssize_t n, Py_ssize_t slots, reached, queue, make):
        cdef const int32_t[::1] f = flat
        cdef uint64_t[:, ::1] r = reached
        cdef int32_t[:, ::1] q = queue
        if f.shape[0] != 3 * n + 1 + 2 * slots or r.shape[0] != 2 or r.shape[1] < n // 64 + 1 \
                or q.shape[0] != 6 or q.shape[1] < n + 1:
            raise ValueError("arrays do not fit a graph of this size")
        self.keep = (flat, reached, queue)  # the pointers below are into these
        self.make = make
        self.n = n
        if n == 0:
            return
        self.indptr = &f[0]
        self.others = self.indptr + n + 1
        self.edges = self.others + slots
        self.rank = self.edges + slots
        self.order = self.rank + n
        self.reached[0] = &r[0, 0]
        self.reached[1] = &r[1, 0]
        for i in range(6):
            self.queue[i] = &q[i, 0]
        self._grow(64)

    def __dealloc__(self):
        PyMem_Free(self.nodes_buf)
        PyMem_Free(self.edges_buf)

    cdef int _grow(self, Py_ssize_t size) except -1:
        if size <= self.capacity:
            return 0
        PyMem_Free(self.nodes_buf)
        PyMem_Free(self.edges_buf)
        self.nodes_buf = <int32_t*> PyMem_Malloc(size * sizeof(int32_t))
        self.edges_buf = <int32_t*> PyMem_Malloc(size * sizeof(int32_t))
        if self.nodes_buf == NULL or self.edges_buf == NULL:
            self.capacity = 0
            raise MemoryError()
        self.capacity = size
        return 0

    def path(self, Py_ssize_t source, Py_ssize_t target, Py_ssize_t max_length):
        """The fewest-hop path from `source` to `target` (graph node numbers) of at most
        `max_length` edges, as `make((nodes, edges))`; None if there is none."""
        if source < 0 or target < 0 or source >= self.n or target >= self.n:
            raise IndexError("node out of range")
        if source == target:
            return _pair(self.make, [source], [])
        cdef Py_ssize_t length = self._search(self.rank[source], self.rank[target], max_length)
        if length == 0:
            return None
        cdef const int32_t* order = self.order
        cdef int32_t* nb = self.nodes_buf
        cdef int32_t* eb = self.edges_buf
        return _pair(self.make, [order[nb[j]] for j in range(length + 1)], [eb[j] for j in range(length)])

    cdef Py_ssize_t _search(self, int32_t source, int32_t target, Py_ssize_t max_length) except -1:
        """`kernels.bidirectional` without masks (see its docstring for why it is right): the
        path's nodes (search numbering) into `nodes_buf`, its edges into `edges_buf`; returns
        its length in edges, 0 if none."""
        cdef const int32_t* indptr = self.indptr
        cdef const int32_t* others = self.others
        cdef uint64_t* r0 = self.reached[0]
        cdef uint64_t* r1 = self.reached[1]
        cdef int32_t** q = self.queue
        cdef uint64_t* mine
        cdef uint64_t* theirs
        cdef int32_t* nodes
        cdef int32_t* slots
        cdef int32_t* parents
        cdef uint64_t bit
        cdef int64_t cost0 = -1, cost1 = -1
        cdef Py_ssize_t lo0 = 0, lo1 = 0, hi0 = 1, hi1 = 1, lo, hi, count = 1, i, p, end, levels = 0
        cdef Py_ssize_t near_at = -1, meet_slot = -1, meet_at = 0, before, after, at, j, k
        cdef int32_t u, v, meet = -1
        cdef int side = 0, other

        r0[source >> 6] |= (<uint64_t> 1) << (source & 63)
        r1[target >> 6] |= (<uint64_t> 1) << (target & 63)
        q[0][0] = source
        q[1][0] = target
        q[4][0] = -1
        q[5][0] = -1
        while hi0 > lo0 and hi1 > lo1 and levels < max_length:
            if cost0 < 0:
                cost0 = 0
                for i in range(lo0, hi0):
                    u = q[0][i]
                    cost0 += indptr[u + 1] - indptr[u]
            if cost1 < 0:
                cost1 = 0
                for i in range(lo1, hi1):
                    u = q[1][i]
                    cost1 += indptr[u + 1] - indptr[u]
            if cost0 <= cost1:
                side, lo, hi, mine, theirs = 0, lo0, hi0, r0, r1
            else:
                side, lo, hi, mine, theirs = 1, lo1, hi1, r1, r0
            nodes, slots, parents = q[side], q[side + 2], q[side + 4]
            count = hi
            for i in range(lo, hi):
                u = nodes[i]
                end = indptr[u + 1]
                for p in range(indptr[u], end):
                    v = others[p]
                    bit = (<uint64_t> 1) << (v & 63)
                    if mine[v >> 6] & bit:
                        continue
                    if theirs[v >> 6] & bit:
                        meet, near_at, meet_slot = v, i, p
                        break
                    mine[v >> 6] |= bit
                    nodes[count] = v
                    slots[count] = <int32_t> p
                    parents[count] = <int32_t> i
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
            r0[q[0][i] >> 6] = 0
        for i in range(count if meet >= 0 and side == 1 else hi1):
            r1[q[1][i] >> 6] = 0
        if meet < 0:
            return 0
        other = 1 - side
        for k in range(hi1 if side == 0 else hi0):
            if q[other][k] == meet:
                meet_at = k
                break
        before = 0
        at = near_at
        while q[side + 4][at] >= 0:
            at = q[side + 4][at]
            before += 1
        after = 0
        at = meet_at
        while q[other + 4][at] >= 0:
            at = q[other + 4][at]
            after += 1
        cdef Py_ssize_t length = before + 1 + after
        self._grow(length + 1)
        # position j along the path from this side's end; flipped for the target's side
        self._put(side, length, before, q[side][near_at], self.edges[meet_slot])
        at = near_at
        for j in range(before - 1, -1, -1):
            self._put(side, length, j, -1, self.edges[q[side + 2][at]])
            at = q[side + 4][at]
            self._put(side, length, j, q[side][at], -1)
        self._put(side, length, before + 1, meet, -1)
        at = meet_at
        for j in range(before + 1, length):
            self._put(side, length, j, -1, self.edges[q[other + 2][at]])
            at = q[other + 4][at]
            self._put(side, length, j + 1, q[other][at], -1)
        return length

    cdef inline void _put(self, int side, Py_ssize_t length, Py_ssize_t j, int32_t node, int32_t edge) noexcept:
        """Node `node` at position j and/or edge `edge` between positions j and j + 1
        (-1: not given), counted from the source whichever side found the meeting."""
        if node >= 0:
            self.nodes_buf[j if side == 0 else length - j] = node
        if edge >= 0:
            self.edges_buf[j if side == 0 else length - 1 - j] = edge
