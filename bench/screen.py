"""Screening benchmark: the full OFAC SDN list, queries made from its own names, and
names that are not listed; beside a rapidfuzz token-set baseline measured in the same run.

    .venv/bin/python bench/screen.py [--per-kind 300] [--seed 7] [--baseline-limit 600]

Prints recall@1 per kind of query (alias as listed, given-name-first order, dropped second
surname, accents added, nickname, one typo), the false-positive rate on the yente validation
negatives and on U.S. Congress members (not sanctioned), p50/p95 latency (single thread)
and queries/s per core. recall@1 counts a hit when the listed entity is first; "tie-aware"
also counts it when it shares the top score with another entry (identical names on the list).
Targets (issue #3): recall@1 >= 0.98, p95 <= 20 ms, >= 200 queries/s per core.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from rapidfuzz import fuzz, process

from bicentennial.resolve.names import _nicknames, fold, parse_person_name
from bicentennial.screen.entity import ListedEntity
from bicentennial.screen.index import ScreeningIndex, make_query
from bicentennial.screen.logic import DEFAULT_THRESHOLD
from bicentennial.screen.ofac import load_sdn

SHARED = Path(os.environ.get("BICENTENNIAL_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
SDN_DIR = SHARED / "ofac-sdn"
BENCH = SHARED / "sanctions-screening-benchmark"
ACCENTS = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú", "n": "ñ"}


def given_first(entity: ListedEntity) -> str | None:
    name = entity.names[0]
    if "," not in name:
        return None
    surnames, _, given = name.partition(",")
    return f"{given.strip()} {surnames.strip()}"


def dropped_surname(entity: ListedEntity) -> str | None:
    parsed = parse_person_name(entity.names[0])
    if not parsed.maternal or not parsed.given:
        return None
    return f"{' '.join(parsed.given)} {parsed.paternal}"


def accented(entity: ListedEntity, rng: random.Random) -> str | None:
    name = given_first(entity) or entity.names[0]
    spots = [i for i, ch in enumerate(name.lower()) if ch in ACCENTS]
    if not spots:
        return None
    chars = list(name)
    for i in rng.sample(spots, min(2, len(spots))):
        chars[i] = ACCENTS[chars[i].lower()]
    return "".join(chars)


def nickname(entity: ListedEntity, rng: random.Random, by_canon: dict[str, list[str]]) -> str | None:
    parsed = parse_person_name(entity.names[0])
    if not parsed.given:
        return None
    first = fold(parsed.given[0].split()[0])
    nicks = [n for n in by_canon.get(first, []) if n != first]
    if not nicks:
        return None
    rest = " ".join([*parsed.given[0].split()[1:], *parsed.given[1:]])
    return " ".join(filter(None, [rng.choice(nicks), rest, parsed.paternal, parsed.maternal]))


def typo(entity: ListedEntity, rng: random.Random) -> str | None:
    name = given_first(entity) or entity.names[0]
    words = name.split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long_words:
        return None
    i = rng.choice(long_words)
    w = list(words[i])
    pos = rng.randrange(1, len(w) - 1)
    op = rng.choice(["sub", "swap", "del"])
    if op == "sub":
        w[pos] = rng.choice("abcdefghijklmnopqrstuvwxyz")
    elif op == "swap":
        w[pos], w[pos + 1] = w[pos + 1], w[pos]
    else:
        del w[pos]
    words[i] = "".join(w)
    return " ".join(words)


def alias(entity: ListedEntity, rng: random.Random) -> str | None:
    return rng.choice(entity.names[1:]) if len(entity.names) > 1 else None


def read_people(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-kind", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--baseline-limit", type=int, default=600, help="queries timed for the baseline")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--baseline-threshold", type=float, default=90.0)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    t0 = time.perf_counter()
    entities = load_sdn(SDN_DIR)
    index = ScreeningIndex.build(entities)
    print(f"index: {len(entities)} SDN entries, {len(index.name_entity)} names, built in "
          f"{time.perf_counter() - t0:.1f} s")

    by_canon: dict[str, list[str]] = defaultdict(list)
    for nick, canons in _nicknames().items():
        for canon in canons:
            by_canon[canon].append(nick)
    people = [e for e in entities if e.schema == "Person"]
    orgs = [e for e in entities if e.schema != "Person"]
    makers: dict[str, tuple[list[ListedEntity], Callable[[ListedEntity], str | None]]] = {
        "alias": (entities, lambda e: alias(e, rng)),
        "given_first": (people, given_first),
        "dropped_surname": (people, dropped_surname),
        "accents": (entities, lambda e: accented(e, rng)),
        "nickname": (people, lambda e: nickname(e, rng, by_canon)),
        "typo": (people + orgs, lambda e: typo(e, rng)),
    }
    queries: list[tuple[str, ListedEntity, str]] = []
    for kind, (pool, make) in makers.items():
        shuffled = pool[:]
        rng.shuffle(shuffled)
        made = 0
        for entity in shuffled:
            text = make(entity)
            if text and fold(text):
                queries.append((kind, entity, text))
                made += 1
                if made >= args.per_kind:
                    break

    # ours
    hits: dict[str, list[int]] = defaultdict(list)
    tie_hits: dict[str, list[int]] = defaultdict(list)
    latencies: list[float] = []
    cpu: list[float] = []
    for kind, entity, text in queries:
        query = make_query(text, schema="Person" if entity.schema == "Person" else "Thing")
        start, start_cpu = time.perf_counter(), time.process_time()
        results = index.search(query, limit=10)
        latencies.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        top = results[0] if results else None
        hits[kind].append(int(top is not None and top.entity.id == entity.id))
        tied = {r.entity.id for r in results if top is not None and r.score == top.score}
        tie_hits[kind].append(int(entity.id in tied))

    # baseline: rapidfuzz token_set_ratio over every folded name
    choices = [fold(n) for n in index_names(index)]
    owners = index.name_entity
    base_hits: dict[str, list[int]] = defaultdict(list)
    base_lat: list[float] = []
    base_cpu: list[float] = []
    for n, (kind, entity, text) in enumerate(queries):
        start, start_cpu = time.perf_counter(), time.process_time()
        best = process.extractOne(fold(text), choices, scorer=fuzz.token_set_ratio, processor=None)
        if n < args.baseline_limit:
            base_lat.append(time.perf_counter() - start)
            base_cpu.append(time.process_time() - start_cpu)
        base_hits[kind].append(int(best is not None and index.entities[owners[best[2]]].id == entity.id))

    print(f"\nrecall@1 on {len(queries)} queries from SDN names (per kind {args.per_kind}):")
    print(f"  {'kind':<16}{'n':>6}{'ours':>9}{'tie-aware':>11}{'baseline':>10}")
    for kind in makers:
        n = len(hits[kind])
        if n:
            print(f"  {kind:<16}{n:>6}{sum(hits[kind]) / n:>9.3f}{sum(tie_hits[kind]) / n:>11.3f}"
                  f"{sum(base_hits[kind]) / n:>10.3f}")
    all_hits = [h for v in hits.values() for h in v]
    all_ties = [h for v in tie_hits.values() for h in v]
    all_base = [h for v in base_hits.values() for h in v]
    print(f"  {'ALL':<16}{len(all_hits):>6}{sum(all_hits) / len(all_hits):>9.3f}"
          f"{sum(all_ties) / len(all_ties):>11.3f}{sum(all_base) / len(all_base):>10.3f}")

    print(f"\nfalse-positive rate (any result >= {args.threshold}; baseline >= {args.baseline_threshold:.0f}):")
    for label, file in [("negatives_us", "yente_validation_negatives_us.csv"),
                        ("negatives_global", "yente_validation_negatives_global.csv"),
                        ("us_congress (PEPs)", "yente_positives_us_congress_untreated.csv")]:
        rows = read_people(BENCH / file)
        fp_name = fp_full = fp_base = 0
        for row in rows:
            name = row["full_name"]
            full = make_query(name, dob=row.get("date_of_birth") or None, country=row.get("nationality") or None,
                              schema="Person")
            bare = make_query(name, schema="Person")
            start, start_cpu = time.perf_counter(), time.process_time()
            res_full = index.search(full, limit=1, threshold=args.threshold)
            latencies.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            fp_full += bool(res_full)
            fp_name += bool(index.search(bare, limit=1, threshold=args.threshold))
            best = process.extractOne(fold(name), choices, scorer=fuzz.token_set_ratio, processor=None,
                                      score_cutoff=args.baseline_threshold)
            fp_base += best is not None
        n = len(rows)
        print(f"  {label:<20} n={n:<5} ours name+dob+country {fp_full / n:.3f}  name only {fp_name / n:.3f}  "
              f"baseline {fp_base / n:.3f}")

    un = read_people(BENCH / "yente_positives_un_untreated.csv")
    found = sum(bool(index.search(make_query(r["full_name"], schema="Person"), limit=1,
                                  threshold=args.threshold)) for r in un)
    print(f"\nUN-listed persons with an SDN result >= {args.threshold}: {found}/{len(un)} = {found / len(un):.3f} "
          "(many, not all, UN designations are also on the SDN list)")

    def pct(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    for label, ours, base in [("wall clock", latencies, base_lat), ("CPU time of this process", cpu, base_cpu)]:
        print(f"\nlatency, one thread, {label}:")
        print(f"  ours     ({len(ours)} queries): p50 {pct(ours, 0.5):.2f} ms  p95 {pct(ours, 0.95):.2f} ms  "
              f"-> {1 / statistics.mean(ours):.0f} queries/s per core")
        print(f"  baseline ({len(base)} queries): p50 {pct(base, 0.5):.2f} ms  p95 {pct(base, 0.95):.2f} ms  "
              f"-> {1 / statistics.mean(base):.0f} queries/s per core")
        print(f"  speed ratio ours/baseline (queries/s): {statistics.mean(base) / statistics.mean(ours):.1f}x")
    print(f"\nload average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
          "(wall-clock numbers include waiting for a CPU on a shared machine)")
    return 0


def index_names(index: ScreeningIndex) -> list[str]:
    names: list[str] = []
    for entity in index.entities:
        names.extend([*entity.names, *entity.weak_aliases])
    return names


if __name__ == "__main__":
    sys.exit(main())
