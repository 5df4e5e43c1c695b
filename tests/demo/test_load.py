"""Loading the small demo on both backends: nothing quarantined, a second load adds nothing."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from bicentennial.access.tokens import principal_for_token
from bicentennial.demo import load
from bicentennial.demo.loader import DEMO_USERS
from bicentennial.store.tables import app_user, ingest_batch, quarantine, statement


def _count(engine: Engine, table: object) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def test_small_demo_loads_cleanly_and_idempotently(engine: Engine) -> None:
    first = load(engine, size="small")
    assert first.rows == first.manifest.records > 2000
    assert first.quarantined == 0
    assert _count(engine, quarantine) == 0
    statements = _count(engine, statement)
    assert first.statements_added == statements > first.rows
    assert sorted(first.users_created) == sorted(u.name for u in DEMO_USERS)

    # Re-ingesting every file (forced) finds every statement already stored.
    forced = load(engine, size="small", force=True)
    assert not any(f.skipped for f in forced.files)
    assert forced.statements_added == 0 and forced.quarantined == 0
    assert _count(engine, statement) == statements

    # A plain second run skips the files already loaded and adds no batch, user or statement.
    batches = _count(engine, ingest_batch)
    again = load(engine, size="small")
    assert all(f.skipped for f in again.files)
    assert again.statements_added == 0 and again.users_created == []
    assert _count(engine, ingest_batch) == batches
    assert _count(engine, statement) == statements
    assert _count(engine, app_user) == len(DEMO_USERS)


def test_demo_tokens_log_in_as_documented(engine: Engine) -> None:
    from bicentennial.demo.loader import create_demo_users

    create_demo_users(engine)
    with engine.connect() as conn:
        for user in DEMO_USERS:
            principal = principal_for_token(conn, user.token)
            assert principal is not None and principal.name == user.name
            assert principal.agency == user.agency and set(user.roles) <= principal.roles
