"""The acceptance test of the issue through the real command line, on both backends."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from bicentennial.cli import app
from bicentennial.store.db import get_engine
from bicentennial.store.tables import quarantine, statement

FIXTURES = Path(__file__).parent / "fixtures"

CBP = FIXTURES / "cbp_seizures.csv"
BIN = Path(sys.executable).parent / "bicentennial"

# row → (field, English reason) of the bad rows in cbp_seizures.csv
EXPECTED_BAD = {
    6: ("event_date", "impossible date"),
    7: ("subject_curp", "invalid CURP: check digit does not match"),
    8: ("unit", "unknown unit"),
    9: ("category", "required property category is empty"),
    10: ("country", "invalid country"),
    11: (None, "broken encoding: the row is not valid UTF-8"),
}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def counts(url: str) -> tuple[int, int]:
    with get_engine(url).connect() as conn:
        return (conn.execute(select(func.count()).select_from(statement)).scalar_one(),
                conn.execute(select(func.count()).select_from(quarantine)).scalar_one())


def test_good_and_bad_rows(database_url: str) -> None:
    code, out, _err = run("ingest", str(CBP), "--mapping", "cbp_seizures", "--agency", "CBP",
                          "--sharing", "binational", "--json")
    assert code == 3
    summary = json.loads(out)
    assert summary["rows"] == 12
    assert summary["accepted"] == 6
    assert summary["quarantined"] == 6
    got = {q["row"]: (q["field"], q["reason"]) for q in summary["quarantine"]}
    assert got == EXPECTED_BAD
    assert summary["statements_added"] > 0
    n_statements, n_quarantine = counts(database_url)
    assert n_statements == summary["statements_added"]
    assert n_quarantine == 6
    # no statement of a rejected row was kept, not even of its valid fields (all or nothing)
    with get_engine(database_url).connect() as conn:
        rows = {r for (r,) in conn.execute(select(statement.c.source_row).distinct())}
    assert rows == {1, 2, 3, 4, 5, 12}

    code, out, _err = run("ingest", str(CBP), "--mapping", "cbp_seizures", "--agency", "CBP",
                          "--sharing", "binational", "--json")
    assert code == 3
    again = json.loads(out)
    assert again["statements_added"] == 0
    assert again["quarantined"] == 6
    assert counts(database_url) == (n_statements, n_quarantine)


def test_quarantine_list_in_spanish(database_url: str) -> None:
    run("ingest", str(CBP), "--mapping", "cbp_seizures", "--agency", "CBP", "--sharing", "national")
    code, out, _ = run("--lang", "es", "quarantine", "list", "--json", "--agency", "CBP")
    assert code == 0
    items = json.loads(out)
    assert {i["row"] for i in items} == set(EXPECTED_BAD)
    reasons = {i["row"]: i["reason"] for i in items}
    assert reasons[9] == "la propiedad obligatoria category está vacía"
    assert "codificación" in reasons[11]
    assert all(i["source"] == str(CBP) for i in items)
    code, out, _ = run("quarantine", "list", "--json", "--agency", "FGR")
    assert json.loads(out) == []


def test_usage_errors(database_url: str, tmp_path: Path) -> None:
    base = ["--agency", "CBP", "--sharing", "binational"]
    cases = [
        (["ingest", str(CBP), "--mapping", "nope", *base], "nope"),
        (["ingest", str(CBP), "--schema", "Spaceship", *base], "Spaceship"),
        (["ingest", str(tmp_path / "missing.csv"), "--schema", "Person", *base], "missing.csv"),
        (["ingest", str(CBP), "--mapping", "cbp_seizures", "--agency", "XYZ", "--sharing", "public"], "XYZ"),
        (["ingest", str(CBP), "--mapping", "cbp_seizures", "--agency", "CBP", "--sharing", "secret"], "secret"),
        # generic mode: a column that is not a property of the schema
        (["ingest", str(CBP), "--schema", "Seizure", *base], "event_id"),
        (["ingest", str(CBP), *base], "--schema"),
    ]
    for args, named in cases:
        code, out, err = run(*args)
        assert code == 2, args
        assert named in " ".join((out + err).split()), (args, err)
    assert counts(database_url) == (0, 0)
    code, _out, err = run("--lang", "es", "ingest", str(tmp_path / "missing.csv"), "--schema", "Person", *base)
    assert code == 2
    assert "no existe el archivo" in " ".join(err.split())


@pytest.mark.slow
def test_subprocess_exit_codes(database_url: str, tmp_path: Path) -> None:
    """The installed command, as a user runs it (one process per run)."""
    env = {**os.environ, "BICENTENNIAL_DATABASE_URL": database_url}
    cmd = [str(BIN), "ingest", str(CBP), "--mapping", "cbp_seizures", "--agency", "CBP",
           "--sharing", "binational", "--json"]
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert first.returncode == 3, first.stderr
    summary = json.loads(first.stdout)
    assert {q["row"] for q in summary["quarantine"]} == set(EXPECTED_BAD)
    # the rerun in-process (a second process would only repeat the start-up cost)
    code, out, _err = run("ingest", str(CBP), "--mapping", "cbp_seizures", "--agency", "CBP",
                          "--sharing", "binational", "--json")
    assert code == 3
    assert json.loads(out)["statements_added"] == 0
    assert counts(database_url) == (summary["statements_added"], 6)
