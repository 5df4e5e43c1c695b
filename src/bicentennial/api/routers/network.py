"""Network: expand an entity, link two, communities and key players (Cytoscape.js elements)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection

from bicentennial.access.principal import Principal
from bicentennial.api.deps import get_connection, principal
from bicentennial.api.problems import problem
from bicentennial.i18n import _
from bicentennial.network import queries
from bicentennial.network.model import edge_types as model_edge_types
from bicentennial.network.queries import Filters, NotVisible

router = APIRouter(prefix="/api/network", tags=["network"])

DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class NodeData(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="allow")
    id: str
    label: str
    schema_: str = Field(alias="schema", description="FtM schema of the entity")


class Node(BaseModel):
    data: NodeData


class EdgeData(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str = Field(description="record id / ordinal: stable across rebuilds")
    source: str
    target: str
    type: str = Field(description="edge schema (Payment, Ownership, Family...), Reference or CoOccurrence")
    label: str
    prop: str | None = None
    date: str | None = None
    end: str | None = None
    amount: str | None = None
    directed: bool
    records: list[str] = Field(description="ids of the records (entities) this edge comes from")
    statements: list[str] = Field(description="ids of the statements it was built from")


class Edge(BaseModel):
    data: EdgeData


class Elements(BaseModel):
    nodes: list[Node]
    edges: list[Edge]


class Stats(BaseModel):
    nodes: int
    edges: int
    edge_types: dict[str, int]
    high_water: str | None


class Expansion(BaseModel):
    entity: str
    hops: int
    truncated: bool
    merged: bool = False
    elements: Elements


class PathResult(BaseModel):
    source: str
    target: str
    time_respecting: bool
    found: bool
    length: int | None
    path: list[str]
    elements: Elements


class CommunitySummary(BaseModel):
    id: int
    size: int
    top: list[NodeData]


class Communities(BaseModel):
    modularity: float
    communities: int
    singletons: int
    entity: str | None = None
    community: int | None = None
    size: int | None = None
    truncated: bool | None = None
    elements: Elements | None = None
    largest: list[CommunitySummary] | None = None


class KeyPlayers(BaseModel):
    entity: str | None
    nodes: int
    approximate: bool = Field(description="betweenness estimated from sampled sources")
    pagerank: list[NodeData]
    betweenness: list[NodeData]
    brokers: list[NodeData]


NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "Not in the caller's network (unknown, or not shared with the caller)"}}


def _filters(edge_type: list[str] | None, schema: list[str] | None, date_from: str | None,
             date_to: str | None, include_undated: bool) -> Filters:
    return Filters(edge_types=tuple(edge_type or ()), schemata=tuple(schema or ()), date_from=date_from,
                   date_to=date_to, include_undated=include_undated)


def _not_visible(exc: NotVisible) -> JSONResponse:
    # Returned, not raised: the request's transaction commits, and with it the audit entry.
    return problem(404, _("Not found"), _("No such entity in your network, or not visible to you: {id}",
                                          id=exc.entity_id))


def _bad(exc: ValueError) -> JSONResponse:
    return problem(400, _("Bad request"), str(exc))


EdgeTypes = Query(None, description="edge types to follow (default: all)")
Schemata = Query(None, description="node schemata to include (default: all)")
DateFrom = Query(None, pattern=DATE, description="only edges dated on or after (undated kept if include_undated)")
DateTo = Query(None, pattern=DATE, description="only edges dated on or before")
Merged = Query(False, description="entities resolved as one (in your agency's resolution) are one node")


@router.get("/edge-types")
def edge_types() -> dict[str, list[str]]:
    """Edge types the graph can hold."""
    return {"edge_types": model_edge_types()}


@router.get("/stats", response_model=Stats)
def stats(who: Principal = Depends(principal), conn: Connection = Depends(get_connection)) -> Any:
    """Size of the caller's network."""
    return queries.stats(conn, who)


@router.get("/expand/{entity_id}", response_model=Expansion, responses=NOT_FOUND)
def expand(
    entity_id: str,
    hops: int = Query(2, ge=1, le=queries.MAX_HOPS),
    edge_type: list[str] | None = EdgeTypes,
    schema: list[str] | None = Schemata,
    date_from: str | None = DateFrom,
    date_to: str | None = DateTo,
    include_undated: bool = True,
    max_nodes: int = Query(500, ge=1, le=5000),
    merged: bool = Merged,
    who: Principal = Depends(principal),
    conn: Connection = Depends(get_connection),
) -> Any:
    """Who is connected to an entity within `hops`, and through which records."""
    try:
        # already encoded (network/render.py): sent as it is, the model above documents it
        return Response(queries.expand_json(conn, who, entity_id, hops, _filters(
            edge_type, schema, date_from, date_to, include_undated), max_nodes, merged=merged),
            media_type="application/json")
    except NotVisible as exc:
        return _not_visible(exc)


@router.get("/path", response_model=PathResult, responses=NOT_FOUND)
def path(
    source: str,
    target: str,
    time_respecting: bool = Query(False, description="each record dated no earlier than the one before"),
    max_length: int = Query(6, ge=1, le=queries.MAX_PATH_LENGTH),
    directed: bool = Query(False, description="follow directed edges (payments, ownership) forwards only"),
    edge_type: list[str] | None = EdgeTypes,
    schema: list[str] | None = Schemata,
    date_from: str | None = DateFrom,
    date_to: str | None = DateTo,
    include_undated: bool = True,
    merged: bool = Merged,
    who: Principal = Depends(principal),
    conn: Connection = Depends(get_connection),
) -> Any:
    """How two entities link: the shortest (optionally time-respecting) path."""
    try:
        return Response(queries.path_json(conn, who, source, target, time_respecting, max_length, directed,
                                          _filters(edge_type, schema, date_from, date_to, include_undated),
                                          merged=merged), media_type="application/json")
    except NotVisible as exc:
        return _not_visible(exc)


@router.get("/communities", response_model=Communities, response_model_exclude_none=True,
            responses=NOT_FOUND)
def communities(
    entity: str | None = Query(None, description="return this entity's community with its members"),
    resolution: float = Query(1.0, gt=0, le=100),
    edge_type: list[str] | None = EdgeTypes,
    date_from: str | None = DateFrom,
    date_to: str | None = DateTo,
    include_undated: bool = True,
    limit: int = Query(20, ge=1, le=500),
    max_members: int = Query(200, ge=1, le=5000),
    who: Principal = Depends(principal),
    conn: Connection = Depends(get_connection),
) -> Any:
    """Communities of the caller's network (Leiden, modularity)."""
    try:
        return queries.communities(conn, who, entity, resolution,
                                   _filters(edge_type, None, date_from, date_to, include_undated), limit,
                                   max_members)
    except NotVisible as exc:
        return _not_visible(exc)


@router.get("/key-players", response_model=KeyPlayers, responses=NOT_FOUND)
def key_players(
    entity: str | None = Query(None, description="limit to this entity's neighbourhood"),
    hops: int = Query(2, ge=1, le=queries.MAX_HOPS),
    edge_type: list[str] | None = EdgeTypes,
    date_from: str | None = DateFrom,
    date_to: str | None = DateTo,
    include_undated: bool = True,
    limit: int = Query(20, ge=1, le=500),
    who: Principal = Depends(principal),
    conn: Connection = Depends(get_connection),
) -> Any:
    """Who holds a network together: PageRank, betweenness, brokers between communities."""
    try:
        return queries.key_players(conn, who, entity, hops,
                                   _filters(edge_type, None, date_from, date_to, include_undated), limit)
    except NotVisible as exc:
        return _not_visible(exc)
    except ValueError as exc:
        return _bad(exc)
