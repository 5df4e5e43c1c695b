"""The investigation workspace pages: search, entity profile, graph canvas, path finder,
investigations, watches, and the supervisors' quarantine and auditors' audit views.

Pages only parse, call a capability (access, network, investigations) and render.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection, select

from bicentennial.access import audit
from bicentennial.access.principal import Principal
from bicentennial.access.search import FACETS, search
from bicentennial.api.deps import get_connection, optional_principal
from bicentennial.framework import load_framework
from bicentennial.i18n import gettext
from bicentennial.investigations import core as investigations
from bicentennial.investigations import export as inv_export
from bicentennial.investigations import profile as profiles
from bicentennial.investigations import watches
from bicentennial.store.tables import quarantine
from bicentennial.web import maps
from bicentennial.web.render import render

router = APIRouter(include_in_schema=False)


def _login(request: Request) -> Response:
    nxt = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(nxt)}", status_code=303)


def _t(request: Request, message: str, **kw: Any) -> str:
    from bicentennial.api.deps import request_lang

    return gettext(message, request_lang(request), **kw)


def _forbidden(request: Request, who: Principal) -> Response:
    return render(request, "message.html", status_code=403, user=who,
                  title=_t(request, "Not allowed"), message=_t(request, "Your role does not allow this."))


def _not_found(request: Request, who: Principal) -> Response:
    return render(request, "message.html", status_code=404, user=who, title=_t(request, "Not found"),
                  message=_t(request, "No such entity, or not visible to you."))


# ---- search ----------------------------------------------------------------------------------


@router.get("/search")
def search_page(request: Request, q: str = "", page: int = 1, who: Principal | None = Depends(optional_principal),
                conn: Connection = Depends(get_connection)) -> Response:
    if who is None:
        return _login(request)
    filters = {k: request.query_params.get(k, "") for k in FACETS if request.query_params.get(k)}
    size = 25
    result = search(conn, who, q, filters=filters, limit=size, offset=(max(page, 1) - 1) * size) if q.strip() \
        else None
    lines = {line.code: line for line in load_framework().lines}

    def link(**change: str | None) -> str:
        params = {"q": q, **filters}
        for k, v in change.items():
            if v is None:
                params.pop(k, None)
            else:
                params[k] = v
        return "/search?" + urlencode(params)

    watch_id = watches.watching(conn, who, "search", q) if q.strip() else None
    return render(request, "search.html", user=who, q=q, result=result, filters=filters, link=link,
                  lines=lines, page=max(page, 1), size=size, watch_id=watch_id,
                  filters_json=json.dumps(filters))


# ---- entity profile ---------------------------------------------------------------------------


@router.get("/entity/{entity_id}")
def entity_page(request: Request, entity_id: str, who: Principal | None = Depends(optional_principal),
                conn: Connection = Depends(get_connection)) -> Response:
    if who is None:
        return _login(request)
    prof = profiles.build(conn, who, entity_id)
    if prof is None:
        return _not_found(request, who)
    counts: Counter[tuple[str, str]] = Counter()
    for item in prof["located"]:
        for place in item["places"]:
            key = maps.locate(place["state"], place["country"])
            if key:
                counts[key] += 1
    editable = [i for i in investigations.list_for(conn, who) if i.owner == who.name or i.agency == who.agency]
    watch_id = watches.watching(conn, who, "entity", entity_id)
    return render(request, "entity.html", user=who, p=prof, e=prof["entity"], maps=maps.maps_for(counts),
                  max_count=max(counts.values(), default=0), investigations=editable, watch_id=watch_id)


# ---- graph and paths --------------------------------------------------------------------------


@router.get("/graph")
def graph_page(request: Request, entity: str = "", investigation: str = "",
               who: Principal | None = Depends(optional_principal),
               conn: Connection = Depends(get_connection)) -> Response:
    if who is None:
        return _login(request)
    seeds: list[str] = [entity] if entity else []
    inv = None
    if investigation:
        try:
            inv = investigations.get(conn, who, investigation, purpose="graph")
        except investigations.NotFound:
            return _not_found(request, who)
        seeds = [e["id"] for e in inv["entities"]]
    return render(request, "graph.html", user=who, seeds=json.dumps(seeds), inv=inv,
                  layout=json.dumps(inv["layout"] if inv else {}))


def _resolve(conn: Connection, who: Principal, value: str) -> tuple[str | None, str]:
    """An entity id for `value`: itself when visible, else the best search hit."""
    value = value.strip()
    if not value:
        return None, value
    from bicentennial.access.search import get_entities

    found = get_entities(conn, who, [value], "path") if len(value) <= 64 else []
    if found:
        return value, found[0]["caption"]
    hits = search(conn, who, value, limit=1)
    if hits.results:
        return hits.results[0]["id"], hits.results[0]["caption"]
    return None, value


@router.get("/paths")
def path_page(request: Request, source: str = "", target: str = "", time_respecting: bool = False,
              who: Principal | None = Depends(optional_principal),
              conn: Connection = Depends(get_connection)) -> Response:
    if who is None:
        return _login(request)
    result = None
    src_id, src_label = _resolve(conn, who, source)
    dst_id, dst_label = _resolve(conn, who, target)
    missing = bool((source and not src_id) or (target and not dst_id))
    steps: list[dict[str, Any]] = []
    if src_id and dst_id:
        from bicentennial.network import queries

        try:
            result = queries.path(conn, who, src_id, dst_id, time_respecting, 6, False, queries.Filters())
        except queries.NotVisible:
            missing = True
            result = None
        if result and result.get("found"):
            labels = {n["data"]["id"]: n["data"]["label"] for n in result["elements"]["nodes"]}
            for edge in result["elements"]["edges"]:
                d = edge["data"]
                steps.append({"source": labels.get(d["source"], d["source"]), "target": labels.get(
                    d["target"], d["target"]), "type": d.get("label") or d["type"], "date": d.get("date"),
                    "records": d.get("records", [])})
    return render(request, "paths.html", user=who, source=source, target=target, src_label=src_label,
                  dst_label=dst_label, time_respecting=time_respecting, result=result, steps=steps,
                  missing=missing, elements=json.dumps(result["elements"] if result else None))


# ---- investigations ---------------------------------------------------------------------------


@router.get("/investigations")
def investigations_page(request: Request, who: Principal | None = Depends(optional_principal),
                        conn: Connection = Depends(get_connection)) -> Response:
    if who is None:
        return _login(request)
    return render(request, "investigations.html", user=who, items=investigations.list_for(conn, who),
                  sharing=investigations.SHARING)


@router.post("/investigations")
def create_investigation(request: Request, name: str = Form(...), description: str = Form(""),
                         sharing: str = Form("private"), entity: str = Form(""),
                         who: Principal | None = Depends(optional_principal),
                         conn: Connection = Depends(get_connection)) -> Response:
    if who is None:
        return _login(request)
    if sharing not in investigations.SHARING:
        sharing = "private"
    inv_id = investigations.create(conn, who, name, description, sharing, [entity] if entity else None)
    return RedirectResponse(f"/investigations/{inv_id}", status_code=303)


@router.get("/investigations/{inv_id}")
def investigation_page(request: Request, inv_id: str, who: Principal | None = Depends(optional_principal),
                       conn: Connection = Depends(get_connection)) -> Response:
    if who is None:
        return _login(request)
    try:
        inv = investigations.get(conn, who, inv_id)
    except investigations.NotFound:
        return _not_found(request, who)
    return render(request, "investigation.html", user=who, inv=inv, sharing=investigations.SHARING,
                  formats=list(inv_export.FORMATS))


def _change(request: Request, who: Principal, action: Callable[[], object], to: str,
            forbidden: tuple[type[Exception], ...] = (investigations.Forbidden,)) -> Response:
    """Run a change to an investigation; redirect to `to`, or render not-found / forbidden."""
    try:
        action()
    except investigations.NotFound:
        return _not_found(request, who)
    except forbidden:
        return _forbidden(request, who)
    return RedirectResponse(to, status_code=303)


@router.post("/investigations/{inv_id}/entities")
def add_to_investigation(request: Request, inv_id: str, entity: str = Form(...), note: str = Form(""),
                         who: Principal | None = Depends(optional_principal),
                         conn: Connection = Depends(get_connection)) -> Response:
    if who is None:
        return _login(request)
    return _change(request, who, lambda: investigations.add_entities(conn, who, inv_id, [entity], note),
                   f"/investigations/{inv_id}")


@router.post("/investigations/{inv_id}/remove")
def remove_from_investigation(request: Request, inv_id: str, entity: str = Form(...),
                              who: Principal | None = Depends(optional_principal),
                              conn: Connection = Depends(get_connection)) -> Response:
    if who is None:
        return _login(request)
    return _change(request, who, lambda: investigations.remove_entity(conn, who, inv_id, entity),
                   f"/investigations/{inv_id}")


@router.post("/investigations/{inv_id}/notes")
def note_investigation(request: Request, inv_id: str, text: str = Form(...),
                       who: Principal | None = Depends(optional_principal),
                       conn: Connection = Depends(get_connection)) -> Response:
    if who is None:
        return _login(request)
    return _change(request, who, lambda: investigations.add_note(conn, who, inv_id, text),
                   f"/investigations/{inv_id}#notes", forbidden=())


@router.post("/investigations/{inv_id}/sharing")
def share_investigation(request: Request, inv_id: str, sharing: str = Form(...),
                        who: Principal | None = Depends(optional_principal),
                        conn: Connection = Depends(get_connection)) -> Response:
    if who is None:
        return _login(request)
    return _change(request, who, lambda: investigations.update_meta(conn, who, inv_id, sharing=sharing),
                   f"/investigations/{inv_id}", forbidden=(investigations.Forbidden, ValueError))


@router.get("/investigations/{inv_id}/export/{fmt}")
def export_investigation(request: Request, inv_id: str, fmt: str,
                         who: Principal | None = Depends(optional_principal),
                         conn: Connection = Depends(get_connection)) -> Response:
    if who is None:
        return _login(request)
    if fmt not in inv_export.FORMATS:
        return _not_found(request, who)
    try:
        body, media, filename = inv_export.export(conn, who, inv_id, fmt)
    except investigations.NotFound:
        return _not_found(request, who)
    disposition = "inline" if fmt == "html" else "attachment"
    return Response(body, media_type=media, headers={"Content-Disposition": f'{disposition}; filename="{filename}"'})


# ---- watches and notifications ----------------------------------------------------------------


@router.get("/watches")
def watches_page(request: Request, who: Principal | None = Depends(optional_principal),
                 conn: Connection = Depends(get_connection)) -> Response:
    if who is None:
        return _login(request)
    watches.check(conn, who)
    items = watches.list_for(conn, who)
    notes = watches.notifications(conn, who)
    response = render(request, "watches.html", user=who, items=items, notes=notes)
    watches.mark_read(conn, who)
    return response


@router.post("/watches")
def add_watch(request: Request, kind: str = Form(...), target: str = Form(...), label: str = Form(""),
              filters: str = Form("{}"), back: str = Form("/watches"),
              who: Principal | None = Depends(optional_principal),
              conn: Connection = Depends(get_connection)) -> Response:
    if who is None:
        return _login(request)
    if kind not in watches.KINDS:
        return _forbidden(request, who)
    try:
        parsed = {k: str(v) for k, v in json.loads(filters or "{}").items() if k in FACETS}
    except (ValueError, AttributeError):
        parsed = {}
    if not watches.watching(conn, who, kind, target):
        watches.add(conn, who, kind, target, label or target, parsed)
    return RedirectResponse(back if back.startswith("/") and not back.startswith("//") else "/watches",
                            status_code=303)


@router.post("/watches/{watch_id}/delete")
def delete_watch(request: Request, watch_id: int, back: str = Form("/watches"),
                 who: Principal | None = Depends(optional_principal),
                 conn: Connection = Depends(get_connection)) -> Response:
    if who is None:
        return _login(request)
    watches.remove(conn, who, watch_id)
    return RedirectResponse(back if back.startswith("/") and not back.startswith("//") else "/watches",
                            status_code=303)


@router.get("/watches/badge")
def watch_badge(request: Request, who: Principal | None = Depends(optional_principal),
                conn: Connection = Depends(get_connection)) -> Response:
    """The unread-notification count in the header (loaded by htmx on every page)."""
    if who is None:
        return Response("")
    watches.check(conn, who)
    n = watches.unread_count(conn, who)
    label = _t(request, "{n} new notifications", n=n)
    html = (f'<a href="/watches" class="badge" data-testid="notifications" aria-label="{label}">{n}</a>'
            if n else "")
    return Response(html, media_type="text/html")


# ---- supervisors and auditors -----------------------------------------------------------------


@router.get("/quarantine")
def quarantine_page(request: Request, status: str = "open", who: Principal | None = Depends(optional_principal),
                    conn: Connection = Depends(get_connection)) -> Response:
    if who is None:
        return _login(request)
    if not who.has_role("supervisor"):
        audit.append(conn, audit.AuditEvent.by(who, "denied", "quarantine"))
        return _forbidden(request, who)
    query = select(quarantine).where(quarantine.c.agency == who.agency).order_by(
        quarantine.c.created_at.desc(), quarantine.c.source, quarantine.c.row).limit(500)
    if status:
        query = query.where(quarantine.c.status == status)
    rows = []
    for r in conn.execute(query):
        try:
            params = json.loads(r.params or "{}")
        except ValueError:
            params = {}
        try:
            reason = _t(request, r.reason, **params) if params else _t(request, r.reason)
        except (KeyError, IndexError, ValueError):
            reason = r.reason
        rows.append({"source": r.source, "row": r.row, "field": r.field, "reason": reason, "raw": r.raw,
                     "status": r.status, "created_at": r.created_at, "batch_id": r.batch_id})
    audit.append(conn, audit.AuditEvent.by(who, "read", "quarantine", rows=len(rows), status=status))
    return render(request, "quarantine.html", user=who, rows=rows, status=status)


@router.get("/audit")
def audit_page(request: Request, actor: str = "", action: str = "", page: int = 1,
               who: Principal | None = Depends(optional_principal),
               conn: Connection = Depends(get_connection)) -> Response:
    if who is None:
        return _login(request)
    if not who.has_role("auditor"):
        audit.append(conn, audit.AuditEvent.by(who, "denied", "audit"))
        return _forbidden(request, who)
    size = 100
    page = max(page, 1)
    rows = list(audit.entries(conn, limit=size, offset=(page - 1) * size, actor=actor or None,
                              action=action or None))
    verified = audit.verify(conn)
    audit.append(conn, audit.AuditEvent.by(who, "read", "audit", page=page, filter_actor=actor, filter_action=action))
    return render(request, "audit.html", user=who, rows=rows, verified=verified, actor=actor, action=action,
                  actions=audit.ACTIONS, page=page, size=size)
