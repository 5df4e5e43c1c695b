"""Every network query respects sharing levels: nothing built from a statement the caller
may not see ever comes back (expand, path, communities, key players), on both backends."""

from __future__ import annotations

import contextlib
import itertools
import json
import random
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import Engine

from bicentennial.access.policy import SHARING_LEVELS, can_see
from bicentennial.access.principal import Principal
from bicentennial.network import NotVisible, communities, expand, key_players, path

from .conftest import Fact, case_facts, who, write

AGENCIES = ("CBP", "ATF", "FGR", "UIF")


def _elements(result: dict[str, Any]) -> tuple[set[str], list[dict[str, Any]]]:
    els = result.get("elements") or {"nodes": [], "edges": []}
    return {n["data"]["id"] for n in els["nodes"]}, [e["data"] for e in els["edges"]]


def _check(result: dict[str, Any], facts: list[Fact], p: Principal) -> None:
    """No edge cites a hidden statement; every node and record is named by a visible one."""
    visible = [f for f in facts if can_see(p, f.agency, f.country, f.sharing)]
    visible_ids = {f.id for f in visible}
    hidden_ids = {f.id for f in facts} - visible_ids
    named = {f.entity_id for f in visible} | {f.value for f in visible}
    nodes, edges = _elements(result)
    assert nodes <= named
    for edge in edges:
        assert set(edge["statements"]) <= visible_ids
        assert set(edge["records"]) <= {f.entity_id for f in visible}
        assert {edge["source"], edge["target"]} <= named
    text = json.dumps(result)
    for hidden in hidden_ids:
        assert hidden not in text
    for key in ("pagerank", "betweenness", "brokers"):
        for item in result.get(key) or []:
            assert item["id"] in named
    for community in result.get("largest") or []:
        assert {top["id"] for top in community["top"]} <= named


def _all_queries(engine: Engine, p: Principal, ids: list[str]) -> list[dict[str, Any]]:
    out = []
    with engine.begin() as conn:
        out.append(communities(conn, p))
        out.append(key_players(conn, p))
        for a in ids:
            try:
                out.append(expand(conn, p, a, hops=3))
                out.append(communities(conn, p, entity_id=a))
                out.append(key_players(conn, p, entity_id=a, hops=3))
            except NotVisible:
                pass
        for n, (a, b) in enumerate(itertools.combinations(ids, 2)):
            with contextlib.suppress(NotVisible):
                out.append(path(conn, p, a, b, time_respecting=bool(n % 2)))
    return out


def test_case_views_differ_by_agency(engine: Engine, case: list[Fact]) -> None:
    cbp, fgr, uif = who("CBP"), who("FGR"), who("UIF")
    with engine.begin() as conn:
        us = expand(conn, cbp, "alice", hops=3)
        mx = expand(conn, fgr, "alice", hops=3)
        fiu = expand(conn, uif, "alice", hops=3)
        # CBP sees no Mexican-national payment, no FGR-only ownership or family tie
        assert _elements(us)[0] == {"alice", "bob", "erin", "seiz1"}
        assert _elements(mx)[0] == {"alice", "bob", "carl", "dora", "acme", "erin", "seiz1"}
        assert _elements(fiu)[0] == {"alice", "bob", "carl", "erin", "seiz1"}
        with pytest.raises(NotVisible):
            path(conn, cbp, "alice", "carl")
        assert path(conn, fgr, "alice", "acme")["path"] == ["alice", "bob", "carl", "acme"]
        assert path(conn, uif, "alice", "carl")["length"] == 2
        with pytest.raises(NotVisible):
            path(conn, uif, "alice", "acme")
        kp_us = key_players(conn, cbp)
        kp_mx = key_players(conn, fgr)
    for p, result in ((cbp, us), (fgr, mx), (uif, fiu), (cbp, kp_us), (fgr, kp_mx)):
        _check(result, case, p)


def test_random_sharing_never_leaks(engine: Engine) -> None:
    rng = random.Random(7)
    base = case_facts()
    facts = [replace(f, agency=rng.choice(AGENCIES), sharing=rng.choice(SHARING_LEVELS)) for f in base]
    write(engine, facts)
    ids = sorted({f.entity_id for f in facts})
    for agency in AGENCIES:
        p = who(agency)
        for result in _all_queries(engine, p, ids):
            _check(result, facts, p)


def test_same_agency_shares_a_graph_but_not_another_agency(engine: Engine, case: list[Fact]) -> None:
    with engine.begin() as conn:
        first = expand(conn, who("FGR", "ana"), "carl", hops=1)
        second = expand(conn, who("FGR", "beto"), "carl", hops=1)
        assert first["elements"] == second["elements"]
        with pytest.raises(NotVisible):
            expand(conn, who("ATF"), "carl", hops=1)


def test_public_sees_nothing(engine: Engine, case: list[Fact]) -> None:
    from bicentennial.access.principal import PUBLIC

    with engine.begin() as conn, pytest.raises(NotVisible):
        expand(conn, PUBLIC, "erin", hops=1)
