"""Entities resolved as one (in the caller's agency's resolution) can be one node: expand
and path then cross from one record of a person to another's; other agencies, with no such
resolution, still see two; the query's audit entry says it was merged."""

from __future__ import annotations

import json

from sqlalchemy import Engine, insert, select

from bicentennial.network import expand, path
from bicentennial.resolve.tables import resolve_canonical
from bicentennial.store.tables import audit_log

from .conftest import case_facts, entity, who, write


def _setup(engine: Engine) -> None:
    # a second record of Alice (CBP) with an associate only that record knows
    write(engine, case_facts() + [
        *entity("alice-2", "Person", "CBP", "binational", name="Alice Avery"),
        *entity("gus", "Person", "CBP", "binational", name="Gus Gómez"),
        *entity("as1", "Associate", "CBP", "binational", person="alice-2", associate="gus"),
    ])
    with engine.begin() as conn:
        conn.execute(insert(resolve_canonical), [
            {"scope": "CBP", "entity_id": e, "canonical_id": "c-alice", "kind": "auto", "run_id": "r1"}
            for e in ("alice", "alice-2")])


def test_merged_entities_are_one_node(engine: Engine) -> None:
    _setup(engine)
    cbp, hsi = who("CBP"), who("HSI")
    with engine.begin() as conn:
        plain = expand(conn, cbp, "alice", hops=1)
        merged = expand(conn, cbp, "alice", hops=1, merged=True)
        linked = path(conn, cbp, "bob", "gus", merged=True)
        apart = path(conn, cbp, "bob", "gus", max_length=2)
        other = expand(conn, hsi, "alice", hops=1, merged=True)  # HSI has no such resolution
    ids = lambda r: {n["data"]["id"] for n in r["elements"]["nodes"]}  # noqa: E731
    assert "gus" not in ids(plain) and "alice" in ids(plain)
    assert {"c-alice", "gus", "bob"} <= ids(merged) and not {"alice", "alice-2"} & ids(merged)
    node = next(n["data"] for n in merged["elements"]["nodes"] if n["data"]["id"] == "c-alice")
    assert node["label"] == "Alice Avery" and node["schema"] == "Person"
    # the merged node's edges still cite their records and statements
    records = {r for e in merged["elements"]["edges"] for r in e["data"]["records"]}
    assert {"pay1", "as1"} <= records
    assert linked["found"] and linked["path"] == ["bob", "c-alice", "gus"]
    assert not apart["found"]
    assert "gus" not in ids(other) and "c-alice" not in ids(other)
    with engine.connect() as conn:
        rows = conn.execute(select(audit_log.c.target, audit_log.c.detail).order_by(audit_log.c.seq)).all()
    details = [(t, d if isinstance(d, dict) else json.loads(d)) for t, d in rows]
    expands = [d for t, d in details if t == "alice" and d.get("query") == "network:expand"]
    assert [d.get("merged", False) for d in expands] == [False, True, True]


def test_a_merged_graph_rereads_the_resolution_only_when_it_changed(engine: Engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The scope's canonical ids are read for the first merged query and after a decision, not
    for every query; the decision's effect is drawn at once."""
    from bicentennial.network import cache
    from bicentennial.resolve import pipeline

    _setup(engine)
    reads: list[str] = []
    real = cache.canonical_map
    monkeypatch.setattr(cache, "canonical_map", lambda conn, p: reads.append(p.agency) or real(conn, p))
    cbp = who("CBP")
    ids = lambda r: {n["data"]["id"] for n in r["elements"]["nodes"]}  # noqa: E731
    with engine.begin() as conn:
        first = expand(conn, cbp, "alice", hops=1, merged=True)
        again = expand(conn, cbp, "alice", hops=1, merged=True)
    assert len(reads) == 1 and "gus" in ids(first) and ids(again) == ids(first)
    with engine.begin() as conn:
        pipeline.decide(conn, cbp, "alice", "alice-2", "different", "two people of one name")
    with engine.begin() as conn:
        split = expand(conn, cbp, "alice", hops=1, merged=True)
    assert len(reads) == 2 and "gus" not in ids(split)  # alice-2's associate is no longer alice's
