"""Clusters from scored pairs and human judgements, with canonical ids that survive reruns.

Clustering: a union-find over edges taken strongest first — every "same"
judgement, then model pairs at or above the auto-link threshold by descending
probability. An edge is skipped when it would put two entities that a reviewer
judged "different" into one cluster, so a judgement overrides the model on
every rerun, even against transitive links (A~B, B~C with A≠C keeps the
weaker of the two links out).

Canonical ids (rule, stable across reruns):
1. a new cluster keeps the canonical id that most of its members had in the
   previous run (ties: the smaller id), unless a larger cluster claims the
   same id first (the id follows the bigger part of a split);
2. otherwise it gets ``bic-`` + the first 16 hex digits of SHA-1 of its
   smallest member entity id (or, if that is taken, of the next member).
So a cluster that only grows keeps its id; reruns on the same data give the
same ids; ids depend only on member ids the run could see.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.cannot: dict[str, set[str]] = {}  # root → roots it must never join

    def find(self, x: str) -> str:
        parent = self.parent
        if x not in parent:
            parent[x] = x
            return x
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def forbid(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        self.cannot.setdefault(ra, set()).add(rb)
        self.cannot.setdefault(rb, set()).add(ra)

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        ca, cb = self.cannot.get(ra, set()), self.cannot.get(rb, set())
        if rb in ca or ra in cb:
            return False
        if len(ca) < len(cb):
            ra, rb, ca, cb = rb, ra, cb, ca
        self.parent[rb] = ra
        if cb:
            merged = self.cannot.setdefault(ra, set())
            for other in cb:
                merged.add(other)
                theirs = self.cannot.setdefault(other, set())
                theirs.discard(rb)
                theirs.add(ra)
            del self.cannot[rb]
        return True


def cluster(
    entity_ids: Iterable[str],
    edges: Iterable[tuple[str, str, float]],
    same: Iterable[tuple[str, str]] = (),
    different: Iterable[tuple[str, str]] = (),
    birth_dates: dict[str, str] | None = None,
) -> dict[str, list[str]]:
    """Clusters (smallest member id → sorted members) of `entity_ids`.

    `edges` are model links (a, b, probability) already above the auto-link
    threshold; `same`/`different` are active judgements. Entities not in
    `entity_ids` are ignored (a judgement on an entity the run cannot see).
    With `birth_dates` (entity id → ISO date), a model edge is skipped when the two
    clusters it would join have known birth years and none of them lie within one year
    of each other: a record without a date must not chain two people whose dates
    conflict. Judgements are never skipped for that.
    """
    ids = set(entity_ids)
    uf = _UnionFind()
    for e in ids:
        uf.find(e)
    for a, b in different:
        if a in ids and b in ids:
            uf.forbid(a, b)
    for a, b in same:
        if a in ids and b in ids:
            uf.union(a, b)  # a "same" that contradicts a "different" chain is left out
    years: dict[str, set[int]] = {}
    if birth_dates:
        for e in ids:
            y = _year(birth_dates.get(e))
            if y is not None:
                years.setdefault(uf.find(e), set()).add(y)
    for a, b, _p in sorted(edges, key=lambda e: (-e[2], e[0], e[1])):
        if a in ids and b in ids:
            if years:
                ra, rb = uf.find(a), uf.find(b)
                ya, yb = years.get(ra), years.get(rb)
                if ra != rb and ya and yb and not any(abs(x - y) <= 1 for x in ya for y in yb):
                    continue
                if uf.union(a, b) and ra != rb:
                    merged = (ya or set()) | (yb or set())
                    years.pop(ra, None)
                    years.pop(rb, None)
                    if merged:
                        years[uf.find(a)] = merged
            else:
                uf.union(a, b)
    groups: dict[str, list[str]] = defaultdict(list)
    for e in ids:
        groups[uf.find(e)].append(e)
    return {min(m): sorted(m) for m in groups.values()}


def _year(date: str | None) -> int | None:
    if not date or len(date) < 4 or not date[:4].isdigit():
        return None
    return int(date[:4])


def new_canonical_id(member: str) -> str:
    return "bic-" + hashlib.sha1(member.encode("utf-8")).hexdigest()[:16]


def assign_canonical_ids(clusters: dict[str, list[str]], previous: dict[str, str],
                         others: Iterable[str] = ()) -> dict[str, str]:
    """entity id → canonical id following the module's rule; `previous` is the last run's mapping.
    `others`: ids held by entities outside `clusters` (when only part of a scope is
    re-clustered), which are neither claimed nor minted again."""
    others = set(others)
    claims: list[tuple[int, str, str]] = []  # (-votes, canonical, cluster key)
    for key, members in clusters.items():
        votes = Counter(previous[m] for m in members if m in previous)
        for canonical, n in votes.items():
            claims.append((-n, canonical, key))
    taken: set[str] = set(others)
    chosen: dict[str, str] = {}
    # bigger share first, then larger cluster, then smaller id: deterministic
    for _neg, canonical, key in sorted(claims, key=lambda c: (c[0], -len(clusters[c[2]]), c[1], c[2])):
        if key in chosen or canonical in taken:
            continue
        chosen[key] = canonical
        taken.add(canonical)
    taken.update(previous.values())  # never reuse an id another cluster had
    out: dict[str, str] = {}
    for key in sorted(clusters):
        members = clusters[key]
        found = chosen.get(key)
        if found is None:
            for m in members:
                candidate = new_canonical_id(m)
                if candidate not in taken:
                    found = candidate
                    break
            if found is None:  # every member hash taken (merges of old ids): salt deterministically
                found = new_canonical_id(members[0] + "#" + str(len(members)))
            taken.add(found)
        for m in members:
            out[m] = found
    return out
