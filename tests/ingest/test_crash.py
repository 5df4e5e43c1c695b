"""Crash safety: SIGKILL in the middle of a file, rerun, every row stored exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.pool import NullPool

from bicentennial.store.db import normalise_url
from bicentennial.store.tables import ingest_batch, statement

BIN = Path(sys.executable).parent / "bicentennial"
ROWS = 12_000
PER_ROW = 3  # name, nationality, birthDate: each row gives three distinct statements


def write_people(path: Path) -> None:
    lines = ["id,name,nationality,birthDate"]
    for i in range(ROWS):
        lines.append(f"P{i},Persona Número {i},{'mx' if i % 2 else 'us'},"
                     f"{1950 + i % 50}-{1 + i % 12:02d}-{1 + i % 28:02d}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.slow
def test_sigkill_mid_file_then_rerun(database_url: str, tmp_path: Path) -> None:
    data = tmp_path / "people.csv"
    write_people(data)
    env = {**os.environ, "BICENTENNIAL_DATABASE_URL": database_url, "BICENTENNIAL_INGEST_CHUNK_ROWS": "200"}
    cmd = [str(BIN), "ingest", str(data), "--schema", "Person", "--agency", "FGR", "--sharing", "national",
           "--json"]
    engine = create_engine(normalise_url(database_url), poolclass=NullPool)

    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    committed = 0
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        with engine.connect() as conn:
            committed = conn.execute(select(func.coalesce(func.max(ingest_batch.c.accepted), 0))).scalar_one()
        if committed > 0:
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the ingest ended before it could be killed: " + proc.stderr.read().decode()
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    with engine.connect() as conn:
        batch = conn.execute(select(ingest_batch)).one()
        stored = conn.execute(select(func.count()).select_from(statement)).scalar_one()
    assert batch.status == "running"  # it never finished
    assert 0 < batch.accepted < ROWS
    # what is stored is exactly the acknowledged chunks: no half chunk, nothing acknowledged lost
    assert stored == batch.accepted * PER_ROW
    assert stored == batch.statements_added

    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(statement)).scalar_one()
        entities = conn.execute(select(func.count(func.distinct(statement.c.entity_id)))).scalar_one()
        distinct_facts = conn.execute(text(
            "SELECT count(*) FROM (SELECT DISTINCT entity_id, prop, value FROM statement) AS f"
        )).scalar_one()
        rows = conn.execute(select(func.count(func.distinct(statement.c.source_row)))).scalar_one()
    engine.dispose()
    assert total == ROWS * PER_ROW
    assert distinct_facts == total  # no fact stored twice
    assert entities == ROWS
    assert rows == ROWS
