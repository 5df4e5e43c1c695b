"""The SDN list as public records of OFAC: entries become entities, `Linked To:` relations
edges of every principal's network (screen/publish.py)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine, select
from typer.testing import CliRunner

from bicentennial.access.principal import system_principal
from bicentennial.cli import app as cli_app
from bicentennial.network.queries import expand, path
from bicentennial.screen.entity import ListedEntity
from bicentennial.screen.ofac import NARCOTICS_PROGRAMS
from bicentennial.screen.publish import name_key, publish, sdn_records
from bicentennial.store.tables import statement

runner = CliRunner()


def _listed(num: str, name: str, schema: str = "Organization", programs: tuple[str, ...] = ("SDNTK",),
            linked: tuple[str, ...] = (), aliases: tuple[str, ...] = (), **kw: object) -> ListedEntity:
    return ListedEntity(id=f"ofac-sdn-{num}", source="ofac-sdn", source_id=num, schema=schema, caption=name,
                        names=[name, *aliases], programs=list(programs), linked_to=list(linked), **kw)  # type: ignore[arg-type]


def test_name_key_ignores_case_accents_and_punctuation() -> None:
    assert name_key("GRUPO CINJAB, S.A. DE C.V.") == name_key("Grupo Cinjab S.A. de C.V")
    assert name_key("Cártel de Jalisco Nueva Generación") == "CARTEL DE JALISCO NUEVA GENERACION"
    assert name_key("MEZA FLORES, Fausto") != name_key("MEZA FLORES, Fausto Isidro")


def test_links_by_name_report_the_rest_and_keep_every_value() -> None:
    entities = [
        _listed("1", "CARTEL DE JALISCO NUEVA GENERACION", aliases=("CJNG",)),
        # linked by an alias, with other case and punctuation; one name of the list twice; one unknown
        _listed("2", "OSEGUERA CERVANTES, Antonio", "Person", linked=("Cjng.", "MAR AZUL", "NOBODY S.A."),
                identifiers={"rfc": {"OECA580820"}, "curp": {"OECA580820HMNSRN04"}}),
        _listed("3", "MAR AZUL", programs=("CUBA",)),
        _listed("4", "MAR AZUL", programs=("CUBA",)),
        # outside the programs asked for, but linked to from inside: published too
        _listed("5", "FRONT COMPANY SA", programs=("OTHER",), linked=("OSEGUERA CERVANTES, Antonio",)),
        _listed("6", "LINKED FROM A NARCOTICS ENTRY", programs=("OTHER",)),
        _listed("7", "GRUPO SDNTK", linked=("linked from a narcotics entry", "GRUPO SDNTK")),  # itself: no edge
    ]
    done = sdn_records(entities, programs=["SDNTK"])
    ids = [r["id"] for r in done.records if r["schema"] != "UnknownLink"]
    assert ids == ["sdn-1", "sdn-2", "sdn-7", "sdn-6"] and done.entries == 4
    links = {(r["properties"]["subject"][0], r["properties"]["object"][0]) for r in done.records
             if r["schema"] == "UnknownLink"}
    assert links == {("sdn-2", "sdn-1"), ("sdn-7", "sdn-6")} and done.links == 2
    assert all(r["properties"]["role"] == ["Linked To"] for r in done.records if r["schema"] == "UnknownLink")
    assert done.unmatched == [("ofac-sdn-2", "NOBODY S.A.")]
    assert done.ambiguous == [("ofac-sdn-2", "MAR AZUL", ["ofac-sdn-3", "ofac-sdn-4"])]
    # a person's RFC without its homoclave is refused by the `rfc` property: kept as an idNumber
    person = next(r for r in done.records if r["id"] == "sdn-2")["properties"]
    assert person["curp"] == ["OECA580820HMNSRN04"] and person["idNumber"] == ["OECA580820"]
    assert "rfc" not in person and person["topics"] == ["sanction"] and person["programId"] == ["SDNTK"]
    everything = sdn_records(entities)
    assert everything.entries == 7 and everything.links == 3  # 5 → 2 as well


def test_published_links_are_edges_every_agency_sees_and_publishing_again_adds_nothing(
        engine: Engine, tmp_path: Path) -> None:
    done = publish(engine, programs=sorted(NARCOTICS_PROGRAMS), path=tmp_path / "sdn.ftm.jsonl")
    summary = done.summary
    assert summary.quarantined == 0 and summary.accepted == summary.rows == len(done.records)
    assert done.links > 400 and done.entries > 1900
    link = next(r for r in done.records if r["schema"] == "UnknownLink")
    a, b = (f"ofac-{link['properties'][k][0]}" for k in ("subject", "object"))
    for who in (system_principal("FGR", "mx"), system_principal("ATF", "us")):
        with engine.begin() as conn:
            around = expand(conn, who, a, hops=1)
            found = path(conn, who, a, b)
        edges = [e["data"] for e in around["elements"]["edges"]]
        linked = [e for e in edges if e["type"] == "UnknownLink" and {e["source"], e["target"]} == {a, b}]
        assert len(linked) == 1 and linked[0]["records"] == [f"ofac-{link['id']}"]
        assert found["found"] and found["length"] == 1
    with engine.connect() as conn:
        rows = conn.execute(select(statement.c.agency, statement.c.sharing, statement.c.batch_id)
                            .where(statement.c.entity_id == a)).all()
    assert rows and {(r.agency, r.sharing, r.batch_id) for r in rows} == {("OFAC", "public", summary.batch_id)}
    again = publish(engine, programs=sorted(NARCOTICS_PROGRAMS), path=tmp_path / "sdn.ftm.jsonl")
    assert again.summary.statements_added == 0 and again.links == done.links


def test_cli_publish(database_url: str, tmp_path: Path) -> None:
    result = runner.invoke(cli_app, ["screen", "publish", "--program", "SDNTK", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["programs"] == ["SDNTK"] and data["links"] > 300 and data["ingest"]["quarantined"] == 0
    assert data["ingest"]["agency"] == "OFAC" and data["ingest"]["sharing"] == "public"
    table = runner.invoke(cli_app, ["--lang", "es", "screen", "publish", "--program", "SDNTK"],
                          env={"COLUMNS": "200"})
    from bicentennial.i18n import set_lang

    set_lang(None)
    assert table.exit_code == 0, table.output
    assert "0 declaraciones añadidas" in " ".join(table.output.split())
    assert runner.invoke(cli_app, ["screen", "publish", "--program", "SDNTK", "--all"]).exit_code == 2
    assert runner.invoke(cli_app, ["screen", "publish", "--sdn-dir", str(tmp_path / "none")]).exit_code == 2


def test_an_entry_no_longer_on_the_list_is_reported_and_kept(engine: Engine, tmp_path: Path) -> None:
    import shutil

    fixtures = Path(__file__).parent / "fixtures" / "sdn"
    first = publish(engine, fixtures, path=tmp_path / "a.ftm.jsonl")
    assert first.delisted == [] and first.entries == 14 and first.summary.quarantined == 0
    newer = tmp_path / "newer"
    shutil.copytree(fixtures, newer)
    rows = (newer / "sdn.csv").read_text(encoding="latin-1").splitlines(keepends=True)
    (newer / "sdn.csv").write_text("".join(r for r in rows if not r.startswith("6861,")), encoding="latin-1")
    second = publish(engine, newer, path=tmp_path / "b.ftm.jsonl")
    assert second.delisted == ["ofac-sdn-6861"] and second.entries == 13
    assert second.summary.statements_added == 0
    with engine.connect() as conn:  # kept: the store holds every statement it was given
        assert conn.execute(select(statement.c.id).where(statement.c.entity_id == "ofac-sdn-6861")).first()
