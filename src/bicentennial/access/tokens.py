"""API tokens: random, shown once, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import Connection, insert, select

from bicentennial.access.principal import ROLES, Principal
from bicentennial.framework import get_agency
from bicentennial.store.db import utcnow
from bicentennial.store.tables import app_user

TOKEN_PREFIX = "bic_"


class UnknownAgency(ValueError):
    pass


class UnknownRole(ValueError):
    pass


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_user(conn: Connection, name: str, agency: str, roles: list[str], token: str | None = None) -> str:
    """Create a user; returns the token (the only time it exists in clear)."""
    try:
        ag = get_agency(agency)
    except KeyError as exc:
        raise UnknownAgency(agency) from exc
    for role in roles:
        if role not in ROLES:
            raise UnknownRole(role)
    token = token or TOKEN_PREFIX + secrets.token_urlsafe(24)
    conn.execute(
        insert(app_user).values(
            name=name,
            agency=ag.code,
            country=ag.country,
            roles=",".join(sorted(set(roles))),
            token_hash=hash_token(token),
            active=1,
            created_at=utcnow(),
        )
    )
    return token


def principal_for_token(conn: Connection, token: str) -> Principal | None:
    row = conn.execute(
        select(app_user).where(app_user.c.token_hash == hash_token(token), app_user.c.active == 1)
    ).first()
    if row is None:
        return None
    return Principal(
        name=row.name,
        agency=row.agency,
        country=row.country,
        roles=frozenset(r for r in row.roles.split(",") if r),
    )


def list_users(conn: Connection) -> list[dict[str, object]]:
    rows = conn.execute(select(app_user).order_by(app_user.c.name)).all()
    return [
        {"name": r.name, "agency": r.agency, "country": r.country, "roles": r.roles.split(","),
         "active": bool(r.active), "created_at": r.created_at}
        for r in rows
    ]
