"""Saved investigations: named sets of entities with notes and a graph layout.

Who may open an investigation is decided by its `sharing` (private, agency,
binational); what a reader sees of its entities is decided by the access rules,
statement by statement, as everywhere else. Entities a reader may not see are
only counted, never named.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from bicentennial.access.audit import AuditEvent, append
from bicentennial.access.principal import Principal
from bicentennial.access.search import get_entities
from bicentennial.investigations.tables import investigation, investigation_entity, investigation_note
from bicentennial.store.db import utcnow

SHARING = ("private", "agency", "binational")


class NotFound(LookupError):
    """No such investigation, or not open to the caller (the two are not told apart)."""


class Forbidden(PermissionError):
    """The caller may read the investigation but not change it."""


@dataclass(frozen=True)
class Summary:
    id: str
    name: str
    owner: str
    agency: str
    sharing: str
    entities: int
    updated_at: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _readable(who: Principal) -> Any:
    if who.is_public:
        return investigation.c.id.is_(None)
    return or_(
        investigation.c.owner == who.name,
        (investigation.c.sharing == "agency") & (investigation.c.agency == who.agency),
        investigation.c.sharing == "binational",
    )


def _row(conn: Connection, who: Principal, inv_id: str) -> Any:
    row = conn.execute(select(investigation).where(investigation.c.id == inv_id, _readable(who))).first()
    if row is None:
        append(conn, AuditEvent.by(who, "denied", f"investigation:{inv_id}"))
        raise NotFound(inv_id)
    return row


def can_edit(row: Any, who: Principal) -> bool:
    """The owner, or members of the owner's agency when it is shared."""
    return bool(row.owner == who.name or (row.sharing != "private" and row.agency == who.agency))


def _editable(conn: Connection, who: Principal, inv_id: str) -> Any:
    row = _row(conn, who, inv_id)
    if not can_edit(row, who):
        append(conn, AuditEvent.by(who, "denied", f"investigation:{inv_id}", why="edit"))
        raise Forbidden(inv_id)
    return row


def create(conn: Connection, who: Principal, name: str, description: str = "", sharing: str = "private",
           entities: list[str] | None = None) -> str:
    if sharing not in SHARING:
        raise ValueError(sharing)
    if who.is_public or who.agency is None or who.country is None:
        raise Forbidden("public")
    inv_id = secrets.token_hex(8)
    now = utcnow()
    conn.execute(insert(investigation).values(
        id=inv_id, name=name.strip()[:200], description=description, owner=who.name, agency=who.agency,
        country=who.country, sharing=sharing, layout="{}", created_at=now, updated_at=now))
    append(conn, AuditEvent.by(who, "write", f"investigation:{inv_id}", op="create", sharing=sharing))
    if entities:
        add_entities(conn, who, inv_id, entities)
    return inv_id


def list_for(conn: Connection, who: Principal) -> list[Summary]:
    counts = (select(investigation_entity.c.investigation_id, func.count().label("n"))
              .group_by(investigation_entity.c.investigation_id).subquery())
    query = (select(investigation, func.coalesce(counts.c.n, 0).label("n"))
             .outerjoin(counts, counts.c.investigation_id == investigation.c.id)
             .where(_readable(who)).order_by(investigation.c.updated_at.desc()))
    rows = conn.execute(query).all()
    append(conn, AuditEvent.by(who, "read", "investigations", count=len(rows)))
    return [Summary(r.id, r.name, r.owner, r.agency, r.sharing, int(r.n), r.updated_at) for r in rows]


def entity_ids(conn: Connection, inv_id: str) -> list[str]:
    return [r[0] for r in conn.execute(
        select(investigation_entity.c.entity_id).where(investigation_entity.c.investigation_id == inv_id)
        .order_by(investigation_entity.c.added_at, investigation_entity.c.entity_id))]


def get(conn: Connection, who: Principal, inv_id: str, purpose: str = "investigation") -> dict[str, Any]:
    """The investigation with the entities the caller may see, the count of the others, and notes."""
    row = _row(conn, who, inv_id)
    ids = entity_ids(conn, inv_id)
    notes_by_entity = {r.entity_id: r.note for r in conn.execute(
        select(investigation_entity).where(investigation_entity.c.investigation_id == inv_id))}
    ents = get_entities(conn, who, ids, f"{purpose}:{inv_id}") if ids else []
    for ent in ents:
        ent["note"] = notes_by_entity.get(ent["id"], "")
    notes = [{"id": n.id, "author": n.author, "text": n.text, "created_at": n.created_at}
             for n in conn.execute(select(investigation_note).where(
                 investigation_note.c.investigation_id == inv_id).order_by(investigation_note.c.id))]
    append(conn, AuditEvent.by(who, "read", f"investigation:{inv_id}", entities=len(ents),
                               hidden=len(ids) - len(ents)))
    return {
        "id": row.id, "name": row.name, "description": row.description, "owner": row.owner,
        "agency": row.agency, "country": row.country, "sharing": row.sharing,
        "layout": json.loads(row.layout or "{}"), "created_at": row.created_at, "updated_at": row.updated_at,
        "entities": ents, "hidden": len(ids) - len(ents), "notes": notes, "editable": can_edit(row, who),
    }


def _touch(conn: Connection, inv_id: str) -> None:
    conn.execute(update(investigation).where(investigation.c.id == inv_id).values(updated_at=utcnow()))


def add_entities(conn: Connection, who: Principal, inv_id: str, ids: list[str], note: str = "") -> int:
    """Add entities (ids the caller may see; others are ignored). Returns how many were added."""
    _editable(conn, who, inv_id)
    visible = {e["id"] for e in get_entities(conn, who, list(dict.fromkeys(ids)), f"add:{inv_id}")}
    added = 0
    for eid in ids:
        if eid not in visible:
            continue
        try:
            with conn.begin_nested():
                conn.execute(insert(investigation_entity).values(
                    investigation_id=inv_id, entity_id=eid, note=note, added_by=who.name, added_at=utcnow()))
            added += 1
        except IntegrityError:
            pass
    _touch(conn, inv_id)
    append(conn, AuditEvent.by(who, "write", f"investigation:{inv_id}", op="add", entities=added))
    return added


def remove_entity(conn: Connection, who: Principal, inv_id: str, entity_id: str) -> None:
    _editable(conn, who, inv_id)
    conn.execute(delete(investigation_entity).where(investigation_entity.c.investigation_id == inv_id,
                                                    investigation_entity.c.entity_id == entity_id))
    _touch(conn, inv_id)
    append(conn, AuditEvent.by(who, "write", f"investigation:{inv_id}", op="remove", entity=entity_id))


def add_note(conn: Connection, who: Principal, inv_id: str, text: str) -> None:
    """Readers may comment; notes are visible to everyone who may open the investigation."""
    _row(conn, who, inv_id)
    conn.execute(insert(investigation_note).values(investigation_id=inv_id, author=who.name, text=text.strip(),
                                                   created_at=utcnow()))
    _touch(conn, inv_id)
    append(conn, AuditEvent.by(who, "write", f"investigation:{inv_id}", op="note"))


def update_meta(conn: Connection, who: Principal, inv_id: str, name: str | None = None,
                description: str | None = None, sharing: str | None = None,
                layout: dict[str, Any] | None = None) -> None:
    row = _editable(conn, who, inv_id)
    values: dict[str, Any] = {"updated_at": utcnow()}
    if name:
        values["name"] = name.strip()[:200]
    if description is not None:
        values["description"] = description
    if sharing is not None:
        if sharing not in SHARING:
            raise ValueError(sharing)
        if row.owner != who.name:  # only the owner decides who may open it
            raise Forbidden(inv_id)
        values["sharing"] = sharing
    if layout is not None:
        values["layout"] = json.dumps(layout, separators=(",", ":"))
    conn.execute(update(investigation).where(investigation.c.id == inv_id).values(**values))
    append(conn, AuditEvent.by(who, "write", f"investigation:{inv_id}", op="update",
                               fields=sorted(k for k in values if k != "updated_at")))


def delete_investigation(conn: Connection, who: Principal, inv_id: str) -> None:
    row = _row(conn, who, inv_id)
    if row.owner != who.name:
        raise Forbidden(inv_id)
    conn.execute(delete(investigation_entity).where(investigation_entity.c.investigation_id == inv_id))
    conn.execute(delete(investigation_note).where(investigation_note.c.investigation_id == inv_id))
    conn.execute(delete(investigation).where(investigation.c.id == inv_id))
    append(conn, AuditEvent.by(who, "write", f"investigation:{inv_id}", op="delete"))
