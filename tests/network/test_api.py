"""The network API: in the OpenAPI document, filtered by the caller's rights, every
view and query written to the audit log (also when nothing is visible)."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from bicentennial.access.audit import verify
from bicentennial.access.tokens import add_user
from bicentennial.api.app import create_app
from bicentennial.store.db import utcnow
from bicentennial.store.tables import audit_log

from .conftest import Fact, entity, write

QUERIES = [
    "/api/network/stats",
    "/api/network/expand/alice?hops=2",
    "/api/network/expand/alice?hops=3&edge_type=Payment&date_from=2024-01&include_undated=false",
    "/api/network/path?source=alice&target=carl",
    "/api/network/path?source=alice&target=carl&time_respecting=true",
    "/api/network/communities",
    "/api/network/communities?entity=alice",
    "/api/network/key-players",
    "/api/network/key-players?entity=bob&hops=2",
]


def _client(engine: Engine) -> tuple[TestClient, dict[str, dict[str, str]]]:
    with engine.begin() as conn:
        tokens = {ag: add_user(conn, f"analyst-{ag}", ag, ["analyst"]) for ag in ("CBP", "UIF")}
    return TestClient(create_app()), {ag: {"Authorization": f"Bearer {t}"} for ag, t in tokens.items()}


def _audit(engine: Engine) -> list[tuple[str, str | None, dict[str, object]]]:
    with engine.connect() as conn:
        rows = conn.execute(select(audit_log).order_by(audit_log.c.seq)).all()
    return [(r.actor, r.target, json.loads(r.detail)) for r in rows]


def test_routes_are_documented(engine: Engine) -> None:
    client = TestClient(create_app())
    paths = client.get("/openapi.json").json()["paths"]
    for route in ("/api/network/expand/{entity_id}", "/api/network/path", "/api/network/communities",
                  "/api/network/key-players", "/api/network/stats", "/api/network/edge-types"):
        assert route in paths


def test_every_query_is_audited_and_filtered(engine: Engine, case: list[Fact]) -> None:
    client, headers = _client(engine)
    assert client.get(QUERIES[1]).status_code == 401
    for url in QUERIES:
        before = len(_audit(engine))
        response = client.get(url, headers=headers["UIF"])
        assert response.status_code == 200, (url, response.text)
        new = _audit(engine)[before:]
        assert any(actor == "analyst-UIF" and (detail.get("query", "").startswith("network:")
                                              or target == "network:stats")
                   for actor, target, detail in new), url
    body = client.get("/api/network/path?source=alice&target=carl", headers=headers["UIF"]).json()
    assert body["path"] == ["alice", "bob", "carl"]
    edge = body["elements"]["edges"][0]["data"]
    assert {"id", "source", "target", "type", "date", "records", "statements"} <= set(edge)
    # CBP may not see carl: 404, and the attempt is in the audit log all the same
    before = len(_audit(engine))
    denied = client.get("/api/network/path?source=alice&target=carl", headers=headers["CBP"])
    assert denied.status_code == 404
    assert denied.headers["content-type"].startswith("application/problem+json")
    new = _audit(engine)[before:]
    assert any(actor == "analyst-CBP" and detail.get("found") is False for actor, _t, detail in new)
    us = client.get("/api/network/expand/bob?hops=3", headers=headers["CBP"]).json()
    assert "carl" not in json.dumps(us)
    with engine.connect() as conn:
        assert verify(conn).ok


def test_new_statements_reach_the_graph(engine: Engine, case: list[Fact], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BICENTENNIAL_NETWORK_MAX_AGE", "0")
    client, headers = _client(engine)
    first = client.get("/api/network/expand/erin?hops=1", headers=headers["CBP"]).json()
    assert {n["data"]["id"] for n in first["elements"]["nodes"]} == {"erin", "bob"}
    # written now, as every write path stamps them (a statement is first seen when it is stored)
    write(engine, entity("link2", "Associate", "OFAC", "public", utcnow(), person="erin", associate="frank"))
    write(engine, entity("link3", "Associate", "FGR", "originator", utcnow(), person="erin", associate="gina"))
    second = client.get("/api/network/expand/erin?hops=1", headers=headers["CBP"]).json()
    assert {n["data"]["id"] for n in second["elements"]["nodes"]} == {"erin", "bob", "frank"}
    with engine.connect() as conn:
        reads = conn.execute(select(func.count()).select_from(audit_log)
                             .where(audit_log.c.target == "bulk:network")).scalar()
    assert reads and reads >= 2  # the incremental read is an audited read too
