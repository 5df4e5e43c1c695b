"""Loading the OFAC SDN legacy CSV files and FtM entity files."""

from __future__ import annotations

import pytest

from bicentennial.screen.ftm import load_ftm
from bicentennial.screen.ofac import parse_date

from .conftest import FIXTURES


def _by_id(entities):  # type: ignore[no-untyped-def]
    return {e.source_id: e for e in entities}


def test_entries_keep_their_sdn_number_and_programs(sdn_entities) -> None:  # type: ignore[no-untyped-def]
    by_id = _by_id(sdn_entities)
    assert len(by_id) == 14
    chapo = by_id["6861"]
    assert chapo.id == "ofac-sdn-6861" and chapo.source == "ofac-sdn"
    assert chapo.schema == "Person" and chapo.programs == ["SDNTK"]
    assert chapo.birth_dates == ["1954-12-25"] and "mx" in chapo.countries
    assert "GUZMAN, Chapo" in chapo.names  # from alt.csv
    assert by_id["17674"].programs == ["SDNTK", "ILLICIT-DRUGS-EO14059"]
    assert by_id["4238"].schema == "Vessel"
    assert by_id["15114"].schema == "Organization"


def test_remarks_identifiers_dates_and_links(sdn_entities) -> None:  # type: ignore[no-untyped-def]
    by_id = _by_id(sdn_entities)
    assert by_id["9338"].identifiers["rfc"] == {"AIMM671215387"}
    assert by_id["41897"].identifiers["curp"] == {"GULJ860716HSRZPQ01"}
    assert by_id["41897"].gender == "male"
    assert by_id["6707"].birth_dates == ["1952-12-12", "1955-11-24", "1955-10-24"]
    assert by_id["15114"].linked_to == ["MEZA FLORES, Fausto Isidro"]
    assert "passport" in by_id["13173"].identifiers


@pytest.mark.parametrize(
    ("text", "dates"),
    [("31 Jul 1964", ["1964-07-31"]), ("Jul 1964", ["1964-07"]), ("circa 1964", ["1964"]),
     ("1960 to 1962", ["1960", "1961", "1962"]), ("31 Feb 1964", ["1964"]), ("unknown", [])],
)
def test_parse_date(text: str, dates: list[str]) -> None:
    assert parse_date(text) == dates


def test_ftm_entities() -> None:
    entities = load_ftm(FIXTURES / "entities.ftm.json")
    assert entities and all(e.source_id.startswith("NK-") for e in entities)
    first = entities[0]
    assert first.schema == "Person" and first.caption == "Maria Aleksandrovna Osetrova"
    assert first.birth_dates == ["1988-01-07"] and "ru" in first.countries
    assert "183116181362" in first.identifiers["id"]
