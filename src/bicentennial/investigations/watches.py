"""Watches and in-app notifications.

A user watches an entity (new statements about it, or new records that name
it) or a saved search (new entities matching it). `check` looks at statements
first seen after the watch's mark, through the user's own access rules, and
writes one notification per touched entity; it runs when the user opens a page
(and for everybody with `bicentennial watch check`).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, delete, func, insert, or_, select, update

from bicentennial.access.audit import AuditEvent, append
from bicentennial.access.policy import visibility_filter
from bicentennial.access.principal import Principal
from bicentennial.access.search import search, search_doc
from bicentennial.investigations.tables import notification, watch
from bicentennial.store.db import utcnow
from bicentennial.store.tables import app_user, provenance, statement

KINDS = ("entity", "search")


def _newest(conn: Connection) -> str:
    # the newest batch's time: never earlier than any statement's first_seen (one small table)
    return str(conn.execute(select(func.max(provenance.c.seen_at))).scalar() or "")


def add(conn: Connection, who: Principal, kind: str, target: str, label: str,
        filters: dict[str, str] | None = None) -> int:
    if kind not in KINDS:
        raise ValueError(kind)
    result = conn.execute(insert(watch).values(
        owner=who.name, kind=kind, target=target, filters=json.dumps(filters or {}, sort_keys=True),
        label=label[:200], mark=_newest(conn), created_at=utcnow()))
    wid = int(result.inserted_primary_key[0])  # type: ignore[index]
    append(conn, AuditEvent.by(who, "write", f"watch:{wid}", op="create", kind=kind, watched=target))
    return wid


def remove(conn: Connection, who: Principal, watch_id: int) -> bool:
    done = conn.execute(delete(watch).where(watch.c.id == watch_id, watch.c.owner == who.name)).rowcount
    conn.execute(delete(notification).where(notification.c.watch_id == watch_id,
                                            notification.c.owner == who.name))
    append(conn, AuditEvent.by(who, "write", f"watch:{watch_id}", op="delete"))
    return bool(done)


def list_for(conn: Connection, who: Principal) -> list[dict[str, Any]]:
    rows = conn.execute(select(watch).where(watch.c.owner == who.name).order_by(watch.c.id)).all()
    return [{"id": r.id, "kind": r.kind, "target": r.target, "label": r.label, "filters": json.loads(r.filters),
             "created_at": r.created_at} for r in rows]


def watching(conn: Connection, who: Principal, kind: str, target: str) -> int | None:
    row = conn.execute(select(watch.c.id).where(watch.c.owner == who.name, watch.c.kind == kind,
                                                watch.c.target == target)).first()
    return int(row[0]) if row else None


def _touched_entity(conn: Connection, who: Principal, target: str, mark: str) -> dict[str, int]:
    query = (select(statement.c.entity_id, func.count()).where(
        visibility_filter(who), statement.c.first_seen > mark,
        or_(statement.c.entity_id == target, statement.c.value == target))
        .group_by(statement.c.entity_id))
    return {eid: int(n) for eid, n in conn.execute(query)}


def _touched_search(conn: Connection, who: Principal, q: str, filters: dict[str, str], mark: str) -> dict[str, int]:
    found = search(conn, who, q, filters=filters, limit=500, audit=False)
    ids = [r["id"] for r in found.results]
    if not ids:
        return {}
    query = (select(search_doc.c.entity_id, func.count()).where(
        visibility_filter(who, search_doc), search_doc.c.first_seen > mark, search_doc.c.entity_id.in_(ids))
        .group_by(search_doc.c.entity_id))
    return {eid: int(n) for eid, n in conn.execute(query)}


def check(conn: Connection, who: Principal) -> int:
    """Notify `who` of what is new for each of their watches; returns how many notifications."""
    rows = conn.execute(select(watch).where(watch.c.owner == who.name)).all()
    if not rows:
        return 0
    newest = _newest(conn)
    made = 0
    for w in rows:
        if newest <= w.mark:
            continue
        if w.kind == "entity":
            touched = _touched_entity(conn, who, w.target, w.mark)
        else:
            touched = _touched_search(conn, who, w.target, json.loads(w.filters), w.mark)
        now = utcnow()
        for eid, n in sorted(touched.items()):
            conn.execute(insert(notification).values(owner=who.name, watch_id=w.id, entity_id=eid, records=n,
                                                     created_at=now))
            made += 1
        conn.execute(update(watch).where(watch.c.id == w.id).values(mark=newest))
        if touched:
            append(conn, AuditEvent.by(who, "read", f"watch:{w.id}", entities=len(touched)))
    return made


def check_all(conn: Connection) -> int:
    """Run `check` for every active user who has a watch (for a scheduler)."""
    owners = {r[0] for r in conn.execute(select(watch.c.owner).distinct())}
    total = 0
    for u in conn.execute(select(app_user).where(app_user.c.active == 1)):
        if u.name in owners:
            who = Principal(u.name, u.agency, u.country, frozenset(x for x in u.roles.split(",") if x))
            total += check(conn, who)
    return total


def notifications(conn: Connection, who: Principal, unread_only: bool = False, limit: int = 100
                  ) -> list[dict[str, Any]]:
    query = (select(notification, watch.c.label, watch.c.kind)
             .join(watch, watch.c.id == notification.c.watch_id, isouter=True)
             .where(notification.c.owner == who.name).order_by(notification.c.id.desc()).limit(limit))
    if unread_only:
        query = query.where(notification.c.read_at.is_(None))
    return [{"id": r.id, "watch_id": r.watch_id, "label": r.label, "kind": r.kind, "entity_id": r.entity_id,
             "records": r.records, "created_at": r.created_at, "read": r.read_at is not None}
            for r in conn.execute(query)]


def unread_count(conn: Connection, who: Principal) -> int:
    return int(conn.execute(select(func.count()).select_from(notification).where(
        notification.c.owner == who.name, notification.c.read_at.is_(None))).scalar_one())


def mark_read(conn: Connection, who: Principal) -> None:
    conn.execute(update(notification).where(notification.c.owner == who.name, notification.c.read_at.is_(None))
                 .values(read_at=utcnow()))
