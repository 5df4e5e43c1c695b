"""Batch screening of the entities we hold, and the alerts a person confirms or dismisses.

`run_batch` reads every person and organisation the principal may see (through
`access.records.visible_table`), merges the statement entities that record linkage
resolved into one (`resolve.pipeline.canonical_ids`), screens each against the index
and keeps the hits at or above the threshold as alerts. Each alert remembers the
statements it was computed from; `list_alerts`/`get_alert` show an alert only to a
principal who may see every one of them. Decisions are audited.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, insert, select, update

from bicentennial.access.audit import AuditEvent, append
from bicentennial.access.policy import visibility_filter
from bicentennial.access.principal import Principal
from bicentennial.access.records import visible_statements, visible_table
from bicentennial.screen.entity import Query
from bicentennial.screen.index import ScreeningIndex
from bicentennial.screen.logic import DEFAULT_THRESHOLD
from bicentennial.screen.publish import AGENCY as PUBLISHER
from bicentennial.screen.tables import screen_alert, screen_alert_statement
from bicentennial.store.db import utcnow
from bicentennial.store.tables import statement

SCHEMATA = ["Person", "Company", "Organization", "LegalEntity"]
STATUSES = ("open", "confirmed", "dismissed")
DECISIONS = {"confirm": "confirmed", "dismiss": "dismissed"}


class AlertNotFound(LookupError):
    """No such alert, or not one the principal may see."""


@dataclass
class HeldEntity:
    id: str
    schema: str
    properties: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    statement_ids: set[str] = field(default_factory=set)
    agencies: set[str] = field(default_factory=set)

    @property
    def caption(self) -> str:
        return (self.properties.get("name") or [self.id])[0]


def held_entities(conn: Connection, principal: Principal) -> list[HeldEntity]:
    """Persons and organisations visible to `principal`, one per resolved (canonical) entity."""
    table = visible_table(conn, principal, purpose="screen", schemata=SCHEMATA)
    canonical: dict[str, str] = {}
    try:
        from bicentennial.resolve.pipeline import canonical_ids

        canonical = canonical_ids(conn, principal)
    except Exception:  # noqa: BLE001 - record linkage not run (or not installed): screen mentions as they are
        canonical = {}
    entities: dict[str, HeldEntity] = {}
    columns = table.select(["id", "entity_id", "schema", "prop", "value", "agency"]).to_pydict()
    for sid, eid, schema, prop, value, agency in zip(columns["id"], columns["entity_id"], columns["schema"],
                                                     columns["prop"], columns["value"], columns["agency"],
                                                     strict=True):
        key = canonical.get(eid, eid)
        held = entities.get(key)
        if held is None:
            held = entities[key] = HeldEntity(id=key, schema=schema)
        elif held.schema != schema and schema == "Person":
            held.schema = schema
        if value not in held.properties[prop]:
            held.properties[prop].append(value)
        held.statement_ids.add(sid)
        held.agencies.add(agency)
    return [e for e in entities.values() if e.properties.get("name")]


def run_batch(conn: Connection, principal: Principal, index: ScreeningIndex,
              threshold: float = DEFAULT_THRESHOLD, limit: int = 3) -> dict[str, int]:
    """Screen every held entity; new hits become open alerts, known ones are refreshed
    (a decided alert keeps its decision). Returns counts."""
    now = utcnow()
    counts = {"entities": 0, "hits": 0, "new": 0, "updated": 0}
    existing = {(r.entity_id, r.list_entity_id): (r.id, r.status)
                for r in conn.execute(select(screen_alert.c.id, screen_alert.c.entity_id,
                                             screen_alert.c.list_entity_id, screen_alert.c.status))}
    # an entry of a list published as records (`screen publish`) is not screened against
    # that list: it would match itself; one of our entities resolved to it still is
    listed = {e.id for e in index.entities}
    for held in held_entities(conn, principal):
        if held.id in listed and held.agencies == {PUBLISHER}:
            continue
        counts["entities"] += 1
        query = Query.from_example(held.schema, dict(held.properties))
        for result in index.search(query, limit=limit, threshold=threshold):
            counts["hits"] += 1
            explanation = json.dumps(result.explanations, ensure_ascii=False, sort_keys=True)
            known = existing.get((held.id, result.entity.id))
            if known is None:
                alert_id = uuid.uuid4().hex
                conn.execute(insert(screen_alert).values(
                    id=alert_id, entity_id=held.id, entity_schema=held.schema, entity_caption=held.caption,
                    list_entity_id=result.entity.id, list_source=result.entity.source,
                    list_source_id=result.entity.source_id, list_caption=result.entity.caption,
                    score=result.score, explanation=explanation, status="open", created_by=principal.name,
                    created_at=now, updated_at=now))
                existing[(held.id, result.entity.id)] = (alert_id, "open")
                counts["new"] += 1
            else:
                alert_id = known[0]
                conn.execute(update(screen_alert).where(screen_alert.c.id == alert_id).values(
                    score=result.score, explanation=explanation, entity_caption=held.caption, updated_at=now))
                counts["updated"] += 1
            have = {r.statement_id for r in conn.execute(
                select(screen_alert_statement.c.statement_id).where(screen_alert_statement.c.alert_id == alert_id))}
            missing = sorted(held.statement_ids - have)
            if missing:
                conn.execute(insert(screen_alert_statement),
                             [{"alert_id": alert_id, "statement_id": s} for s in missing])
    append(conn, AuditEvent.by(principal, "write", "screen:batch", threshold=threshold, **counts))
    return counts


def _visible(principal: Principal) -> Any:
    """Alerts all of whose statements `principal` may see."""
    visible_ids = visible_statements(principal).with_only_columns(statement.c.id)
    hidden = select(screen_alert_statement.c.alert_id).where(screen_alert_statement.c.statement_id.not_in(visible_ids))
    return screen_alert.c.id.not_in(hidden)


def _row(row: Any) -> dict[str, Any]:
    data = dict(row._mapping)
    data["explanation"] = json.loads(data["explanation"])
    return data


def list_alerts(conn: Connection, principal: Principal, status: str | None = None,
                limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    query = select(screen_alert).where(_visible(principal))
    if status:
        query = query.where(screen_alert.c.status == status)
    query = query.order_by(screen_alert.c.score.desc(), screen_alert.c.id).limit(limit).offset(offset)
    rows = [_row(r) for r in conn.execute(query)]
    append(conn, AuditEvent.by(principal, "read", "screen:alerts", status=status, alerts=len(rows)))
    return rows


def get_alert(conn: Connection, principal: Principal, alert_id: str) -> dict[str, Any]:
    row = conn.execute(select(screen_alert).where(screen_alert.c.id == alert_id, _visible(principal))).first()
    append(conn, AuditEvent.by(principal, "read", f"screen:alert:{alert_id}", found=row is not None))
    if row is None:
        raise AlertNotFound(alert_id)
    return _row(row)


def decide(conn: Connection, principal: Principal, alert_id: str, decision: str, reason: str) -> dict[str, Any]:
    """Confirm or dismiss an alert (``decision`` is ``confirm`` or ``dismiss``) with a reason."""
    if decision not in DECISIONS:
        raise ValueError("decision must be confirm or dismiss")
    if not reason or not reason.strip():
        raise ValueError("a reason is required")
    current = get_alert(conn, principal, alert_id)
    now = utcnow()
    status = DECISIONS[decision]
    conn.execute(update(screen_alert).where(screen_alert.c.id == alert_id).values(
        status=status, reviewer=principal.name, reason=reason.strip(), decided_at=now, updated_at=now))
    append(conn, AuditEvent.by(principal, "review", f"screen:alert:{alert_id}", decision=status,
                               previous=current["status"], reason=reason.strip(), entity=current["entity_id"],
                               list_entry=current["list_entity_id"], score=current["score"]))
    judgement = _judge_listed(conn, principal, current, status, reason.strip())
    return {**current, "status": status, "reviewer": principal.name, "reason": reason.strip(),
            "decided_at": now, "updated_at": now, "judgement": judgement}


def _judge_listed(conn: Connection, principal: Principal, alert: dict[str, Any], status: str,
                  reason: str) -> dict[str, Any] | None:
    """A confirmed alert says that our entity is the listed entry, a dismissed one that it is
    not. Where the entry is in the store as a record the reviewer may see (the SDN list
    published by `screen publish`), that is recorded as a resolution judgement ("same" or
    "different") in the reviewer's scope and applied to its clusters at once, so the merged
    network makes them one node, joined to the entries the listing is linked to. Entities
    that the scope's last resolution run did not cover join at its next run. None when the
    entry is not in the store."""
    from bicentennial.resolve import pipeline
    from bicentennial.resolve.review import ReviewError

    entry = alert["list_entity_id"]
    listed = conn.execute(select(statement.c.id).where(
        statement.c.entity_id == entry, visibility_filter(principal)).limit(1)).first()
    if listed is None or entry == alert["entity_id"]:
        return None
    decision = "same" if status == "confirmed" else "different"
    try:
        return pipeline.decide(conn, principal, alert["entity_id"], entry, decision,
                               f"screening alert {alert['id']}: {reason}")
    except ReviewError:  # e.g. the public, which has no resolution scope: the alert's decision stands
        return None


def for_entity(conn: Connection, principal: Principal, entity_id: str) -> list[dict[str, Any]]:
    """Alerts (any status) computed from statements of `entity_id` that `principal` may see in full."""
    of_entity = (
        select(screen_alert_statement.c.alert_id)
        .join(statement, statement.c.id == screen_alert_statement.c.statement_id)
        .where(statement.c.entity_id == entity_id)
    )
    query = (
        select(screen_alert)
        .where(screen_alert.c.id.in_(of_entity), _visible(principal))
        .order_by(screen_alert.c.score.desc(), screen_alert.c.id)
    )
    rows = [_row(r) for r in conn.execute(query)]
    append(conn, AuditEvent.by(principal, "read", f"screen:alerts:{entity_id}", alerts=len(rows)))
    return rows
