"""A review decision re-clusters only the entities linked to its pair, and ends with exactly the
clusters and canonical ids that re-clustering the whole scope gives.

Two agencies see the same people and hold the same scored pairs; each decision (and each
reversal) goes to both: to one through `pipeline.decide` / `undo`, which re-cluster the
decision's part of the scope, to the other through `review.judge` / `revoke` and then
`recluster_all`, the whole scope. Their canonical ids must stay equal, id for id."""

from __future__ import annotations

import hashlib
import json
import random

from sqlalchemy import Connection, Engine, insert, select

from bicentennial.access.principal import Principal
from bicentennial.access.records import fold
from bicentennial.resolve import linkage, pipeline, review
from bicentennial.resolve.tables import resolve_canonical, resolve_judgement, resolve_pair, resolve_run
from bicentennial.store.writer import insert_statements

PART = Principal("ana", "CBP", "us", frozenset({"analyst"}))  # decisions applied to their part
WHOLE = Principal("ben", "ATF", "us", frozenset({"analyst"}))  # the whole scope re-clustered
AUTO_LINK = 0.8  # the runs' own threshold, not the default 0.9
PEOPLE = 48
NOW = "2026-01-01T00:00:00.000000Z"


def _stmt(entity: str, prop: str, value: str) -> dict[str, object]:
    return {"id": hashlib.sha1(f"{entity}{prop}{value}".encode()).hexdigest(), "entity_id": entity,
            "schema": "Person", "prop": prop, "value": value, "original_value": None, "search_text": fold(value),
            "agency": "DEA", "country": "us", "sharing": "binational", "batch_id": "b", "source_row": 1,
            "source_key": None, "first_seen": NOW, "last_seen": NOW}


def _load(engine: Engine, rng: random.Random) -> list[str]:
    ids = [f"p{i:02d}" for i in range(PEOPLE)]
    rows = []
    for eid in ids:
        rows.append(_stmt(eid, "name", f"Persona {eid}"))
        if rng.random() < 0.5:  # birth years far apart, so that dates keep some chains apart
            rows.append(_stmt(eid, "birthDate", f"{rng.choice((1960, 1970, 1980))}-01-0{rng.randint(1, 9)}"))
    pairs = {tuple(sorted(rng.sample(ids, 2))) for _ in range(70)}
    scored = [(a, b, round(rng.uniform(0.5, 1.0), 3)) for a, b in sorted(pairs)]
    with engine.begin() as conn:
        insert_statements(conn, rows)
        for who in (PART, WHOLE):
            scope = review.scope_of(who)
            conn.execute(insert(resolve_run).values(
                id=f"run-{scope}", scope=scope, actor=who.name, kind="person", started_at=NOW, finished_at=NOW,
                entities=len(ids), pairs=len(scored), clusters=0,
                params=json.dumps({"auto_link": AUTO_LINK, "review": 0.5})))
            conn.execute(insert(resolve_pair), [
                {"scope": scope, "entity_a": a, "entity_b": b, "kind": "person", "match_weight": 1.0,
                 "match_probability": p, "explanation": "{}", "run_id": f"run-{scope}"} for a, b, p in scored])
            births = {r["entity_id"]: r["value"] for r in rows if r["prop"] == "birthDate"}
            pipeline.recluster(conn, scope, "person", f"run-{scope}", ids,
                               linkage.Thresholds(auto_link=AUTO_LINK), birth_dates=births)
    return ids


def _canonical(engine: Engine, who: Principal) -> dict[str, str]:
    with engine.connect() as conn:
        return pipeline.canonical_ids(conn, who)


def _clusters(canonical: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for entity, cid in canonical.items():
        groups.setdefault(cid, set()).add(entity)
    return {frozenset(g) for g in groups.values()}


def test_a_decision_reclusters_its_part_as_the_whole_scope_would(engine: Engine) -> None:
    rng = random.Random(507)  # its 60 steps include an id held outside a decision's part
    ids = _load(engine, rng)
    assert _canonical(engine, PART) == _canonical(engine, WHOLE)
    assert len(_clusters(_canonical(engine, PART))) < PEOPLE  # the 0.8 links merged some
    active: list[tuple[int, int]] = []  # (PART's judgement id, WHOLE's)
    parts: list[int] = []
    changed = 0
    for step in range(60):
        before = _canonical(engine, PART)
        with engine.begin() as conn:
            if active and rng.random() < 0.2:
                mine, theirs = active.pop(rng.randrange(len(active)))
                pipeline.undo(conn, PART, mine, "reversed")
                review.revoke(conn, WHOLE, theirs, "reversed")
            else:
                a, b = rng.sample(ids, 2)
                decision = rng.choice(("same", "same", "different", "different", "unsure"))
                mine_j = review.judge(conn, PART, a, b, decision, "test")
                parts.append(pipeline.apply_decision(conn, PART, a, b))
                theirs_j = review.judge(conn, WHOLE, a, b, decision, "test")
                # a new judgement on a pair replaces the one before
                active = [(m, t) for m, t in active if _pair(conn, m) != (mine_j["entity_a"], mine_j["entity_b"])]
                active.append((mine_j["id"], theirs_j["id"]))
            pipeline.recluster_all(conn, WHOLE)
        after = _canonical(engine, PART)
        assert after == _canonical(engine, WHOLE), f"step {step}: the part differs from the whole"
        changed += after != before
    assert changed >= 10  # the decisions did change clusters
    assert min(parts) < PEOPLE / 4 and max(parts) <= PEOPLE  # most decisions touched a small part


def _pair(conn: Connection, judgement_id: int) -> tuple[str, str]:
    row = conn.execute(select(resolve_judgement.c.entity_a, resolve_judgement.c.entity_b).where(
        resolve_judgement.c.id == judgement_id)).one()
    return row.entity_a, row.entity_b


def test_a_decision_uses_the_runs_threshold_and_leaves_other_rows_alone(engine: Engine) -> None:
    rng = random.Random(11)
    ids = _load(engine, rng)
    with engine.connect() as conn:
        runs_before = {r.entity_id: r.run_id for r in conn.execute(
            select(resolve_canonical).where(resolve_canonical.c.scope == review.scope_of(PART)))}
        weak = conn.execute(select(resolve_pair.c.entity_a, resolve_pair.c.entity_b).where(
            resolve_pair.c.scope == review.scope_of(PART), resolve_pair.c.match_probability >= AUTO_LINK,
            resolve_pair.c.match_probability < 0.9)).first()
    assert weak is not None
    canon = _canonical(engine, PART)
    assert canon[weak.entity_a] == canon[weak.entity_b]  # linked at the run's 0.8
    a, b = sorted(set(ids) - {weak.entity_a, weak.entity_b})[:2]
    with engine.begin() as conn:
        pipeline.decide(conn, PART, a, b, "unsure", "no change")
    after = _canonical(engine, PART)
    assert after[weak.entity_a] == after[weak.entity_b]  # still linked: not re-clustered at 0.9
    with engine.connect() as conn:
        runs_after = {r.entity_id: r.run_id for r in conn.execute(
            select(resolve_canonical).where(resolve_canonical.c.scope == review.scope_of(PART)))}
    rewritten = {e for e, run in runs_after.items() if run == "review"}
    assert {a, b} <= rewritten and len(rewritten) < len(ids)
    assert all(runs_after[e] == runs_before[e] for e in set(ids) - rewritten)
