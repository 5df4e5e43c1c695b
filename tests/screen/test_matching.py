"""Scoring and ranking: perturbed names find the listed entity first, with explanations."""

from __future__ import annotations

import pytest

from bicentennial.screen.entity import Query
from bicentennial.screen.index import ScreeningIndex, make_query
from bicentennial.screen.logic import FEATURES, config


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Joaquín Guzmán Loera", "6861"),  # given-first order, accents
        ("Chapo Guzman", "6861"),  # alias
        ("Joakin Gusman Loera", "6861"),  # phonetic spelling
        ("Joaquin Guzman Loeara", "6861"),  # typo
        ("Nemesio Oseguera", "17674"),  # dropped second surname
        ("El Mencho", "17674"),  # moniker (weak alias)
        ("Rafael Caro Quintero", "6707"),
        ("Chuy Amezcua Contreras", "6703"),  # nickname of Jesús
        ("Auto Servicio Jatziry SA de CV", "15114"),  # legal form written differently
        ("Constructora Jatziry de Guasave", "15115"),  # legal form dropped
    ],
)
def test_perturbed_names_rank_first(sdn_index: ScreeningIndex, name: str, expected: str) -> None:
    results = sdn_index.search(make_query(name), limit=3)
    assert results, name
    assert results[0].entity.source_id == expected
    assert results[0].score >= 0.7
    assert results[0].explanations["name_match" if name != "El Mencho" else "weak_alias_match"]["detail"]


def test_unlisted_names_do_not_match(sdn_index: ScreeningIndex) -> None:
    for name in ("Patricia Lucas Wheeler", "Kathryn Barr", "Isabella Joaquin Torres", "Wei Zhang"):
        assert not sdn_index.search(make_query(name, schema="Person"), threshold=0.7), name


def test_qualifiers_explain_and_reorder(sdn_index: ScreeningIndex) -> None:
    plain = sdn_index.search(make_query("Joaquin Guzman", schema="Person"), limit=2)
    assert {r.entity.source_id for r in plain} == {"6861", "41897"}
    young = sdn_index.search(make_query("Joaquin Guzman", dob="1986-07-16", schema="Person"), limit=2)
    assert young[0].entity.source_id == "41897"
    assert "dob_match" in young[0].features
    older = [r for r in young if r.entity.source_id == "6861"][0]
    assert older.explanations["dob_year_disjoint"]["score"] == -0.15
    assert "1986" in older.explanations["dob_year_disjoint"]["detail"]
    foreign = sdn_index.search(make_query("Joaquin Guzman Loera", country="Germany", schema="Person"), limit=1)
    assert foreign[0].explanations["country_mismatch"]["score"] == -0.2
    qualifiers = {f.name for f in FEATURES if f.qualifier}
    exp = foreign[0].explanations
    expected = max(v["score"] for k, v in exp.items() if k not in qualifiers) + sum(
        v["score"] for k, v in exp.items() if k in qualifiers)
    assert foreign[0].score == pytest.approx(expected) and foreign[0].score < 0.9


def test_identifier_is_strong_evidence(sdn_index: ScreeningIndex) -> None:
    query = make_query("J. Guzman", schema="Person", identifiers={"curp": "gulj-860716-hsrzpq01"})
    top = sdn_index.search(query, limit=1)[0]
    assert top.entity.source_id == "41897"
    assert top.features["identifier_match"] == 1.0 and top.score >= 0.95


def test_schema_compatibility(sdn_index: ScreeningIndex) -> None:
    assert not sdn_index.search(make_query("Mar Azul", schema="Person"), threshold=0.5)
    assert sdn_index.search(make_query("Mar Azul", schema="Vessel"), limit=1)[0].entity.source_id == "4238"


def test_query_by_example_and_ftm_entities(sdn_index: ScreeningIndex) -> None:
    query = Query.from_example("Person", {"firstName": ["Maria"], "lastName": ["Osetrova"],
                                          "birthDate": "1988-01-07", "nationality": ["ru"]})
    top = sdn_index.search(query, limit=1)[0]
    assert top.entity.caption == "Maria Aleksandrovna Osetrova"
    assert top.features.get("dob_match") == 1.0


def test_algorithm_is_declared() -> None:
    described = config()
    assert {f["name"] for f in described["features"]} == {f.name for f in FEATURES}
    assert all(f["description"] for f in described["features"])


def test_index_round_trip(sdn_index: ScreeningIndex, index_file) -> None:  # type: ignore[no-untyped-def]
    loaded = ScreeningIndex.load(index_file)
    assert loaded.sources == sdn_index.sources
    assert loaded.search(make_query("Chapo Guzman"), limit=1)[0].entity.source_id == "6861"
