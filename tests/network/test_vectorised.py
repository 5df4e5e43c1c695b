"""The set-at-a-time derivation (DuckDB) makes exactly what the readable per-record one
(`derive.py`) makes: same nodes, edges with the same ids, statements and dates, same guesses."""

from __future__ import annotations

import random

import pyarrow as pa

from bicentennial.network.derive import collect, derive, prefilter
from bicentennial.network.vectorised import derive_arrow

from .conftest import Fact, case_facts, entity


def _table(facts: list[Fact]) -> pa.Table:
    return pa.table({"id": [f.id for f in facts], "entity_id": [f.entity_id for f in facts],
                     "schema": [f.schema for f in facts], "prop": [f.prop for f in facts],
                     "value": [f.value for f in facts]})


def _random_facts(seed: int) -> list[Fact]:
    rng = random.Random(seed)
    people = [f"p{i}" for i in range(25)]
    orgs = [f"c{i}" for i in range(8)]
    accounts = [f"a{i}" for i in range(10)]
    day = lambda: f"20{rng.randint(18, 25)}-{rng.randint(1, 12):02d}" + ("-15" if rng.random() < .5 else "")  # noqa: E731
    out: list[Fact] = []
    for p in people:
        listed = {"topics": rng.choice([["sanction"], ["crime"], ["crime", "sanction"]])} if rng.random() < .3 else {}
        out += entity(p, "Person", "CBP", "binational",
                      name=[f"N {p}"] + ([f"Alias {p}"] if rng.random() < .3 else []), **listed)
    for c in orgs:
        out += entity(c, rng.choice(["Company", "Organization"]), "FGR", "binational", name=f"Org {c}")
    for i in range(60):
        kind = rng.choice(["Payment", "Ownership", "Family", "Seizure", "FirearmTrace", "UnknownLink", "Passport"])
        rid = f"r{i}"
        party = lambda: rng.choice(people + orgs)  # noqa: E731
        if kind == "Payment":
            props: dict[str, str | list[str]] = {"payer": [party() for _ in range(rng.randint(1, 2))],
                                                 "beneficiary": party(), "date": day(),
                                                 "amount": str(rng.randint(1, 10**6))}
            if rng.random() < .6:
                props |= {"payerAccount": rng.choice(accounts), "beneficiaryAccount": rng.choice(accounts)}
        elif kind == "Ownership":
            props = {"owner": party(), "asset": rng.choice(orgs), "startDate": day(), "endDate": day()}
        elif kind == "Family":
            props = {"person": rng.choice(people), "relative": rng.choice(people)}
        elif kind == "Seizure":
            props = {"involved": rng.sample(people, rng.randint(1, 5)), "date": day()}
        elif kind == "FirearmTrace":
            props = {"purchaser": rng.choice(people), "dealer": rng.choice(orgs), "date": day()}
        elif kind == "UnknownLink":
            props = {"subject": party(), "object": party()}
        else:
            props = {"holder": rng.choice(people), "number": f"X{i}"}
        out += entity(rid, kind, rng.choice(["CBP", "FGR", "UIF"]), "binational", **props)
    return list({f.id: f for f in out}.values())  # statement ids are unique in the store


def _same(facts: list[Fact]) -> None:
    table = prefilter(_table(facts))
    nodes, edges, guesses = derive(collect(table))
    fast_nodes, fast_edges, fast_guesses = derive_arrow(table)
    assert fast_nodes == nodes
    assert sorted(fast_edges) == sorted(edges)
    assert fast_guesses == guesses


def test_case_derives_the_same() -> None:
    _same(case_facts())


def test_random_records_derive_the_same() -> None:
    for seed in range(6):
        _same(_random_facts(seed))


def test_entities_on_a_sanctions_list_are_marked_by_both_and_drawn_so() -> None:
    """An entity with the FtM topic "sanction" (a published list entry) is a `listed` node,
    in both derivations, and its element says so; others' elements are unchanged."""
    import orjson

    from bicentennial.network.graph import NetworkGraph
    from bicentennial.network.render import elements

    facts = (entity("ofac-sdn-1", "Organization", "OFAC", "public", name="LISTED SA", topics=["sanction"])
             + entity("p2", "Person", "CBP", "binational", name="Plain Person", topics=["crime"])
             + entity("r1", "UnknownLink", "OFAC", "public", subject="ofac-sdn-1", object="p2"))
    table = prefilter(_table(facts))
    nodes, edges, _guesses = derive(collect(table))
    fast_nodes, _fast_edges, _ = derive_arrow(table)
    assert nodes == fast_nodes and nodes["ofac-sdn-1"].listed and not nodes["p2"].listed
    graph = NetworkGraph()
    graph.update(nodes, edges, ["r1"])
    drawn = {n["data"]["id"]: n["data"] for n in elements(graph, [0, 1], [])["nodes"]}
    assert drawn["ofac-sdn-1"]["listed"] is True and "listed" not in drawn["p2"]
    assert orjson.loads(graph.node_json[graph.index["p2"]] + b"}}") == {
        "data": {"id": "p2", "label": "Plain Person", "schema": "Person"}}
    # delisted (the topic gone from what the caller sees): the element is made again
    graph.update({"ofac-sdn-1": type(nodes["ofac-sdn-1"])("ofac-sdn-1", "LISTED SA", "Organization")}, [], [])
    assert "listed" not in elements(graph, [graph.index["ofac-sdn-1"]], [])["nodes"][0]["data"]
