"""`resolve run`: statements the caller may see → features → Splink → clusters → stored results.

Access rule (see docs/resolution.md): a run reads only `visible_table(principal)`
and stores its results under the principal's agency (the *scope*). Every user
of that agency sees the same statements, so every result, explanation and
export is computed only from what its reader may see. Another agency's
originator-level statements never enter the run.
"""

from __future__ import annotations

import json
import secrets
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from bicentennial.access.audit import AuditEvent, append
from bicentennial.access.policy import visibility_filter
from bicentennial.access.principal import Principal
from bicentennial.access.records import visible_table
from bicentennial.resolve import clusters, features, linkage, review
from bicentennial.resolve.tables import resolve_canonical, resolve_judgement, resolve_pair, resolve_run
from bicentennial.store.db import utcnow
from bicentennial.store.tables import statement

KINDS = {"person": features.PERSON_SCHEMATA, "organization": features.ORG_SCHEMATA}
Progress = Callable[[str, int, int], None]  # (step, done, total)
STEPS = ("read", "features", "training", "scoring", "explaining", "clustering", "storing")


@dataclass
class RunSummary:
    run_id: str
    scope: str
    kind: str
    entities: int
    pairs: int
    auto_links: int
    review: int
    clusters: int
    merged: int  # clusters with more than one entity


def organization_model() -> dict[str, Any]:
    """The organisation model: m-probabilities set by hand (documented expert priors: no
    labelled organisation data ship with us); u and the prior are estimated on each run."""
    model = linkage.settings(linkage.organization_spec())
    m_values = {
        "org_name": [0.55, 0.15, 0.1, 0.1, 0.05, 0.05],
        "legal_form": [0.9, 0.1],
        "identifier": [0.9, 0.04, 0.06],
        "phone": [0.8, 0.2],
        "address": [0.6, 0.15, 0.25],
        "country": [0.95, 0.05],
    }
    for comp in model["comparisons"]:
        levels = [lvl for lvl in comp["comparison_levels"] if not lvl.get("is_null_level")]
        for lvl, m in zip(levels, m_values[comp["output_column_name"]], strict=True):
            lvl["m_probability"] = m
    return model


def _model(kind: str) -> dict[str, Any] | None:
    return linkage.shipped_model("person") if kind == "person" else organization_model()


def _spec(kind: str) -> linkage.ModelSpec:
    return linkage.person_spec() if kind == "person" else linkage.organization_spec()


def run(conn: Connection, principal: Principal, kind: str = "person",
        thresholds: linkage.Thresholds | None = None, progress: Progress | None = None) -> RunSummary:
    """Resolve the `kind` entities (person | organization) that `principal` may see."""
    scope = review.scope_of(principal)
    if kind not in KINDS:
        raise review.ReviewError("Unknown kind {kind}: use person or organization.", kind=kind)
    th = thresholds or linkage.Thresholds()
    say = progress or (lambda _s, _d, _t: None)
    run_id = secrets.token_hex(8)
    started = utcnow()
    conn.execute(insert(resolve_run).values(
        id=run_id, scope=scope, actor=principal.name, kind=kind, started_at=started, entities=0, pairs=0,
        clusters=0, params=json.dumps(asdict(th))))

    say("read", 0, len(STEPS))
    statements = visible_table(conn, principal, purpose="resolve", schemata=KINDS[kind])
    entities = features.entities_from_statements(statements, KINDS[kind])
    say("features", 1, len(STEPS))
    table = features.feature_table(((eid, props) for eid, _schema, props in entities), kind)
    ids = [eid for eid, _s, _p in entities]

    def step(message: str) -> None:
        say(message, STEPS.index(message), len(STEPS))

    if len(ids) >= 2:
        result = linkage.link(table, _spec(kind), threshold=th.review, model=_model(kind), progress=step)
        pairs = result.pairs
    else:
        import pandas as pd

        pairs = pd.DataFrame(columns=["unique_id_l", "unique_id_r", "match_weight", "match_probability",
                                      "explanation"])
    say("clustering", STEPS.index("clustering"), len(STEPS))
    births = {eid: min(props["birthDate"]) for eid, _s, props in entities if props.get("birthDate")}
    summary = _store(conn, scope, kind, run_id, ids, pairs, th, births)
    conn.execute(update(resolve_run).where(resolve_run.c.id == run_id).values(
        finished_at=utcnow(), entities=summary.entities, pairs=summary.pairs, clusters=summary.clusters))
    append(conn, AuditEvent.by(principal, "write", f"resolve:run:{run_id}", kind=kind,
                               entities=summary.entities, pairs=summary.pairs, clusters=summary.clusters))
    say("storing", len(STEPS), len(STEPS))
    return summary


def _store(conn: Connection, scope: str, kind: str, run_id: str, ids: list[str], pairs: Any,
           th: linkage.Thresholds, birth_dates: dict[str, str] | None = None) -> RunSummary:
    rows = []
    for a, b, w, p, ex in zip(pairs["unique_id_l"], pairs["unique_id_r"], pairs["match_weight"],
                              pairs["match_probability"], pairs["explanation"], strict=True):
        lo, hi = (a, b) if a < b else (b, a)
        rows.append({"scope": scope, "entity_a": lo, "entity_b": hi, "kind": kind, "match_weight": float(w),
                     "match_probability": float(p), "explanation": json.dumps(ex, sort_keys=True),
                     "run_id": run_id})
    conn.execute(delete(resolve_pair).where(resolve_pair.c.scope == scope, resolve_pair.c.kind == kind))
    for i in range(0, len(rows), 5000):
        conn.execute(insert(resolve_pair), rows[i:i + 5000])
    return recluster(conn, scope, kind, run_id, ids, th, n_pairs=len(rows), birth_dates=birth_dates)


def recluster(conn: Connection, scope: str, kind: str, run_id: str, ids: list[str] | None = None,
              thresholds: linkage.Thresholds | None = None, n_pairs: int | None = None,
              birth_dates: dict[str, str] | None = None) -> RunSummary:
    """Clusters and canonical ids from the stored pairs and the active judgements (cheap: no scoring).
    Called after each run and after each review decision. With `birth_dates`, a model link never
    chains two groups whose known birth years conflict (see `clusters.cluster`)."""
    th = thresholds or linkage.Thresholds()
    previous = {r.entity_id: r.canonical_id for r in conn.execute(
        select(resolve_canonical.c.entity_id, resolve_canonical.c.canonical_id)
        .where(resolve_canonical.c.scope == scope))}
    if ids is None:
        ids = [r.entity_id for r in conn.execute(
            select(resolve_canonical.c.entity_id)
            .where(resolve_canonical.c.scope == scope, resolve_canonical.c.kind == kind))]
    stored = conn.execute(
        select(resolve_pair.c.entity_a, resolve_pair.c.entity_b, resolve_pair.c.match_probability)
        .where(resolve_pair.c.scope == scope, resolve_pair.c.kind == kind)).all()
    edges = [(r.entity_a, r.entity_b, r.match_probability) for r in stored if r.match_probability >= th.auto_link]
    same, different = review.active(conn, scope)
    groups = clusters.cluster(ids, edges, same, different, birth_dates=birth_dates)
    canonical = clusters.assign_canonical_ids(groups, previous)
    conn.execute(delete(resolve_canonical).where(resolve_canonical.c.scope == scope,
                                                 resolve_canonical.c.kind == kind))
    rows = [{"scope": scope, "entity_id": e, "canonical_id": c, "kind": kind, "run_id": run_id}
            for e, c in sorted(canonical.items())]
    for i in range(0, len(rows), 5000):
        conn.execute(insert(resolve_canonical), rows[i:i + 5000])
    n_review = sum(1 for r in stored if th.review <= r.match_probability < th.auto_link)
    return RunSummary(run_id=run_id, scope=scope, kind=kind, entities=len(ids),
                      pairs=len(stored) if n_pairs is None else n_pairs, auto_links=len(edges), review=n_review,
                      clusters=len(groups), merged=sum(1 for m in groups.values() if len(m) > 1))


def _birth_dates(conn: Connection, principal: Principal, ids: Collection[str] | None = None) -> dict[str, str]:
    """Visible birth dates (entity id → its earliest), for the clustering constraint; of `ids` only
    when given (a decision's part of the scope), else of every person the caller may see."""
    if ids is None:
        table = visible_table(conn, principal, purpose="resolve", schemata=KINDS["person"], props=["birthDate"],
                              columns=("entity_id", "value"))
        found: Iterable[tuple[str, str]] = zip(table.column("entity_id").to_pylist(),
                                               table.column("value").to_pylist(), strict=True)
    else:
        rows: list[tuple[str, str]] = []
        for chunk in _chunks(sorted(ids)):
            rows += conn.execute(select(statement.c.entity_id, statement.c.value).where(
                visibility_filter(principal), statement.c.schema.in_(KINDS["person"]),
                statement.c.prop == "birthDate", statement.c.entity_id.in_(chunk))).all()
        append(conn, AuditEvent.by(principal, "read", "bulk:resolve", statements=len(rows), entities=len(ids)))
        found = rows
    births: dict[str, str] = {}
    for eid, value in found:
        if eid not in births or value < births[eid]:
            births[eid] = value
    return births


def _chunks(values: list[str], size: int = 500) -> Iterator[list[str]]:
    for i in range(0, len(values), size):
        yield values[i:i + size]


def _thresholds(conn: Connection, scope: str, kind: str) -> linkage.Thresholds:
    """The thresholds of the scope's last finished run of `kind`: a decision re-clusters with
    the auto-link threshold the clusters were made with, not the default."""
    row = conn.execute(select(resolve_run.c.params).where(
        resolve_run.c.scope == scope, resolve_run.c.kind == kind, resolve_run.c.finished_at.is_not(None))
        .order_by(resolve_run.c.finished_at.desc()).limit(1)).first()
    if row is None:
        return linkage.Thresholds()
    params = json.loads(row.params)
    return linkage.Thresholds(**{f.name: params[f.name] for f in fields(linkage.Thresholds) if f.name in params})


def recluster_all(conn: Connection, principal: Principal) -> None:
    """Re-cluster the whole scope from its stored pairs and judgements (no scoring). A
    decision re-clusters only its own part (`apply_decision`); this is the reference."""
    scope = review.scope_of(principal)
    births = _birth_dates(conn, principal)
    for kind in KINDS:
        recluster(conn, scope, kind, run_id="review", thresholds=_thresholds(conn, scope, kind),
                  birth_dates=births)


def _in_run(conn: Connection, scope: str, kind: str, ids: Collection[str]) -> set[str]:
    """Those of `ids` that the scope's last run of `kind` clustered."""
    found: set[str] = set()
    for chunk in _chunks(sorted(ids)):
        found.update(conn.scalars(select(resolve_canonical.c.entity_id).where(
            resolve_canonical.c.scope == scope, resolve_canonical.c.kind == kind,
            resolve_canonical.c.entity_id.in_(chunk))).all())
    return found


def _linked(conn: Connection, scope: str, kind: str, seeds: Collection[str], auto_link: float,
            same: list[tuple[str, str]]) -> tuple[set[str], list[tuple[str, str, float]]]:
    """Every entity of the run that auto-links and "same" judgements join to `seeds`, and the
    auto-links among them: clusters never reach beyond it, so it is all that a decision on
    the seeds can change."""
    joined: dict[str, list[str]] = defaultdict(list)
    for a, b in same:
        joined[a].append(b)
        joined[b].append(a)
    pair = resolve_pair.c
    members: set[str] = set()
    edges: dict[tuple[str, str], float] = {}
    frontier = _in_run(conn, scope, kind, seeds)
    while frontier:
        members |= frontier
        reached: set[str] = set()
        for chunk in _chunks(sorted(frontier)):
            for end in (pair.entity_a, pair.entity_b):
                # the threshold is applied here, not in SQL: on a store without statistics
                # SQLite would take the probability index and scan every link of the scope
                for a, b, p in conn.execute(select(pair.entity_a, pair.entity_b, pair.match_probability).where(
                        pair.scope == scope, end.in_(chunk), pair.kind == kind)).all():
                    if p >= auto_link:
                        edges[(a, b)] = p
                        reached.update((a, b))
        for e in frontier:
            reached.update(joined.get(e, ()))
        frontier = _in_run(conn, scope, kind, reached - members)
    return members, [(a, b, p) for (a, b), p in edges.items() if a in members and b in members]


def apply_decision(conn: Connection, principal: Principal, entity_a: str, entity_b: str) -> int:
    """Apply a decision on (a, b), or its reversal, to the clusters at once: only the entities
    linked to a or b are re-clustered (the same clusters and canonical ids as re-clustering
    the whole scope, which at a million records took 5 s a decision). Entities the last run
    did not see wait for the next run. Returns how many entities were re-clustered."""
    scope = review.scope_of(principal)
    canon = resolve_canonical.c
    kinds = dict(conn.execute(select(canon.entity_id, canon.kind).where(
        canon.scope == scope, canon.entity_id.in_([entity_a, entity_b]))).all())
    same, different = review.active(conn, scope)
    done = 0
    for kind in sorted(set(kinds.values())):
        th = _thresholds(conn, scope, kind)
        members, edges = _linked(conn, scope, kind, [e for e, k in kinds.items() if k == kind], th.auto_link,
                                 same)
        groups = clusters.cluster(members, edges, same, different,
                                  birth_dates=_birth_dates(conn, principal, members))
        ordered = sorted(members)
        previous: dict[str, str] = {}
        for chunk in _chunks(ordered):
            previous.update(conn.execute(select(canon.entity_id, canon.canonical_id).where(
                canon.scope == scope, canon.entity_id.in_(chunk))).all())
        # the ids this part could keep or mint that an entity outside it holds
        wanted = set(previous.values()) | {clusters.new_canonical_id(e) for e in members}
        others: set[str] = set()
        for chunk in _chunks(sorted(wanted)):
            others.update(c for e, c in conn.execute(select(canon.entity_id, canon.canonical_id).where(
                canon.scope == scope, canon.canonical_id.in_(chunk))).all() if e not in members)
        canonical = clusters.assign_canonical_ids(groups, previous, others)
        for chunk in _chunks(ordered):
            conn.execute(delete(resolve_canonical).where(canon.scope == scope, canon.entity_id.in_(chunk)))
        rows = [{"scope": scope, "entity_id": e, "canonical_id": canonical[e], "kind": kind, "run_id": "review"}
                for e in ordered]
        for i in range(0, len(rows), 5000):
            conn.execute(insert(resolve_canonical), rows[i:i + 5000])
        done += len(members)
    return done


def resolution_version(conn: Connection, principal: Principal) -> str:
    """A value that changes whenever the scope's canonical ids may have: a run finished, a
    decision recorded or reversed (the only writers of `resolve_canonical`). Cheap, where
    reading the ids is not (69,009 of them at a million records)."""
    scope = review.scope_of(principal)
    run = conn.execute(select(func.max(resolve_run.c.finished_at)).where(resolve_run.c.scope == scope)).scalar()
    judged = conn.execute(select(func.max(resolve_judgement.c.id), func.count(resolve_judgement.c.deleted_at))
                          .where(resolve_judgement.c.scope == scope)).one()
    return f"{run}|{judged[0]}|{judged[1]}"


def canonical_ids(conn: Connection, principal: Principal) -> dict[str, str]:
    """entity id → canonical id in the caller's scope."""
    scope = review.scope_of(principal)
    return {r.entity_id: r.canonical_id for r in conn.execute(
        select(resolve_canonical.c.entity_id, resolve_canonical.c.canonical_id)
        .where(resolve_canonical.c.scope == scope))}


def explain_pair(conn: Connection, principal: Principal, entity_a: str, entity_b: str) -> dict[str, Any] | None:
    """The stored score and per-comparison explanation of a pair in the caller's scope."""
    scope = review.scope_of(principal)
    a, b = (entity_a, entity_b) if entity_a < entity_b else (entity_b, entity_a)
    row = conn.execute(select(resolve_pair).where(
        resolve_pair.c.scope == scope, resolve_pair.c.entity_a == a, resolve_pair.c.entity_b == b)).first()
    append(conn, AuditEvent.by(principal, "read", f"resolve:{a}|{b}"))
    if row is None:
        return None
    return {"entity_a": a, "entity_b": b, "kind": row.kind, "match_weight": row.match_weight,
            "match_probability": row.match_probability, "explanation": json.loads(row.explanation)}


def cluster_of(conn: Connection, principal: Principal, entity_id: str) -> dict[str, Any] | None:
    """The canonical id and members of the cluster holding `entity_id` in the caller's scope."""
    scope = review.scope_of(principal)
    row = conn.execute(select(resolve_canonical.c.canonical_id).where(
        resolve_canonical.c.scope == scope, resolve_canonical.c.entity_id == entity_id)).first()
    append(conn, AuditEvent.by(principal, "read", f"resolve:cluster:{entity_id}"))
    if row is None:
        return None
    members = [r.entity_id for r in conn.execute(select(resolve_canonical.c.entity_id).where(
        resolve_canonical.c.scope == scope, resolve_canonical.c.canonical_id == row.canonical_id)
        .order_by(resolve_canonical.c.entity_id))]
    return {"canonical_id": row.canonical_id, "members": members}


def decide(conn: Connection, principal: Principal, entity_a: str, entity_b: str, decision: str,
           reason: str) -> dict[str, Any]:
    """Record a review decision and apply it to the clusters at once (no rescoring)."""
    judgement = review.judge(conn, principal, entity_a, entity_b, decision, reason)
    apply_decision(conn, principal, judgement["entity_a"], judgement["entity_b"])
    return judgement


def undo(conn: Connection, principal: Principal, judgement_id: int, reason: str = "") -> None:
    """Reverse a decision and apply the reversal to the clusters at once."""
    pair = review.revoke(conn, principal, judgement_id, reason)
    apply_decision(conn, principal, *pair)
