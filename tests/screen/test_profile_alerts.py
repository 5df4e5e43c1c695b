"""Sanctions alerts appear on the entity profile, only for users who may see every statement behind them."""

from __future__ import annotations

import hashlib

from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert

from bicentennial.access.records import fold
from bicentennial.access.tokens import add_user
from bicentennial.api.app import create_app
from bicentennial.screen.tables import screen_alert, screen_alert_statement
from bicentennial.store.writer import insert_statements


def _stmt(entity: str, prop: str, value: str, agency: str, country: str, sharing: str) -> dict[str, object]:
    return {"id": hashlib.sha1(f"{entity}{prop}{value}{agency}{sharing}".encode()).hexdigest(), "entity_id": entity,
            "schema": "Person", "prop": prop, "value": value, "original_value": None, "search_text": fold(value),
            "agency": agency, "country": country, "sharing": sharing, "batch_id": "b", "source_row": 1,
            "source_key": None, "first_seen": "2026-01-01T00:00:00.000000Z", "last_seen": "2026-01-01T00:00:00.000000Z"}


def test_alert_on_profile_respects_sharing(engine: Engine) -> None:
    shared = _stmt("p1", "name", "Rafael Caro Quintero", "FGR", "mx", "binational")
    secret = _stmt("p1", "birthDate", "1952-10-24", "FGR", "mx", "originator")
    with engine.begin() as conn:
        fgr = add_user(conn, "fgr1", "FGR", ["analyst"])
        cbp = add_user(conn, "cbp1", "CBP", ["analyst"])
        insert_statements(conn, [shared, secret])
        for alert_id, stmts in (("a-public", [shared]), ("a-secret", [shared, secret])):
            conn.execute(insert(screen_alert).values(
                id=alert_id, entity_id="p1", entity_schema="Person", entity_caption="Rafael Caro Quintero",
                list_entity_id=f"ofac-sdn-{alert_id}", list_source="ofac-sdn", list_source_id=alert_id,
                list_caption="CARO QUINTERO, Rafael", score=0.97 if alert_id == "a-public" else 0.99,
                explanation='{"name": {"score": 0.97, "detail": "x"}}', status="open", created_by="t",
                created_at="2026-01-01", updated_at="2026-01-01"))
            links = [{"alert_id": alert_id, "statement_id": s["id"]} for s in stmts]
            conn.execute(insert(screen_alert_statement), links)
    client = TestClient(create_app())
    client.cookies.set("bic_token", fgr)
    page_fgr = client.get("/entity/p1").text
    client.cookies.set("bic_token", cbp)
    page_cbp = client.get("/entity/p1").text
    assert "a-public" in page_fgr and "a-secret" in page_fgr
    assert "a-public" in page_cbp and "a-secret" not in page_cbp
    assert "1952-10-24" not in page_cbp
