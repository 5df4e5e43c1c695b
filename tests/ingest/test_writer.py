"""store.writer: bulk insert-if-absent with counts and last_seen, on both backends."""

from __future__ import annotations

from sqlalchemy import Engine, select

from bicentennial.store.tables import statement
from bicentennial.store.writer import STATEMENT_COLUMNS, statement_id, write_statements


def row(entity: str, value: str, now: str) -> tuple[object, ...]:
    sid = statement_id(entity, "name", value, "FGR", "national")
    values = {"id": sid, "entity_id": entity, "schema": "Person", "prop": "name", "value": value,
              "original_value": None, "search_text": value.lower(), "agency": "FGR", "country": "mx",
              "sharing": "national", "batch_id": "b1", "source_row": 1, "source_key": None,
              "first_seen": now, "last_seen": now}
    return tuple(values[c] for c in STATEMENT_COLUMNS)


def test_statement_id_separates_fields() -> None:
    assert statement_id("a", "b", "c", "FGR", "national") != statement_id("a", "bc", "", "FGR", "national")
    assert len(statement_id("a", "b", "c", "FGR", "national")) == 40


def test_write_counts_added_and_moves_last_seen(engine: Engine) -> None:
    t1, t2 = "2025-01-01T00:00:00.000000Z", "2025-02-01T00:00:00.000000Z"
    with engine.begin() as conn:
        assert write_statements(conn, [row("e1", "Ana", t1), row("e2", "Luis", t1)], t1) == 2
    with engine.begin() as conn:
        assert write_statements(conn, [row("e1", "Ana", t2), row("e3", "Eva", t2)], t2) == 1
    with engine.begin() as conn:  # twice in one transaction (the PostgreSQL temp table is reused)
        assert write_statements(conn, [row("e4", "Jo", t2)], t2) == 1
        assert write_statements(conn, [row("e4", "Jo", t2), row("e5", "Al", t2)], t2) == 1
    with engine.connect() as conn:
        seen = {r.entity_id: (r.first_seen, r.last_seen) for r in conn.execute(select(statement))}
    assert seen["e1"] == (t1, t2)
    assert seen["e2"] == (t1, t1)
    assert seen["e3"] == (t2, t2)
    assert len(seen) == 5
