"""Login, language switch and the home page (the Framework's lines of action with counts)."""

from __future__ import annotations

from urllib.parse import urlparse

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection

from bicentennial.access.audit import AuditEvent, append
from bicentennial.access.principal import Principal
from bicentennial.access.records import counts_by_line
from bicentennial.access.tokens import principal_for_token
from bicentennial.api.deps import LANG_COOKIE, TOKEN_COOKIE, get_connection, optional_principal
from bicentennial.framework import get_agency, load_framework
from bicentennial.web.render import render

router = APIRouter(include_in_schema=False)


def _safe_next(url: str | None) -> str:
    if not url:
        return "/"
    parsed = urlparse(url)
    return url if not parsed.netloc and url.startswith("/") else "/"


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    return render(request, "login.html", next=_safe_next(next), error=None)


@router.post("/login")
def login(request: Request, token: str = Form(...), next: str = Form("/"),
          conn: Connection = Depends(get_connection)) -> Response:
    who = principal_for_token(conn, token.strip())
    if who is None:
        append(conn, AuditEvent(actor="anonymous", action="denied", target="login",
                                detail={"ip": request.client.host if request.client else None}))
        return render(request, "login.html", status_code=401, next=_safe_next(next), error=True)
    append(conn, AuditEvent.by(who, "login", "web"))
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(TOKEN_COOKIE, token.strip(), httponly=True, samesite="strict")
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(TOKEN_COOKIE)
    return response


@router.get("/lang/{lang}")
def switch_language(lang: str, next: str | None = None) -> Response:
    response = RedirectResponse(_safe_next(next), status_code=303)
    if lang in ("en", "es"):
        response.set_cookie(LANG_COOKIE, lang, samesite="lax")
    return response


@router.get("/")
def home(request: Request, who: Principal | None = Depends(optional_principal),
         conn: Connection = Depends(get_connection)) -> Response:
    if who is None:
        return RedirectResponse("/login", status_code=303)
    counts = {c["code"]: c for c in counts_by_line(conn, who)}
    agency = get_agency(who.agency) if who.agency else None
    return render(request, "home.html", user=who, agency=agency, framework=load_framework(), counts=counts)
