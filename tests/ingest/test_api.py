"""POST /api/records through FastAPI's TestClient, on both backends."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from bicentennial.access.tokens import add_user
from bicentennial.api.app import create_app
from bicentennial.store.db import get_engine
from bicentennial.store.tables import statement

RECORDS = [
    {"id": "GN-1", "category": "drogas", "date": "2024-05-01", "quantity": "3.5", "unit": "kilos", "country": "mx"},
    {"id": "GN-2", "category": "drugs", "date": "2024-02-30", "unit": "kg"},
    {"id": "GN-3", "category": "", "date": "2024-05-03"},
]


def test_post_records(database_url: str) -> None:
    engine = get_engine(database_url)
    with engine.begin() as conn:
        token = add_user(conn, "ana", "GN", ["analyst"])
        auditor = add_user(conn, "olga", "GN", ["auditor"])
    client = TestClient(create_app())
    body = {"schema": "Seizure", "sharing": "national", "records": RECORDS}

    assert client.post("/api/records", json=body).status_code == 401
    assert client.post("/api/records", json=body,
                       headers={"Authorization": f"Bearer {auditor}"}).status_code == 403

    auth = {"Authorization": f"Bearer {token}"}
    res = client.post("/api/records", json=body, headers=auth)
    assert res.status_code == 200, res.text
    summary = res.json()
    assert (summary["rows"], summary["accepted"], summary["quarantined"]) == (3, 1, 2)
    assert summary["agency"] == "GN"
    assert {(q["row"], q["field"], q["reason"]) for q in summary["quarantine"]} == {
        (2, "date", "impossible date"), (3, "category", "required property category is empty")}
    with engine.connect() as conn:
        stored = conn.execute(select(statement.c.agency, statement.c.country, statement.c.source_key)
                              .distinct()).all()
    assert stored == [("GN", "mx", "GN-1")]

    again = client.post("/api/records", json=body, headers=auth).json()
    assert again["statements_added"] == 0

    es = client.post("/api/records?lang=es", json=body, headers=auth).json()
    assert "fecha imposible" in {q["reason"] for q in es["quarantine"]}

    bad = client.post("/api/records", json={**body, "records": [{"shoeSize": "9"}]}, headers=auth)
    assert bad.status_code == 422 and "shoeSize" in bad.json()["detail"]
    bad = client.post("/api/records", json={**body, "sharing": "secret"}, headers=auth)
    assert bad.status_code == 422 and "secret" in bad.json()["detail"]
    bad = client.post("/api/records", json={**body, "schema": "Spaceship"}, headers=auth)
    assert bad.status_code == 422
    with engine.connect() as conn:
        assert conn.execute(select(func.count(func.distinct(statement.c.entity_id)))).scalar_one() == 1
