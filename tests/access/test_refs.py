"""`access.refs`: the records that name an entity, read through `statement_ref`, are exactly those
a scan of every statement finds, for principals of both countries, as statements keep coming
(stamped in the past, or committed after a later one), on both backends."""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, func, select, update

from bicentennial.access.policy import SHARING_LEVELS, can_see
from bicentennial.access.principal import Principal
from bicentennial.access.refs import REFERENCE_PROPS, STATE_KEY, referencing, statement_ref
from bicentennial.access.search import search_state
from bicentennial.framework import get_agency
from bicentennial.records.model import get_model
from bicentennial.store.db import utcnow
from bicentennial.store.tables import statement_data
from bicentennial.store.writer import insert_statements

AGENCIES = ["CBP", "ATF", "FGR", "UIF"]
WHO = [Principal("ana", "CBP", "us", frozenset({"analyst"})), Principal("beto", "FGR", "mx", frozenset({"analyst"}))]
TARGETS = [f"t{i}" for i in range(12)]
# (schema, property): references of several schemata, and properties that are not references
PROPS = [("Payment", "payer"), ("Payment", "beneficiary"), ("Ownership", "owner"), ("Seizure", "involved"),
         ("Family", "relative"), ("Payment", "summary"), ("Person", "name")]


def _rows(rng: random.Random, n: int, tag: str, first_seen: str) -> list[dict[str, object]]:
    rows = []
    for i in range(n):
        schema, prop = rng.choice(PROPS)
        agency, sharing = rng.choice(AGENCIES), rng.choice(SHARING_LEVELS)
        entity, value = f"r{rng.randrange(30)}", rng.choice(TARGETS)
        rows.append({"id": hashlib.sha1(f"{tag}{i}".encode()).hexdigest(), "entity_id": entity, "schema": schema,
                     "prop": prop, "value": value, "original_value": None, "search_text": None, "agency": agency,
                     "country": get_agency(agency).country, "sharing": sharing, "batch_id": tag, "source_row": i + 1,
                     "source_key": None, "first_seen": first_seen, "last_seen": first_seen})
    return rows


def _scan(rows: list[dict[str, object]], who: Principal, ids: list[str]) -> list[tuple[str, str, str]]:
    return sorted((str(r["entity_id"]), str(r["schema"]), str(r["prop"])) for r in rows
                  if r["value"] in ids and r["prop"] in REFERENCE_PROPS
                  and can_see(who, str(r["agency"]), str(r["country"]), str(r["sharing"])))


def _check(engine: Engine, written: list[dict[str, object]], rng: random.Random) -> None:
    for who in WHO:
        ids = rng.sample(TARGETS, 3)
        with engine.begin() as conn:
            assert sorted(referencing(conn, who, ids)) == _scan(written, who, ids), who.agency


def test_reference_props_are_the_models_entity_properties() -> None:
    """A model change that adds one needs a migration that copies its statements."""
    model = get_model()
    wanted = {p.name for s in model.schemata.values() for p in s.properties.values()
              if p.type.name == "entity" and not p.stub}
    assert set(REFERENCE_PROPS) == wanted and list(REFERENCE_PROPS) == sorted(REFERENCE_PROPS)


def test_references_match_a_scan_as_statements_come(engine: Engine) -> None:
    rng = random.Random(3)
    written: list[dict[str, object]] = []
    stamps = ["2026-01-01T00:00:00.000000Z", utcnow(), "2025-06-01T00:00:00.000000Z"]  # past, now, earlier
    for batch, stamp in enumerate(stamps * 2):
        rows = _rows(rng, 40, f"b{batch}", stamp)
        written += rows
        with engine.begin() as conn:
            insert_statements(conn, rows)
        _check(engine, written, rng)
    with engine.connect() as conn:
        copied = conn.execute(select(func.count()).select_from(statement_ref)).scalar()
    assert copied == sum(1 for r in written if r["prop"] in REFERENCE_PROPS) > 0  # each once


def test_a_late_commit_is_read_by_its_time(engine: Engine) -> None:
    """A statement whose `seq` is below what the last refresh saw (its transaction committed
    after a later one) is copied because it was first seen within the margin."""
    rng = random.Random(4)
    written = _rows(rng, 30, "a", utcnow())
    with engine.begin() as conn:
        insert_statements(conn, written)
    _check(engine, written, rng)
    late = _rows(rng, 30, "late", (datetime.now(UTC) - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
    written += late
    with engine.begin() as conn:
        insert_statements(conn, late)
        top = conn.execute(select(func.max(statement_data.c.seq))).scalar()
        began = conn.execute(select(search_state.c.value).where(search_state.c.key == STATE_KEY)).scalar_one()
        # as if the last refresh had already seen a higher seq than these rows
        conn.execute(update(search_state).where(search_state.c.key == STATE_KEY)
                     .values(value=f"{began.partition('|')[0]}|{top}"))
    _check(engine, written, rng)


def test_a_database_without_the_copy_is_filled(engine: Engine) -> None:
    rng = random.Random(5)
    written = _rows(rng, 60, "a", "2026-01-01T00:00:00.000000Z")
    with engine.begin() as conn:
        insert_statements(conn, written)
        conn.execute(delete(statement_ref))
        conn.execute(delete(search_state).where(search_state.c.key == STATE_KEY))
    _check(engine, written, rng)
