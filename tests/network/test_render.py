"""The elements kept encoded with the graph (network/render.py) are what a dict per node and
edge would give, stay so through incremental updates, and the API sends them as they are."""

from __future__ import annotations

from typing import Any

import numpy as np
import orjson
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from bicentennial.access.tokens import add_user
from bicentennial.api.app import create_app
from bicentennial.network import expand, path
from bicentennial.network.graph import NetworkGraph
from bicentennial.network.render import edge_dict, elements, elements_json

from .conftest import Fact, entity, who
from .test_graph import _chain, _graph, _table


def _by_dicts(graph: NetworkGraph, nodes: list[int], edges: list[int], depth: list[int]) -> dict[str, Any]:
    return {"nodes": [{"data": {"id": graph.node_ids[i], "label": graph.labels[i], "schema": graph.schemata[i],
                                "depth": d}} for i, d in zip(nodes, depth, strict=True)],
            "edges": [edge_dict(e) for e in (graph.edges[i] for i in edges) if e is not None]}


def _check(graph: NetworkGraph) -> None:
    live = np.flatnonzero(graph.alive).tolist()
    nodes = list(range(graph.node_count))
    depth = [i % 3 for i in nodes]
    assert orjson.loads(elements_json(graph, nodes, live, depth)) == _by_dicts(graph, nodes, live, depth)
    assert elements(graph, nodes[:1], live[:1]) == {
        "nodes": [{"data": {"id": graph.node_ids[0], "label": graph.labels[0], "schema": graph.schemata[0]}}],
        "edges": [edge_dict(graph.edges[live[0]])]}  # type: ignore[arg-type]
    assert elements(graph, [], []) == {"nodes": [], "edges": []}


def test_fragments_match_dicts_through_updates() -> None:
    cached = _graph(_chain())
    _check(cached.graph)
    later = "2026-02-01T00:00:00.000000Z"
    # a record is replaced, naming a node seen only at the end of an edge (no statements yet) ...
    cached.ingest(_table(entity("p1", "Payment", "CBP", "binational", later, beneficiary="z")))
    graph = cached.graph
    assert graph.labels[graph.index["z"]] == "z"
    _check(graph)
    # ... which then gets its own statements: label and schema change
    name = 'Z "quoted" \\ Ltd — ñ'
    cached.ingest(_table(entity("z", "Company", "CBP", "binational", later, name=name)))
    assert graph.labels[graph.index["z"]] == name and graph.schemata[graph.index["z"]] == "Company"
    _check(graph)


def test_api_sends_what_the_queries_return(engine: Engine, case: list[Fact]) -> None:
    with engine.begin() as conn:
        token = add_user(conn, "analyst-UIF", "UIF", ["analyst"])
    client = TestClient(create_app())
    headers = {"Authorization": f"Bearer {token}"}
    body = client.get("/api/network/expand/alice?hops=2", headers=headers)
    assert body.headers["content-type"] == "application/json"
    found = client.get("/api/network/path?source=alice&target=carl", headers=headers).json()
    with engine.begin() as conn:
        assert body.json() == expand(conn, who("UIF"), "alice", 2)
        assert found == path(conn, who("UIF"), "alice", "carl")
    assert found["found"] and found["path"][0] == "alice" and found["elements"]["edges"]
