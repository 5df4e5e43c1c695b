"""The generator: determinism, referential integrity, valid identifiers, realistic variation."""

from __future__ import annotations

import collections
import json
import random
from pathlib import Path

import pytest

from bicentennial.demo import Manifest, generate
from bicentennial.demo.feeds import FEEDS, GroundTruth, Scenario
from bicentennial.demo.generate import MANIFEST, SIZES, resolve_size
from bicentennial.demo.ids import clabe_is_valid
from bicentennial.demo.names import strip_accents
from bicentennial.demo.places import MX_STATES, PORTS
from bicentennial.demo.world import World
from bicentennial.records.model import get_model
from bicentennial.records.types import curp as curp_type
from bicentennial.records.types import rfc as rfc_type
from bicentennial.records.validate import validate_value

from .conftest import read_rows


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_gives_byte_identical_files(small_demo: Manifest, tmp_path: Path) -> None:
    again = generate(tmp_path / "again", size="small")
    assert _files(small_demo.out_dir) == _files(again.out_dir)
    assert again.records == small_demo.records


def test_another_seed_gives_other_data(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", size=400, seed=1)
    b = generate(tmp_path / "b", size=400, seed=2)
    assert {f.path: f.sha256 for f in a.files} != {f.path: f.sha256 for f in b.files}
    assert [f.path for f in a.files] == [f.path for f in b.files]


def test_manifest_matches_files(small_demo: Manifest) -> None:
    data = json.loads((small_demo.out_dir / MANIFEST).read_text(encoding="utf-8"))
    assert Manifest.read(small_demo.out_dir).to_dict() == data
    for feed in small_demo.files:
        rows = sum(1 for _ in read_rows(small_demo.path(feed)))
        assert rows == feed.rows > 0, feed.path
    assert small_demo.records == sum(f.rows for f in small_demo.files)
    assert 2000 <= small_demo.records <= 5000


def test_sizes_scale() -> None:
    assert resolve_size("medium") == ("medium", SIZES["medium"])
    assert resolve_size(1234) == ("1234", 1234)
    with pytest.raises(ValueError):
        resolve_size("huge")
    with pytest.raises(ValueError):
        resolve_size(10)


def test_requested_size_is_roughly_met(tmp_path: Path) -> None:
    manifest = generate(tmp_path / "n", size=10_000)
    assert 8_000 <= manifest.records <= 12_500


def test_columns_are_schema_properties_and_ids_unique(small_demo: Manifest) -> None:
    model = get_model()
    seen: dict[str, set[str]] = collections.defaultdict(set)
    for feed in small_demo.files:
        schema = model.get(feed.schema)
        assert schema is not None and not schema.abstract
        rows = list(read_rows(small_demo.path(feed)))
        for col in rows[0]:
            assert col == "id" or schema.get(col) is not None, (feed.path, col)
        for row in rows:
            assert row["id"], feed.path
            assert row["id"] not in seen[feed.agency], (feed.agency, row["id"])
            seen[feed.agency].add(row["id"])


def test_references_point_to_rows_of_the_same_agency(small_demo: Manifest) -> None:
    model = get_model()
    ids_by_agency: dict[str, dict[str, str]] = collections.defaultdict(dict)
    for feed in small_demo.files:
        for row in read_rows(small_demo.path(feed)):
            ids_by_agency[feed.agency][row["id"]] = feed.schema
    checked = 0
    for feed in small_demo.files:
        schema = model.get(feed.schema)
        assert schema is not None
        for row in read_rows(small_demo.path(feed)):
            for col, value in row.items():
                prop = schema.get(col) if col != "id" else None
                if not value or prop is None or prop.type.name != "entity":
                    continue
                target = ids_by_agency[feed.agency].get(value)
                assert target is not None, (feed.path, row["id"], col, value)
                target_schema = model.get(target)
                assert target_schema is not None and target_schema.is_a(prop.range), (feed.path, col, target)
                checked += 1
    assert checked > 1000


def test_files_are_ordered_by_dependency(small_demo: Manifest) -> None:
    rank = {(f.agency, f.schema): f.rank for f in small_demo.files}
    assert rank[("ATF", "FirearmTrace")] > rank[("ATF", "Firearm")]
    assert rank[("UIF", "Payment")] > rank[("UIF", "Company")]
    assert rank[("DOJ", "ExtraditionMilestone")] > rank[("DOJ", "ExtraditionCase")] > rank[("DOJ", "Person")]
    ranks = [f.rank for f in small_demo.files]
    assert ranks == sorted(ranks)


def test_mexican_identifiers_are_valid(small_demo: Manifest) -> None:
    curps = rfcs = clabes = 0
    for feed in small_demo.files:
        for row in read_rows(small_demo.path(feed)):
            if row.get("curp"):
                cleaned, error = curp_type.clean(row["curp"])
                assert error is None, (feed.path, row["curp"], error)
                decoded = curp_type.decode_curp(row["curp"])
                birth = row.get("birthDate", "")
                if feed.agency in ("FGR", "DOJ") and birth:
                    assert decoded["birth_date"] == birth, (row["curp"], birth)
                curps += 1
            if row.get("rfc"):
                assert rfc_type.clean(row["rfc"])[1] is None, (feed.path, row["rfc"])
                rfcs += 1
            if row.get("accountNumber"):
                assert clabe_is_valid(row["accountNumber"]), row["accountNumber"]
                clabes += 1
    assert curps > 100 and rfcs > 100 and clabes > 50


def test_every_value_passes_the_record_validators(small_demo: Manifest) -> None:
    for feed in small_demo.files:
        for n, row in enumerate(read_rows(small_demo.path(feed))):
            if n >= 50:
                break
            for col, value in row.items():
                if col == "id" or not value:
                    continue
                hint = row.get("country") or row.get("nationality")
                _cleaned, error = validate_value(feed.schema, col, value, hint)
                assert error is None, (feed.path, col, value, error)


def _truth(manifest: Manifest) -> dict[str, list[tuple[str, str]]]:
    clusters: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
    for row in read_rows(manifest.out_dir / manifest.ground_truth):
        if row["kind"] == "person":
            clusters[row["key"]].append((row["agency"], row["source_id"]))
    return clusters


def test_same_people_written_differently_across_agencies(small_demo: Manifest) -> None:
    persons: dict[tuple[str, str], dict[str, str]] = {}
    for feed in small_demo.files:
        if feed.schema == "Person":
            for row in read_rows(small_demo.path(feed)):
                persons[(feed.agency, row["id"])] = row
    clusters = _truth(small_demo)
    assert len(persons) == sum(len(v) for v in clusters.values())
    multi = [v for v in clusters.values() if len({a for a, _ in v}) >= 2]
    assert len(multi) >= 0.2 * len(clusters)
    differ = accents = maternal = nickname = alias = 0
    for mentions in multi:
        rows = [persons[m] for m in mentions]
        written = {r["name"] for r in rows}
        if len({w.casefold() for w in written}) > 1:
            differ += 1
        plain = {strip_accents(w).casefold() for w in written}
        if len(plain) < len({w.casefold() for w in written}):
            accents += 1
        lengths = {len(r["name"].split()) for r in rows}
        if len(lengths) > 1:
            maternal += 1
        firsts = {r.get("firstName", "").casefold() for r in rows} - {""}
        if firsts & {"lupe", "lupita", "chuy", "pepe", "paco", "pancho", "beto", "memo", "nacho", "lalo"}:
            nickname += 1
        if any(r.get("alias") for r in rows):
            alias += 1
    assert differ >= 0.6 * len(multi)
    assert accents > 10 and maternal > 10 and nickname >= 1 and alias > 5


def test_company_legal_forms_spelled_three_ways(small_demo: Manifest) -> None:
    names = [row["name"] for feed in small_demo.files if feed.schema == "Company"
             for row in read_rows(small_demo.path(feed))]
    for writing in ("S.A. de C.V.", "SA DE CV", "S.A. DE C.V."):
        assert any(n.endswith(writing) for n in names), writing


def test_real_places(small_demo: Manifest) -> None:
    feeds = {(f.agency, f.schema): f for f in small_demo.files}
    ports = {row["portOfEntry"] for row in read_rows(small_demo.path(feeds[("CBP", "Seizure")]))}
    assert ports <= {p.name for p in PORTS} and {"San Ysidro", "Nogales", "Laredo"} <= ports
    states = {row["recoveryState"] for row in read_rows(small_demo.path(feeds[("ATF", "FirearmTrace")]))}
    assert states <= {name for name, _c, _i in MX_STATES.values()} and "Sinaloa" in states
    dealers = {row["dealerState"] for row in read_rows(small_demo.path(feeds[("ATF", "FirearmTrace")]))}
    assert {"TX", "AZ", "CA"} <= dealers


def test_extradition_cases_have_ordered_milestones(small_demo: Manifest) -> None:
    feeds = {(f.agency, f.schema): f for f in small_demo.files}
    cases = {row["id"]: row for row in read_rows(small_demo.path(feeds[("DOJ", "ExtraditionCase")]))}
    steps: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
    for row in read_rows(small_demo.path(feeds[("DOJ", "ExtraditionMilestone")])):
        steps[row["case"]].append((row["date"], row["stage"]))
    assert set(steps) == set(cases) and len(cases) >= 5
    for case_id, milestones in steps.items():
        assert [d for d, _s in milestones] == sorted(d for d, _s in milestones)
        assert milestones[0][1] in ("request",)
        assert cases[case_id]["status"] == milestones[-1][1]


def test_phone_numbers_are_valid(small_demo: Manifest) -> None:
    from bicentennial.records.types.places import clean_phone

    phones = [row["phone"] for feed in small_demo.files if feed.schema == "Person"
              for row in read_rows(small_demo.path(feed)) if row.get("phone")]
    assert len(phones) > 100
    assert all(clean_phone(p)[1] is None for p in phones)


def test_planned_row_counts_are_met() -> None:
    """References are built from the planned counts, so a feed must write exactly that many rows."""
    scenario = Scenario(World(5, 800), GroundTruth(lambda row: None))
    for spec in FEEDS:
        planned = spec.rows(scenario)
        if planned:
            written = sum(1 for _ in spec.make(scenario, random.Random(0)))
            assert written == planned, spec.filename
