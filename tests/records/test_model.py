from __future__ import annotations

import pytest
from followthemoney import EntityProxy
from followthemoney import model as ftm_model
from followthemoney.model import Model

from bicentennial.framework import load_framework
from bicentennial.records.lines import lines_for_schema, schema_lines, schemata_for_line
from bicentennial.records.model import extension_schema_names, get_model

OURS = [
    "Seizure",
    "Firearm",
    "FirearmTrace",
    "ExtraditionCase",
    "ExtraditionMilestone",
    "FinancialIntelligenceReport",
    "SmugglingIncident",
    "CriminalOrganization",
]


def test_model_has_ftm_and_our_schemata() -> None:
    model = get_model()
    assert set(OURS) <= set(extension_schema_names())
    for name in OURS + ["Person", "Company", "Payment", "Membership", "Sanction", "BankAccount"]:
        assert model.get(name) is not None, name
    # The global FtM model is the same object, so FtM's own helpers see our schemata.
    assert ftm_model is model and Model.instance() is model


def test_make_entity_and_round_trip() -> None:
    seizure = get_model().make_entity("Seizure")
    seizure.id = "seizure-1"
    seizure.add("category", "drugs")
    seizure.add("quantity", "12.5")
    seizure.add("involved", "person-1")
    data = seizure.to_dict()
    again = EntityProxy.from_dict(data)
    assert again.schema.name == "Seizure"
    assert again.get("quantity") == ["12.5"]
    assert get_model()["Person"].get("seizuresInvolved") is not None


def test_inheritance_and_edges() -> None:
    model = get_model()
    assert model["CriminalOrganization"].is_a("Organization")
    assert model["CriminalOrganization"].get("rfc") is not None
    assert model["Person"].get("curp") is not None
    trace = model["FirearmTrace"]
    assert trace.edge and trace.source_prop is not None and trace.target_prop is not None
    assert trace.target_prop.range is model["Firearm"]
    assert model["ExtraditionMilestone"].get("case").range is model["ExtraditionCase"]  # type: ignore[union-attr]


def test_lines_refer_to_real_schemata_and_lines() -> None:
    codes = {line.code for line in load_framework().lines}
    model = get_model()
    for name, lines in schema_lines().items():
        assert model.get(name) is not None, name
        assert set(lines) <= codes, name
    for name in OURS:
        assert lines_for_schema(name), name
    assert lines_for_schema("Seizure") == ("2.1", "2.3")
    assert "FirearmTrace" in schemata_for_line("2.2")
    assert "Seizure" not in schemata_for_line("2.2")
    assert lines_for_schema("NoSuchSchema") == ()


@pytest.mark.parametrize("name", OURS)
def test_labels_translated(name: str) -> None:
    from bicentennial.i18n import catalog

    es = catalog("es")
    schema = get_model()[name]
    assert schema._label in es and schema._plural in es
    for prop in schema.properties.values():
        if prop.schema is schema:
            assert prop._label in es, prop.qname
