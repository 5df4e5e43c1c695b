"""From statements to nodes and edges.

Every edge comes from one record (an FtM entity) and keeps that record's id
and the ids of the statements it was built from, so an analyst can always go
from a line on the canvas back to the rows that were shared. Edges are made
from:

* **edge schemata** (Payment payer→beneficiary, Ownership owner→asset,
  Directorship, Family, Associate, Membership, UnknownLink, FirearmTrace…):
  one edge `source → target` typed with the schema name; a Payment's accounts
  also get a parallel account-to-account Payment edge, each account tied to its
  holder by a `Reference` edge;
* **entity-typed properties** of every other schema (a Seizure's `involved`,
  a passport's `holder`): a `Reference` edge from the record to what it names;
* **co-occurrence**: people and organisations named in the same record (a
  seizure, a trace, a case, a report) are linked pairwise by `CoOccurrence`
  edges (up to `MAX_COOCCURRENCE` participants per record).

OFAC `Linked To:` relations arrive as UnknownLink statements (`screen.publish`
makes them from the SDN list) and take the first path. Only the statements given are used: the caller passes what the
principal may see, so an edge whose source or target statement is hidden does
not exist.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import NamedTuple

import pyarrow as pa
import pyarrow.compute as pc

from bicentennial.network.model import (
    COOCCURRENCE,
    MAX_COOCCURRENCE,
    PAIRED_REFS,
    REFERENCE,
    SIDE_OF,
    SchemaSpec,
    get_model,
    relevant_props,
    schema_specs,
)

Values = list[tuple[str, str]]  # (value, statement id)


@dataclass
class EntityFacts:
    """The statements of one entity that matter to the graph."""

    entity_id: str
    schemata: set[str] = field(default_factory=set)
    props: dict[str, Values] = field(default_factory=lambda: defaultdict(list))


class Edge(NamedTuple):
    """One typed, dated line between two entities, from one record (a tuple: a million are
    made per build)."""

    record: str  # id of the entity (record) the edge comes from
    ordinal: int  # position among the edges of that record: record/ordinal is a stable id
    source: str
    target: str
    type: str
    label: str
    prop: str | None
    directed: bool
    date: str | None
    end: str | None
    amount: str | None
    statements: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"{self.record}/{self.ordinal}"


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    schema: str
    listed: bool = False  # on a sanctions list: FtM topic "sanction" (`screen publish` sets it)


LISTED_TOPIC = "sanction"


COLUMNS = ("id", "entity_id", "schema", "prop", "value")


def prefilter(table: pa.Table) -> pa.Table:
    """Keep the columns and rows (properties) that can make nodes or edges."""
    cols = [c for c in COLUMNS if c in table.column_names]
    table = table.select(cols)
    if table.num_rows == 0:
        return table
    mask = pc.is_in(table["prop"], value_set=pa.array(sorted(relevant_props())))
    return table.filter(mask)


def collect(table: pa.Table) -> dict[str, EntityFacts]:
    """Group (prefiltered) statements by entity."""
    facts: dict[str, EntityFacts] = {}
    cols = {c: table[c].to_pylist() for c in COLUMNS}
    for sid, eid, schema, prop, value in zip(cols["id"], cols["entity_id"], cols["schema"], cols["prop"],
                                             cols["value"], strict=True):
        ent = facts.get(eid)
        if ent is None:
            ent = facts[eid] = EntityFacts(eid)
        ent.schemata.add(schema)
        ent.props[prop].append((value, sid))
    return facts


def _most_specific(schemata: set[str]) -> str:
    if len(schemata) == 1:
        return next(iter(schemata))
    return _most_specific_of(frozenset(schemata))


@lru_cache(maxsize=1024)
def _most_specific_of(schemata: frozenset[str]) -> str:
    model = get_model()
    known = [model.get(s) for s in schemata if model.get(s) is not None]
    if not known:
        return min(schemata)
    return max(known, key=lambda s: (len(s.schemata), s.name)).name


def _first(values: Values) -> tuple[str, str] | None:
    return min(values) if values else None


def node_of(ent: EntityFacts, schema: str | None = None) -> Node:
    schema = schema or _most_specific(ent.schemata)
    spec = schema_specs().get(schema)
    label = None
    for prop in ("name", *(spec.captions if spec else ())):
        found = _first(ent.props.get(prop, []))
        if found:
            label = found[0]
            break
    listed = any(value == LISTED_TOPIC for value, _sid in ent.props.get("topics", []))
    return Node(ent.entity_id, label or ent.entity_id, schema, listed)


def _when(ent: EntityFacts, spec: SchemaSpec) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
    start = next((f for f in (_first(ent.props.get(p, [])) for p in spec.dates) if f), None)
    end = next((f for f in (max(ent.props[p]) for p in spec.end_dates if ent.props.get(p)) if f), None)
    return start, end


def edges_of(ent: EntityFacts, schema: str | None = None) -> list[Edge]:
    """Every edge that the record `ent` makes."""
    spec = schema_specs().get(schema or _most_specific(ent.schemata))
    if spec is None:
        return []
    start, end = _when(ent, spec)
    amount = next((f for f in (_first(ent.props.get(p, [])) for p in spec.amounts) if f), None)
    extra = tuple(x[1] for x in (start, end, amount) if x)
    date = start[0] if start else None
    until = end[0] if end else None
    money = amount[0] if amount else None
    out: list[Edge] = []
    linked: set[frozenset[str]] = set()

    def add(src: tuple[str, str], dst: tuple[str, str], type_: str, label: str, prop: str | None,
            directed: bool) -> None:
        if src[0] == dst[0]:
            return
        linked.add(frozenset((src[0], dst[0])))
        stmts = tuple(dict.fromkeys((src[1], dst[1], *extra)))
        out.append(Edge(ent.entity_id, len(out), src[0], dst[0], type_, label, prop, directed, date, until,
                        money, stmts))

    refs = {p: sorted(set(ent.props[p])) for p in spec.refs if ent.props.get(p)}
    participants: dict[str, tuple[str, str]] = {}
    if spec.edge and spec.source and spec.target:
        for src in refs.get(spec.source, []):
            for dst in refs.get(spec.target, []):
                add(src, dst, spec.name, spec.label, None, spec.directed)
        for left, right in PAIRED_REFS.get(spec.name, ()):
            for src in refs.get(left, []):
                for dst in refs.get(right, []):
                    add(src, dst, spec.name, spec.label, None, spec.directed)
        for side, principal in SIDE_OF.items():
            for acc in refs.get(side, []):
                for holder in refs.get(principal, []):
                    add(holder, acc, REFERENCE, spec.ref_labels.get(side, side), side, True)
    else:
        for prop, values in sorted(refs.items()):
            for val in values:
                add((ent.entity_id, val[1]), val, REFERENCE, spec.ref_labels.get(prop, prop), prop, True)
    # An edge record has few participants: all co-occur. Elsewhere only people and
    # organisations do (a seizure's firearm is already tied to the seizure).
    for prop in sorted(refs if spec.edge else spec.legal_refs):
        if prop in SIDE_OF:  # accounts are tied to their holders above
            continue
        for val in refs.get(prop, []):
            participants.setdefault(val[0], val)
    if 2 <= len(participants) <= MAX_COOCCURRENCE:
        for a, b in combinations(sorted(participants), 2):
            if frozenset((a, b)) not in linked:
                add(participants[a], participants[b], COOCCURRENCE, "", None, False)
    return out


def referenced_schemata(ent: EntityFacts, schema: str | None = None) -> dict[str, str]:
    """Referenced entity id → the range schema of the property naming it (a guess for
    entities whose own statements the caller may not see)."""
    spec = schema_specs().get(schema or _most_specific(ent.schemata))
    if spec is None:
        return {}
    return {v: rng for prop, rng in spec.refs.items() for v, _sid in ent.props.get(prop, [])}


def derive(facts: dict[str, EntityFacts]) -> tuple[dict[str, Node], list[Edge], dict[str, str]]:
    """Nodes, edges and range-schema guesses of the given entities."""
    specs = schema_specs()
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    guesses: dict[str, str] = {}
    for eid, ent in facts.items():
        schema = _most_specific(ent.schemata)
        spec = specs.get(schema)
        if spec is None or not spec.edge:  # an edge record is a line, not a point
            nodes[eid] = node_of(ent, schema)
        if spec is not None and spec.refs:
            edges.extend(edges_of(ent, schema))
            for ref, rng in referenced_schemata(ent, schema).items():
                known = guesses.get(ref)
                # named by several properties: the most specific range (Person over LegalEntity)
                guesses[ref] = rng if known is None or known == rng else _most_specific({known, rng})
    return nodes, edges, guesses


def derive_table(table: pa.Table) -> tuple[dict[str, Node], list[Edge], dict[str, str]]:
    return derive(collect(prefilter(table)))

