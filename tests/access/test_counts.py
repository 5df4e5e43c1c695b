"""The home page's counts (visible entities per schema) are kept per visibility class and
brought up to date with the statements added since: after every batch they equal a count
made from scratch, for principals of both countries, on both backends."""

from __future__ import annotations

import hashlib
import random

import pytest
from sqlalchemy import Engine

from bicentennial.access.policy import SHARING_LEVELS, can_see
from bicentennial.access.principal import Principal
from bicentennial.access.records import count_by_schema, counts_by_line
from bicentennial.framework import get_agency
from bicentennial.store.writer import insert_statements

AGENCIES = ["CBP", "ATF", "FGR", "UIF"]
SCHEMATA = ["Person", "Company", "Seizure"]
WHO = [Principal("ana", "CBP", "us", frozenset({"analyst"})), Principal("beto", "FGR", "mx", frozenset({"analyst"})),
       Principal("carla", "UIF", "mx", frozenset({"analyst"}))]


def _batch(rng: random.Random, n: int, batch: int) -> list[dict[str, object]]:
    rows = []
    for i in range(n):
        entity, schema = f"e{rng.randrange(40)}", rng.choice(SCHEMATA)
        agency, sharing = rng.choice(AGENCIES), rng.choice(SHARING_LEVELS)
        value = f"v{rng.randrange(1000)}"
        rows.append({
            "id": hashlib.sha1(f"{entity}{schema}{value}{agency}{sharing}{batch}{i}".encode()).hexdigest(),
            "entity_id": entity, "schema": schema, "prop": "name", "value": value, "original_value": None,
            "search_text": None, "agency": agency, "country": get_agency(agency).country, "sharing": sharing,
            "batch_id": f"b{batch}", "source_row": i + 1, "source_key": None,
            "first_seen": f"2026-01-0{batch % 9 + 1}T00:00:00.000000Z",
            "last_seen": f"2026-01-0{batch % 9 + 1}T00:00:00.000000Z"})
    return rows


def _expected(rows: list[dict[str, object]], who: Principal) -> dict[str, int]:
    seen: dict[str, set[str]] = {}
    for r in rows:
        if can_see(who, str(r["agency"]), str(r["country"]), str(r["sharing"])):
            seen.setdefault(str(r["schema"]), set()).add(str(r["entity_id"]))
    return {schema: len(ids) for schema, ids in seen.items()}


def test_counts_follow_every_batch(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(5)
    written: list[dict[str, object]] = []
    for batch in range(8):
        rows = _batch(rng, rng.choice((1, 5, 30)), batch)
        written += rows
        with engine.begin() as conn:
            insert_statements(conn, rows)
        for who in WHO:
            with engine.begin() as conn:
                assert count_by_schema(conn, who) == _expected(written, who), (batch, who.agency)
    # made again in full once the kept count is too old: the same numbers
    monkeypatch.setenv("BICENTENNIAL_COUNTS_MAX_AGE", "0")
    with engine.begin() as conn:
        assert count_by_schema(conn, WHO[1]) == _expected(written, WHO[1])
        lines = counts_by_line(conn, WHO[1])
    assert sum(line["records"] for line in lines) >= sum(_expected(written, WHO[1]).values())


def test_an_entity_counts_once_it_has_a_visible_statement(engine: Engine) -> None:
    secret = _batch(random.Random(1), 1, 0)[0] | {"entity_id": "x", "schema": "Person", "agency": "FGR",
                                                   "country": "mx", "sharing": "originator"}
    with engine.begin() as conn:
        insert_statements(conn, [secret])
        before = count_by_schema(conn, WHO[0])
    shared = secret | {"id": "f" * 40, "value": "other", "sharing": "binational", "batch_id": "b9"}
    with engine.begin() as conn:
        insert_statements(conn, [shared])
        after = count_by_schema(conn, WHO[0])
        again = count_by_schema(conn, WHO[1])
    assert before.get("Person", 0) == 0 and after["Person"] == 1
    assert again["Person"] == 1  # FGR saw it already: counted once, not twice


def test_a_new_process_brings_the_stored_count_up_to_date(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """The count is kept in the database too: a process that has none in memory (a restart,
    another worker) counts only what was stored since, not everything again; a stored
    count made in full too long ago is made again in full. Each time the same numbers as a
    count from scratch."""
    from bicentennial.access import records

    rng = random.Random(9)
    written = _batch(rng, 30, 0)
    with engine.begin() as conn:
        insert_statements(conn, written)
    with engine.begin() as conn:
        assert count_by_schema(conn, WHO[0]) == _expected(written, WHO[0])
    counted_after: list[int] = []
    real = records._entities_by_schema

    def spy(principal: Principal, after: int, upto: int) -> object:
        counted_after.append(after)
        return real(principal, after, upto)

    monkeypatch.setattr(records, "_entities_by_schema", spy)
    for batch in (1, 2):
        rows = _batch(rng, 10, batch)
        written += rows
        with engine.begin() as conn:
            insert_statements(conn, rows)
        records._COUNTS.clear()  # a new process
        with engine.begin() as conn:
            assert count_by_schema(conn, WHO[0]) == _expected(written, WHO[0])
        assert counted_after[-1] > 0  # from the stored count's last statement, not from scratch
    records._COUNTS.clear()
    with engine.begin() as conn:  # nothing new: the stored count as it is, no query
        calls = len(counted_after)
        assert count_by_schema(conn, WHO[0]) == _expected(written, WHO[0])
        assert len(counted_after) == calls
        assert count_by_schema(conn, WHO[1]) == _expected(written, WHO[1])  # another class: its own
    assert counted_after[-1] == 0
    monkeypatch.setenv("BICENTENNIAL_COUNTS_MAX_AGE", "0")
    records._COUNTS.clear()
    with engine.begin() as conn:
        assert count_by_schema(conn, WHO[0]) == _expected(written, WHO[0])
    assert counted_after[-1] == 0  # too old: made again in full
