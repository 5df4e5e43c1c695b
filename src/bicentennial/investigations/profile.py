"""An entity's profile: its statements with provenance, the records that name it
(seizures, traces, payments, extradition cases and their milestones) as a
timeline, where those events happened, and sanctions screening alerts.

Everything is read through the access rules of the caller; the profile read is
one audited `read` of the entity plus one of its related records.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from bicentennial.access.principal import Principal
from bicentennial.access.records import get_entity
from bicentennial.access.refs import referencing
from bicentennial.access.search import caption_of, date_props, get_entities

# Records whose own related records belong on the person's timeline (second hop).
SECOND_HOP = {"ExtraditionCase", "Firearm", "BankAccount", "Vehicle", "Company"}
STATE_PROPS = (("state", "municipality", "country"), ("recoveryState", None, "recoveryCountry"),
               ("dealerState", None, None))
DATE_ORDER = ("date", "startDate", "purchaseDate", "recoveryDate", "traceRequestDate", "reportDate",
              "authoredAt", "birthDate")


def _first(ent: dict[str, Any], prop: str) -> str | None:
    values = ent["properties"].get(prop)
    return str(values[0]) if values else None


def event_date(ent: dict[str, Any]) -> str | None:
    for prop in DATE_ORDER:
        if v := _first(ent, prop):
            return v
    for prop in date_props():
        if v := _first(ent, prop):
            return v
    return None


def places(ent: dict[str, Any]) -> list[dict[str, str | None]]:
    """(state, municipality, country) mentioned by a record, in property order."""
    out = []
    for state_prop, muni_prop, country_prop in STATE_PROPS:
        state = _first(ent, state_prop)
        if state:
            country = _first(ent, country_prop) if country_prop else None
            if state_prop == "dealerState":
                country = "us"
            out.append({"state": state, "municipality": _first(ent, muni_prop) if muni_prop else None,
                        "country": country, "role": state_prop})
    return out


def sanctions_alerts(conn: Connection, who: Principal, entity_id: str) -> list[dict[str, Any]]:
    """Sanctions-screening alerts on the entity that `who` may see."""
    from bicentennial.screen.alerts import for_entity

    return for_entity(conn, who, entity_id)


def build(conn: Connection, who: Principal, entity_id: str) -> dict[str, Any] | None:
    entity = get_entity(conn, who, entity_id)
    if entity is None:
        return None
    entity["caption"] = caption_of(entity)
    hop1 = referencing(conn, who, [entity_id])
    ids = {eid for eid, _s, _p in hop1}
    second = [eid for eid, schema, _p in hop1 if schema in SECOND_HOP]
    # the entity's own references (a trace's firearm, a milestone's case) are related too
    for s in entity["statements"]:
        if s["value"] != entity_id and len(s["value"]) <= 64 and " " not in s["value"]:
            ids.add(s["value"])
    if entity["schema"] in SECOND_HOP:
        second.append(entity_id)
    hop2 = referencing(conn, who, second) if second else []
    ids |= {eid for eid, _s, _p in hop2}
    ids.discard(entity_id)
    related = get_entities(conn, who, sorted(ids), f"profile:{entity_id}") if ids else []
    roles = {eid: prop for eid, _s, prop in hop1}
    timeline = []
    located: list[dict[str, Any]] = []
    for ent in [entity, *related]:
        when = event_date(ent)
        where = places(ent)
        if when is None and not where:
            continue
        agencies = sorted({s["agency"] for s in ent["statements"]})
        sharing = sorted({s["sharing"] for s in ent["statements"]})
        item = {"id": ent["id"], "schema": ent["schema"], "caption": caption_of(ent), "date": when,
                "role": roles.get(ent["id"]), "agencies": agencies, "sharing": sharing, "places": where,
                "stage": _first(ent, "stage")}
        if when is not None and ent["id"] != entity_id or ent["schema"] not in ("Person", "Company",
                                                                                 "LegalEntity", "Organization"):
            timeline.append(item)
        if where:
            located.append(item)
    timeline.sort(key=lambda e: (e["date"] or "9999", e["id"]))
    related_list = [{"id": e["id"], "schema": e["schema"], "caption": caption_of(e), "role": roles.get(e["id"])}
                    for e in related]
    return {"entity": entity, "timeline": timeline, "located": located, "related": related_list,
            "alerts": sanctions_alerts(conn, who, entity_id)}
