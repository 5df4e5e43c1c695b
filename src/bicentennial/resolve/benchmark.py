"""A bilingual (Mexican / U.S.) person-linkage benchmark with ground truth, and its metrics.

`generate(n_records, seed)` draws people from realistic name distributions
(`data/benchmark_names.yaml`: Mexican given names and double surnames, U.S.
first/middle/last names, with frequencies) and writes each person one to
several times, as different agencies would: surnames in the other order, the
maternal surname dropped or hyphenated, accents lost, a nickname (Lupe for
Guadalupe, Bill for William), one of two given names only, typing errors, an
alias, a mistyped or missing date of birth, identifiers present in few records.
It also creates siblings (same surnames and address, different given name and
birth date), the hard negatives of real data. Same seed, same records.

Each record is a dict of FtM Person properties (lists of strings) plus `id`,
`cluster` (the true person) and `hispanic` (the group the fairness check uses).
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml
from normality import ascii_text

DATA = Path(__file__).parent / "data" / "benchmark_names.yaml"

Record = dict[str, Any]


@lru_cache(maxsize=1)
def _names() -> dict[str, Any]:
    with DATA.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


class _Weighted:
    """Draw from a {value: weight} table with cumulative weights (fast for millions of draws)."""

    def __init__(self, table: dict[str, float]):
        self.values = list(table)
        self.cum = list(itertools.accumulate(float(w) for w in table.values()))

    def __call__(self, rng: random.Random) -> str:
        return self.values[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]


@dataclass
class _Person:
    cluster: str
    hispanic: bool
    given: list[str]
    surnames: list[str]  # Hispanic: [paternal, maternal]; others: [last]
    birth_date: str
    gender: str
    nationality: str
    city: str
    street: str
    id_number: str | None
    phone: str | None
    alias: str | None


_KEYBOARD = "qwertyuiopasdfghjklzxcvbnm"


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.random()
    if kind < 0.3:
        return text[:i] + text[i + 1:]
    if kind < 0.55:
        return text[:i] + rng.choice(_KEYBOARD) + text[i + 1:]
    if kind < 0.8:
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    return text[:i] + text[i] + text[i:]


def _strip_accents(text: str) -> str:
    return ascii_text(text) or text


def _curp(rng: random.Random, given: list[str], surnames: list[str], birth: str, gender: str) -> str:
    """A CURP-shaped identifier (18 characters) derived like the real one, check digit random."""
    s1 = _strip_accents(surnames[0]).upper().replace(" ", "")
    s2 = _strip_accents(surnames[1]).upper() if len(surnames) > 1 else "X"
    g = _strip_accents(given[-1] if given[0] in ("María", "José") and len(given) > 1 else given[0]).upper()
    vowel = next((c for c in s1[1:] if c in "AEIOU"), "X")
    head = f"{s1[0]}{vowel}{s2[0]}{g[0]}{birth[2:4]}{birth[5:7]}{birth[8:10]}{'H' if gender == 'm' else 'M'}"
    state = rng.choice(["DF", "JC", "NL", "BC", "CH", "SL", "SO", "PL", "GT", "MC"])
    cons = "".join(next((c for c in x[1:] if c.isalpha() and c not in "AEIOU"), "X") for x in (s1, s2, g))
    return head + state + cons + rng.choice("0123456789") + rng.choice("0123456789")


def _person(rng: random.Random, cluster: str, hispanic: bool) -> _Person:
    names = _names()
    male = rng.random() < 0.5
    if hispanic:
        pick_given = _weighted("mx_given_male" if male else "mx_given_female")
        given = [pick_given(rng)]
        if rng.random() < 0.45:
            second = pick_given(rng)
            if second != given[0]:
                given.append(second)
        surnames = [_weighted("mx_surnames")(rng), _weighted("mx_surnames")(rng)]
        nationality = "mx" if rng.random() < 0.8 else "us"
    else:
        pick_given = _weighted("us_given_male" if male else "us_given_female")
        given = [pick_given(rng)]
        if rng.random() < 0.5:
            second = pick_given(rng)
            if second != given[0]:
                given.append(second)
        surnames = [_weighted("us_surnames")(rng)]
        nationality = "us"
    year = rng.randrange(1950, 2006)
    birth = f"{year:04d}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
    gender = "m" if male else "f"
    city = rng.choice(names["mx_cities"] if nationality == "mx" else names["us_cities"])
    street = f"{rng.choice(['Calle', 'Av.', 'Main St', 'Oak Ave', 'Blvd.'])} {rng.randrange(1, 3000)}"
    id_number = _curp(rng, given, surnames, birth, gender) if nationality == "mx" else (
        f"{rng.randrange(100, 999)}-{rng.randrange(10, 99)}-{rng.randrange(1000, 9999)}"
    )
    phone = f"+{'52' if nationality == 'mx' else '1'}{rng.randrange(2000000000, 9999999999)}"
    alias = rng.choice(names["aliases"]) if rng.random() < 0.08 else None
    return _Person(cluster, hispanic, given, surnames, birth, gender, nationality, city, street,
                   id_number, phone, alias)


@cache
def _weighted(key: str) -> _Weighted:
    return _Weighted({k: float(v) for k, v in _names()[key].items()})


def _sibling(rng: random.Random, base: _Person, cluster: str) -> _Person:
    other = _person(rng, cluster, base.hispanic)
    other.surnames = list(base.surnames)
    other.city, other.street, other.nationality = base.city, base.street, base.nationality
    if other.given == base.given:
        other.given = [other.given[0] + "a" if other.gender == "f" else other.given[0] + "o"]
    return other


def _write(rng: random.Random, p: _Person, first: bool) -> dict[str, list[str]]:
    """One record of `p`: the first is clean-ish, later ones carry 1-3 variants."""
    given = list(p.given)
    surnames = list(p.surnames)
    birth: str | None = p.birth_date
    variants: set[str] = set()
    if not first:
        pool = ["typo", "accents", "nickname", "dob", "dob_missing", "ids", "alias", "one_given", "order",
                "drop_maternal", "hyphen", "full_only"]
        weights = [3, 3, 2, 2, 1, 1, 1, 2, 2, 3, 1, 2]
        for _ in range(rng.choice([1, 1, 2, 2, 3])):
            variants.add(rng.choices(pool, weights)[0])
    nick = _names()["nicknames"]
    if "nickname" in variants and given[0] in nick:
        given[0] = rng.choice(nick[given[0]])
    if "one_given" in variants and len(given) > 1:
        given = [given[rng.randrange(2)]]
    if p.hispanic:
        if "drop_maternal" in variants:
            surnames = surnames[:1]
        elif "order" in variants:
            surnames = surnames[::-1]
        elif "hyphen" in variants:
            surnames = [f"{surnames[0]}-{surnames[1]}"]
    if "typo" in variants:
        which = rng.randrange(2)
        if which == 0:
            given[0] = _typo(rng, given[0])
        else:
            surnames[0] = _typo(rng, surnames[0])
    if "accents" in variants or (not first and rng.random() < 0.3):
        given = [_strip_accents(g) for g in given]
        surnames = [_strip_accents(s) for s in surnames]
    if "dob" in variants and birth:
        y, m, d = birth.split("-")
        r = rng.random()
        if r < 0.4 and int(d) <= 12:
            birth = f"{y}-{d}-{m}"
        elif r < 0.7:
            birth = f"{y}-{m}-{int(d) % 28 + 1:02d}"
        else:
            birth = f"{int(y) + rng.choice([-1, 1])}-{m}-{d}"
    if "dob_missing" in variants:
        birth = None
    if rng.random() < 0.5 and not first:
        # agencies in the U.S. often write upper case
        given = [g.upper() for g in given]
        surnames = [s.upper() for s in surnames]
    props: dict[str, list[str]] = {}
    full = " ".join(given + surnames)
    if rng.random() < 0.15 and not first:
        full = f"{' '.join(surnames)}, {' '.join(given)}"
    props["name"] = [full]
    if "full_only" not in variants:
        # FtM convention of resolve/names.py: Hispanic given names all in firstName,
        # surnames in fatherName/motherName and together in lastName.
        if p.hispanic:
            props["firstName"] = [" ".join(given)]
        else:
            props["firstName"] = [given[0]]
            if len(given) > 1:
                props["middleName"] = [" ".join(given[1:])]
        props["lastName"] = [" ".join(surnames)]
        if p.hispanic and len(surnames) == 2:
            props["fatherName"] = [surnames[0]]
            props["motherName"] = [surnames[1]]
    if birth:
        props["birthDate"] = [birth]
    props["nationality"] = [p.nationality]
    props["gender"] = ["male" if p.gender == "m" else "female"]
    if p.id_number and (first and rng.random() < 0.4 or "ids" in variants):
        props["idNumber"] = [p.id_number]
    moved = not first and rng.random() < 0.15  # people move and change phones
    if p.phone and rng.random() < 0.25:
        props["phone"] = [p.phone if not moved else p.phone[:-4] + f"{rng.randrange(10000):04d}"]
    if rng.random() < 0.5:
        street = p.street if not moved else f"Calle {rng.randrange(1, 3000)}"
        props["address"] = [f"{street}, {p.city}"]
    if p.alias and ("alias" in variants or rng.random() < 0.5):
        props["alias"] = [p.alias]
    return props


def generate(n_records: int = 10_000, seed: int = 200, hispanic_share: float = 0.5) -> list[Record]:
    """About `n_records` person records with ground truth (`cluster`), deterministic in `seed`."""
    rng = random.Random(seed)
    records: list[Record] = []
    counter = itertools.count()
    previous: _Person | None = None
    while len(records) < n_records:
        cluster = f"p{next(counter):07d}"
        hispanic = rng.random() < hispanic_share
        if previous is not None and previous.hispanic == hispanic and rng.random() < 0.08:
            person = _sibling(rng, previous, cluster)
        else:
            person = _person(rng, cluster, hispanic)
        previous = person
        copies = rng.choices([1, 2, 3, 4], [0.45, 0.3, 0.15, 0.1])[0]
        for k in range(copies):
            records.append({
                "id": f"r{len(records):07d}", "cluster": cluster, "hispanic": hispanic,
                "properties": _write(rng, person, k == 0),
            })
    return records[:n_records]


# --- metrics -----------------------------------------------------------------------------------------

def _pairs(groups: Iterable[list[str]]) -> Iterator[tuple[str, str]]:
    for members in groups:
        ms = sorted(members)
        for i in range(len(ms)):
            for j in range(i + 1, len(ms)):
                yield ms[i], ms[j]


def pairwise_scores(truth: dict[str, str], predicted: dict[str, str],
                    sources: dict[str, str] | None = None) -> dict[str, float]:
    """Precision, recall and F1 over the record pairs that clusters imply.

    `truth` and `predicted` map record id → cluster id; records missing in
    `predicted` are singletons. With `sources` (record id → source) only pairs of
    records from different sources count (link-only tasks such as FEBRL4).
    """
    def by_cluster(mapping: dict[str, str]) -> list[list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for rec, cl in mapping.items():
            out[cl].append(rec)
        return list(out.values())

    true_pairs = set(_pairs(by_cluster(truth)))
    pred_pairs = set(_pairs(by_cluster(predicted)))
    if sources is not None:
        true_pairs = {p for p in true_pairs if sources[p[0]] != sources[p[1]]}
        pred_pairs = {p for p in pred_pairs if sources[p[0]] != sources[p[1]]}
    tp = len(true_pairs & pred_pairs)
    precision = tp / len(pred_pairs) if pred_pairs else 1.0
    recall = tp / len(true_pairs) if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "true_pairs": len(true_pairs),
            "predicted_pairs": len(pred_pairs), "tp": tp}


def false_match_rate(truth: dict[str, str], predicted: dict[str, str], records: set[str]) -> float:
    """Share of `records` placed in a predicted cluster with a record of another true person."""
    members: dict[str, list[str]] = defaultdict(list)
    for rec, cl in predicted.items():
        members[cl].append(rec)
    wrong = 0
    for rec in records:
        found = predicted.get(rec)
        if found is None:
            continue
        if any(truth[o] != truth[rec] for o in members[found]):
            wrong += 1
    return wrong / len(records) if records else 0.0
