"""FollowTheMoney entity files (the OpenSanctions export format: one JSON entity per line)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from bicentennial.resolve.identifiers import normalize
from bicentennial.resolve.names import is_moniker
from bicentennial.screen.countries import country_code
from bicentennial.screen.entity import ID_PROPS, ListedEntity

SCREENED = ("Person", "Company", "Organization", "LegalEntity", "Vessel", "Airplane", "PublicBody")


def _entities(path: Path) -> Iterator[dict[str, Any]]:
    with path.open("rb") as fh:
        for line in fh:
            line = line.strip()
            if line:
                yield orjson.loads(line)


def from_ftm(data: dict[str, Any], source: str | None = None) -> ListedEntity | None:
    """A listed entity from one FtM entity dict; None for schemata that are not screened
    (addresses, sanctions, relations)."""
    schema = data.get("schema", "")
    if schema not in SCREENED:
        return None
    props: dict[str, list[str]] = data.get("properties", {})
    names = list(dict.fromkeys(props.get("name", []) + props.get("alias", []) + props.get("previousName", [])))
    weak = [w for w in props.get("weakAlias", []) if w not in names]
    if not names:
        return None
    caption = data.get("caption") or names[0]
    if caption in names:
        names.remove(caption)
    names.insert(0, caption)
    idents: dict[str, set[str]] = {}
    for prop, kind in ID_PROPS.items():
        for value in props.get(prop, []):
            norm = normalize(kind, value)
            if norm:
                idents.setdefault(kind, set()).add(norm)
    countries = {c for prop in ("country", "nationality", "citizenship", "jurisdiction")
                 for v in props.get(prop, []) if (c := country_code(v))}
    datasets = data.get("datasets") or []
    src = source or (datasets[0] if datasets else "ftm")
    entity_id = str(data.get("id"))
    return ListedEntity(
        id=f"{src}-{entity_id}", source=src, source_id=entity_id,
        schema="Organization" if schema == "PublicBody" else schema, caption=caption, names=names,
        weak_aliases=[w for w in weak if is_moniker(w) or schema != "Person"] or weak,
        birth_dates=props.get("birthDate", []) + props.get("incorporationDate", []),
        countries=countries, identifiers=idents, programs=props.get("program", []) + props.get("topics", []),
        gender=props["gender"][0] if props.get("gender") else None,
    )


def load_ftm(path: Path | str, source: str | None = None) -> list[ListedEntity]:
    """Every screened entity of an FtM JSON-lines file."""
    out = []
    for data in _entities(Path(path)):
        entity = from_ftm(data, source)
        if entity is not None:
            out.append(entity)
    return out
