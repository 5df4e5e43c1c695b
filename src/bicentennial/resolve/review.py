"""Human review: the queue of uncertain pairs and judgements (same / different / unsure).

A judgement names its reviewer and reason, is stored per scope (the reviewer's
agency, like every resolution result), overrides the model on every rerun
(`clusters.cluster`), is reversed by soft deletion (never removed), and every
decision and reversal is appended to the audit chain (action "review").
A new judgement on a pair supersedes (soft-deletes) the pair's previous one.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, and_, func, insert, select, update

from bicentennial.access.audit import AuditEvent, append
from bicentennial.access.policy import visibility_filter
from bicentennial.access.principal import Principal
from bicentennial.resolve.linkage import Thresholds
from bicentennial.resolve.tables import resolve_judgement, resolve_pair
from bicentennial.store.db import utcnow
from bicentennial.store.tables import statement

DECISIONS = ("same", "different", "unsure")


class ReviewError(ValueError):
    """A refused review action; `message` is an English message id, `params` fill it."""

    def __init__(self, message: str, **params: Any):
        super().__init__(message)
        self.message = message
        self.params = params


def scope_of(principal: Principal) -> str:
    if principal.is_public or principal.agency is None:
        raise ReviewError("The public cannot resolve or review entities.")
    return principal.agency


def _ordered(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _visible(conn: Connection, principal: Principal, entity_ids: list[str]) -> set[str]:
    rows = conn.execute(
        select(statement.c.entity_id).distinct()
        .where(visibility_filter(principal), statement.c.entity_id.in_(entity_ids))
    )
    return {r.entity_id for r in rows}


def _captions(conn: Connection, principal: Principal, entity_ids: list[str]) -> dict[str, str]:
    """Visible names of entities (statements of other agencies' compartments never read)."""
    if not entity_ids:
        return {}
    rows = conn.execute(
        select(statement.c.entity_id, func.min(statement.c.value))
        .where(visibility_filter(principal), statement.c.entity_id.in_(entity_ids), statement.c.prop == "name")
        .group_by(statement.c.entity_id)
    )
    return {r[0]: r[1] for r in rows}


def queue(conn: Connection, principal: Principal, limit: int = 20,
          thresholds: Thresholds | None = None) -> list[dict[str, Any]]:
    """Uncertain pairs (review ≤ p < auto-link) of the caller's scope without an active judgement,
    most uncertain (closest to 0.5 in weight) first."""
    scope = scope_of(principal)
    th = thresholds or Thresholds()
    judged = select(resolve_judgement.c.id).where(
        resolve_judgement.c.scope == scope, resolve_judgement.c.deleted_at.is_(None),
        resolve_judgement.c.entity_a == resolve_pair.c.entity_a,
        resolve_judgement.c.entity_b == resolve_pair.c.entity_b,
    ).exists()
    rows = conn.execute(
        select(resolve_pair)
        .where(resolve_pair.c.scope == scope, resolve_pair.c.match_probability >= th.review,
               resolve_pair.c.match_probability < th.auto_link, ~judged)
        .order_by(func.abs(resolve_pair.c.match_weight), resolve_pair.c.entity_a, resolve_pair.c.entity_b)
        .limit(limit)
    ).all()
    ids = sorted({r.entity_a for r in rows} | {r.entity_b for r in rows})
    names = _captions(conn, principal, ids)
    visible = _visible(conn, principal, ids) if ids else set()
    append(conn, AuditEvent.by(principal, "read", "resolve:queue", pairs=len(rows)))
    return [
        {"entity_a": r.entity_a, "entity_b": r.entity_b, "caption_a": names.get(r.entity_a, r.entity_a),
         "caption_b": names.get(r.entity_b, r.entity_b), "kind": r.kind, "match_weight": r.match_weight,
         "match_probability": r.match_probability, "explanation": json.loads(r.explanation)}
        for r in rows if r.entity_a in visible and r.entity_b in visible
    ]


def judge(conn: Connection, principal: Principal, entity_a: str, entity_b: str, decision: str,
          reason: str) -> dict[str, Any]:
    """Record a decision on a pair; returns the judgement. Refuses unknown decisions, an empty
    reason, a pair with itself and entities the reviewer cannot see."""
    scope = scope_of(principal)
    if decision not in DECISIONS:
        raise ReviewError("Unknown decision {decision}: use same, different or unsure.", decision=decision)
    if not reason or not reason.strip():
        raise ReviewError("A reason is required.")
    if entity_a == entity_b:
        raise ReviewError("An entity cannot be judged against itself.")
    a, b = _ordered(entity_a, entity_b)
    missing = sorted({a, b} - _visible(conn, principal, [a, b]))
    if missing:
        append(conn, AuditEvent.by(principal, "denied", f"resolve:{a}|{b}", reason="not visible"))
        raise ReviewError("Entity {entity} does not exist or is not visible to you.", entity=missing[0])
    now = utcnow()
    conn.execute(
        update(resolve_judgement)
        .where(resolve_judgement.c.scope == scope, resolve_judgement.c.entity_a == a,
               resolve_judgement.c.entity_b == b, resolve_judgement.c.deleted_at.is_(None))
        .values(deleted_at=now, deleted_by=principal.name)
    )
    result = conn.execute(
        insert(resolve_judgement).values(
            scope=scope, entity_a=a, entity_b=b, decision=decision, reviewer=principal.name,
            reason=reason.strip(), created_at=now,
        )
    )
    jid = int(result.inserted_primary_key[0])  # type: ignore[index]
    append(conn, AuditEvent.by(principal, "review", f"resolve:{a}|{b}", judgement=jid, decision=decision,
                               reason=reason.strip()))
    return {"id": jid, "entity_a": a, "entity_b": b, "decision": decision, "reviewer": principal.name,
            "reason": reason.strip(), "created_at": now, "deleted_at": None, "deleted_by": None}


def revoke(conn: Connection, principal: Principal, judgement_id: int, reason: str = "") -> tuple[str, str]:
    """Reverse a judgement of the caller's scope (soft delete: it stays in the history); returns
    the pair it was about."""
    scope = scope_of(principal)
    pair = conn.execute(select(resolve_judgement.c.entity_a, resolve_judgement.c.entity_b).where(
        resolve_judgement.c.id == judgement_id, resolve_judgement.c.scope == scope)).first()
    result = conn.execute(
        update(resolve_judgement)
        .where(resolve_judgement.c.id == judgement_id, resolve_judgement.c.scope == scope,
               resolve_judgement.c.deleted_at.is_(None))
        .values(deleted_at=utcnow(), deleted_by=principal.name)
    )
    if result.rowcount == 0 or pair is None:
        raise ReviewError("No active judgement {id} in your agency.", id=judgement_id)
    append(conn, AuditEvent.by(principal, "review", f"resolve:judgement:{judgement_id}", revoked=True,
                               reason=reason))
    return pair.entity_a, pair.entity_b


def judgements(conn: Connection, principal: Principal, include_revoked: bool = False,
               limit: int = 100) -> list[dict[str, Any]]:
    scope = scope_of(principal)
    query = select(resolve_judgement).where(resolve_judgement.c.scope == scope)
    if not include_revoked:
        query = query.where(resolve_judgement.c.deleted_at.is_(None))
    rows = conn.execute(query.order_by(resolve_judgement.c.id.desc()).limit(limit)).all()
    append(conn, AuditEvent.by(principal, "read", "resolve:judgements", count=len(rows)))
    return [dict(r._mapping) for r in rows]


def active(conn: Connection, scope: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(same, different) pairs of the scope's active judgements ("unsure" changes nothing)."""
    rows = conn.execute(
        select(resolve_judgement.c.entity_a, resolve_judgement.c.entity_b, resolve_judgement.c.decision)
        .where(and_(resolve_judgement.c.scope == scope, resolve_judgement.c.deleted_at.is_(None)))
    ).all()
    same = [(r.entity_a, r.entity_b) for r in rows if r.decision == "same"]
    different = [(r.entity_a, r.entity_b) for r in rows if r.decision == "different"]
    return same, different
