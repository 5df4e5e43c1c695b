"""The Python API on both backends: ids, links, provenance, idempotency, quarantine, audit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from bicentennial.access.records import fold
from bicentennial.ingest import IngestError, ingest_file, ingest_records
from bicentennial.ingest.mapping import source_entity_id
from bicentennial.ingest.pipeline import fast_fold
from bicentennial.store.tables import audit_log, ingest_batch, quarantine, statement
from bicentennial.store.writer import statement_id

FIXTURES = Path(__file__).parent / "fixtures"


def facts(engine: Engine, **where: str) -> list[tuple[str, str, str]]:
    query = select(statement.c.entity_id, statement.c.prop, statement.c.value)
    for k, v in where.items():
        query = query.where(statement.c[k] == v)
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(query)]  # type: ignore[misc]


def count(engine: Engine, table=statement) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_generic_source_ids_link_across_files(engine: Engine) -> None:
    companies = ingest_file(engine, FIXTURES / "companies.csv", agency="UIF", sharing="national", schema="Company")
    assert (companies.rows, companies.accepted, companies.quarantined) == (2, 2, 0)
    payments = ingest_file(engine, FIXTURES / "payments.jsonl", agency="uif", sharing="national", schema="Payment")
    assert payments.accepted == 2
    company_ids = {e for e, _p, _v in facts(engine, schema="Company")}
    assert company_ids == {source_entity_id("UIF", "C-100"), source_entity_id("UIF", "C-101")}
    assert source_entity_id("UIF", "C-100") == "uif-" + __import__("hashlib").sha1(b"UIF:C-100").hexdigest()[:32]
    payers = {v for _e, p, v in facts(engine, schema="Payment") if p == "payer"}
    assert payers == company_ids
    amounts = sorted(v for _e, p, v in facts(engine, schema="Payment") if p == "amount")
    assert amounts == ["150000", "98000"]


def test_statement_columns(engine: Engine) -> None:
    summary = ingest_file(engine, FIXTURES / "companies.csv", agency="UIF", sharing="national", schema="Company")
    with engine.connect() as conn:
        rows = {(r.source_key, r.prop): r for r in conn.execute(select(statement))}
    name = rows[("C-100", "name")]
    assert name.search_text == fold("Comercializadora del Norte SA de CV")
    assert name.country == "mx" and name.agency == "UIF" and name.sharing == "national"
    assert name.batch_id == summary.batch_id
    assert name.source_row == 1 and rows[("C-101", "name")].source_row == 2
    assert name.id == statement_id(name.entity_id, "name", name.value, "UIF", "national")
    assert rows[("C-100", "incorporationDate")].search_text is None
    assert rows[("C-100", "rfc")].search_text == "cno980315ab7"
    assert name.first_seen == name.last_seen


def test_rerun_adds_nothing_and_moves_last_seen(engine: Engine, tmp_path: Path) -> None:
    first = ingest_file(engine, FIXTURES / "atf_traces.csv", agency="ATF", sharing="binational",
                        mapping="atf_traces")
    n = count(engine)
    assert first.statements_added == n > 0
    # the same content from another path (no source ids needed for idempotency)
    copy = tmp_path / "copy.csv"
    shutil.copy(FIXTURES / "atf_traces.csv", copy)
    again = ingest_file(engine, copy, agency="ATF", sharing="binational", mapping="atf_traces")
    assert again.statements_added == 0 and again.statements == first.statements
    assert count(engine) == n
    with engine.connect() as conn:
        seen = conn.execute(select(statement.c.first_seen, statement.c.last_seen)).all()
    assert all(last > first_ for first_, last in seen)
    # another sharing level is another statement
    other = ingest_file(engine, copy, agency="ATF", sharing="national", mapping="atf_traces")
    assert other.statements_added == n


def test_content_ids_without_id_column(engine: Engine, tmp_path: Path) -> None:
    a = tmp_path / "a.csv"
    a.write_text("name,nationality\nAna Pérez,mx\nLuis Gómez,us\n", encoding="utf-8")
    b = tmp_path / "b.csv"
    b.write_text("nationality,name\nMX,Ana Pérez\n", encoding="utf-8")  # same person, other order and case
    ingest_file(engine, a, agency="FGR", sharing="national", schema="Person")
    second = ingest_file(engine, b, agency="FGR", sharing="national", schema="Person")
    assert second.statements_added == 0
    assert len({e for e, _p, _v in facts(engine)}) == 2


def test_mapping_entities_and_links(engine: Engine) -> None:
    s = ingest_file(engine, FIXTURES / "atf_traces.csv", agency="ATF", sharing="binational", mapping="atf_traces")
    assert (s.rows, s.accepted, s.quarantined) == (4, 3, 1)
    assert [(q.row, q.field, q.reason) for q in s.quarantine] == [(4, "firearm", "required property {prop} is empty")]
    rows = facts(engine)
    schemata = {}
    with engine.connect() as conn:
        for eid, schema in conn.execute(select(statement.c.entity_id, statement.c.schema).distinct()):
            schemata[eid] = schema
    by_schema: dict[str, int] = {}
    for schema in schemata.values():
        by_schema[schema] = by_schema.get(schema, 0) + 1
    # 3 traces, 3 firearms, 2 purchasers (John Smith twice), 2 dealers
    assert by_schema == {"FirearmTrace": 3, "Firearm": 3, "Person": 2, "Company": 2}
    links = [(e, p, v) for e, p, v in rows if p in ("firearm", "purchaser", "dealer")]
    assert len(links) == 9
    assert all(schemata[v] in ("Firearm", "Person", "Company") for _e, _p, v in links)
    assert ("dealer" in {p for _e, p, _v in links})


def test_uif_payments_mapping(engine: Engine) -> None:
    s = ingest_file(engine, FIXTURES / "uif_payments.csv", agency="UIF", sharing="national", mapping="uif_payments")
    assert (s.accepted, s.quarantined) == (3, 1)
    assert s.quarantine[0].row == 4 and s.quarantine[0].field == "currency"
    with engine.connect() as conn:
        schemata = dict(conn.execute(select(statement.c.entity_id, statement.c.schema).distinct()).all())
    payer_schemata = {schemata[v] for _e, p, v in facts(engine, schema="Payment") if p == "payer"}
    assert payer_schemata == {"Person", "Company"}
    curps = [v for _e, p, v in facts(engine, schema="Person") if p == "curp"]
    assert curps == ["GOMJ850312HSLRRN06"]
    assert sorted(set(schemata.values())) == ["BankAccount", "Company", "FinancialIntelligenceReport", "Payment",
                                              "Person"]


def test_ftm_entities_keep_prefixed_ids(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "sample.ftm.json"
    path.write_text(
        '{"id": "NK-1", "schema": "Person", "properties": {"name": ["Ana Pérez"], "nationality": ["mx"]}}\n'
        '{"id": "ofac-2", "schema": "Ownership", "properties": {"owner": ["NK-1"], "asset": ["NK-3"]}}\n'
        '{"id": "NK-3", "schema": "Company", "properties": {"name": ["Acme"], "country": ["Narnia"]}}\n'
        '{"id": "x", "schema": "Spaceship", "properties": {}}\n',
        encoding="utf-8",
    )
    s = ingest_file(engine, path, agency="OFAC", sharing="public")
    assert (s.rows, s.accepted, s.quarantined) == (4, 2, 2)
    assert {(q.row, q.field) for q in s.quarantine} == {(3, "country"), (4, "schema")}
    ids = {e for e, _p, _v in facts(engine)}
    assert ids == {"ofac-NK-1", "ofac-ofac-2"}
    assert ("ofac-ofac-2", "owner", "ofac-NK-1") in facts(engine)


def test_all_or_nothing_and_quarantine_ids(engine: Engine) -> None:
    path = FIXTURES / "cbp_seizures.csv"
    ingest_file(engine, path, agency="CBP", sharing="binational", mapping="cbp_seizures")
    with engine.connect() as conn:
        keys = {r for (r,) in conn.execute(select(statement.c.source_key).distinct())}
        q = conn.execute(select(quarantine).where(quarantine.c.row == 7)).one()
    assert "CBP-0007" not in keys  # its seizure was valid, its person was not: nothing kept
    assert "CBP-0001" in keys
    assert json.loads(q.raw)["subject_curp"] == "RAHE921120MSRMRL01"
    assert json.loads(q.params)["value"] == "RAHE921120MSRMRL01"
    assert q.source == str(path) and q.agency == "CBP" and q.status == "open"
    ingest_file(engine, path, agency="CBP", sharing="binational", mapping="cbp_seizures")
    assert count(engine, quarantine) == 6


def test_batches_and_audit(engine: Engine) -> None:
    s = ingest_file(engine, FIXTURES / "companies.csv", agency="UIF", sharing="national", schema="Company",
                    actor="ana")
    with engine.connect() as conn:
        batch = conn.execute(select(ingest_batch)).one()
        events = conn.execute(select(audit_log).where(audit_log.c.action == "ingest")).all()
    assert batch.id == s.batch_id and batch.status == "done" and batch.rows == 2 and batch.accepted == 2
    assert batch.statements_added == s.statements_added and batch.source_sha256
    assert [json.loads(e.detail)["phase"] for e in events] == ["start", "finish"]
    assert all(e.actor == "ana" and e.agency == "UIF" for e in events)


def test_usage_errors_before_writing(engine: Engine, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,shoeSize\n1,Ana,38\n")
    nodate = tmp_path / "nodate.csv"
    nodate.write_text("id,category\n1,drugs\n")
    cases = [
        (dict(path=bad, schema="Person"), "shoeSize"),
        (dict(path=nodate, schema="Seizure"), "date"),
        (dict(path=bad, schema="Thing"), "Thing"),
        (dict(path=bad, mapping="cbp_seizures"), "category"),
        (dict(path=bad, mapping="../etc/passwd"), "../etc/passwd"),
        (dict(path=bad, schema="Person", mapping="cbp_seizures"), "--schema"),
    ]
    for kwargs, named in cases:
        with pytest.raises(IngestError) as err:
            ingest_file(engine, agency="FGR", sharing="national", **kwargs)  # type: ignore[arg-type]
        assert named in err.value.render(), kwargs
    assert count(engine, ingest_batch) == 0


def test_ingest_records_api_function(engine: Engine) -> None:
    records = [{"id": "S1", "category": "drogas", "date": "2024-05-01", "quantity": 3, "unit": "kilos"},
               {"id": "S2", "category": "drugs", "date": "2024-13-01"}]
    s = ingest_records(engine, records, agency="GN", sharing="national", schema="Seizure", actor="ana")
    assert (s.accepted, s.quarantined) == (1, 1)
    assert s.quarantine[0].row == 2 and s.quarantine[0].field == "date"
    values = {p: v for _e, p, v in facts(engine)}
    assert values == {"category": "drugs", "date": "2024-05-01", "quantity": "3", "unit": "kg"}
    again = ingest_records(engine, records, agency="GN", sharing="national", schema="Seizure", actor="ana")
    assert again.statements_added == 0 and count(engine, quarantine) == 1


@pytest.mark.parametrize("text", ["José Ñúñez", "Straße", "ÆØÅ", "½ kilo", "İstanbul", "plain  ASCII\tname",
                                  "Œuvre", "x\u200by", "Ａｎａ"])
def test_fast_fold_matches_fold(text: str) -> None:
    assert fast_fold(text) == fold(text)
