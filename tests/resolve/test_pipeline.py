"""Runs, explanations, review overriding the model, stable canonical ids, access, export."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import Engine, select

from bicentennial.access.audit import verify
from bicentennial.resolve import export, pipeline, review
from bicentennial.store.tables import audit_log

from .conftest import CBP, FGR


def _run(engine: Engine, who=CBP) -> pipeline.RunSummary:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        return pipeline.run(conn, who, "person")


def _canon(engine: Engine, who=CBP) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        return pipeline.canonical_ids(conn, who)


def test_run_links_variants_and_explains(people: Engine) -> None:
    summary = _run(people)
    assert summary.entities == 7  # CBP sees the binational records only
    canon = _canon(people)
    assert canon["p-a1"] == canon["p-a2"] == canon["p-a3"]
    assert canon["p-c1"] != canon["p-a1"] and canon["p-d1"] != canon["p-b1"]
    assert all(c.startswith("bic-") for c in canon.values())
    with people.begin() as conn:
        pair = pipeline.explain_pair(conn, CBP, "p-a1", "p-a3")
    assert pair is not None
    ex = pair["explanation"]
    assert "prior" in ex and "given_name" in ex and "surname" in ex and "birth_date" in ex
    assert ex["birth_date"][0] == "exact" and ex["birth_date"][1] > 0
    total = ex["prior"] + sum(v[1] for k, v in ex.items() if k != "prior")
    assert total == pytest.approx(pair["match_weight"], abs=0.05)


def test_canonical_ids_stable_across_reruns(people: Engine) -> None:
    _run(people)
    first = _canon(people)
    _run(people)
    assert _canon(people) == first


def test_review_overrides_model_on_rerun_and_is_reversible(people: Engine) -> None:
    _run(people)
    canon = _canon(people)
    assert canon["p-a1"] == canon["p-a2"]
    with people.begin() as conn:
        j = pipeline.decide(conn, CBP, "p-a2", "p-a1", "different", "different mothers on the birth records")
        pipeline.decide(conn, CBP, "p-c1", "p-d1", "same", "confirmed by fingerprints")
    for _ in range(2):  # immediately, and after a full rerun
        canon = _canon(people)
        assert canon["p-a1"] != canon["p-a2"]
        assert canon["p-c1"] == canon["p-d1"]
        _run(people)
    with people.begin() as conn:
        pipeline.undo(conn, CBP, j["id"], "mistake")
    _run(people)
    canon = _canon(people)
    assert canon["p-a1"] == canon["p-a2"]
    with people.begin() as conn:
        history = review.judgements(conn, CBP, include_revoked=True)
        assert any(h["id"] == j["id"] and h["deleted_by"] == "ana" for h in history)
        actions = [r.action for r in conn.execute(select(audit_log.c.action))]
        assert actions.count("review") >= 3
        assert verify(conn).ok


def test_review_refuses_bad_input_and_invisible_entities(people: Engine) -> None:
    _run(people)
    with people.begin() as conn:
        with pytest.raises(review.ReviewError):
            review.judge(conn, CBP, "p-a1", "p-a2", "maybe", "x")
        with pytest.raises(review.ReviewError):
            review.judge(conn, CBP, "p-a1", "p-a2", "same", " ")
        with pytest.raises(review.ReviewError):
            review.judge(conn, CBP, "p-a1", "p-x1", "same", "guess")  # FGR originator record


def test_access_nothing_of_another_agencys_originator_statements(people: Engine) -> None:
    _run(people, FGR)
    _run(people)
    fgr = _canon(people, FGR)
    assert fgr["p-x1"] == fgr["p-x2"]  # FGR's own run links its secret records
    cbp = _canon(people)
    assert "p-x1" not in cbp and "p-x2" not in cbp
    secrets = ("guzman", "guzmán", "chapo", "gulj570404", "secret-", "p-x1", "p-x2", "667", "123 4567")
    with people.begin() as conn:
        queue = review.queue(conn, CBP, limit=100, thresholds=None)
        pairs = [pipeline.explain_pair(conn, CBP, a, b) for a in cbp for b in cbp if a < b]
        ftm, table = io.StringIO(), io.StringIO()
        export.ftm_lines(conn, CBP, ftm)
        export.clusters_csv(conn, CBP, table)
    blob = json.dumps([queue, pairs, cbp]).lower() + ftm.getvalue().lower() + table.getvalue().lower()
    for secret in secrets:
        assert secret not in blob, secret
    # the phone FGR added to a shared entity does not change CBP's explanation of that entity
    for p in pairs:
        if p and "p-c1" in (p["entity_a"], p["entity_b"]):
            assert "phone" not in p["explanation"]
    assert fgr["p-x1"] not in cbp.values()


def test_exports(people: Engine) -> None:
    _run(people)
    with people.begin() as conn:
        ftm, table = io.StringIO(), io.StringIO()
        n = export.ftm_lines(conn, CBP, ftm)
        rows = export.clusters_csv(conn, CBP, table)
    lines = [json.loads(line) for line in ftm.getvalue().splitlines()]
    assert n == len(lines)
    canon = _canon(people)
    merged = next(e for e in lines if e["id"] == canon["p-a1"])
    assert merged["schema"] == "Person" and sorted(merged["referents"]) == ["p-a1", "p-a2", "p-a3"]
    assert "HELG800314MDFRPD09" in merged["properties"]["idNumber"]
    records = list(csv.DictReader(io.StringIO(table.getvalue())))
    assert rows == len(records) == 7  # one line per ingested binational record
    by_source = {r["source_id"]: r for r in records}
    assert by_source["row-1"]["canonical_id"] == by_source["row-3"]["canonical_id"] == canon["p-a1"]
    from followthemoney import model

    for e in lines:
        model.get_proxy(e)  # valid FtM
