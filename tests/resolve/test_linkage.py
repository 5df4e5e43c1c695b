"""Blocking budget and positional surname features (no database)."""

from __future__ import annotations

import pytest

from bicentennial.resolve import features, linkage

PEOPLE = [
    ("a", {"firstName": ["José"], "fatherName": ["Hernández"], "motherName": ["López"], "birthDate": ["1980-01-02"]}),
    ("b", {"name": ["Jose Hernandez"], "birthDate": ["1980-02-01"]}),
    ("c", {"name": ["HERNANDEZ LOPEZ, JOSE"]}),
    ("d", {"firstName": ["Juan"], "lastName": ["Hernández-Ramírez"], "birthDate": ["1980-01-02"]}),
    ("e", {"firstName": ["John"], "lastName": ["Smith"], "birthDate": ["1975-07-02"]}),
]


def test_paternal_and_maternal_surnames() -> None:
    rows = {r["unique_id"]: r for r in features.feature_table(PEOPLE).to_pylist()}
    assert (rows["a"]["sur_p"], rows["a"]["sur_m"]) == ("hernandez", "lopez")
    assert (rows["b"]["sur_p"], rows["b"]["sur_m"]) == ("hernandez", None)
    assert (rows["c"]["sur_p"], rows["c"]["sur_m"]) == ("hernandez", "lopez")
    assert (rows["d"]["sur_p"], rows["d"]["sur_m"]) == ("hernandez", "ramirez")
    assert rows["a"]["birth_year"] == "1980" and rows["c"]["birth_date"] is None
    assert all(r["sur_p_freq"] == 0.0 for r in rows.values())  # too few records for frequencies


@pytest.mark.parametrize("rule", linkage.PERSON_BLOCKING[:2] + linkage.PERSON_BLOCKING_EXTRA[2:])
def test_rule_pair_count_matches_the_join(rule: str) -> None:
    table = features.feature_table(PEOPLE * 3)  # repeated ids do not matter for counting
    con = linkage.new_duckdb()
    con.register("t", table)
    counted = linkage._rule_pairs(con, table, rule)
    joined = con.execute(
        f"SELECT count(*) FROM (SELECT *, row_number() OVER () AS k FROM t) l "
        f"JOIN (SELECT *, row_number() OVER () AS k FROM t) r ON ({rule}) AND l.k < r.k").fetchall()[0][0]
    if "IS NULL" in rule:
        assert counted >= joined
    else:
        assert counted == joined


def test_extra_rules_only_within_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    table = features.feature_table(PEOPLE * 3)
    spec = linkage.person_spec()
    assert linkage.blocking_rules(spec, [table]) == spec.blocking + spec.blocking_extra
    monkeypatch.setattr(linkage, "PAIR_BUDGET_PER_RECORD", 0)
    assert linkage.blocking_rules(spec, [table]) == spec.blocking
    assert linkage.blocking_rules(spec, [table, table]) == spec.blocking + spec.blocking_extra  # linking
