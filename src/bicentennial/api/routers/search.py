"""Full-text search with facets over what the caller may see."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from sqlalchemy import Connection

from bicentennial.access.principal import Principal
from bicentennial.access.search import search
from bicentennial.api.deps import get_connection, principal

router = APIRouter(prefix="/api/search", tags=["search"])


class FacetValue(BaseModel):
    value: str
    count: int


class SearchResponse(BaseModel):
    query: str
    total: int
    fuzzy: bool
    filters: dict[str, str]
    facets: dict[str, list[FacetValue]]
    results: list[dict[str, Any]]


@router.get("/entities", response_model=SearchResponse)
def search_entities(
    q: str = Query(..., min_length=1, description="words; accents and case do not matter; each word may be a prefix"),
    schema: str | None = Query(None, description="facet filter: FtM schema"),
    country: str | None = Query(None, description="facet filter: country of the sharing agency (us, mx)"),
    agency: str | None = Query(None, description="facet filter: sharing agency code"),
    line: str | None = Query(None, description="facet filter: Framework line of action (e.g. 3.1)"),
    year: str | None = Query(None, pattern=r"^\d{4}$", description="facet filter: year of a date of the entity"),
    limit: int = Query(25, ge=1, le=500),
    offset: int = Query(0, ge=0),
    who: Principal = Depends(principal),
    conn: Connection = Depends(get_connection),
) -> dict[str, Any]:
    """Entities with a visible value matching every word of `q`, with facet counts
    (schema, country, agency, line, year) over the visible hits. Audited."""
    filters = {k: v for k, v in {"schema": schema, "country": country, "agency": agency, "line": line,
                                 "year": year}.items() if v}
    return search(conn, who, q, filters=filters, limit=limit, offset=offset).to_dict()
