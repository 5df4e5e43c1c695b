"""Property test: no statement is ever visible outside its sharing level —
through the store functions, the CLI and the API."""

from __future__ import annotations

import hashlib
import json

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, delete
from typer.testing import CliRunner

from bicentennial.access.policy import SHARING_LEVELS, can_see
from bicentennial.access.principal import Principal
from bicentennial.access.records import fold, get_entity, search, visible_table
from bicentennial.access.tokens import add_user
from bicentennial.api.app import create_app
from bicentennial.cli import app as cli_app
from bicentennial.framework import get_agency
from bicentennial.store.tables import app_user, provenance, statement_data
from bicentennial.store.writer import insert_statements

AGENCIES = ["CBP", "ATF", "DEA", "FINCEN", "FGR", "UIF", "SSPC", "SEMAR"]
WORDS = ["pérez", "perez", "lópez", "garcía", "ramírez", "núñez", "smith", "acero", "logística"]

statement_st = st.tuples(
    st.integers(0, 11),  # entity number
    st.sampled_from(AGENCIES),
    st.sampled_from(SHARING_LEVELS),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
)


def _rows(spec: list[tuple[int, str, str, list[str]]]) -> list[dict[str, object]]:
    rows = []
    for n, (ent, agency, sharing, words) in enumerate(spec):
        value = " ".join(w.title() for w in words)
        entity_id = f"e{ent}"
        rows.append({
            "id": hashlib.sha1(f"{entity_id}{n}{agency}{sharing}{value}".encode()).hexdigest(),
            "entity_id": entity_id, "schema": "Person", "prop": "name", "value": value,
            "original_value": None, "search_text": fold(value), "agency": agency,
            "country": get_agency(agency).country, "sharing": sharing, "batch_id": "b1",
            "source_row": n + 1, "source_key": None, "first_seen": "2026-01-01T00:00:00.000000Z",
            "last_seen": "2026-01-01T00:00:00.000000Z",
        })
    return rows


def _expected(rows: list[dict[str, object]], who: Principal, query: str) -> set[str]:
    words = fold(query).split()
    return {
        str(r["entity_id"]) for r in rows
        if can_see(who, str(r["agency"]), str(r["country"]), str(r["sharing"]))
        and all(w in str(r["search_text"]) for w in words)
    }


def _check_entities(results: list[dict], rows: list[dict[str, object]], who: Principal) -> None:
    visible_values: dict[str, set[str]] = {}
    for r in rows:
        if can_see(who, str(r["agency"]), str(r["country"]), str(r["sharing"])):
            visible_values.setdefault(str(r["entity_id"]), set()).add(str(r["value"]))
    for ent in results:
        assert ent["id"] in visible_values, "an entity with no visible statement leaked"
        assert set(ent["properties"]["name"]) <= visible_values[ent["id"]], "an invisible value leaked"
        for agency in ent["agencies"]:
            assert any(
                r["agency"] == agency and r["entity_id"] == ent["id"]
                and can_see(who, str(r["agency"]), str(r["country"]), str(r["sharing"])) for r in rows
            )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    spec=st.lists(statement_st, min_size=1, max_size=30),
    users=st.lists(st.sampled_from(AGENCIES), min_size=1, max_size=3, unique=True),
    query=st.sampled_from(WORDS + ["perez ramirez", "GARCIA", "Nunez"]),
)
def test_nothing_visible_outside_its_sharing_level(engine: Engine, database_url: str, spec, users, query) -> None:
    rows = _rows(spec)
    tokens: dict[str, str] = {}
    with engine.begin() as conn:
        conn.execute(delete(statement_data))
        conn.execute(delete(provenance))
        conn.execute(delete(app_user))
        insert_statements(conn, rows)
        for agency in users:
            tokens[agency] = add_user(conn, f"user-{agency}", agency, ["analyst"])
    client = TestClient(create_app())
    runner = CliRunner()
    for agency in users:
        ag = get_agency(agency)
        who = Principal(f"user-{agency}", agency, ag.country, frozenset({"analyst"}))
        expected = _expected(rows, who, query)

        # store functions
        with engine.begin() as conn:
            found = search(conn, who, query, limit=500)
            assert {e["id"] for e in found} == expected
            _check_entities(found, rows, who)
            for ent_no in range(12):
                ent = get_entity(conn, who, f"e{ent_no}")
                if ent is not None:
                    for s in ent["statements"]:
                        assert can_see(who, s["agency"], s["country"], s["sharing"])
            # the bulk read for analytics: every visible statement, nothing else, in any projection
            visible = {str(r["id"]) for r in rows
                       if can_see(who, str(r["agency"]), str(r["country"]), str(r["sharing"]))}
            table = visible_table(conn, who, "test")
            assert sorted(table["id"].to_pylist()) == sorted(visible)
            narrow = visible_table(conn, who, "test", columns=("entity_id", "id"))
            assert narrow.column_names == ["entity_id", "id"]
            assert sorted(narrow.to_pylist(), key=str) == sorted(table.select(["entity_id", "id"]).to_pylist(),
                                                                  key=str)

        # HTTP API
        response = client.get("/api/search", params={"q": query, "limit": 500},
                              headers={"Authorization": f"Bearer {tokens[agency]}"})
        assert response.status_code == 200
        api_results = response.json()["results"]
        assert {e["id"] for e in api_results} == expected
        _check_entities(api_results, rows, who)
        for ent_no in range(12):
            r = client.get(f"/api/entities/e{ent_no}", headers={"Authorization": f"Bearer {tokens[agency]}"})
            if r.status_code == 200:
                assert all(can_see(who, s["agency"], s["country"], s["sharing"]) for s in r.json()["statements"])
            else:
                assert r.status_code == 404

        # CLI
        out = runner.invoke(cli_app, ["search", query, "--token", tokens[agency], "--json", "--limit", "500"])
        assert out.exit_code == 0, out.output
        cli_results = json.loads(out.stdout)["results"]
        assert {e["id"] for e in cli_results} == expected
        _check_entities(cli_results, rows, who)


def test_public_sees_no_record(engine: Engine) -> None:
    rows = _rows([(1, "CBP", "public", ["pérez"])])
    with engine.begin() as conn:
        insert_statements(conn, rows)
    client = TestClient(create_app())
    assert client.get("/api/search", params={"q": "perez"}).status_code == 401
    assert client.get("/api/entities/e1").status_code == 401


def test_bulk_read_names_unknown_columns(engine: Engine) -> None:
    who = Principal("u", "CBP", "us", frozenset({"analyst"}))
    with engine.begin() as conn, pytest.raises(ValueError, match="not statement columns"):
        visible_table(conn, who, "test", columns=("entity_id", "password"))
