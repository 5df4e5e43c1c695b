"""`visible_table` reads through the database's ADBC driver (SQLite's, PostgreSQL's: values
into Arrow in C, on a second connection): the same table, row for row and type for type, as
the DBAPI path gives, for principals of both countries, with filters, for columns empty at
first, for an empty result; and through the caller's own connection where a second one
would not see what it wrote."""

from __future__ import annotations

import hashlib
import random

import pytest
from sqlalchemy import Engine

from bicentennial.access import records
from bicentennial.access.policy import SHARING_LEVELS
from bicentennial.access.principal import Principal
from bicentennial.access.records import visible_table
from bicentennial.framework import get_agency
from bicentennial.store.writer import insert_statements

AGENCIES = ["CBP", "ATF", "FGR", "UIF"]
WHO = [Principal("ana", "CBP", "us", frozenset({"analyst"})), Principal("beto", "FGR", "mx", frozenset({"analyst"}))]


def _rows(n: int, seed: int) -> list[dict[str, object]]:
    """Statements whose optional columns are empty for the first 1,500 rows (more than the
    driver's default batch), then filled."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        agency = rng.choice(AGENCIES)
        late = i >= 1500
        stamp = f"2026-0{rng.randrange(1, 10)}-01T00:00:00.000000Z"
        rows.append({"id": hashlib.sha1(f"{seed}-{i}".encode()).hexdigest(), "entity_id": f"e{rng.randrange(300)}",
                     "schema": rng.choice(["Person", "Company"]), "prop": rng.choice(["name", "country", "notes"]),
                     "value": f"valor {i} ñandú", "original_value": f"orig {i}" if late else None,
                     "search_text": f"valor {i}" if late else None, "agency": agency,
                     "country": get_agency(agency).country, "sharing": rng.choice(SHARING_LEVELS),
                     "batch_id": "late" if late else "early", "source_row": i + 1 if late else None,
                     "source_key": f"k{i}" if late else None, "first_seen": stamp, "last_seen": stamp})
    return rows


def _dbapi(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "_read_arrow", lambda *_args, **_kwargs: None)


def test_the_same_table_both_ways(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    with engine.begin() as conn:
        insert_statements(conn, _rows(2500, 1))
    used: list[bool] = []
    real = records._read_arrow

    def spy(*args: object, **kwargs: object) -> object:
        table = real(*args, **kwargs)  # type: ignore[arg-type]
        used.append(table is not None)
        return table

    filters: list[dict[str, object]] = [
        {}, {"columns": ("entity_id", "id", "source_row")}, {"props": ["name"], "schemata": ["Person"]},
        {"since": "2026-05-01T00:00:00.000000Z", "columns": ("id", "value", "source_key", "first_seen")},
        {"props": ["no-such-property"]}]
    for who in WHO:
        for kwargs in filters:
            monkeypatch.setattr(records, "_read_arrow", spy)
            with engine.begin() as conn:
                fast = visible_table(conn, who, "test", **kwargs)  # type: ignore[arg-type]
            _dbapi(monkeypatch)
            with engine.begin() as conn:
                slow = visible_table(conn, who, "test", **kwargs)  # type: ignore[arg-type]
            assert fast.schema == slow.schema
            key = "id" if "id" in fast.column_names else fast.column_names[0]
            assert fast.sort_by(key).to_pylist() == slow.sort_by(key).to_pylist(), (who.agency, kwargs)
    # each read went through the driver, but for PostgreSQL's incremental one (`since`: a new
    # connection costs it more than such a read)
    since = [bool(kwargs.get("since")) for _who in WHO for kwargs in filters]
    assert used == [not (engine.dialect.name == "postgresql" and s) for s in since]
    assert fast.num_rows == 0  # the last filter matches nothing: its columns and types as the others


def test_a_transaction_reads_what_it_wrote(engine: Engine) -> None:
    """After writing statements, the read goes through the caller's connection, which sees
    them before they are committed."""
    rows = _rows(40, 2)
    with engine.begin() as conn:
        insert_statements(conn, rows)
        table = visible_table(conn, WHO[0], "test", columns=("id",))
    ids = {str(r["id"]) for r in rows if r["sharing"] in ("binational", "public")
           or r["sharing"] == "national" and r["country"] == "us" or r["agency"] == "CBP"}
    assert set(table["id"].to_pylist()) == ids


def test_columns_empty_for_the_first_rows(engine: Engine) -> None:
    """A column with only nulls in the first rows read (1,500 here, more than the driver's
    default batch) keeps its type, and nothing after them is refused."""
    import pyarrow as pa
    from sqlalchemy import select

    from bicentennial.store.tables import statement

    if engine.dialect.name != "sqlite":
        return
    with engine.begin() as conn:
        insert_statements(conn, _rows(2500, 3))
    query = (select(statement.c.id, statement.c.source_key, statement.c.source_row)
             .order_by(statement.c.source_row.is_not(None), statement.c.id))
    types = pa.schema([("id", pa.string()), ("source_key", pa.string()), ("source_row", pa.int64())])
    with engine.connect() as conn:
        table = records._read_arrow(conn, query, types)
        want = [tuple(row) for row in conn.execute(query)]
    assert table is not None and table.schema == types
    assert table["source_key"].null_count == table["source_row"].null_count == 1500
    assert list(zip(*(table[name].to_pylist() for name in types.names), strict=True)) == want
