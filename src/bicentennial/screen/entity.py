"""A listed entity and a screening query: the two sides of a match."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PERSON = "Person"
# Schemata a query of each kind may match (FtM: a LegalEntity query matches persons too).
COMPATIBLE: dict[str, frozenset[str]] = {
    "Person": frozenset({"Person", "LegalEntity"}),
    "Company": frozenset({"Company", "Organization", "LegalEntity"}),
    "Organization": frozenset({"Company", "Organization", "LegalEntity"}),
    "LegalEntity": frozenset({"Person", "Company", "Organization", "LegalEntity"}),
    "Vessel": frozenset({"Vessel"}),
    "Airplane": frozenset({"Airplane"}),
    "Thing": frozenset({"Person", "Company", "Organization", "LegalEntity", "Vessel", "Airplane"}),
}

# FtM properties read as identifiers (query side and FtM list side), with our kind.
ID_PROPS: dict[str, str] = {
    "idNumber": "id", "passportNumber": "passport", "taxNumber": "id", "registrationNumber": "id",
    "innCode": "id", "ogrnCode": "id", "leiCode": "id", "vatCode": "id", "imoNumber": "id",
    "mmsi": "id", "swiftBic": "id", "curp": "curp", "rfc": "rfc", "phone": "phone",
}


@dataclass
class ListedEntity:
    """One entry of a sanctions list, as the matcher needs it."""

    id: str  # unique across lists: "<source>-<source_id>"
    source: str  # e.g. "ofac-sdn", or the FtM dataset
    source_id: str  # the list's own identifier (SDN entry number)
    schema: str
    caption: str
    names: list[str] = field(default_factory=list)  # primary name first, then strong aliases
    weak_aliases: list[str] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)  # ISO, possibly partial (YYYY, YYYY-MM)
    countries: set[str] = field(default_factory=set)  # ISO-3166 alpha-2, lower-case
    identifiers: dict[str, set[str]] = field(default_factory=dict)  # kind → normalised values
    programs: list[str] = field(default_factory=list)
    linked_to: list[str] = field(default_factory=list)
    gender: str | None = None
    remarks: str | None = None

    def properties(self) -> dict[str, list[str]]:
        """FtM-style properties for API results."""
        props: dict[str, list[str]] = {"name": [self.names[0]] if self.names else [self.caption]}
        if len(self.names) > 1:
            props["alias"] = self.names[1:]
        if self.weak_aliases:
            props["weakAlias"] = list(self.weak_aliases)
        if self.birth_dates:
            props["birthDate"] = list(self.birth_dates)
        if self.countries:
            props["country"] = sorted(self.countries)
        if self.programs:
            props["program"] = list(self.programs)
        if self.gender:
            props["gender"] = [self.gender]
        for kind, values in sorted(self.identifiers.items()):
            props.setdefault("passportNumber" if kind == "passport" else "idNumber", []).extend(sorted(values))
        if self.linked_to:
            props["linkedTo"] = list(self.linked_to)
        return props


@dataclass
class Query:
    """What to screen: names plus optional qualifiers (yente's query by example)."""

    schema: str = "LegalEntity"
    names: list[str] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)
    identifiers: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def from_example(cls, schema: str, properties: dict[str, Any]) -> Query:
        """Build from FtM-style ``{"schema": ..., "properties": {...}}`` (values as lists or scalars)."""
        from bicentennial.resolve.identifiers import normalize
        from bicentennial.screen.countries import country_code

        def values(prop: str) -> list[str]:
            raw = properties.get(prop) or []
            items = raw if isinstance(raw, list) else [raw]
            return [str(v).strip() for v in items if v is not None and str(v).strip()]

        names = values("name") + values("alias")
        if not names:
            parts = values("firstName") + values("middleName") + values("lastName")
            if parts:
                names = [" ".join(parts)]
        idents: dict[str, set[str]] = {}
        for prop, kind in ID_PROPS.items():
            for value in values(prop):
                norm = normalize(kind, value)
                if norm:
                    idents.setdefault(kind, set()).add(norm)
        countries = {c for v in values("country") + values("nationality") + values("jurisdiction")
                     if (c := country_code(v))}
        return cls(schema=schema if schema in COMPATIBLE else "LegalEntity", names=names,
                   birth_dates=values("birthDate") + values("incorporationDate"), countries=countries,
                   identifiers=idents)
