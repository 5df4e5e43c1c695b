"""The core commands through the real CLI: init, user add, framework show, audit verify."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import Engine, delete, select, update
from typer.testing import CliRunner

from bicentennial.cli import app
from bicentennial.store.tables import app_user, audit_log

runner = CliRunner()


def test_init_is_idempotent(database_url: str) -> None:
    for _ in range(2):
        result = runner.invoke(app, ["init"])
        assert result.exit_code == 0, result.output


def test_user_add_prints_token_once_and_stores_hash(engine: Engine) -> None:
    result = runner.invoke(app, ["user", "add", "ana", "--agency", "fgr", "--role", "analyst"])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[-1]
    assert token.startswith("bic_")
    with engine.connect() as conn:
        row = conn.execute(select(app_user)).one()
    assert row.agency == "FGR" and row.country == "mx" and token not in row.token_hash
    again = runner.invoke(app, ["user", "add", "ana", "--agency", "FGR", "--role", "analyst"])
    assert again.exit_code == 2
    bad = runner.invoke(app, ["--lang", "es", "user", "add", "bob", "--agency", "XYZ", "--role", "analyst"])
    assert bad.exit_code == 2 and "Dependencia desconocida" in bad.output


def test_framework_show_json_both_languages() -> None:
    en = json.loads(runner.invoke(app, ["framework", "show", "--json"]).stdout)
    es = json.loads(runner.invoke(app, ["framework", "show", "--json", "--lang", "es"]).stdout)
    assert [g["code"] for g in en["goals"]] == ["1", "2", "3"]
    assert sum(len(g["lines"]) for g in en["goals"]) == 10
    assert en["goals"][1]["lines"][1]["title"] == "Reduce Arms Trafficking"
    assert es["goals"][1]["lines"][1]["title"] == "Reducir el tráfico de armas"
    codes = {a["code"] for a in en["agencies"]}
    assert {"CBP", "ATF", "DEA", "FINCEN", "OFAC", "CDC", "FGR", "UIF", "SSPC", "SEMAR", "SALUD"} <= codes


def _tamper(engine: Engine, how: str) -> None:
    with engine.begin() as conn:
        if how == "edit":
            conn.execute(update(audit_log).where(audit_log.c.seq == 2).values(target="user:mallory"))
        elif how == "delete":
            conn.execute(delete(audit_log).where(audit_log.c.seq == 2))
        elif how == "swap":
            a, b = (conn.execute(select(audit_log).where(audit_log.c.seq == s)).one()._asdict() for s in (2, 3))
            for seq, row in ((2, b), (3, a)):
                values = {k: v for k, v in row.items() if k != "seq"}
                conn.execute(update(audit_log).where(audit_log.c.seq == seq).values(values))


@pytest.mark.parametrize("how", ["edit", "delete", "swap"])
def test_audit_verify_exit_codes_subprocess(engine: Engine, database_url: str, how: str) -> None:
    for name in ("u1", "u2", "u3"):
        assert runner.invoke(app, ["user", "add", name, "--agency", "CBP", "--role", "analyst"]).exit_code == 0
    cmd = [sys.executable, "-m", "bicentennial", "audit", "verify"]
    env = dict(os.environ)
    ok = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    _tamper(engine, how)
    broken = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert broken.returncode == 1
    assert "2" in broken.stdout
    es = subprocess.run([sys.executable, "-m", "bicentennial", "--lang", "es", "audit", "verify"], env=env,
                        capture_output=True, text=True, timeout=120)
    assert es.returncode == 1 and "entrada 2" in es.stdout
