"""The workspace commands: list and export investigations, check watches, refresh the index."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from bicentennial.access.principal import Principal
from bicentennial.cli import app
from bicentennial.investigations import core, sample

FGR = Principal("fgr-analyst", "FGR", "mx", frozenset({"analyst"}))


def test_cli_export_and_index(engine: Engine, tmp_path: Path) -> None:
    with engine.begin() as conn:
        tokens = sample.load(conn)
        inv = core.create(conn, FGR, "Caso", sharing="binational", entities=["p-jose", "p-ana"])
    runner = CliRunner()
    listed = runner.invoke(app, ["investigation", "list", "--json", "--token", tokens["cbp-analyst"]])
    assert listed.exit_code == 0 and json.loads(listed.stdout)[0]["id"] == inv
    out = tmp_path / "x.jsonl"
    done = runner.invoke(app, ["investigation", "export", inv, "--token", tokens["cbp-analyst"], "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == ["p-jose"]
    assert runner.invoke(app, ["investigation", "export", inv, "--token", "nope"]).exit_code != 0
    assert runner.invoke(app, ["search-index", "refresh"]).exit_code == 0
    assert runner.invoke(app, ["watch", "check"]).exit_code == 0
