"""The stored pipeline applies the birth-date constraint: a record without a date does not chain
two people whose visible birth years conflict — after a run and after a review decision."""

from __future__ import annotations

import hashlib

from sqlalchemy import Engine, insert, select

from bicentennial.access.principal import Principal
from bicentennial.access.records import fold
from bicentennial.resolve import pipeline, review
from bicentennial.resolve.tables import resolve_canonical, resolve_pair
from bicentennial.store.writer import insert_statements

WHO = Principal("ana", "FGR", "mx", frozenset({"analyst"}))


def _stmt(entity: str, prop: str, value: str) -> dict[str, object]:
    return {"id": hashlib.sha1(f"{entity}{prop}{value}".encode()).hexdigest(), "entity_id": entity,
            "schema": "Person", "prop": prop, "value": value, "original_value": None, "search_text": fold(value),
            "agency": "FGR", "country": "mx", "sharing": "national", "batch_id": "b", "source_row": 1,
            "source_key": None, "first_seen": "2026-01-01T00:00:00.000000Z",
            "last_seen": "2026-01-01T00:00:00.000000Z"}


def _canonical(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        return {r.entity_id: r.canonical_id for r in conn.execute(select(resolve_canonical))}


def test_birth_dates_keep_chained_people_apart(engine: Engine) -> None:
    scope = review.scope_of(WHO)
    with engine.begin() as conn:
        insert_statements(conn, [_stmt("a", "name", "Juan López"), _stmt("a", "birthDate", "1970-01-02"),
                                         _stmt("b", "name", "Juan López"), _stmt("b", "birthDate", "1990-05-06"),
                                         _stmt("c", "name", "Juan López")])
        conn.execute(insert(resolve_pair), [
            {"scope": scope, "entity_a": x, "entity_b": "c", "kind": "person", "match_weight": 10.0,
             "match_probability": 0.999, "explanation": "{}", "run_id": "r"} for x in ("a", "b")])
        pipeline.recluster(conn, scope, "person", "r", ids=["a", "b", "c"])
    plain = _canonical(engine)
    assert plain["a"] == plain["b"] == plain["c"]  # without dates the chain merges everybody
    with engine.begin() as conn:
        pipeline.recluster_all(conn, WHO)  # what a review decision runs: reads the visible dates
    dated = _canonical(engine)
    assert dated["a"] != dated["b"]
    assert dated["c"] in (dated["a"], dated["b"])
