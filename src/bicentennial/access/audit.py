"""The tamper-evident audit trail: every login, read, search, write, export and
admin action becomes an `AuditEvent` appended to a hash-chained log.

Each entry stores the hash of the previous one; its own hash covers that and
every field of the entry. Editing an entry breaks its hash, removing or
reordering entries breaks the chain, and removing the newest entries no longer
matches `audit_head`. Copy `bicentennial audit head` off the machine now and
then (a witness): that also catches an attacker who rewrites the head itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, insert, select, update

from bicentennial.access.principal import Principal
from bicentennial.store.db import GENESIS, is_sqlite, take_write_lock, utcnow
from bicentennial.store.tables import audit_head, audit_log
from bicentennial.store.writer import insert_ignore

ACTIONS = ("login", "read", "search", "write", "export", "admin", "ingest", "review", "denied")


@dataclass(frozen=True)
class AuditEvent:
    actor: str
    action: str
    target: str | None = None
    agency: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def by(cls, principal: Principal, action: str, target: str | None = None, **detail: Any) -> AuditEvent:
        return cls(actor=principal.name, agency=principal.agency, action=action, target=target, detail=detail)


def _canonical(detail: dict[str, Any]) -> str:
    return json.dumps(detail, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def entry_hash(seq: int, ts: str, actor: str, agency: str | None, action: str, target: str | None,
               detail: str, prev_hash: str) -> str:
    payload = json.dumps(
        [seq, ts, actor, agency, action, target, detail, prev_hash], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(conn: Connection, event: AuditEvent) -> int:
    """Append `event` in the caller's transaction; returns its sequence number."""
    if event.action not in ACTIONS:
        raise ValueError(f"unknown audit action: {event.action}")
    # Appends queue on the head row, so that no two take the same place in the chain.
    query = select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)
    if is_sqlite(conn.engine):
        take_write_lock(conn)  # else the head read and the insert could straddle another append
    else:
        query = query.with_for_update()
    head = conn.execute(query).first()
    if head is None:
        # the first entry: make the head row first (seq 0), so that concurrent first appends
        # wait on its lock like every later one rather than both taking seq 1
        insert_ignore(conn, audit_head, [{"id": 1, "seq": 0, "hash": GENESIS}])
        head = conn.execute(query).first()
        assert head is not None
    seq, prev = head.seq + 1, head.hash
    ts = utcnow()
    detail = _canonical(event.detail)
    digest = entry_hash(seq, ts, event.actor, event.agency, event.action, event.target, detail, prev)
    conn.execute(
        insert(audit_log).values(
            seq=seq, ts=ts, actor=event.actor, agency=event.agency, action=event.action,
            target=event.target, detail=detail, prev_hash=prev, hash=digest,
        )
    )
    conn.execute(update(audit_head).where(audit_head.c.id == 1).values(seq=seq, hash=digest))
    return seq


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int
    bad_seq: int | None = None
    reason: str | None = None  # English message id, see locale/*/access.po


def verify(conn: Connection) -> VerifyResult:
    """Walk the chain from the first entry; report the first entry that does not fit."""
    prev = GENESIS
    expected = 1
    count = 0
    for row in conn.execute(select(audit_log).order_by(audit_log.c.seq)):
        count += 1
        if row.seq != expected:
            return VerifyResult(False, count, expected, "entry {seq} is missing or out of order")
        if row.prev_hash != prev:
            return VerifyResult(False, count, row.seq, "entry {seq} does not follow the entry before it")
        digest = entry_hash(row.seq, row.ts, row.actor, row.agency, row.action, row.target, row.detail,
                            row.prev_hash)
        if digest != row.hash:
            return VerifyResult(False, count, row.seq, "entry {seq} was altered")
        prev = row.hash
        expected += 1
    head = conn.execute(select(audit_head).where(audit_head.c.id == 1)).first()
    if head is None:
        if count:
            return VerifyResult(False, count, 1, "entry {seq}: the chain head is missing")
        return VerifyResult(True, 0)
    if head.seq != expected - 1 or head.hash != prev:
        return VerifyResult(False, count, expected, "entry {seq} is missing or out of order")
    return VerifyResult(True, count)


def entries(conn: Connection, limit: int = 100, offset: int = 0, actor: str | None = None,
            action: str | None = None) -> Iterator[dict[str, Any]]:
    query = select(audit_log).order_by(audit_log.c.seq.desc()).limit(limit).offset(offset)
    if actor:
        query = query.where(audit_log.c.actor == actor)
    if action:
        query = query.where(audit_log.c.action == action)
    for row in conn.execute(query):
        yield {
            "seq": row.seq, "ts": row.ts, "actor": row.actor, "agency": row.agency, "action": row.action,
            "target": row.target, "detail": json.loads(row.detail), "prev_hash": row.prev_hash,
            "hash": row.hash,
        }


def head(conn: Connection) -> dict[str, Any] | None:
    row = conn.execute(select(audit_head).where(audit_head.c.id == 1)).first()
    return {"seq": row.seq, "hash": row.hash} if row else None
