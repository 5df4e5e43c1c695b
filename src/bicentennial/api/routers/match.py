"""Sanctions screening over HTTP: yente's ``POST /match`` shape, and screening alerts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field
from sqlalchemy import Connection

from bicentennial.access.audit import AuditEvent, append
from bicentennial.access.principal import Principal
from bicentennial.api.deps import get_connection, principal
from bicentennial.i18n import _
from bicentennial.screen.logic import ALGORITHM, DEFAULT_THRESHOLD

router = APIRouter(tags=["screening"])


class EntityExample(BaseModel):
    """A query by example: an FtM schema and properties (values as lists of strings)."""

    schema_: str = Field("Thing", alias="schema")
    properties: dict[str, list[str] | str] = Field(default_factory=dict)

    model_config = {"populate_by_name": True}


class MatchRequest(BaseModel):
    queries: dict[str, EntityExample]


class DecisionRequest(BaseModel):
    decision: str = Field(..., pattern="^(confirm|dismiss)$")
    reason: str = Field(..., min_length=1)


def _index() -> Any:
    from bicentennial.screen.index import get_index

    return get_index()


@router.get("/api/match/algorithms")
def algorithms(who: Principal = Depends(principal)) -> dict[str, Any]:
    """The scoring algorithm: its features, weights and default threshold."""
    from bicentennial.screen.logic import config

    return {"algorithms": [config()], "default": ALGORITHM, "best": ALGORITHM}


@router.post("/api/match")
@router.post("/api/match/{dataset}")
def match(
    body: MatchRequest,
    dataset: str = "default",
    algorithm: str = Query(ALGORITHM),
    threshold: float = Query(DEFAULT_THRESHOLD, ge=0, le=1, description="score from which `match` is true"),
    cutoff: float = Query(0.0, ge=0, le=1, description="smallest score returned"),
    limit: int = Query(5, ge=1, le=100),
    who: Principal = Depends(principal),
    conn: Connection = Depends(get_connection),
) -> dict[str, Any]:
    """Match entities by example against the loaded sanctions lists (yente's request and response shape)."""
    from bicentennial.screen.service import match as run_match

    if algorithm != ALGORITHM:
        raise HTTPException(400, _("Unknown algorithm {name}.", name=algorithm))
    if len(body.queries) > 100:
        raise HTTPException(400, _("At most {n} queries per request.", n=100))
    queries = {key: {"schema": q.schema_, "properties": q.properties} for key, q in body.queries.items()}
    index = _index()
    if dataset not in ("default", "sanctions") and dataset not in index.sources:
        raise HTTPException(404, _("Unknown dataset {name}.", name=dataset))
    result = run_match(index, queries, threshold=threshold, limit=limit, cutoff=cutoff)
    if dataset not in ("default", "sanctions"):
        for response in result["responses"].values():
            response["results"] = [r for r in response["results"] if r["datasets"] == [dataset]]
            response["total"]["value"] = len(response["results"])
    append(conn, AuditEvent.by(who, "search", "screen:match", queries=len(queries), dataset=dataset))
    return result


@router.get("/api/screen/alerts")
def alerts(
    status: str | None = Query(None, pattern="^(open|confirmed|dismissed)$"),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0),
    who: Principal = Depends(principal),
    conn: Connection = Depends(get_connection),
) -> dict[str, Any]:
    """Screening alerts the caller may see (every statement behind them visible)."""
    from bicentennial.screen.alerts import list_alerts

    rows = list_alerts(conn, who, status=status, limit=limit, offset=offset)
    return {"alerts": rows, "total": len(rows)}


@router.get("/api/screen/alerts/{alert_id}")
def alert(alert_id: str, who: Principal = Depends(principal),
          conn: Connection = Depends(get_connection)) -> dict[str, Any]:
    from bicentennial.screen.alerts import AlertNotFound, get_alert

    try:
        return get_alert(conn, who, alert_id)
    except AlertNotFound:
        raise HTTPException(404, _("No alert {alert} that you may see.", alert=alert_id)) from None


@router.post("/api/screen/alerts/{alert_id}/decision")
def decision(alert_id: str, body: DecisionRequest, who: Principal = Depends(principal),
             conn: Connection = Depends(get_connection)) -> dict[str, Any]:
    """Confirm or dismiss an alert with a reason (audited)."""
    from bicentennial.screen.alerts import AlertNotFound, decide

    try:
        return decide(conn, who, alert_id, body.decision, body.reason)
    except AlertNotFound:
        raise HTTPException(404, _("No alert {alert} that you may see.", alert=alert_id)) from None
