"""`bicentennial network …` acts for an agency and sees only what that agency may see."""

from __future__ import annotations

import json

from sqlalchemy import Engine, select
from typer.testing import CliRunner

from bicentennial.cli import app
from bicentennial.store.tables import audit_log

from .conftest import Fact


def test_cli_expand_and_path(engine: Engine, case: list[Fact]) -> None:
    runner = CliRunner()
    mx = runner.invoke(app, ["network", "expand", "carl", "--agency", "FGR", "--hops", "1", "--json"])
    assert mx.exit_code == 0, mx.output
    assert {n["data"]["id"] for n in json.loads(mx.output)["elements"]["nodes"]} == {"carl", "bob", "acme"}
    us = runner.invoke(app, ["network", "path", "alice", "carl", "--agency", "ATF"])
    assert us.exit_code == 1
    ok = runner.invoke(app, ["network", "path", "alice", "acme", "--agency", "FGR"])
    assert ok.exit_code == 0 and "alice → bob → carl → acme" in ok.output
    with engine.connect() as conn:
        actors = {r.actor for r in conn.execute(select(audit_log.c.actor))}
    assert {"system:FGR", "system:ATF"} <= actors
