"""A tiny, fictional two-country case for tests and the workspace docs.

What each user may see is the point of it:

| entity | shared by | level | CBP (us) | FGR (mx) |
|---|---|---|---|---|
| José Ramírez Núñez (person) | FGR | binational | yes | yes |
| Seizure at Nogales, Sonora | CBP | binational | yes | yes |
| Firearm trace (purchaser José) | ATF | binational | yes | yes |
| Extradition case and milestone | FGR | binational | yes | yes |
| Ana Beltrán Ochoa (person) | FGR | national | no | yes |
| Payment Ana → José | UIF | national | no | yes |
| Robert Hale (person) | CBP | national | yes | no |
| Hale's alias "Bob Hale" | CBP | originator | yes | no |
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from bicentennial.access.records import fold
from bicentennial.access.tokens import add_user
from bicentennial.store.writer import insert_statements, statement_id

AGENCY_COUNTRY = {"CBP": "us", "ATF": "us", "FGR": "mx", "UIF": "mx", "FINCEN": "us"}
SEARCHABLE = {"name", "alias", "caseNumber", "traceNumber", "serialNumber", "accountNumber"}

# (entity, schema, agency, sharing, {prop: value or [values]})
RECORDS: list[tuple[str, str, str, str, dict[str, Any]]] = [
    ("p-jose", "Person", "FGR", "binational",
     {"name": "José Ramírez Núñez", "nationality": "mx", "birthDate": "1979-04-12"}),
    ("s-nogales", "Seizure", "CBP", "binational",
     {"category": "drugs", "drugType": "fentanyl", "quantity": "12.5", "unit": "kg", "date": "2024-03-05",
      "state": "Sonora", "municipality": "Nogales", "country": "mx", "involved": "p-jose",
      "recordId": "CBP-2024-0042"}),
    ("f-glock", "Firearm", "ATF", "binational", {"name": "Glock 19 BXKR512", "serialNumber": "BXKR512"}),
    ("t-trace", "FirearmTrace", "ATF", "binational",
     {"traceNumber": "T2024-771", "firearm": "f-glock", "purchaser": "p-jose", "purchaseDate": "2023-11-02",
      "dealerState": "Texas", "recoveryDate": "2024-02-10", "recoveryState": "Chihuahua",
      "recoveryCountry": "mx"}),
    ("x-case", "ExtraditionCase", "FGR", "binational",
     {"caseNumber": "EXT-88/2024", "person": "p-jose", "requestingCountry": "us", "requestedCountry": "mx",
      "status": "detention", "startDate": "2024-05-01"}),
    ("x-m1", "ExtraditionMilestone", "FGR", "binational",
     {"case": "x-case", "stage": "provisional_arrest", "date": "2024-05-20"}),
    ("p-ana", "Person", "FGR", "national", {"name": "Ana Beltrán Ochoa", "nationality": "mx"}),
    ("pay-1", "Payment", "UIF", "national",
     {"payer": "p-ana", "beneficiary": "p-jose", "amount": "250000", "currency": "MXN", "date": "2024-01-15"}),
    ("p-hale", "Person", "CBP", "national", {"name": "Robert Hale", "nationality": "us"}),
    ("p-hale", "Person", "CBP", "originator", {"alias": "Bob Hale"}),
]

USERS = {
    "cbp-analyst": ("CBP", ["analyst"]),
    "fgr-analyst": ("FGR", ["analyst"]),
    "fgr-supervisor": ("FGR", ["supervisor", "analyst"]),
    "cbp-auditor": ("CBP", ["auditor"]),
}


def rows(first_seen: str = "2026-01-01T00:00:00.000000Z") -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for entity, schema, agency, sharing, props in RECORDS:
        for prop, values in props.items():
            for value in values if isinstance(values, list) else [values]:
                out.append({
                    "id": statement_id(entity, prop, value, agency, sharing), "entity_id": entity,
                    "schema": schema, "prop": prop, "value": value, "original_value": None,
                    "search_text": fold(value) if prop in SEARCHABLE else None, "agency": agency,
                    "country": AGENCY_COUNTRY[agency], "sharing": sharing, "batch_id": "sample",
                    "source_row": len(out) + 1, "source_key": None, "first_seen": first_seen,
                    "last_seen": first_seen,
                })
    return out


def load(conn: Connection, users: bool = True) -> dict[str, str]:
    """Insert the sample statements (and users, token = user name); returns name → token."""
    insert_statements(conn, rows())
    tokens: dict[str, str] = {}
    if users:
        for name, (agency, roles) in USERS.items():
            tokens[name] = add_user(conn, name, agency, roles, token=f"sample-{name}")
    return tokens
