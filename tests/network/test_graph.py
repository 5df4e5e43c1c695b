"""Edges from records, traversals with filters, time-respecting paths, incremental updates
(no database: statements as an Arrow table)."""

from __future__ import annotations

import pyarrow as pa

from bicentennial.network.cache import CachedGraph
from bicentennial.network.derive import derive_table

from .conftest import TS, Fact, entity


def _table(facts: list[Fact]) -> pa.Table:
    return pa.table({
        "id": [f.id for f in facts], "entity_id": [f.entity_id for f in facts],
        "schema": [f.schema for f in facts], "prop": [f.prop for f in facts],
        "value": [f.value for f in facts], "first_seen": [f.first_seen for f in facts],
    })


def _chain() -> list[Fact]:
    """a→b (2024-03) b→c (2024-01), a→d (2024-01) d→c (2024-02): only a-d-c is time-respecting."""
    out: list[Fact] = []
    for name in "abcd":
        out += entity(name, "Person", "CBP", "binational", name=name.upper())
    for rid, src, dst, day in (("p1", "a", "b", "2024-03-01"), ("p2", "b", "c", "2024-01-01"),
                               ("p3", "a", "d", "2024-01-15"), ("p4", "d", "c", "2024-02-01")):
        out += entity(rid, "Payment", "CBP", "binational", payer=src, beneficiary=dst, date=day)
    return out


def _graph(facts: list[Fact]) -> CachedGraph:
    cached = CachedGraph()
    cached.ingest(_table(facts))
    return cached


def test_edges_keep_their_records_and_statements() -> None:
    facts = [*entity("s1", "Seizure", "CBP", "binational", involved=["x", "y", "z"], date="2024-05-01"),
             *entity("pay", "Payment", "CBP", "binational", payer="x", beneficiary="y", amount="10",
                     payerAccount="acc1", beneficiaryAccount="acc2")]
    nodes, edges, guesses = derive_table(_table(facts))
    by_type: dict[str, list[tuple[str, str]]] = {}
    for e in edges:
        by_type.setdefault(e.type, []).append((e.source, e.target))
    assert sorted(by_type["Reference"]) == [("s1", "x"), ("s1", "y"), ("s1", "z"), ("x", "acc1"),
                                            ("y", "acc2")]
    assert sorted(by_type["Payment"]) == [("acc1", "acc2"), ("x", "y")]
    # co-occurrence among the seizure's people; none for the pair already paid
    assert sorted(by_type["CoOccurrence"]) == [("x", "y"), ("x", "z"), ("y", "z")]
    payer_stmt = next(f.id for f in facts if f.prop == "payer")
    pay_edge = next(e for e in edges if e.type == "Payment" and e.source == "x")
    assert pay_edge.record == "pay" and payer_stmt in pay_edge.statements and pay_edge.amount == "10"
    assert "pay" not in nodes and "s1" in nodes  # a payment is a line, a seizure a point
    assert guesses["acc1"] == "BankAccount"


def test_shortest_and_time_respecting_paths() -> None:
    g = _graph(_chain()).graph
    a, c = g.index["a"], g.index["c"]
    emask = g.edge_mask()
    assert g.shortest_path(a, c, emask, None, 6) is not None
    assert len(g.shortest_path(a, c, emask, None, 6).edges) == 2  # type: ignore[union-attr]
    found = g.temporal_path(a, c, emask, None, 6)
    assert found is not None and [g.node_ids[i] for i in found.nodes] == ["a", "d", "c"]
    # without p3 no time-respecting path is left, though a path is
    no_p3 = emask.copy()
    no_p3[g.by_record["p3"]] = False
    assert g.temporal_path(a, c, no_p3, None, 6) is None
    assert g.shortest_path(a, c, no_p3, None, 6) is not None
    assert g.shortest_path(a, c, emask, None, 1) is None  # max length


def test_filters_by_type_date_and_schema() -> None:
    facts = _chain() + entity("o1", "Ownership", "CBP", "binational", owner="a", asset="c")
    g = _graph(facts).graph
    a = g.index["a"]
    nodes, _depth, _cut = g.neighbourhood(a, 1, g.edge_mask(["Ownership"]), None, 100)
    assert {g.node_ids[i] for i in nodes} == {"a", "c"}
    nodes, _depth, _cut = g.neighbourhood(a, 1, g.edge_mask(date_from="2024-02", include_undated=False),
                                          None, 100)
    assert {g.node_ids[i] for i in nodes} == {"a", "b"}
    nodes, _depth, cut = g.neighbourhood(a, 2, g.edge_mask(), g.node_mask(["Person"]), 2)
    assert len(nodes) == 2 and cut


def test_incremental_update_replaces_changed_records() -> None:
    cached = _graph(_chain())
    g = cached.graph
    version = g.version
    later = "2026-02-01T00:00:00.000000Z"
    # p1 gains a second beneficiary; a new person e appears with a payment to a
    added = [*entity("p1", "Payment", "CBP", "binational", later, beneficiary="d"),
             *entity("e", "Person", "CBP", "binational", later, name="E"),
             *entity("p5", "Payment", "CBP", "binational", later, payer="e", beneficiary="a")]
    assert cached.ingest(_table(added)) == 3
    assert cached.high_water == later
    assert g.version > version
    p1 = [g.edges[i] for i in g.by_record["p1"]]
    assert sorted((e.type, e.source, e.target) for e in p1 if e) == [
        ("CoOccurrence", "b", "d"), ("Payment", "a", "b"), ("Payment", "a", "d")]
    assert g.edge_count == 7
    # the same rows again change nothing
    assert cached.ingest(_table(added)) == 0
    assert g.edge_count == 7 and later > TS
