"""What the FtM model says about relations: which schemata are edges, which
properties point at other entities, which carry dates, labels and amounts.

Compiled once per model into plain `SchemaSpec` objects so that deriving edges
from a million statements never calls back into FtM per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from followthemoney import registry

# Properties that never make a link between two people or organisations.
IGNORED_REFS = frozenset({"proof", "riskSource"})
# Edge schemata whose side properties carry a second, parallel edge (account to account),
# each side attached to its principal (payer to payer's account).
PAIRED_REFS: dict[str, tuple[tuple[str, str], ...]] = {
    "Payment": (("payerAccount", "beneficiaryAccount"),),
}
SIDE_OF: dict[str, str] = {"payerAccount": "payer", "beneficiaryAccount": "beneficiary"}
# Limit on participants of one record for co-occurrence links (a record naming 200
# people is a list, not a meeting): above it only record-to-participant links are made.
MAX_COOCCURRENCE = 30


@dataclass(frozen=True)
class SchemaSpec:
    name: str
    edge: bool = False
    source: str | None = None
    target: str | None = None
    label: str = ""
    directed: bool = True
    refs: dict[str, str] = field(default_factory=dict)  # property → range schema
    legal_refs: frozenset[str] = frozenset()  # refs whose range is a LegalEntity
    dates: tuple[str, ...] = ()  # in order of preference
    end_dates: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    amounts: tuple[str, ...] = ()
    ref_labels: dict[str, str] = field(default_factory=dict)

    @property
    def relevant(self) -> frozenset[str]:
        return frozenset(self.refs) | set(self.dates) | set(self.end_dates) | set(self.captions) | set(
            self.amounts) | {"name", "currency", "topics"}


def get_model() -> Any:
    """Our extended FtM model; FtM's own while `bicentennial.records` is not there."""
    try:
        from bicentennial.records.model import get_model as records_model
    except ImportError:  # pragma: no cover - only before the records area exists
        from followthemoney import model

        return model
    return records_model()


def _compile(schema: Any) -> SchemaSpec:
    refs: dict[str, str] = {}
    labels: dict[str, str] = {}
    legal: set[str] = set()
    dates: list[str] = []
    for prop in schema.properties.values():
        if prop.stub or prop.name in IGNORED_REFS:
            continue
        if prop.type == registry.entity:
            rng = prop.range.name if prop.range is not None else "Thing"
            refs[prop.name] = rng
            labels[prop.name] = str(prop.label)
            if prop.range is not None and prop.range.is_a("LegalEntity"):
                legal.add(prop.name)
        elif prop.type == registry.date:
            dates.append(prop.name)
    start = [p.name for p in schema.temporal_start_props]
    end = [p.name for p in schema.temporal_end_props]
    edge_caption = [p for p in (getattr(schema, "edge_caption", None) or []) if p in dates]
    ordered = list(dict.fromkeys(start + edge_caption + sorted(d for d in dates if d not in end)))
    amounts = tuple(p for p in ("amount", "amountUsd", "amountEur") if p in schema.properties)
    if schema.edge:
        return SchemaSpec(
            name=schema.name, edge=True, source=schema.edge_source, target=schema.edge_target,
            label=str(schema.edge_label or ""), directed=bool(schema.edge_directed), refs=refs,
            legal_refs=frozenset(legal), dates=tuple(ordered), end_dates=tuple(end),
            captions=tuple(schema.caption), amounts=amounts, ref_labels=labels,
        )
    return SchemaSpec(name=schema.name, refs=refs, legal_refs=frozenset(legal), dates=tuple(ordered),
                      end_dates=tuple(end), captions=tuple(schema.caption), amounts=amounts,
                      ref_labels=labels)


@lru_cache(maxsize=1)
def schema_specs() -> dict[str, SchemaSpec]:
    """One `SchemaSpec` per schema of the model."""
    return {name: _compile(schema) for name, schema in get_model().schemata.items()}


@lru_cache(maxsize=1)
def relevant_props() -> frozenset[str]:
    """Every property name that any schema uses for nodes or edges (a prefilter)."""
    out: set[str] = set()
    for spec in schema_specs().values():
        out |= spec.relevant
    return frozenset(out)


def edge_types() -> list[str]:
    """The edge types the graph can hold: edge schemata, `Reference` and `CoOccurrence`."""
    return sorted(s.name for s in schema_specs().values() if s.edge) + [REFERENCE, COOCCURRENCE]


REFERENCE = "Reference"
COOCCURRENCE = "CoOccurrence"
