"""The screening index: listed entities with a blocking index over their names.

Candidate generation is recall-oriented and cheap: every name is indexed under its
tokens, their Spanish-aware phonetic keys, the canonical given names of nicknames
and 3-letter prefixes/suffixes (for typos); a query's keys add up their inverse
document frequencies per name and the best few dozen entities are scored with the
declared features of `logic`. The index is a pickle under ``var/screen/`` built by
``bicentennial screen load``.
"""

from __future__ import annotations

import math
import pickle
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from bicentennial.resolve.identifiers import normalize
from bicentennial.resolve.names import fold, nickname_groups, phonetic_key
from bicentennial.screen.entity import COMPATIBLE, PERSON, ListedEntity, Query
from bicentennial.screen.logic import DEFAULT_THRESHOLD, Scored, score, token_variants
from bicentennial.settings import get_settings

FORMAT = 4
CANDIDATES = 30  # entities scored per query, at most
PRUNE = 0.3  # ... and only those with at least this share of the best blocking score


def default_path() -> Path:
    return get_settings().var_dir / "screen" / "index.pkl"


def _keys(tokens: Iterable[str]) -> set[str]:
    keys: set[str] = set()
    for token in tokens:
        if len(token) < 2:
            continue
        keys.add(token)
        keys.add("~" + phonetic_key(token))
        for canon in nickname_groups(token):
            keys.add("=" + canon)
        if 4 <= len(token) <= 14:  # one-edit neighbourhood by deletions (SymSpell): typos meet here
            keys.add("-" + token)
            for i in range(len(token)):
                keys.add("-" + token[:i] + token[i + 1:])
    return keys


@dataclass
class ScreeningIndex:
    entities: list[ListedEntity] = field(default_factory=list)
    name_entity: list[int] = field(default_factory=list)  # name id → entity index
    name_tokens: list[list[tuple[str, ...]]] = field(default_factory=list)  # name id → token variants
    entity_names: list[tuple[int, int, int]] = field(default_factory=list)  # first, weak start, end name id
    postings: dict[str, Any] = field(default_factory=dict)  # key → numpy array of name ids
    token_weights: dict[str, float] = field(default_factory=dict)  # rarity weight of common tokens
    by_identifier: dict[str, list[int]] = field(default_factory=dict)  # "kind:value" → entity indexes
    sources: dict[str, int] = field(default_factory=dict)  # source → number of entities
    version: int = FORMAT

    @classmethod
    def build(cls, entities: Iterable[ListedEntity]) -> ScreeningIndex:
        index = cls()
        postings: dict[str, list[int]] = defaultdict(list)
        ids: dict[str, list[int]] = defaultdict(list)
        for entity in entities:
            e = len(index.entities)
            index.entities.append(entity)
            index.sources[entity.source] = index.sources.get(entity.source, 0) + 1
            first = len(index.name_entity)
            for name in [*entity.names, *entity.weak_aliases]:
                n = len(index.name_entity)
                variants = token_variants(name, entity.schema)
                index.name_entity.append(e)
                index.name_tokens.append(variants)
                for key in set().union(*(_keys(tokens) for tokens in variants)):
                    postings[key].append(n)
            index.entity_names.append((first, first + len(entity.names), len(index.name_entity)))
            for kind, values in entity.identifiers.items():
                for value in values:
                    ids[f"{kind}:{value}"].append(e)
                    ids[f"id:{value}"].append(e)
        index.postings = {key: np.asarray(ids_, dtype=np.int32) for key, ids_ in postings.items()}
        total = max(len(index.name_entity), 2)
        for key, posting in index.postings.items():
            if key[0].isalnum() and len(posting) > 5:  # rare tokens keep weight 1
                rarity = math.log(total / len(posting)) / math.log(total)
                index.token_weights[key] = round(0.25 + 0.75 * rarity, 3)
        index._name_entity = np.asarray(index.name_entity, dtype=np.int32)
        index.by_identifier = dict(ids)
        return index

    def save(self, path: Path | None = None) -> Path:
        path = path or default_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(self, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        return path

    @classmethod
    def load(cls, path: Path | None = None) -> ScreeningIndex:
        path = path or default_path()
        with path.open("rb") as fh:
            index = pickle.load(fh)  # noqa: S301 - our own file under var/
        if not isinstance(index, cls) or index.version != FORMAT:
            raise ValueError(f"{path} is not a screening index of format {FORMAT}")
        return index

    def _candidates(self, query: Query, limit: int) -> list[int]:
        total = max(len(self.name_entity), 1)
        keys: set[str] = set()
        for name in query.names:
            for schema in {PERSON if query.schema == PERSON else "Company", query.schema}:
                for tokens in token_variants(name, schema):
                    keys |= _keys(tokens)
        scores = np.zeros(total, dtype=np.float32)
        for key in keys:
            posting = self.postings.get(key)
            if posting is None or len(posting) > total // (20 if key[0] == "-" else 5):
                continue
            idf = math.log(total / len(posting)) * (0.3 if key[0] == "-" else 1.0)
            scores[posting] += idf  # a name holds each key once: no repeated index
        per_entity: dict[int, float] = {}
        top = min(limit * 4, total)
        best = np.argpartition(-scores, top - 1)[:top] if top < total else np.arange(total)
        name_entity = self._entity_of()
        for n in best[np.argsort(-scores[best])]:
            s = float(scores[n])
            if s <= 0:
                break
            e = int(name_entity[n])
            if s > per_entity.get(e, 0.0):
                per_entity[e] = s
        for kind, values in query.identifiers.items():
            for value in values:
                for e in self.by_identifier.get(f"{kind}:{value}", []):
                    per_entity[e] = math.inf
        allowed = COMPATIBLE.get(query.schema, COMPATIBLE["Thing"])
        ranked = [(e, s) for e, s in sorted(per_entity.items(), key=lambda kv: -kv[1])
                  if self.entities[e].schema in allowed]
        if not ranked:
            return []
        floor = ranked[0][1] * PRUNE  # far weaker blocking evidence than the best: not worth scoring
        return [e for e, s in ranked[:limit] if s >= floor]

    def _entity_of(self) -> Any:
        cached = getattr(self, "_name_entity", None)
        if cached is None:
            cached = self._name_entity = np.asarray(self.name_entity, dtype=np.int32)
        return cached

    def search(self, query: Query, limit: int = 5, threshold: float = 0.0,
               candidates: int = CANDIDATES) -> list[Scored]:
        """The best `limit` listed entities for `query` scoring at least `threshold`."""
        shared: dict[str, Any] = {
            "q:Person": [t for n in query.names for t in token_variants(n, PERSON)],
            "q:Company": [t for n in query.names for t in token_variants(n, "Company")],
            "weights": self.token_weights,
        }
        results = []
        for e in self._candidates(query, candidates):
            entity = self.entities[e]
            first, weak, end = self.entity_names[e]
            cache = dict(shared)
            cache["names"] = [(name, tokens) for name, variants in
                              zip(entity.names, self.name_tokens[first:weak], strict=False) for tokens in variants]
            cache["weak"] = [(name, tokens) for name, variants in
                             zip(entity.weak_aliases, self.name_tokens[weak:end], strict=False) for tokens in variants]
            results.append(score(query, entity, cache))
        results = [r for r in results if r.score > 0 and r.score >= threshold]
        results.sort(key=lambda r: (-r.score, -r.raw, r.entity.id))
        if len(results) > 1 and results[0].score == results[1].score:
            # ties (often legal forms or particles stripped away): the closer literal spelling first
            top = results[0].score
            tied = [r for r in results if r.score == top]
            queries = [fold(n) for n in query.names]

            def literal(r: Scored) -> float:
                return max(fuzz.ratio(q, fold(n)) for q in queries for n in r.entity.names[:25])

            tied.sort(key=lambda r: (-r.raw, -literal(r), r.entity.id))
            results = tied + results[len(tied):]
        return results[:limit]

    def get(self, entity_id: str) -> ListedEntity | None:
        for entity in self.entities:
            if entity.id == entity_id:
                return entity
        return None


def build_default(sdn_dir: Path | None = None, ftm_files: Iterable[Path] = ()) -> ScreeningIndex:
    """The index of the SDN list in the repository (or `sdn_dir`) plus any FtM entity files."""
    from bicentennial.screen.ftm import load_ftm
    from bicentennial.screen.ofac import DEFAULT_DIR, load_sdn

    entities = load_sdn(sdn_dir or DEFAULT_DIR)
    for path in ftm_files:
        entities.extend(load_ftm(path))
    return ScreeningIndex.build(entities)


_LOADED: dict[Path, tuple[float, ScreeningIndex]] = {}


def get_index(path: Path | None = None) -> ScreeningIndex:
    """The index at `path` (default under var/), cached per process and reloaded when the file
    changes; built from the repository's SDN copy when there is none yet."""
    path = path or default_path()
    if not path.exists():
        build_default().save(path)
    mtime = path.stat().st_mtime
    cached = _LOADED.get(path)
    if cached is None or cached[0] != mtime:
        try:
            loaded = ScreeningIndex.load(path)
        except ValueError:  # written by an older version: rebuild from the repository's lists
            loaded = build_default()
            loaded.save(path)
            mtime = path.stat().st_mtime
        cached = (mtime, loaded)
        _LOADED[path] = cached
    return cached[1]


def make_query(name: str, dob: str | None = None, country: str | None = None, schema: str = "Thing",
               identifiers: dict[str, str] | None = None) -> Query:
    """A query from the plain fields of the CLI and batch files."""
    from bicentennial.screen.countries import country_code

    idents: dict[str, set[str]] = {}
    for kind, value in (identifiers or {}).items():
        norm = normalize(kind, value)
        if norm:
            idents.setdefault(kind, set()).add(norm)
    code = country_code(country) if country else None
    return Query(schema=schema, names=[name], birth_dates=[dob] if dob else [],
                 countries={code} if code else set(), identifiers=idents)


__all__ = ["ScreeningIndex", "build_default", "get_index", "make_query", "DEFAULT_THRESHOLD", "default_path"]
