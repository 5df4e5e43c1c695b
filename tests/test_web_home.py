"""The first page: log in with a token, see goals and lines with counts, in English or Spanish."""

from __future__ import annotations

import hashlib

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from bicentennial.access.records import fold
from bicentennial.access.tokens import add_user
from bicentennial.api.app import create_app
from bicentennial.store.tables import audit_log
from bicentennial.store.writer import insert_statements


def _stmt(entity: str, schema: str, agency: str, country: str, sharing: str) -> dict[str, object]:
    return {"id": hashlib.sha1(f"{entity}{agency}{sharing}".encode()).hexdigest(), "entity_id": entity,
            "schema": schema, "prop": "date", "value": "2024-01-01", "original_value": None,
            "search_text": fold("x"), "agency": agency, "country": country, "sharing": sharing,
            "batch_id": "b", "source_row": 1, "source_key": None,
            "first_seen": "2026-01-01T00:00:00.000000Z", "last_seen": "2026-01-01T00:00:00.000000Z"}


def test_login_and_home_counts(engine: Engine) -> None:
    with engine.begin() as conn:
        token = add_user(conn, "ana", "FGR", ["analyst"])
        insert_statements(conn, [
            _stmt("s1", "Payment", "UIF", "mx", "national"),
            _stmt("s2", "Payment", "FINCEN", "us", "national"),  # not visible to FGR
            _stmt("s3", "Payment", "FINCEN", "us", "binational"),
        ])
    client = TestClient(create_app())
    assert client.get("/", follow_redirects=False).status_code == 303
    bad = client.post("/login", data={"token": "nope", "next": "/"})
    assert bad.status_code == 401
    ok = client.post("/login", data={"token": token, "next": "/"}, follow_redirects=False)
    assert ok.status_code == 303
    page = client.get("/")
    assert page.status_code == 200
    assert "Disrupt Illicit Financiers" in page.text
    assert 'data-testid="count-3.1">2<' in page.text  # s1 and s3; s2 is FinCEN-national
    es = client.get("/?lang=es")
    assert "Desarticular a los financiadores ilícitos" in es.text
    assert "registros compartidos" in es.text
    assert "Pago 2" in es.text and "Payment 2" in page.text  # schema labels in the reader's language
    with engine.connect() as conn:
        actions = [r[0] for r in conn.execute(select(audit_log.c.action))]
        assert "login" in actions and "denied" in actions
        assert conn.execute(select(func.count()).select_from(audit_log)).scalar_one() >= 3
