"""Request dependencies: the database connection and the authenticated principal.

A request authenticates with `Authorization: Bearer <token>` (API) or the
`bic_token` cookie set by the web login. Each request gets one transaction:
the audit entries a read appends commit with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from fastapi import Depends, Header, HTTPException, Request, status
from sqlalchemy import Connection

from bicentennial.access.principal import Principal
from bicentennial.access.tokens import principal_for_token
from bicentennial.i18n import _, set_lang
from bicentennial.store.db import get_engine

TOKEN_COOKIE = "bic_token"
LANG_COOKIE = "bic_lang"


def request_lang(request: Request) -> str:
    """Language from ?lang=, the cookie, or Accept-Language (Spanish first if preferred)."""
    lang = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    if lang not in ("en", "es"):
        accept = request.headers.get("accept-language", "")
        lang = "es" if accept.lower().startswith("es") else "en"
    return lang


def get_connection(request: Request) -> Iterator[Connection]:
    set_lang(request_lang(request))
    with get_engine().begin() as conn:
        yield conn


def token_from_request(request: Request, authorization: str | None) -> str | None:
    if authorization and authorization.lower().startswith("bearer "):
        return authorization.split(" ", 1)[1].strip()
    return request.cookies.get(TOKEN_COOKIE)


def optional_principal(
    request: Request,
    conn: Connection = Depends(get_connection),
    authorization: str | None = Header(default=None),
) -> Principal | None:
    token = token_from_request(request, authorization)
    return principal_for_token(conn, token) if token else None


def principal(p: Principal | None = Depends(optional_principal)) -> Principal:
    """The authenticated caller; 401 otherwise."""
    if p is None:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail=_("A valid API token is required."),
            headers={"WWW-Authenticate": "Bearer"},
        )
    return p


def require_role(*roles: str) -> Callable[..., Principal]:
    """Dependency factory: the caller must hold one of `roles`."""

    def check(p: Principal = Depends(principal)) -> Principal:
        if not p.has_role(*roles):
            raise HTTPException(status_code=status.HTTP_403_FORBIDDEN,
                                detail=_("Your role does not allow this."))
        return p

    return check
