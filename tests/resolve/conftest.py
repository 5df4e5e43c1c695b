"""Fixtures: persons written as statements by two agencies at different sharing levels."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from sqlalchemy import Engine

from bicentennial.access.principal import Principal
from bicentennial.store.writer import insert_statements

NOW = "2026-01-01T00:00:00.000000Z"

CBP = Principal(name="ana", agency="CBP", country="us", roles=frozenset({"analyst"}))
FGR = Principal(name="beto", agency="FGR", country="mx", roles=frozenset({"analyst"}))

# (entity id, source id, agency, country, sharing, properties)
PEOPLE: list[tuple[str, str, str, str, str, dict[str, list[str]]]] = [
    ("p-a1", "row-1", "CBP", "us", "binational",
     {"name": ["María Guadalupe Hernández López"], "firstName": ["María Guadalupe"], "fatherName": ["Hernández"],
      "motherName": ["López"], "birthDate": ["1980-03-14"], "nationality": ["mx"], "gender": ["female"]}),
    ("p-a2", "row-2", "FGR", "mx", "binational",
     {"name": ["Lupe Hernandez Lopez"], "birthDate": ["1980-03-14"], "nationality": ["mx"],
      "gender": ["female"]}),
    ("p-a3", "row-3", "CBP", "us", "binational",
     {"name": ["HERNANDEZ LOPEZ, MARIA GUADALUPE"], "birthDate": ["1980-03-14"], "nationality": ["mx"],
      "idNumber": ["HELG800314MDFRPD09"]}),
    ("p-b1", "row-4", "CBP", "us", "binational",
     {"name": ["John Robert Smith"], "firstName": ["John"], "middleName": ["Robert"], "lastName": ["Smith"],
      "birthDate": ["1975-07-02"], "nationality": ["us"], "gender": ["male"]}),
    ("p-b2", "row-5", "CBP", "us", "binational",
     {"name": ["Johnny Smith"], "birthDate": ["1975-07-02"], "nationality": ["us"], "gender": ["male"]}),
    ("p-c1", "row-6", "CBP", "us", "binational",
     {"name": ["José Luis Pérez García"], "birthDate": ["1969-11-30"], "nationality": ["mx"],
      "gender": ["male"]}),
    ("p-d1", "row-7", "CBP", "us", "binational",
     {"name": ["Karen Williams"], "birthDate": ["1990-01-05"], "nationality": ["us"], "gender": ["female"]}),
    # FGR's secret record: originator-level, must never reach CBP in any form.
    ("p-x1", "secret-1", "FGR", "mx", "originator",
     {"name": ["Joaquín Archivaldo Guzmán Loera"], "birthDate": ["1957-04-04"], "nationality": ["mx"],
      "alias": ["El Chapo"], "idNumber": ["GULJ570404HSLZRQ05"], "gender": ["male"]}),
    ("p-x2", "secret-2", "FGR", "mx", "originator",
     {"name": ["Joaquin Guzman Loera"], "birthDate": ["1957-04-04"], "nationality": ["mx"],
      "idNumber": ["GULJ570404HSLZRQ05"], "gender": ["male"]}),
]

# An extra property that FGR adds, at originator level, to an entity CBP can see.
SECRET_ON_SHARED = ("p-c1", "FGR", "mx", "originator", "phone", "+52 667 123 4567")


def _rows(entity_id: str, source: str, agency: str, country: str, sharing: str,
          props: dict[str, list[str]]) -> list[dict[str, Any]]:
    out = []
    for prop, values in props.items():
        for value in values:
            sid = hashlib.sha1(f"{entity_id}|{prop}|{value}|{agency}|{sharing}".encode()).hexdigest()
            out.append({"id": sid, "entity_id": entity_id, "schema": "Person", "prop": prop, "value": value,
                        "original_value": None, "search_text": None, "agency": agency, "country": country,
                        "sharing": sharing, "batch_id": f"b-{agency}", "source_row": None, "source_key": source,
                        "first_seen": NOW, "last_seen": NOW})
    return out


def load(engine: Engine, people: list[Any] | None = None) -> None:
    rows: list[dict[str, Any]] = []
    for person in people or PEOPLE:
        rows.extend(_rows(*person))
    eid, agency, country, sharing, prop, value = SECRET_ON_SHARED
    rows.extend(_rows(eid, "secret-3", agency, country, sharing, {prop: [value]}))
    with engine.begin() as conn:
        insert_statements(conn, rows)


@pytest.fixture
def people(engine: Engine) -> Engine:
    load(engine)
    return engine
