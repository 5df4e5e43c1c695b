"""The audit chain: intact verifies, any edit, removal or swap is caught."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, delete, select, update

from bicentennial.access.audit import AuditEvent, append, verify
from bicentennial.store.tables import audit_log


def _fill(engine: Engine, n: int = 6) -> None:
    with engine.begin() as conn:
        for i in range(n):
            append(conn, AuditEvent(actor=f"user{i % 2}", action="read", target=f"entity-{i}", agency="CBP"))


def test_intact_chain_verifies(engine: Engine) -> None:
    _fill(engine)
    with engine.connect() as conn:
        result = verify(conn)
    assert result.ok and result.entries == 6


@pytest.mark.parametrize("column,value", [("target", "entity-x"), ("actor", "mallory"), ("detail", '{"a":1}'),
                                          ("ts", "2020-01-01T00:00:00.000000Z")])
def test_edit_is_caught(engine: Engine, column: str, value: str) -> None:
    _fill(engine)
    with engine.begin() as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 3).values({column: value}))
    with engine.connect() as conn:
        result = verify(conn)
    assert not result.ok and result.bad_seq == 3


@pytest.mark.parametrize("seq", [1, 3, 6])
def test_removal_is_caught(engine: Engine, seq: int) -> None:
    _fill(engine)
    with engine.begin() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.seq == seq))
    with engine.connect() as conn:
        assert not verify(conn).ok


def test_swap_is_caught(engine: Engine) -> None:
    _fill(engine)
    with engine.begin() as conn:
        rows = {r.seq: r._asdict() for r in conn.execute(select(audit_log).where(audit_log.c.seq.in_([2, 4])))}
        for seq, other in ((2, 4), (4, 2)):
            values = {k: v for k, v in rows[other].items() if k != "seq"}
            conn.execute(update(audit_log).where(audit_log.c.seq == seq).values(values))
    with engine.connect() as conn:
        result = verify(conn)
    assert not result.ok and result.bad_seq == 2
