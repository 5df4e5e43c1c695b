"""Small networks written as statements of several agencies at several sharing levels."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine

from bicentennial.access.principal import Principal
from bicentennial.framework import get_agency
from bicentennial.network import invalidate
from bicentennial.store.writer import insert_statements

TS = "2026-01-01T00:00:00.000000Z"


@dataclass(frozen=True)
class Fact:
    entity_id: str
    schema: str
    prop: str
    value: str
    agency: str
    sharing: str
    first_seen: str = TS

    @property
    def id(self) -> str:
        key = f"{self.entity_id}|{self.prop}|{self.value}|{self.agency}|{self.sharing}"
        return hashlib.sha1(key.encode()).hexdigest()

    @property
    def country(self) -> str:
        return get_agency(self.agency).country


def entity(entity_id: str, schema: str, agency: str, sharing: str, first_seen: str = TS,
           **props: str | list[str]) -> list[Fact]:
    out = []
    for prop, values in props.items():
        for value in [values] if isinstance(values, str) else values:
            out.append(Fact(entity_id, schema, prop, value, agency, sharing, first_seen))
    return out


def write(engine: Engine, facts: list[Fact]) -> None:
    with engine.begin() as conn:
        insert_statements(conn, [
            {"id": f.id, "entity_id": f.entity_id, "schema": f.schema, "prop": f.prop, "value": f.value,
             "original_value": None, "search_text": None, "agency": f.agency, "country": f.country,
             "sharing": f.sharing, "batch_id": "b1", "source_row": n + 1, "source_key": None,
             "first_seen": f.first_seen, "last_seen": f.first_seen}
            for n, f in enumerate(facts)
        ])


def who(agency: str, name: str | None = None) -> Principal:
    return Principal(name=name or f"analyst@{agency.lower()}", agency=agency,
                     country=get_agency(agency).country, roles=frozenset({"analyst"}))


def case_facts() -> list[Fact]:
    """A small cross-border case.

    alice (US, binational) pays bob (MX, binational) in January (CBP, binational);
    bob pays carl in February (UIF, national: Mexico only); carl owns acme (FGR,
    originator: FGR only); alice's sister dora (FGR, originator); a seizure (CBP,
    binational) involving alice and bob; OFAC links bob to erin (public).
    """
    return [
        *entity("alice", "Person", "CBP", "binational", name="Alice Avery"),
        *entity("bob", "Person", "FGR", "binational", name="Roberto Bravo"),
        *entity("carl", "Person", "UIF", "national", name="Carlos Cruz"),
        *entity("dora", "Person", "FGR", "originator", name="Dora Avery"),
        *entity("acme", "Company", "FGR", "originator", name="Acme Logística SA"),
        *entity("erin", "Person", "OFAC", "public", name="Erin Esparza"),
        *entity("pay1", "Payment", "CBP", "binational", payer="alice", beneficiary="bob",
                date="2024-01-10", amount="9500"),
        *entity("pay2", "Payment", "UIF", "national", payer="bob", beneficiary="carl", date="2024-02-01",
                amount="120000"),
        *entity("own1", "Ownership", "FGR", "originator", owner="carl", asset="acme", startDate="2019"),
        *entity("fam1", "Family", "FGR", "originator", person="alice", relative="dora",
                relationship="sister"),
        *entity("seiz1", "Seizure", "CBP", "binational", involved=["alice", "bob"], date="2024-03-05",
                drugType="fentanyl"),
        *entity("link1", "UnknownLink", "OFAC", "public", subject="bob", object="erin"),
    ]


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    invalidate()
    yield
    invalidate()


@pytest.fixture
def case(engine: Engine) -> list[Fact]:
    facts = case_facts()
    write(engine, facts)
    return facts
