"""Declarative mappings: how the columns of a feed become entities (see docs/ingest.md).

A mapping is a YAML file in `ingest/mappings/NAME.yaml`:

    source_key: event_id            # column kept as each statement's source_key (optional)
    entities:
      seizure:                      # a name for the entity, used by links
        schema: Seizure
        key: [event_id]             # columns that identify it; all empty → no such entity in the row
        properties:
          date: event_date          # shorthand for {column: event_date}
          country: {value: us}      # a constant
          quantity: {column: qty}
          involved: {entity: person}  # a link to another entity of the same row
      person:
        schema: Person
        key: [curp, name]
        properties:
          name: {template: "{first} {last}"}
          curp: curp

The generic mode (`--schema`) builds the same structure from the CSV header.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bicentennial.ingest.errors import IngestError

MAPPINGS_DIR = Path(__file__).parent / "mappings"
_TEMPLATE_FIELD = re.compile(r"{([^{}]+)}")


@dataclass(frozen=True)
class PropSpec:
    """Where one property's values come from."""

    prop: str
    column: str | None = None  # values of this column
    value: str | None = None  # a constant
    template: str | None = None  # "{col_a} {col_b}": empty when a referenced column is empty
    entity: tuple[str, ...] | None = None  # ids of other entities of the same row (those present)
    source_ref: bool = False  # the column holds a source id of the same agency (generic mode)
    split: str | None = None  # several values in one cell

    @property
    def field(self) -> str:
        """The name shown to the user for errors: the column, else the property."""
        if self.column:
            return self.column
        if self.template:
            cols = self.template_columns
            return cols[0] if len(cols) == 1 else self.prop
        return self.prop

    @property
    def template_columns(self) -> list[str]:
        return _TEMPLATE_FIELD.findall(self.template or "")

    @property
    def columns(self) -> list[str]:
        if self.column:
            return [self.column]
        return self.template_columns


@dataclass(frozen=True)
class EntitySpec:
    name: str
    schema: str
    properties: tuple[PropSpec, ...]
    key: tuple[str, ...] = ()  # columns → id sha1(agency:prefix:values)
    key_prefix: str | None = None
    source_id: str | None = None  # column → id sha1(agency:value), shared with generic mode
    when: tuple[tuple[str, str], ...] = ()  # (column, value): the entity exists only in matching rows

    @property
    def prefix(self) -> str:
        return self.key_prefix or self.schema


@dataclass(frozen=True)
class Mapping:
    name: str
    entities: tuple[EntitySpec, ...]
    source_key: str | None = None
    description: dict[str, str] = field(default_factory=dict)
    generic: bool = False

    @property
    def columns(self) -> set[str]:
        cols: set[str] = set()
        for ent in self.entities:
            cols.update(ent.key)
            if ent.source_id:
                cols.add(ent.source_id)
            cols.update(c for c, _v in ent.when)
            for p in ent.properties:
                cols.update(p.columns)
        if self.source_key:
            cols.add(self.source_key)
        return cols


def available_mappings() -> list[str]:
    return sorted(p.stem for p in MAPPINGS_DIR.glob("*.yaml"))


@lru_cache(maxsize=64)
def load_mapping(name: str) -> Mapping:
    """The mapping `name` (a file in ingest/mappings, or a path to a YAML file)."""
    path = Path(name)
    if not (path.suffix in (".yaml", ".yml") and path.is_file()):
        if not re.fullmatch(r"[A-Za-z0-9_\-]+", name):
            raise IngestError("unknown mapping {mapping}", mapping=name)
        path = MAPPINGS_DIR / f"{name}.yaml"
    if not path.is_file():
        raise IngestError("unknown mapping {mapping} (available: {available})", mapping=name,
                          available=", ".join(available_mappings()))
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return parse_mapping(path.stem, data)


def parse_mapping(name: str, data: Any) -> Mapping:
    from bicentennial.records.model import get_model

    model = get_model()
    if not isinstance(data, dict) or not isinstance(data.get("entities"), dict) or not data["entities"]:
        raise IngestError("mapping {mapping}: no entities", mapping=name)
    names = set(data["entities"])
    entities = []
    for ent_name, spec in data["entities"].items():
        if not isinstance(spec, dict):
            raise IngestError("mapping {mapping}: entity {entity} is not a mapping", mapping=name, entity=ent_name)
        schema = model.get(spec.get("schema", ""))
        if schema is None:
            raise IngestError("unknown schema {schema}", schema=str(spec.get("schema")))
        props = []
        for prop_name, pspec in (spec.get("properties") or {}).items():
            prop = schema.get(prop_name)
            if prop is None:
                raise IngestError("mapping {mapping}: {schema} has no property {prop}", mapping=name,
                                  schema=schema.name, prop=prop_name)
            if isinstance(pspec, str):
                pspec = {"column": pspec}
            if not isinstance(pspec, dict):
                raise IngestError("mapping {mapping}: bad property {prop}", mapping=name, prop=prop_name)
            link = pspec.get("entity")
            ps = PropSpec(
                prop=prop_name,
                column=pspec.get("column"),
                value=None if pspec.get("value") is None else str(pspec["value"]),
                template=pspec.get("template"),
                entity=None if link is None else tuple([link] if isinstance(link, str) else link),
                split=pspec.get("split"),
            )
            if sum(x is not None for x in (ps.column, ps.value, ps.template, ps.entity)) != 1:
                raise IngestError("mapping {mapping}: property {prop} needs exactly one of column, value, "
                                  "template, entity", mapping=name, prop=prop_name)
            for target in ps.entity or ():
                if target not in names or prop.type.name != "entity":
                    raise IngestError("mapping {mapping}: property {prop} links to unknown entity {entity}",
                                      mapping=name, prop=prop_name, entity=target)
            props.append(ps)
        key = spec.get("key") or []
        key = [key] if isinstance(key, str) else list(key)
        if not key and not spec.get("source_id"):
            raise IngestError("mapping {mapping}: entity {entity} needs a key or source_id", mapping=name,
                              entity=ent_name)
        given = {p.prop for p in props}
        for req in schema.required:
            if req not in given:
                raise IngestError("mapping {mapping}: entity {entity} does not map the required property {prop}",
                                  mapping=name, entity=ent_name, prop=req)
        when = spec.get("when") or {}
        if not isinstance(when, dict):
            raise IngestError("mapping {mapping}: bad property {prop}", mapping=name, prop="when")
        entities.append(EntitySpec(
            name=ent_name, schema=schema.name, properties=tuple(props), key=tuple(key),
            key_prefix=spec.get("key_prefix"), source_id=spec.get("source_id"),
            when=tuple((str(c), str(v)) for c, v in when.items()),
        ))
    desc = data.get("description") or {}
    return Mapping(name=name, entities=tuple(entities), source_key=data.get("source_key"),
                   description=desc if isinstance(desc, dict) else {"en": str(desc)})


def generic_mapping(schema_name: str, columns: list[str]) -> Mapping:
    """`--schema` mode: each column is a property of the schema; `id` is the source id."""
    from bicentennial.records.model import get_model

    schema = get_model().get(schema_name)
    if schema is None:
        raise IngestError("unknown schema {schema}", schema=schema_name)
    if schema.abstract:
        raise IngestError("schema {schema} is abstract: choose a concrete one", schema=schema_name)
    props = []
    for col in columns:
        if col == "id":
            continue
        prop = schema.get(col)
        if prop is None:
            raise IngestError("unknown column {column}: {schema} has no such property", column=col,
                              schema=schema.name)
        props.append(PropSpec(prop=col, column=col, source_ref=prop.type.name == "entity"))
    ent = EntitySpec(name=schema.name.lower(), schema=schema.name, properties=tuple(props),
                     source_id="id" if "id" in columns else None)
    return Mapping(name=f"schema:{schema.name}", entities=(ent,), source_key="id" if "id" in columns else None,
                   generic=True)


def source_entity_id(agency: str, source_id: str) -> str:
    """The entity id of the record an agency calls `source_id` (any schema, any file)."""
    return f"{agency.lower()}-" + hashlib.sha1(f"{agency}:{source_id}".encode()).hexdigest()[:32]


def key_entity_id(agency: str, prefix: str, values: list[str]) -> str:
    key = "\x1f".join(values)
    return f"{agency.lower()}-" + hashlib.sha1(f"{agency}:{prefix}:{key}".encode()).hexdigest()[:32]


def ftm_entity_id(agency: str, ftm_id: str) -> str:
    """An FtM entity's id, kept and prefixed by the agency (hashed when too long for the store)."""
    eid = f"{agency.lower()}-{ftm_id}"
    return eid if len(eid) <= 64 else source_entity_id(agency, ftm_id)
