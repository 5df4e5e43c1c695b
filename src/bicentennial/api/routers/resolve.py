"""Record linkage over HTTP: runs, the review queue, decisions, explanations, exports.

Every endpoint works in the caller's scope (their agency): it shows only
results computed from statements the caller may see.
"""

from __future__ import annotations

import io
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field
from sqlalchemy import Connection

from bicentennial.access.principal import Principal
from bicentennial.api.deps import get_connection, principal, require_role
from bicentennial.i18n import _
from bicentennial.resolve import export, pipeline, review
from bicentennial.resolve.linkage import Thresholds
from bicentennial.resolve.review import ReviewError

router = APIRouter(prefix="/api/resolve", tags=["resolve"])


class RunRequest(BaseModel):
    kind: Literal["person", "organization"] = "person"
    auto_link: float = Field(0.9, gt=0, le=1)
    review: float = Field(0.5, gt=0, le=1)


class Decision(BaseModel):
    entity_a: str
    entity_b: str
    decision: Literal["same", "different", "unsure"]
    reason: str = Field(..., min_length=1)


class Reversal(BaseModel):
    reason: str = ""


def _bad(exc: ReviewError) -> HTTPException:
    return HTTPException(status_code=400, detail=_(exc.message, **exc.params))


@router.post("/runs")
def start_run(body: RunRequest, who: Principal = Depends(require_role("analyst", "supervisor", "admin")),
              conn: Connection = Depends(get_connection)) -> dict[str, Any]:
    if body.review > body.auto_link:
        raise HTTPException(status_code=400, detail=_("Thresholds must satisfy 0 < review <= auto-link <= 1."))
    try:
        return pipeline.run(conn, who, body.kind, Thresholds(body.auto_link, body.review)).__dict__
    except ReviewError as exc:
        raise _bad(exc) from exc


@router.get("/queue")
def get_queue(limit: int = Query(20, ge=1, le=500), who: Principal = Depends(principal),
              conn: Connection = Depends(get_connection)) -> list[dict[str, Any]]:
    try:
        return review.queue(conn, who, limit=limit)
    except ReviewError as exc:
        raise _bad(exc) from exc


@router.post("/judgements", status_code=201)
def post_judgement(body: Decision, who: Principal = Depends(require_role("analyst", "supervisor", "admin")),
                   conn: Connection = Depends(get_connection)) -> dict[str, Any]:
    try:
        return pipeline.decide(conn, who, body.entity_a, body.entity_b, body.decision, body.reason)
    except ReviewError as exc:
        raise _bad(exc) from exc


@router.get("/judgements")
def get_judgements(include_revoked: bool = False, limit: int = Query(100, ge=1, le=1000),
                   who: Principal = Depends(principal),
                   conn: Connection = Depends(get_connection)) -> list[dict[str, Any]]:
    try:
        return review.judgements(conn, who, include_revoked=include_revoked, limit=limit)
    except ReviewError as exc:
        raise _bad(exc) from exc


@router.post("/judgements/{judgement_id}/revoke", status_code=204)
def revoke_judgement(judgement_id: int, body: Reversal,
                     who: Principal = Depends(require_role("analyst", "supervisor", "admin")),
                     conn: Connection = Depends(get_connection)) -> None:
    try:
        pipeline.undo(conn, who, judgement_id, body.reason)
    except ReviewError as exc:
        raise HTTPException(status_code=404, detail=_(exc.message, **exc.params)) from exc


@router.get("/pairs")
def get_pair(a: str, b: str, who: Principal = Depends(principal),
             conn: Connection = Depends(get_connection)) -> dict[str, Any]:
    try:
        found = pipeline.explain_pair(conn, who, a, b)
    except ReviewError as exc:
        raise _bad(exc) from exc
    if found is None:
        raise HTTPException(status_code=404, detail=_("No scored pair for these entities."))
    return found


@router.get("/entities/{entity_id}/cluster")
def get_cluster(entity_id: str, who: Principal = Depends(principal),
                conn: Connection = Depends(get_connection)) -> dict[str, Any]:
    try:
        found = pipeline.cluster_of(conn, who, entity_id)
    except ReviewError as exc:
        raise _bad(exc) from exc
    if found is None:
        raise HTTPException(status_code=404, detail=_("Entity not resolved or not visible."))
    return found


@router.get("/export/clusters.csv", response_class=PlainTextResponse)
def get_clusters_csv(who: Principal = Depends(principal), conn: Connection = Depends(get_connection)) -> Any:
    buf = io.StringIO()
    export.clusters_csv(conn, who, buf)
    return PlainTextResponse(buf.getvalue(), media_type="text/csv")


@router.get("/export/entities.jsonl", response_class=PlainTextResponse)
def get_ftm(who: Principal = Depends(principal), conn: Connection = Depends(get_connection)) -> Any:
    buf = io.StringIO()
    export.ftm_lines(conn, who, buf)
    return PlainTextResponse(buf.getvalue(), media_type="application/x-ndjson")
