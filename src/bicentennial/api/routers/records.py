"""POST /api/records: a batch of records from the caller's agency, validated like a file ingest."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field

from bicentennial.access.principal import Principal
from bicentennial.api.deps import request_lang, require_role
from bicentennial.i18n import _
from bicentennial.ingest import IngestError, ingest_records
from bicentennial.store.db import get_engine

router = APIRouter(prefix="/api", tags=["records"])

MAX_RECORDS = 10_000


class RecordsIn(BaseModel):
    schema_: str = Field(..., alias="schema", description="FtM schema of every record, e.g. Seizure")
    sharing: str = Field(..., description="originator | national | binational | public")
    records: list[dict[str, Any]] = Field(
        ..., description="property → value (or list of values); `id` is the record's id at its source"
    )


@router.post("/records")
def post_records(body: RecordsIn, request: Request,
                 who: Principal = Depends(require_role("analyst", "supervisor", "admin"))) -> dict[str, Any]:
    """Validate and store records of the caller's agency. Every record is accepted whole or
    quarantined with its reasons (see `quarantine` in the response); posting the same records
    again adds no statements."""
    lang = request_lang(request)
    if who.agency is None:  # pragma: no cover - require_role already rejects the public
        raise HTTPException(403, _("Your role does not allow this.", lang=lang))
    if len(body.records) > MAX_RECORDS:
        raise HTTPException(413, _("at most {n} records per request", lang=lang, n=MAX_RECORDS))
    try:
        summary = ingest_records(get_engine(), body.records, agency=who.agency, sharing=body.sharing,
                                 schema=body.schema_, actor=who.name)
    except IngestError as exc:
        raise HTTPException(422, exc.render(lang)) from None
    return summary.to_dict(lang)
