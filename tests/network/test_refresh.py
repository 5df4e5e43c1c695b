"""A refresh reads only what the last read may have missed: not the last load again, however
recent its data, and not nothing when a batch commits late (stamped before the read, stored
after it); on both backends."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select

from bicentennial.network.cache import OVERLAP, graph_for
from bicentennial.store.tables import audit_log

from .conftest import Fact, entity, who, write


def _read(engine: Engine) -> tuple[int, set[str]]:
    """Statements the refresh read from the store (its audited bulk read), and the graph's nodes."""
    with engine.begin() as conn:
        cached = graph_for(conn, who("CBP"), max_age=0)
        with cached.lock:
            nodes = set(cached.graph.node_ids)
        detail = conn.execute(select(audit_log.c.detail).where(audit_log.c.target == "bulk:network")
                              .order_by(audit_log.c.seq.desc()).limit(1)).scalar_one()
    return json.loads(detail)["statements"], nodes


def test_a_refresh_rereads_nothing_old_and_misses_nothing_late(engine: Engine, case: list[Fact]) -> None:
    first, nodes = _read(engine)
    assert first > 0 and "alice" in nodes
    again, _ = _read(engine)
    assert again == 0  # nothing written since the last read: nothing read again
    # a batch whose time was taken a minute before that read but which committed after it
    late = (datetime.now(UTC) - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert timedelta(minutes=1) < OVERLAP
    write(engine, entity("late", "Person", "CBP", "binational", late, name="Late Commit"))
    later, nodes = _read(engine)
    assert "late" in nodes and later == 1
