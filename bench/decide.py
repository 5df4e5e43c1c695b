"""Review-decision benchmark: applying a decision to its part of the scope, against re-clustering
the whole scope (what every decision did before), on the same decisions in the same run.

    .venv/bin/python bench/network.py --demo large --load-only   # the 1M-record demo store, once
    .venv/bin/python bench/decide.py                               # runs resolution first if needed

Uses the store `bench/network.py --demo large` loads (or `--db URL`). If the scope (the
agency, default FGR) has no finished resolution run, one runs first (about a minute at 1M
records) and is kept. Then for each of `--decisions` pairs of the review queue (by entity
id, so every run takes the same ones), alternately "same" and "different", in a transaction
that is rolled back, so the store is left as it was:

* ours: `pipeline.decide` (the judgement, then `apply_decision`: only the entities linked
  to the pair are re-clustered);
* baseline: `review.judge`, then `pipeline.recluster_all` (the whole scope).

Both must end with the same canonical id for every entity of the scope (checked on each
decision; the bench stops at the first that does not). Prints each side's median and p95,
and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np
from sqlalchemy import select

from bicentennial.access.principal import system_principal
from bicentennial.resolve import pipeline, review
from bicentennial.resolve.tables import resolve_pair, resolve_run
from bicentennial.store.db import make_engine
from bicentennial.store.migrate import migrate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default = Path(__file__).resolve().parent / "out" / "network-large.db"
    parser.add_argument("--db", default=f"sqlite:///{default}", help="database URL (default: the 1M demo store)")
    parser.add_argument("--agency", default="FGR")
    parser.add_argument("--country", default="mx")
    parser.add_argument("--decisions", type=int, default=20)
    args = parser.parse_args()
    engine = make_engine(args.db)
    migrate(engine)
    who = system_principal(args.agency, args.country)
    scope = review.scope_of(who)
    with engine.begin() as conn:
        done = conn.execute(select(resolve_run.c.kind).where(
            resolve_run.c.scope == scope, resolve_run.c.finished_at.is_not(None))).scalars().all()
    for kind in sorted(set(pipeline.KINDS) - set(done)):
        t = time.perf_counter()
        with engine.begin() as conn:
            summary = pipeline.run(conn, who, kind)
        print(f"resolution run ({kind}): {summary.entities:,} entities, {summary.pairs:,} pairs, "
              f"{summary.clusters:,} clusters, {time.perf_counter() - t:.1f} s", flush=True)
    th = pipeline.linkage.Thresholds()
    with engine.begin() as conn:
        pairs = conn.execute(select(resolve_pair.c.entity_a, resolve_pair.c.entity_b).where(
            resolve_pair.c.scope == scope, resolve_pair.c.match_probability >= th.review,
            resolve_pair.c.match_probability < th.auto_link)
            .order_by(resolve_pair.c.entity_a, resolve_pair.c.entity_b).limit(args.decisions)).all()
        entities = len(pipeline.canonical_ids(conn, who))
    print(f"scope {scope}: {entities:,} entities clustered; {len(pairs)} decisions from the review queue",
          flush=True)

    ours: list[float] = []
    whole: list[float] = []
    parts: list[int] = []
    for i, (a, b) in enumerate(pairs):
        decision = "same" if i % 2 == 0 else "different"
        with engine.connect() as conn:
            outer = conn.begin()
            t = time.perf_counter()
            judgement = review.judge(conn, who, a, b, decision, "bench")
            parts.append(pipeline.apply_decision(conn, who, judgement["entity_a"], judgement["entity_b"]))
            ours.append(time.perf_counter() - t)
            got = pipeline.canonical_ids(conn, who)
            outer.rollback()
        with engine.connect() as conn:
            outer = conn.begin()
            t = time.perf_counter()
            review.judge(conn, who, a, b, decision, "bench")
            pipeline.recluster_all(conn, who)
            whole.append(time.perf_counter() - t)
            want = pipeline.canonical_ids(conn, who)
            outer.rollback()
        if got != want:
            raise SystemExit(f"decision {i} ({a} {decision} {b}): the part's canonical ids differ from the whole's")
    print(f"every decision: the same canonical ids as re-clustering the whole scope; entities re-clustered per "
          f"decision: median {statistics.median(parts):,.0f}, max {max(parts):,} of {entities:,}")
    for name, times in (("ours (the decision's part)", ours), ("baseline (the whole scope)", whole)):
        print(f"{name:28s} median {statistics.median(times) * 1000:8.1f} ms   "
              f"p95 {float(np.percentile(times, 95)) * 1000:8.1f} ms")
    print(f"speed-up: median {statistics.median(whole) / statistics.median(ours):.1f}×, "
          f"p95 {float(np.percentile(whole, 95)) / float(np.percentile(ours, 95)):.1f}×")


if __name__ == "__main__":
    main()
