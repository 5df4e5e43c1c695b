"""Investigations: who may open them, what each reader sees of them, exports and watches."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import Engine, select

from bicentennial.access.principal import Principal
from bicentennial.investigations import core, export, sample, watches
from bicentennial.store.tables import audit_log
from bicentennial.store.writer import insert_statements

CBP = Principal("cbp-analyst", "CBP", "us", frozenset({"analyst"}))
CBP2 = Principal("cbp-other", "CBP", "us", frozenset({"analyst"}))
FGR = Principal("fgr-analyst", "FGR", "mx", frozenset({"analyst"}))
FGR2 = Principal("fgr-other", "FGR", "mx", frozenset({"analyst"}))


def test_sharing_decides_who_opens_it(engine: Engine) -> None:
    with engine.begin() as conn:
        sample.load(conn, users=False)
        inv = core.create(conn, FGR, "Caso Ramírez", sharing="private", entities=["p-jose", "p-ana"])
        assert [s.id for s in core.list_for(conn, FGR)] == [inv]
        assert core.list_for(conn, FGR2) == [] and core.list_for(conn, CBP) == []
        with pytest.raises(core.NotFound):
            core.get(conn, CBP, inv)
        core.update_meta(conn, FGR, inv, sharing="agency")
        assert [s.id for s in core.list_for(conn, FGR2)] == [inv]
        assert core.list_for(conn, CBP) == []
        core.update_meta(conn, FGR, inv, sharing="binational")
        assert [s.id for s in core.list_for(conn, CBP)] == [inv]
        with pytest.raises(core.Forbidden):
            core.add_entities(conn, CBP, inv, ["p-hale"])  # other agency: read and comment only
        core.add_note(conn, CBP, inv, "CBP seized fentanyl at Nogales with this man.")
        with pytest.raises(core.Forbidden):
            core.update_meta(conn, FGR2, inv, sharing="private")  # only the owner decides


def test_readers_see_only_entities_shared_with_them(engine: Engine) -> None:
    with engine.begin() as conn:
        sample.load(conn, users=False)
        inv = core.create(conn, FGR, "Caso", sharing="binational", entities=["p-jose", "p-ana", "p-hale"])
        owner_view = core.get(conn, FGR, inv)
        assert {e["id"] for e in owner_view["entities"]} == {"p-jose", "p-ana"}  # p-hale not visible to FGR
        cbp_view = core.get(conn, CBP, inv)
        assert {e["id"] for e in cbp_view["entities"]} == {"p-jose"}
        assert cbp_view["hidden"] == 1
        assert "Ana" not in json.dumps(cbp_view, ensure_ascii=False)


@pytest.mark.parametrize("fmt", ["ftm", "csv", "graphml", "html"])
def test_exports_respect_sharing_and_are_audited(engine: Engine, fmt: str) -> None:
    with engine.begin() as conn:
        sample.load(conn, users=False)
        inv = core.create(conn, FGR, "Caso Ramírez", sharing="binational", entities=["p-jose", "p-ana"])
        fgr_body, _m, _f = export.export(conn, FGR, inv, fmt)
        cbp_body, media, filename = export.export(conn, CBP, inv, fmt)
        assert "Ana Beltr" in fgr_body.decode() and "Ana Beltr" not in cbp_body.decode()
        assert "José Ramírez Núñez" in cbp_body.decode()
        assert filename.endswith(export.FORMATS[fmt][1]) and media == export.FORMATS[fmt][0]
        if fmt == "ftm":
            lines = [json.loads(x) for x in cbp_body.decode().splitlines()]
            assert [x["id"] for x in lines] == ["p-jose"]
        if fmt == "csv":
            rows = list(csv.DictReader(io.StringIO(cbp_body.decode())))
            assert {r["sharing"] for r in rows} <= {"binational", "public", "national"}
            assert all(r["agency"] != "UIF" for r in rows)
        if fmt == "graphml":
            assert "<graphml" in fgr_body.decode() and "p-ana" in fgr_body.decode()
        if fmt == "html":
            assert 'lang="es"' in cbp_body.decode() and "Entidades" in cbp_body.decode()
        exports = conn.execute(select(audit_log.c.actor, audit_log.c.detail).where(
            audit_log.c.action == "export")).all()
        assert {a for a, _d in exports} == {"fgr-analyst", "cbp-analyst"}
        assert all(json.loads(d)["format"] == fmt for _a, d in exports)


def test_pdf_briefing(engine: Engine) -> None:
    with engine.begin() as conn:
        sample.load(conn, users=False)
        inv = core.create(conn, CBP, "Nogales", entities=["p-jose"])
        body, media, _f = export.export(conn, CBP, inv, "pdf")
        assert body.startswith(b"%PDF") and media == "application/pdf"


def _new_statement(entity: str, prop: str, value: str, agency: str, country: str, sharing: str,
                   when: str) -> dict[str, object]:
    return dict(sample.rows()[0], id=f"{entity}{prop}{sharing}".ljust(40, "0")[:40], entity_id=entity,
                schema="Seizure", prop=prop, value=value, search_text=None, agency=agency, country=country,
                sharing=sharing, first_seen=when, last_seen=when)


def test_watches_notify_only_about_what_the_user_may_see(engine: Engine) -> None:
    with engine.begin() as conn:
        sample.load(conn, users=False)
        w_cbp = watches.add(conn, CBP, "entity", "p-jose", "José")
        watches.add(conn, FGR, "entity", "p-jose", "José")
        watches.add(conn, FGR, "search", "ramirez", "ramirez")
        assert watches.check(conn, CBP) == 0  # nothing new since the watch began
        # a new FGR-national seizure naming José: FGR sees it, CBP does not
        insert_statements(conn, [dict(**_new_statement(
            "s-new", "involved", "p-jose", "FGR", "mx", "national", "2026-03-01T00:00:00.000000Z"))])
        assert watches.check(conn, CBP) == 0
        assert watches.check(conn, FGR) >= 1
        notes = watches.notifications(conn, FGR)
        assert any(n["entity_id"] == "s-new" for n in notes)
        assert watches.unread_count(conn, FGR) == len(notes)
        watches.mark_read(conn, FGR)
        assert watches.unread_count(conn, FGR) == 0
        # a binational one reaches CBP too
        insert_statements(conn, [dict(**_new_statement(
            "s-new2", "involved", "p-jose", "CBP", "us", "binational", "2026-03-02T00:00:00.000000Z"))])
        assert watches.check(conn, CBP) == 1
        assert [n["entity_id"] for n in watches.notifications(conn, CBP)] == ["s-new2"]
        assert watches.remove(conn, CBP, w_cbp)
        assert watches.list_for(conn, CBP) == []
