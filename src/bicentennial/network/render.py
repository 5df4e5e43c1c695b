"""Cytoscape.js elements of a query result, as JSON bytes put together from fragments.

The graph keeps, beside each node and each edge, its element already encoded as JSON
(`node_fragment`, `edge_fragment`; made when the node or edge is added or changed, so
incrementally, like the rest of the graph). Rendering a result of a few thousand elements
is then a join of bytes, not a dict per element. `elements` (the same result as Python
objects) decodes those bytes, so both forms are one rendering:

    {"nodes": [{"data": {"id", "label", "schema", ["depth"]}}],
     "edges": [{"data": {"id", "source", "target", "type", "label", "prop", "date", "end",
                         "amount", "directed", "records": [record id], "statements": [ids]}}]}
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import numpy as np
import orjson

from bicentennial.gcpause import paused_gc
from bicentennial.network.derive import Edge

if TYPE_CHECKING:
    from bicentennial.network.graph import IntArray, NetworkGraph

_NODE_CLOSE = b"}}"
_DEPTHS = [b',"depth":%d}}' % d for d in range(16)]


def edge_dict(edge: Edge) -> dict[str, Any]:
    record, ordinal, source, target, type_, label, prop, directed, date, end, amount, statements = edge
    return {"data": {
        "id": f"{record}/{ordinal}", "source": source, "target": target, "type": type_,
        "label": label or type_, "prop": prop, "date": date, "end": end, "amount": amount,
        "directed": directed, "records": [record], "statements": list(statements),
    }}


def edge_fragment(edge: Edge) -> bytes:
    """`{"data": {...}}` of one edge, as JSON."""
    return bytes(memoryview(orjson.dumps(edge_dict(edge))))


def edge_fragments(edges: Sequence[Edge]) -> list[bytes]:
    """`edge_fragment` of many edges (collector paused).

    Each is copied into a bytes object of its own size: orjson's result sits in a larger
    buffer, and keeping a million of those cost more than making them (the graph of the 1M
    demo: 14.6 s -> see docs/network.md); the copy, ~0.1 µs, frees the buffer at once."""
    with paused_gc():
        return [bytes(memoryview(orjson.dumps(edge_dict(edge)))) for edge in edges]


def node_fragment(node_id: str, label: str, schema: str, listed: bool = False) -> bytes:
    """`{"data": {"id", "label", "schema"[, "listed": true]` of one node, left open for extra
    members (`listed` only on nodes on a sanctions list, so other nodes stay as they were)."""
    data: dict[str, Any] = {"id": node_id, "label": label, "schema": schema}
    if listed:
        data["listed"] = True
    return orjson.dumps({"data": data})[:-2]


def _pick(items: Sequence[bytes], index: list[int]) -> list[bytes]:
    if len(index) == 1:
        return [items[index[0]]]
    return list(itemgetter(*index)(items)) if index else []


def _as_list(values: IntArray | Sequence[int]) -> list[int]:
    if isinstance(values, list):  # e.g. a path's nodes: taken as they are (NumPy integers index too)
        return values
    return values.tolist() if isinstance(values, np.ndarray) else [int(v) for v in values]


def elements_json(graph: NetworkGraph, nodes: IntArray | Sequence[int], edges: IntArray | Sequence[int],
                  depth: IntArray | Sequence[int] | None = None) -> bytes:
    """The elements object of `nodes` (with their `depth` when given) and `edges`, as JSON."""
    node_list = _as_list(nodes)
    picked = _pick(graph.node_json, node_list)
    if depth is None:
        node_part = b"}},".join(picked) + _NODE_CLOSE if picked else b""
    else:
        closes = [_DEPTHS[d] if d < len(_DEPTHS) else b',"depth":%d}}' % d for d in _as_list(depth)]
        node_part = b",".join([a + b for a, b in zip(picked, closes, strict=True)])
    edge_part = b",".join(_pick(graph.edge_json, _as_list(edges)))  # type: ignore[arg-type]
    return b'{"nodes":[' + node_part + b'],"edges":[' + edge_part + b"]}"


def elements(graph: NetworkGraph, nodes: IntArray | Sequence[int], edges: IntArray | Sequence[int],
             depth: IntArray | Sequence[int] | None = None) -> dict[str, Any]:
    """`elements_json` as Python objects."""
    out: dict[str, Any] = orjson.loads(elements_json(graph, nodes, edges, depth))
    return out


def fragment(data: bytes) -> Any:
    """Pre-encoded JSON to embed in a value `orjson.dumps` encodes."""
    return orjson.Fragment(data)
