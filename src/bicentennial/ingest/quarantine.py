"""Reading the quarantine: rows that failed validation, with their reasons translated."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, select

from bicentennial.ingest.pipeline import render_reason
from bicentennial.store.tables import quarantine


def list_quarantine(conn: Connection, agency: str | None = None, status: str | None = "open",
                    limit: int = 1000, lang: str | None = None) -> list[dict[str, Any]]:
    """Quarantined rows, newest batch first then by file and row; `reason` in the current language."""
    query = select(quarantine).order_by(quarantine.c.created_at.desc(), quarantine.c.source,
                                        quarantine.c.row, quarantine.c.field).limit(limit)
    if agency:
        query = query.where(quarantine.c.agency == agency)
    if status:
        query = query.where(quarantine.c.status == status)
    out = []
    for r in conn.execute(query):
        params = json.loads(r.params or "{}")
        out.append({
            "id": r.id, "batch_id": r.batch_id, "agency": r.agency, "sharing": r.sharing, "source": r.source,
            "row": r.row, "field": r.field, "reason": render_reason(r.reason, params, lang),
            "reason_id": r.reason, "params": params, "raw": r.raw, "status": r.status,
            "created_at": r.created_at,
        })
    return out
