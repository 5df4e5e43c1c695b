"""Batch screening of held entities: alerts, visibility of alerts, audited decisions (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from bicentennial.access.audit import verify
from bicentennial.access.principal import Principal, system_principal
from bicentennial.access.tokens import add_user
from bicentennial.api.routers.match import router
from bicentennial.cli import app as cli_app
from bicentennial.network.queries import expand
from bicentennial.screen.alerts import AlertNotFound, decide, get_alert, list_alerts, run_batch
from bicentennial.screen.index import ScreeningIndex
from bicentennial.store.db import utcnow
from bicentennial.store.tables import audit_log
from bicentennial.store.writer import insert_statements

DEA = system_principal("DEA", "us")
FBI = Principal("fbi-analyst", "FBI", "us", frozenset({"analyst"}))
GN = Principal("gn-analyst", "GN", "mx", frozenset({"analyst"}))


def _stmt(entity: str, schema: str, prop: str, value: str, agency: str, country: str, sharing: str) -> dict:
    now = utcnow()
    sid = hashlib.sha1(f"{entity}|{prop}|{value}|{agency}|{sharing}".encode()).hexdigest()
    return {"id": sid, "entity_id": entity, "schema": schema, "prop": prop, "value": value, "original_value": value,
            "search_text": value.lower(), "agency": agency, "country": country, "sharing": sharing,
            "batch_id": "test", "source_row": 1, "source_key": None, "first_seen": now, "last_seen": now}


@pytest.fixture
def held(engine: Engine) -> Engine:
    rows = [
        # shared binationally: every agency sees it
        _stmt("p-chapo", "Person", "name", "Joaquín Guzmán Loera", "DEA", "us", "binational"),
        _stmt("p-chapo", "Person", "birthDate", "1954-12-25", "DEA", "us", "binational"),
        # the name is binational but the DOB is national (U.S. only): the alert needs both
        _stmt("p-mencho", "Person", "name", "Nemesio Oseguera Cervantes", "DEA", "us", "binational"),
        _stmt("p-mencho", "Person", "birthDate", "1966-07-17", "DEA", "us", "national"),
        # not listed
        _stmt("p-nobody", "Person", "name", "Patricia Lucas Wheeler", "DEA", "us", "binational"),
        _stmt("c-jatziry", "Company", "name", "Auto Servicio Jatziry, S.A. de C.V.", "DEA", "us", "originator"),
    ]
    with engine.begin() as conn:
        insert_statements(conn, rows)
    return engine


def test_batch_alerts_visibility_and_decisions(held: Engine, sdn_index: ScreeningIndex) -> None:
    with held.begin() as conn:
        counts = run_batch(conn, DEA, sdn_index)
    assert counts["entities"] == 4 and counts["new"] == 3
    with held.begin() as conn:
        dea = {a["entity_id"]: a for a in list_alerts(conn, DEA)}
        fbi = {a["entity_id"] for a in list_alerts(conn, FBI)}
        gn = {a["entity_id"] for a in list_alerts(conn, GN)}
    assert set(dea) == {"p-chapo", "p-mencho", "c-jatziry"}
    assert dea["p-chapo"]["list_source_id"] == "6861" and dea["p-chapo"]["status"] == "open"
    assert dea["p-chapo"]["explanation"]["name_match"]["detail"]  # explanation kept
    assert fbi == {"p-chapo", "p-mencho"}  # originator-level company: DEA only
    assert gn == {"p-chapo"}  # Mexican agency: no U.S.-national DOB, so no Mencho alert
    with held.begin() as conn:
        with pytest.raises(AlertNotFound):
            decide(conn, GN, dea["p-mencho"]["id"], "dismiss", "not him")
        with pytest.raises(ValueError):
            decide(conn, DEA, dea["p-chapo"]["id"], "confirm", "  ")
        decided = decide(conn, FBI, dea["p-chapo"]["id"], "confirm", "DOB and name agree")
    assert decided["status"] == "confirmed" and decided["reviewer"] == "fbi-analyst"
    with held.begin() as conn:
        assert get_alert(conn, GN, dea["p-chapo"]["id"])["status"] == "confirmed"
        review = conn.execute(select(audit_log).where(audit_log.c.action == "review")).all()
        assert len(review) == 1 and json.loads(review[0].detail)["reason"] == "DOB and name agree"
        assert verify(conn).ok
        # a second run refreshes, keeps the decision, adds nothing
        again = run_batch(conn, DEA, sdn_index)
        assert again["new"] == 0 and get_alert(conn, DEA, dea["p-chapo"]["id"])["status"] == "confirmed"


def test_the_published_list_is_not_screened_against_itself(held: Engine, sdn_index: ScreeningIndex) -> None:
    """An SDN entry published as OFAC's public records (`screen publish`) would match itself;
    an entity of ours that carries the same id (resolved to it) is still screened."""
    with held.begin() as conn:
        insert_statements(conn, [
            _stmt("ofac-sdn-6861", "Person", "name", "GUZMAN LOERA, Joaquin", "OFAC", "us", "public"),
            _stmt("ofac-sdn-6861", "Person", "birthDate", "1954-12-25", "OFAC", "us", "public"),
            _stmt("ofac-sdn-20109", "Person", "name", "OSEGUERA CERVANTES, Antonio", "OFAC", "us", "public"),
            _stmt("ofac-sdn-20109", "Person", "name", "Antonio Oseguera", "DEA", "us", "binational"),
        ])
        counts = run_batch(conn, DEA, sdn_index)
        alerted = {a["entity_id"] for a in list_alerts(conn, DEA)}
    assert counts["entities"] == 5  # the four of `held`, and the entry that is ours too
    assert "ofac-sdn-6861" not in alerted and "ofac-sdn-20109" in alerted and "p-chapo" in alerted


def test_api_match_and_alerts(held: Engine, sdn_index: ScreeningIndex, index_file: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bicentennial.screen.index.default_path", lambda: index_file)
    with held.begin() as conn:
        token = add_user(conn, "gn-analyst", "GN", ["analyst"])
        run_batch(conn, DEA, sdn_index)
    app = FastAPI()
    app.include_router(router)
    client = TestClient(app)
    body = {"queries": {"q1": {"schema": "Person", "properties": {"name": ["Joaquin Guzman Loera"],
                                                                  "birthDate": ["1954"]}},
                        "q2": {"schema": "Company", "properties": {"name": ["Constructora Jatziry de Guasave"]}}}}
    assert client.post("/api/match", json=body).status_code == 401
    auth = {"Authorization": f"Bearer {token}"}
    response = client.post("/api/match?limit=2", json=body, headers=auth)
    assert response.status_code == 200
    data = response.json()
    top = data["responses"]["q1"]["results"][0]
    assert top["id"] == "ofac-sdn-6861" and top["source_id"] == "6861" and top["match"] is True
    assert top["features"]["name_match"] == 1.0 and "dob_match" in top["explanations"]
    assert top["properties"]["birthDate"] == ["1954-12-25"]
    assert data["responses"]["q2"]["results"][0]["schema"] == "Organization"
    assert client.get("/api/match/algorithms", headers=auth).json()["algorithms"][0]["features"]
    alerts = client.get("/api/screen/alerts", headers=auth).json()["alerts"]
    assert [a["entity_id"] for a in alerts] == ["p-chapo"]
    hidden = [a for a in list_alerts(held.connect(), DEA) if a["entity_id"] == "p-mencho"][0]
    assert client.get(f"/api/screen/alerts/{hidden['id']}", headers=auth).status_code == 404
    decided = client.post(f"/api/screen/alerts/{alerts[0]['id']}/decision", headers=auth,
                          json={"decision": "dismiss", "reason": "homonym"})
    assert decided.status_code == 200 and decided.json()["status"] == "dismissed"
    bad = client.post(f"/api/screen/alerts/{alerts[0]['id']}/decision", headers=auth,
                      json={"decision": "maybe", "reason": "x"})
    assert bad.status_code == 422


def test_cli_run_alerts_decide(held: Engine, index_file: Path) -> None:
    runner = CliRunner()
    ran = runner.invoke(cli_app, ["screen", "run", "--agency", "DEA", "--index", str(index_file), "--json"])
    assert ran.exit_code == 0, ran.output
    assert json.loads(ran.output)["new"] == 3
    listed = runner.invoke(cli_app, ["screen", "alerts", "--agency", "GN", "--json"])
    assert listed.exit_code == 0, listed.output
    alerts = json.loads(listed.output)
    assert [a["entity_id"] for a in alerts] == ["p-chapo"]
    missing_reason = runner.invoke(cli_app, ["screen", "decide", alerts[0]["id"], "--confirm", "--agency", "GN"])
    assert missing_reason.exit_code == 2
    ok = runner.invoke(cli_app, ["screen", "decide", alerts[0]["id"], "--confirm", "--reason", "match",
                                 "--agency", "GN", "--json"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.output)["status"] == "confirmed"


def test_a_decision_on_a_published_entry_is_a_resolution_judgement(held: Engine,
                                                                  sdn_index: ScreeningIndex) -> None:
    """Confirming an alert whose list entry is in the store (published) records "same" in the
    reviewer's resolution scope and joins the two in its clusters at once (the merged network
    is one node); dismissing one records "different"; an entry not in the store, nothing."""
    from bicentennial.resolve.pipeline import canonical_ids
    from bicentennial.resolve.review import judgements
    from bicentennial.resolve.tables import resolve_canonical

    with held.begin() as conn:
        insert_statements(conn, [
            _stmt("ofac-sdn-6861", "Person", "name", "GUZMAN LOERA, Joaquin", "OFAC", "us", "public"),
            _stmt("ofac-sdn-6861", "Person", "topics", "sanction", "OFAC", "us", "public"),
            _stmt("ofac-sdn-17674", "Person", "name", "OSEGUERA CERVANTES, Nemesio", "OFAC", "us", "public"),
        ])
        # as left by a resolution run of DEA's scope that kept every person apart
        conn.execute(resolve_canonical.insert(), [
            {"scope": "DEA", "entity_id": e, "canonical_id": e, "kind": "person", "run_id": "r1"}
            for e in ("p-chapo", "p-mencho", "p-nobody", "ofac-sdn-6861", "ofac-sdn-17674")])
        run_batch(conn, DEA, sdn_index)
        alerts = {a["entity_id"]: a for a in list_alerts(conn, DEA)}
        confirmed = decide(conn, DEA, alerts["p-chapo"]["id"], "confirm", "same DOB")
        dismissed = decide(conn, DEA, alerts["p-mencho"]["id"], "dismiss", "another man")
        unpublished = decide(conn, DEA, alerts["c-jatziry"]["id"], "confirm", "same company")
        canonical = canonical_ids(conn, DEA)
        kept = {(j["entity_a"], j["entity_b"], j["decision"]) for j in judgements(conn, DEA)}
    assert confirmed["judgement"]["decision"] == "same" and dismissed["judgement"]["decision"] == "different"
    assert unpublished["judgement"] is None
    assert kept == {("ofac-sdn-6861", "p-chapo", "same"), ("ofac-sdn-17674", "p-mencho", "different")}
    assert canonical["p-chapo"] == canonical["ofac-sdn-6861"]
    assert canonical["p-mencho"] != canonical["ofac-sdn-17674"]
    with held.begin() as conn:  # the merged network: one node, on a sanctions list
        merged = expand(conn, DEA, "p-chapo", hops=1, merged=True)
        plain = expand(conn, DEA, "p-chapo", hops=1)
    seed = merged["elements"]["nodes"][0]["data"]
    assert seed["id"] == canonical["p-chapo"] and seed["listed"] is True
    assert "listed" not in plain["elements"]["nodes"][0]["data"]
    again = CliRunner().invoke(cli_app, ["screen", "decide", alerts["p-chapo"]["id"], "--dismiss", "--reason",
                                         "homonym after all", "--agency", "DEA"], env={"COLUMNS": "200"})
    assert again.exit_code == 0, again.output
    assert "ofac-sdn-6861 and p-chapo are not the same" in " ".join(again.output.split())
    with held.begin() as conn:
        assert canonical_ids(conn, DEA)["p-chapo"] != canonical_ids(conn, DEA)["ofac-sdn-6861"]
