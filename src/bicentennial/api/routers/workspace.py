"""Workspace: entity profiles (statements, timeline, places, screening) and the
supervisors' quarantine list."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy import Connection, select

from bicentennial.access.audit import AuditEvent, append
from bicentennial.access.principal import Principal
from bicentennial.api.deps import get_connection, principal, require_role
from bicentennial.api.problems import problem
from bicentennial.i18n import _
from bicentennial.investigations import profile
from bicentennial.store.tables import quarantine

router = APIRouter(prefix="/api", tags=["workspace"])


@router.get("/entities/{entity_id}/profile", responses={404: {"description": "Not visible"}})
def entity_profile(entity_id: str, who: Principal = Depends(principal),
                   conn: Connection = Depends(get_connection)) -> Any:
    """Every visible statement with agency, date and sharing level; related records; a timeline;
    located events (state, municipality, country); sanctions screening alerts when available."""
    found = profile.build(conn, who, entity_id)
    if found is None:
        return problem(404, _("Not found"), _("No such entity, or not visible to you."))
    return found


@router.get("/quarantine")
def quarantine_rows(status: str | None = Query("open"), limit: int = Query(200, ge=1, le=5000),
                    who: Principal = Depends(require_role("supervisor")),
                    conn: Connection = Depends(get_connection)) -> dict[str, Any]:
    """Quarantined rows of the supervisor's agency, reasons in the request's language."""
    query = select(quarantine).where(quarantine.c.agency == who.agency).order_by(
        quarantine.c.created_at.desc()).limit(limit)
    if status:
        query = query.where(quarantine.c.status == status)
    rows = []
    for r in conn.execute(query):
        params = json.loads(r.params or "{}")
        try:
            reason = _(r.reason, **params)
        except (KeyError, IndexError, ValueError):
            reason = r.reason
        rows.append({"id": r.id, "batch_id": r.batch_id, "source": r.source, "row": r.row, "field": r.field,
                     "reason": reason, "reason_id": r.reason, "params": params, "raw": r.raw,
                     "status": r.status, "created_at": r.created_at})
    append(conn, AuditEvent.by(who, "read", "quarantine", rows=len(rows), status=status))
    return {"rows": rows}
