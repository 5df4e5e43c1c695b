"""Validation in a forked producer process: same result as in one process, errors come back."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

import bicentennial.ingest.pipeline as pipeline
from bicentennial.ingest import IngestError, ingest_file
from bicentennial.store.tables import ingest_batch, quarantine, statement

ROWS = 600


def people(path: Path, bad_every: int = 0) -> Path:
    lines = ["id,name,nationality,birthDate"]
    for i in range(ROWS):
        j = i % 300  # every person appears twice, 300 rows apart, with the same facts
        birth = "1999-02-30" if bad_every and i % bad_every == bad_every - 1 else f"{1950 + j % 50}-03-{1 + j % 28:02d}"
        lines.append(f"P{j},Persona Número {j},{'mx' if j % 2 else 'us'},{birth}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored(engine: Engine) -> tuple[set[tuple[str, str, str, int]], list[tuple[int | None, str | None]]]:
    with engine.connect() as conn:
        facts = {(r.entity_id, r.prop, r.value, r.source_row) for r in conn.execute(select(statement))}
        bad = [(r.row, r.field) for r in conn.execute(select(quarantine).order_by(quarantine.c.row))]
    return facts, bad


@pytest.mark.parametrize("bad_every", [0, 97])
def test_forked_equals_single_process(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      bad_every: int) -> None:
    data = people(tmp_path / "people.csv", bad_every)
    forks: list[bool] = []
    real = pipeline._use_fork
    monkeypatch.setattr(pipeline, "_use_fork", lambda total, piece: forks.append(real(total, piece)) or forks[-1])
    forked = ingest_file(engine, data, agency="FGR", sharing="national", schema="Person", chunk_rows=50)
    assert forks == [True]
    got = stored(engine)
    expected_bad = ROWS // bad_every if bad_every else 0
    assert (forked.rows, forked.quarantined) == (ROWS, expected_bad)
    assert len(got[1]) == expected_bad and all(field == "birthDate" for _row, field in got[1])

    # the same file again through one process: the same facts, nothing added
    monkeypatch.setenv("BICENTENNIAL_INGEST_FORK", "0")
    again = ingest_file(engine, data, agency="FGR", sharing="national", schema="Person", chunk_rows=50)
    assert forks == [True, False]
    assert again.statements_added == 0  # same facts: nothing new
    assert again.accepted == forked.accepted and again.quarantined == forked.quarantined
    assert stored(engine)[0] == got[0]
    # the repeated people were written once, with the row of their first sighting
    rows_of = {}
    for entity, _prop, _value, row in got[0]:
        rows_of.setdefault(entity, set()).add(row)
    assert all(len(rows) == 1 for rows in rows_of.values())
    if not bad_every:
        assert all(min(rows) <= 300 for rows in rows_of.values())


def test_one_transaction_of_many_pieces_keeps_the_first_sighting(engine: Engine, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The producer sends a whole transaction of many pieces at once, its statements sorted by
    entity: each repeated person (both sightings in that transaction) is stored once, from its
    first row, and the summary counts what was stored."""
    monkeypatch.setattr(pipeline, "PIECE_ROWS", 50)
    forks: list[bool] = []
    real = pipeline._use_fork
    monkeypatch.setattr(pipeline, "_use_fork", lambda total, piece: forks.append(real(total, piece)) or forks[-1])
    data = people(tmp_path / "people.csv")
    summary = ingest_file(engine, data, agency="FGR", sharing="national", schema="Person", chunk_rows=ROWS)
    assert forks == [True] and summary.accepted == ROWS
    facts, _bad = stored(engine)
    assert summary.statements_added == len(facts)
    rows_of: dict[str, set[int]] = {}
    for entity, _prop, _value, row in facts:
        rows_of.setdefault(entity, set()).add(row)
    assert len(rows_of) == 300
    assert all(len(rows) == 1 and min(rows) <= 300 for rows in rows_of.values())


def test_error_in_the_producer_fails_the_batch(engine: Engine, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    data = people(tmp_path / "people.csv")
    real = pipeline.process_chunk
    calls = {"n": 0}

    def boom(chunk, plan, ctx):  # type: ignore[no-untyped-def]
        calls["n"] += 1  # counted in the child (fork keeps the patch)
        if chunk.rows[0] > 200:
            raise IngestError("{file} is not a FollowTheMoney entity file", file="x")
        return real(chunk, plan, ctx)

    monkeypatch.setattr(pipeline, "process_chunk", boom)
    with pytest.raises(IngestError) as err:
        ingest_file(engine, data, agency="FGR", sharing="national", schema="Person", chunk_rows=50)
    assert err.value.params == {"file": "x"}  # the message and its parameters crossed the process boundary
    with engine.connect() as conn:
        batch = conn.execute(select(ingest_batch)).one()
        n = conn.execute(select(func.count()).select_from(statement)).scalar_one()
    assert batch.status == "failed"
    assert 0 < batch.accepted <= 200 and n == batch.statements_added  # what was acknowledged stays
    assert not multiprocessing.active_children()  # no producer left behind
