"""The resolve API and CLI: authenticated, scoped to the caller's agency."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from bicentennial.access.tokens import add_user
from bicentennial.api.app import create_app


def test_api_run_review_export(people: Engine) -> None:
    with people.begin() as conn:
        token = add_user(conn, "ana", "CBP", ["analyst"])
    client = TestClient(create_app())
    assert client.get("/api/resolve/queue").status_code == 401
    auth = {"Authorization": f"Bearer {token}"}
    r = client.post("/api/resolve/runs", json={"kind": "person"}, headers=auth)
    assert r.status_code == 200, r.text
    assert r.json()["entities"] == 7
    cluster = client.get("/api/resolve/entities/p-a1/cluster", headers=auth).json()
    assert set(cluster["members"]) == {"p-a1", "p-a2", "p-a3"}
    r = client.post("/api/resolve/judgements", headers=auth,
                    json={"entity_a": "p-a1", "entity_b": "p-a2", "decision": "different", "reason": "twins"})
    assert r.status_code == 201, r.text
    cluster = client.get("/api/resolve/entities/p-a1/cluster", headers=auth).json()
    assert "p-a2" not in cluster["members"]
    r = client.post("/api/resolve/judgements", headers=auth,
                    json={"entity_a": "p-a1", "entity_b": "p-x1", "decision": "same", "reason": "guess"})
    assert r.status_code == 400
    assert client.post(f"/api/resolve/judgements/{999}/revoke", json={}, headers=auth).status_code == 404
    csv_text = client.get("/api/resolve/export/clusters.csv", headers=auth).text
    assert csv_text.startswith("source_id,entity_id,canonical_id") and "secret" not in csv_text
    assert "Guzm" not in client.get("/api/resolve/export/entities.jsonl", headers=auth).text
    assert client.get("/api/resolve/pairs", params={"a": "p-x1", "b": "p-x2"}, headers=auth).status_code == 404


def test_cli_run_and_export(people: Engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bicentennial.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["resolve", "run", "--agency", "CBP", "--kind", "person", "--json"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "clusters.csv"
    result = runner.invoke(app, ["resolve", "export", "--agency", "CBP", "--clusters", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text().splitlines()
    assert lines[0] == "source_id,entity_id,canonical_id" and len(lines) == 8
    result = runner.invoke(app, ["resolve", "review", "--agency", "CBP", "--decide", "p-a1:p-a2:maybe",
                                 "--reason", "x"])
    assert result.exit_code == 1


def test_cli_run_shows_progress_and_summary(people: Engine) -> None:
    from bicentennial.cli import app
    from bicentennial.resolve import pipeline

    steps: list[str] = []
    with people.begin() as conn:  # the stages the CLI reports, as the pipeline emits them
        from .conftest import CBP

        pipeline.run(conn, CBP, "person", progress=lambda step, _d, _t: steps.append(step))
    assert steps[0] == "read" and steps[-1] == "storing" and "scoring" in steps
    result = CliRunner().invoke(app, ["resolve", "run", "--agency", "CBP", "--kind", "person"])
    assert result.exit_code == 0, result.output
    assert "Resolving person" in result.output  # the progress line
    assert steps[-1] in result.output  # ... at its last stage
    assert "merged" in result.output and "entities" in result.output  # the summary table
