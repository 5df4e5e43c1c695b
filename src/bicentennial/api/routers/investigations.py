"""Investigations (saved sets of entities with notes and layouts), their exports,
watches and notifications."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import Connection

from bicentennial.access.principal import Principal
from bicentennial.api.deps import get_connection, principal
from bicentennial.api.problems import problem
from bicentennial.i18n import _
from bicentennial.investigations import core, export, watches

router = APIRouter(prefix="/api", tags=["investigations"])

Sharing = Literal["private", "agency", "binational"]
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such investigation, or not open to the caller"}}


class NewInvestigation(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    sharing: Sharing = "private"
    entities: list[str] = []


class InvestigationPatch(BaseModel):
    name: str | None = Field(None, max_length=200)
    description: str | None = None
    sharing: Sharing | None = None


class Entities(BaseModel):
    entities: list[str]
    note: str = ""


class Note(BaseModel):
    text: str = Field(min_length=1)


class NewWatch(BaseModel):
    kind: Literal["entity", "search"]
    target: str = Field(min_length=1, description="entity id, or the search query")
    label: str = ""
    filters: dict[str, str] = {}


def _missing() -> JSONResponse:
    return problem(404, _("Not found"), _("No such investigation, or not open to you."))


def _forbidden() -> JSONResponse:
    return problem(403, _("Forbidden"), _("You may read this investigation but not change it."))


@router.get("/investigations")
def list_investigations(who: Principal = Depends(principal), conn: Connection = Depends(get_connection)
                        ) -> dict[str, Any]:
    """Investigations open to the caller: their own, their agency's shared ones, binational ones."""
    return {"investigations": [s.to_dict() for s in core.list_for(conn, who)]}


@router.post("/investigations", status_code=201)
def create_investigation(body: NewInvestigation, who: Principal = Depends(principal),
                         conn: Connection = Depends(get_connection)) -> dict[str, Any]:
    inv_id = core.create(conn, who, body.name, body.description, body.sharing, body.entities)
    return {"id": inv_id}


@router.get("/investigations/{inv_id}", responses=NOT_FOUND)
def get_investigation(inv_id: str, who: Principal = Depends(principal),
                      conn: Connection = Depends(get_connection)) -> Any:
    """The investigation with the entities the caller may see (others only counted, as `hidden`)."""
    try:
        return core.get(conn, who, inv_id)
    except core.NotFound:
        return _missing()


@router.patch("/investigations/{inv_id}", responses=NOT_FOUND)
def update_investigation(inv_id: str, body: InvestigationPatch, who: Principal = Depends(principal),
                         conn: Connection = Depends(get_connection)) -> Any:
    try:
        core.update_meta(conn, who, inv_id, name=body.name, description=body.description, sharing=body.sharing)
    except core.NotFound:
        return _missing()
    except core.Forbidden:
        return _forbidden()
    return {"id": inv_id}


@router.delete("/investigations/{inv_id}", responses=NOT_FOUND)
def delete_investigation(inv_id: str, who: Principal = Depends(principal),
                         conn: Connection = Depends(get_connection)) -> Any:
    try:
        core.delete_investigation(conn, who, inv_id)
    except core.NotFound:
        return _missing()
    except core.Forbidden:
        return _forbidden()
    return {"deleted": inv_id}


@router.post("/investigations/{inv_id}/entities", responses=NOT_FOUND)
def add_entities(inv_id: str, body: Entities, who: Principal = Depends(principal),
                 conn: Connection = Depends(get_connection)) -> Any:
    """Add entities; ids the caller may not see are ignored."""
    try:
        return {"added": core.add_entities(conn, who, inv_id, body.entities, body.note)}
    except core.NotFound:
        return _missing()
    except core.Forbidden:
        return _forbidden()


@router.delete("/investigations/{inv_id}/entities/{entity_id}", responses=NOT_FOUND)
def remove_entity(inv_id: str, entity_id: str, who: Principal = Depends(principal),
                  conn: Connection = Depends(get_connection)) -> Any:
    try:
        core.remove_entity(conn, who, inv_id, entity_id)
    except core.NotFound:
        return _missing()
    except core.Forbidden:
        return _forbidden()
    return {"removed": entity_id}


@router.post("/investigations/{inv_id}/notes", responses=NOT_FOUND)
def add_note(inv_id: str, body: Note, who: Principal = Depends(principal),
             conn: Connection = Depends(get_connection)) -> Any:
    try:
        core.add_note(conn, who, inv_id, body.text)
    except core.NotFound:
        return _missing()
    return {"ok": True}


@router.put("/investigations/{inv_id}/layout", responses=NOT_FOUND)
def save_layout(inv_id: str, layout: dict[str, Any], who: Principal = Depends(principal),
                conn: Connection = Depends(get_connection)) -> Any:
    """Store the graph canvas layout (e.g. {"positions": {entity id: {x, y}}})."""
    try:
        core.update_meta(conn, who, inv_id, layout=layout)
    except core.NotFound:
        return _missing()
    except core.Forbidden:
        return _forbidden()
    return {"ok": True}


@router.get("/investigations/{inv_id}/export", responses=NOT_FOUND)
def export_investigation(inv_id: str, format: Literal["ftm", "graphml", "csv", "html", "pdf"] = Query("ftm"),
                         who: Principal = Depends(principal), conn: Connection = Depends(get_connection)) -> Any:
    """The investigation as the caller may see it: FtM JSON lines, GraphML, CSV (statements), or a
    bilingual briefing (HTML, PDF). Audited as an export."""
    try:
        body, media, filename = export.export(conn, who, inv_id, format)
    except core.NotFound:
        return _missing()
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/watches")
def list_watches(who: Principal = Depends(principal), conn: Connection = Depends(get_connection)) -> dict[str, Any]:
    return {"watches": watches.list_for(conn, who)}


@router.post("/watches", status_code=201)
def add_watch(body: NewWatch, who: Principal = Depends(principal), conn: Connection = Depends(get_connection)
              ) -> dict[str, Any]:
    """Watch an entity or a saved search; new records the caller may see that touch it become notifications."""
    return {"id": watches.add(conn, who, body.kind, body.target, body.label or body.target, body.filters)}


@router.delete("/watches/{watch_id}")
def delete_watch(watch_id: int, who: Principal = Depends(principal), conn: Connection = Depends(get_connection)
                 ) -> Any:
    if not watches.remove(conn, who, watch_id):
        return problem(404, _("Not found"), _("No such watch."))
    return {"deleted": watch_id}


@router.get("/notifications")
def list_notifications(unread: bool = False, who: Principal = Depends(principal),
                       conn: Connection = Depends(get_connection)) -> dict[str, Any]:
    """Checks the caller's watches, then lists their notifications (newest first)."""
    watches.check(conn, who)
    return {"unread": watches.unread_count(conn, who),
            "notifications": watches.notifications(conn, who, unread_only=unread)}


@router.post("/notifications/read")
def read_notifications(who: Principal = Depends(principal), conn: Connection = Depends(get_connection)
                       ) -> dict[str, bool]:
    watches.mark_read(conn, who)
    return {"ok": True}
