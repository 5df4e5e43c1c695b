"""The audit chain: intact verifies, any edit, removal or swap is caught."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

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


def test_concurrent_appends_keep_one_chain(engine: Engine, in_threads: Callable[..., list[BaseException]]) -> None:
    """Requests served in parallel threads, each appending in its own transaction after a
    read (as a page does), make one unbroken chain: no sequence number taken twice, no
    entry lost. (On SQLite the driver runs a SELECT outside any transaction, so the head
    read and the insert once straddled another request's append: a 500 on the home page.)"""
    import threading

    from bicentennial.store.tables import audit_head

    threads, each = 4, 40
    start = threading.Barrier(threads)

    def worker(k: int) -> None:
        start.wait()
        for i in range(each):
            with engine.begin() as conn:
                conn.execute(select(audit_head.c.seq)).first()  # a read before, as pages do
                append(conn, AuditEvent(actor=f"user{k}", action="read", target=f"t{k}-{i}", agency="CBP"))

    errors = in_threads(*(partial(worker, k) for k in range(threads)))
    assert not errors, errors[0]
    with engine.connect() as conn:
        result = verify(conn)
        targets = conn.execute(select(audit_log.c.target)).scalars().all()
    assert result.ok and result.entries == threads * each
    assert sorted(targets) == sorted(f"t{k}-{i}" for k in range(threads) for i in range(each))


def test_write_lock_holds_other_writers_until_commit(engine: Engine) -> None:
    """`take_write_lock`: on SQLite, once taken, another connection's write waits for this
    transaction's commit (and so cannot slip between a read and a write of this one)."""
    import threading
    import time

    from bicentennial.store.db import take_write_lock

    if engine.dialect.name != "sqlite":
        return
    _fill(engine, 1)
    order: list[str] = []
    with engine.begin() as conn:
        take_write_lock(conn)

        def other() -> None:
            with engine.begin() as c:
                append(c, AuditEvent(actor="other", action="read", agency="CBP"))
            order.append("other committed")

        thread = threading.Thread(target=other)
        thread.start()
        time.sleep(0.5)  # time enough for the other write, had it not had to wait
        order.append("first committing")
    thread.join()
    assert order == ["first committing", "other committed"]
