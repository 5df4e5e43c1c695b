"""The scoring algorithm: declared features with weights, à la nomenklatura logic-v2.

score = max(weight × value over the *main* features) + Σ(weight × value over the
*qualifiers*), clipped to [0, 1]. Main features are evidence that the query and the
listed entity are the same (a name, a weak alias, a shared identifier); qualifiers
move that up or down (a disjoint year of birth, a country that does not fit).
Every feature reports its value and a human-readable detail: the explanation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bicentennial.resolve.names import NameMatch, compare_tokens, name_tokens, normalize_company, parse_person_name
from bicentennial.screen.entity import PERSON, ListedEntity, Query

ALGORITHM = "bicentennial-v1"
DEFAULT_THRESHOLD = 0.70
ID_WEIGHTS = {"curp": 0.98, "rfc": 0.98, "passport": 0.95, "id": 0.95, "phone": 0.85}


@dataclass(frozen=True)
class Feature:
    name: str
    weight: float
    qualifier: bool
    description: str
    func: Callable[[Query, ListedEntity, dict[str, Any]], tuple[float, str]]


def token_variants(name: str, schema: str) -> list[tuple[str, ...]]:
    """The token lists a name is compared by: a person's folded words; for other schemata the
    words with legal forms compacted (``S.A. de C.V.`` → ``sacv``) and, when different, the
    words as written (so that a typo inside a legal form does not derail the match)."""
    raw = tuple(name_tokens(name))
    if schema == PERSON:
        return [raw]
    compact = tuple(name_tokens(normalize_company(name)))
    return [compact] if compact == raw or not raw else [compact, raw]


def _named_tokens(entity: ListedEntity, names: list[str], cache: dict[str, Any], key: str,
                  ) -> list[tuple[str, tuple[str, ...]]]:
    """(name, tokens) of the entity's names: precomputed by the index when it scores, else computed."""
    found = cache.get(key)
    if found is None:
        found = [(n, tokens) for n in names for tokens in token_variants(n, entity.schema)]
    return list(found)


def _query_tokens(query: Query, schema: str, cache: dict[str, Any]) -> list[tuple[str, ...]]:
    key = "q:" + (PERSON if schema == PERSON else "Company")
    if key not in cache:
        cache[key] = [t for n in query.names for t in token_variants(n, schema)]
    return list(cache[key])


def _best_name(query: Query, entity: ListedEntity, names: list[tuple[str, tuple[str, ...]]],
               cache: dict[str, Any]) -> tuple[float, str]:
    best: tuple[NameMatch, str] | None = None
    for qtok in _query_tokens(query, entity.schema, cache):
        for cname, ctok in names:
            match = compare_tokens(qtok, ctok, cache.get("weights"))
            if best is None or match.score > best[0].score:
                best = (match, cname)
    if best is None or best[0].score <= 0:
        return 0.0, ""
    return best[0].score, f"'{best[1]}': {best[0].explain()}"


def name_match(query: Query, entity: ListedEntity, cache: dict[str, Any]) -> tuple[float, str]:
    return _best_name(query, entity, _named_tokens(entity, entity.names, cache, "names"), cache)


def weak_alias_match(query: Query, entity: ListedEntity, cache: dict[str, Any]) -> tuple[float, str]:
    if not entity.weak_aliases:
        return 0.0, ""
    return _best_name(query, entity, _named_tokens(entity, entity.weak_aliases, cache, "weak"), cache)


def identifier_match(query: Query, entity: ListedEntity, cache: dict[str, Any]) -> tuple[float, str]:
    best, detail = 0.0, ""
    for kind, values in query.identifiers.items():
        listed = entity.identifiers.get(kind, set())
        if kind == "id":  # a generic number may be filed under any kind on the list
            listed = set().union(*entity.identifiers.values()) if entity.identifiers else set()
        shared = values & listed
        if shared:
            value = ID_WEIGHTS.get(kind, 0.9) / max(ID_WEIGHTS.values())
            if value > best:
                best, detail = value, f"{kind} {sorted(shared)[0]}"
    return best, detail


def _years(dates: list[str]) -> set[str]:
    return {d[:4] for d in dates if len(d) >= 4}


def dob_year_disjoint(query: Query, entity: ListedEntity, cache: dict[str, Any]) -> tuple[float, str]:
    if not query.birth_dates or not entity.birth_dates:
        return 0.0, ""
    q, c = _years(query.birth_dates), _years(entity.birth_dates)
    if q and c and q.isdisjoint(c):
        return 1.0, f"{', '.join(sorted(q))} vs {', '.join(sorted(c))}"
    return 0.0, ""


def dob_day_disjoint(query: Query, entity: ListedEntity, cache: dict[str, Any]) -> tuple[float, str]:
    q = {d[:10] for d in query.birth_dates if len(d) >= 10}
    c = {d[:10] for d in entity.birth_dates if len(d) >= 10}
    if q and c and q.isdisjoint(c) and not _years(list(q)).isdisjoint(_years(list(c))):
        return 1.0, f"{', '.join(sorted(q))} vs {', '.join(sorted(c))}"
    return 0.0, ""


def dob_match(query: Query, entity: ListedEntity, cache: dict[str, Any]) -> tuple[float, str]:
    for qd in query.birth_dates:
        for cd in entity.birth_dates:
            if qd.startswith(cd) or cd.startswith(qd):
                return 1.0, cd
    return 0.0, ""


def _paternal(name: str) -> str | None:
    """The first surname of ``SURNAMES, Given`` (the list convention), folded; None otherwise."""
    if "," not in name:
        return None
    words = name_tokens(name.split(",", 1)[0])
    return words[0] if words else None


def paternal_surname_match(query: Query, entity: ListedEntity, cache: dict[str, Any]) -> tuple[float, str]:
    if entity.schema != PERSON:
        return 0.0, ""
    if "q:paternal" not in cache:
        found = set()
        for qname in query.names:
            parsed = parse_person_name(qname)
            if parsed.paternal and parsed.given:
                words = name_tokens(parsed.paternal)
                if words:
                    found.add(words[0])
        cache["q:paternal"] = found
    wanted: set[str] = cache["q:paternal"]
    if not wanted:
        return 0.0, ""
    for name in entity.names:
        paternal = _paternal(name)
        if paternal and paternal in wanted:
            return 1.0, paternal
    return 0.0, ""


def country_mismatch(query: Query, entity: ListedEntity, cache: dict[str, Any]) -> tuple[float, str]:
    if query.countries and entity.countries and query.countries.isdisjoint(entity.countries):
        return 1.0, f"{', '.join(sorted(query.countries))} vs {', '.join(sorted(entity.countries))}"
    return 0.0, ""


FEATURES: tuple[Feature, ...] = (
    Feature("name_match", 1.0, False, "similarity of the best pair of names (tokens aligned in any order; "
            "nicknames, Spanish phonetics and typos tolerated)", name_match),
    Feature("weak_alias_match", 0.8, False, "similarity to a moniker such as 'El Chapo'", weak_alias_match),
    Feature("identifier_match", 0.98, False, "a shared CURP, RFC, passport or other identifier", identifier_match),
    Feature("dob_match", 0.02, True, "a date of birth in common (breaks ties between namesakes)", dob_match),
    Feature("paternal_surname_match", 0.03, True, "the query's first (paternal) surname is the listed "
            "person's first surname (ranks 'Raúl Hernández' above 'FLORES HERNANDEZ, Raul')", paternal_surname_match),
    Feature("dob_year_disjoint", -0.15, True, "no year of birth in common", dob_year_disjoint),
    Feature("dob_day_disjoint", -0.05, True, "same year of birth but different dates", dob_day_disjoint),
    Feature("country_mismatch", -0.2, True, "no country in common", country_mismatch),
)


@dataclass(frozen=True)
class Scored:
    entity: ListedEntity
    score: float
    raw: float  # before clipping: orders results that are all at 1.0
    features: dict[str, float]
    explanations: dict[str, dict[str, Any]]

    def explanation(self) -> str:
        return "; ".join(f"{name} {exp['score']:+.2f} ({exp['detail']})" if exp["detail"] else
                         f"{name} {exp['score']:+.2f}" for name, exp in self.explanations.items())


def score(query: Query, entity: ListedEntity, cache: dict[str, Any] | None = None) -> Scored:
    """Score one pair. `cache` carries what is shared across the candidates of one query
    (the query's tokens) and, from the index, the entity's precomputed name tokens."""
    cache = {} if cache is None else cache
    main = 0.0
    qualifiers = 0.0
    features: dict[str, float] = {}
    explanations: dict[str, dict[str, Any]] = {}
    for feature in FEATURES:
        value, detail = feature.func(query, entity, cache)
        if value == 0:
            continue
        weighted = feature.weight * value
        features[feature.name] = round(value, 4)
        explanations[feature.name] = {"score": round(weighted, 4), "detail": detail}
        if feature.qualifier:
            qualifiers += weighted
        else:
            main = max(main, weighted)
    raw = main + qualifiers if main > 0 else 0.0
    return Scored(entity, round(min(1.0, max(0.0, raw)), 4), raw, features, explanations)


def config() -> dict[str, Any]:
    """The algorithm as data (listed by the API, like yente's /algorithms)."""
    return {
        "name": ALGORITHM,
        "threshold": DEFAULT_THRESHOLD,
        "features": [{"name": f.name, "weight": f.weight, "qualifier": f.qualifier, "description": f.description}
                     for f in FEATURES],
    }
