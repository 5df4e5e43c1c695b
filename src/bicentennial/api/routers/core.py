"""Framework, search, entities and audit."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query
from sqlalchemy import Connection

from bicentennial.access import audit
from bicentennial.access import records as access_records
from bicentennial.access.principal import Principal
from bicentennial.access.records import counts_by_line
from bicentennial.api.deps import get_connection, principal, require_role
from bicentennial.framework import load_framework
from bicentennial.i18n import _

router = APIRouter(prefix="/api", tags=["core"])


@router.get("/framework")
def framework(lang: str | None = Query(None, pattern="^(en|es)$")) -> dict[str, Any]:
    """The Framework's goals, lines of action, commitments, governance and agencies."""
    return load_framework().to_dict(lang)


@router.get("/search")
def search(
    q: str = Query(..., min_length=1),
    limit: int = Query(50, ge=1, le=500),
    who: Principal = Depends(principal),
    conn: Connection = Depends(get_connection),
) -> dict[str, Any]:
    """Entities matching `q` (accent-insensitive) among what the caller may see."""
    results = access_records.search(conn, who, q, limit=limit)
    return {"query": q, "total": len(results), "results": results}


@router.get("/entities/{entity_id}")
def entity(entity_id: str, who: Principal = Depends(principal),
           conn: Connection = Depends(get_connection)) -> dict[str, Any]:
    """One entity with every visible statement and its provenance."""
    found = access_records.get_entity(conn, who, entity_id)
    if found is None:
        raise HTTPException(404, _("No such entity, or not visible to you."))
    return found


@router.get("/lines")
def lines(who: Principal = Depends(principal), conn: Connection = Depends(get_connection)) -> dict[str, Any]:
    """Visible shared records per line of action."""
    return {"lines": counts_by_line(conn, who)}


@router.get("/audit")
def audit_log(
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0),
    actor: str | None = None,
    action: str | None = None,
    who: Principal = Depends(require_role("auditor")),
    conn: Connection = Depends(get_connection),
) -> dict[str, Any]:
    """The audit trail, newest first (auditors only), with the chain's verification."""
    rows = list(audit.entries(conn, limit=limit, offset=offset, actor=actor, action=action))
    result = audit.verify(conn)
    audit.append(conn, audit.AuditEvent.by(who, "read", "audit", limit=limit, offset=offset))
    return {
        "entries": rows,
        "verified": result.ok,
        "bad_seq": result.bad_seq,
    }
