"""The OFAC SDN list as records of the store, so that its `Linked To:` relations are edges
of the network.

OFAC's remarks name the entries an entry is linked to ("Linked To: LOS CUINIS."): by name,
not by entry number. `sdn_records` matches each name to the list's own entries (primary
names and strong aliases, compared without case, accents or punctuation) and makes an
`UnknownLink` record (subject → object, role "Linked To") for each name that names exactly
one entry. A name that names no entry, or several, is not linked: it is reported, with the
entry that gave it. With a program filter, the entries of those programs are published
with the entries they are linked to (one step), so that no link of theirs is cut.

`publish` writes the records as a FollowTheMoney entity file and ingests it with the ingest
pipeline as the agency OFAC, sharing level `public`: every principal's graph has them,
every statement keeps its provenance (batch, file, row), values that fail validation are
quarantined like any feed's, and publishing the same list again adds nothing. Entity ids
are the screening index's (`ofac-sdn-<entry number>`), so a screening alert and the graph
name the listed entry alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine

from bicentennial.network.derive import LISTED_TOPIC
from bicentennial.screen.entity import ListedEntity
from bicentennial.screen.ofac import SOURCE

AGENCY = "OFAC"
SHARING = "public"
ROLE = "Linked To"
_IDENTIFIERS = frozenset({"curp", "rfc", "passportNumber", "phone", "idNumber"})
_PREFIX = f"{AGENCY.lower()}-"  # what the ingest puts before an FtM id of AGENCY (`ftm_entity_id`)


@dataclass
class Published:
    """What `sdn_records` made of a list, and (after `publish`) what the store took."""

    records: list[dict[str, Any]] = field(default_factory=list)  # FtM entities, the links last
    entries: int = 0
    links: int = 0
    unmatched: list[tuple[str, str]] = field(default_factory=list)  # (entry id, name)
    ambiguous: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (entry id, name, entries)
    summary: Any = None  # the ingest's IngestSummary
    delisted: list[str] = field(default_factory=list)  # published before, no longer on the list


def name_key(name: str) -> str:
    """A name as `Linked To:` is matched: upper case, no accents, punctuation as spaces."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", text.upper()).split())


def _ftm_id(entity: ListedEntity) -> str:
    """The id in the FtM file whose ingest (as OFAC) gives the screening index's id."""
    return entity.id[len(_PREFIX):] if entity.id.startswith(_PREFIX) else entity.id


def _properties(entity: ListedEntity) -> dict[str, list[str]]:
    """The index's FtM view of an entry (`ListedEntity.properties`), made to fit the store's
    schemata: programs as `programId`, a person's countries as nationalities, CURP and RFC
    under their own properties, the links left to records of their own."""
    props = entity.properties()
    for prop in ("linkedTo", "passportNumber", "idNumber"):
        props.pop(prop, None)
    if "program" in props:
        props["programId"] = props.pop("program")
    props["topics"] = [LISTED_TOPIC]
    if entity.schema == "Person":
        if "country" in props:
            props["nationality"] = props.pop("country")
        if "gender" in props:
            props["gender"] = [g.lower() for g in props["gender"]]
    else:
        props.pop("birthDate", None)
        props.pop("gender", None)
    if entity.schema in ("Person", "Organization", "Company", "LegalEntity"):
        for kind, values in sorted(entity.identifiers.items()):
            prop = {"curp": "curp", "rfc": "rfc", "phone": "phone"}.get(kind, "idNumber")
            if kind == "passport":
                prop = "passportNumber" if entity.schema == "Person" else "idNumber"
            props.setdefault(prop, []).extend(sorted(values))
    return _valid(entity.schema, props)


def _valid(schema: str, props: dict[str, list[str]]) -> dict[str, list[str]]:
    """`props` with each value our validators reject moved where it is kept as it is: an
    identifier to `idNumber` (the list gives a person's RFC without its homoclave, or one
    whose check digit fails, which the `rfc` property refuses), anything else to `notes`
    as "property: value". The ingest would quarantine the whole entry for one such value,
    and the entry and its links would be missing from the graph."""
    from bicentennial.records.validate import validate_value

    out: dict[str, list[str]] = defaultdict(list)
    for prop, values in props.items():
        for value in values:
            if validate_value(schema, prop, value)[1] is None:
                out[prop].append(value)
            elif prop in _IDENTIFIERS and validate_value(schema, "idNumber", value)[1] is None:
                out["idNumber"].append(value)
            else:
                out["notes"].append(f"{prop}: {value}")
    return {prop: list(dict.fromkeys(values)) for prop, values in out.items()}


def sdn_records(entities: list[ListedEntity], programs: Iterable[str] | None = None) -> Published:
    """FtM records of the SDN entries (of `programs`, and the entries they are linked to)
    and of their `Linked To:` relations that name exactly one entry."""
    by_name: dict[str, set[str]] = defaultdict(set)
    by_id = {e.id: e for e in entities}
    for entity in entities:
        for name in entity.names:
            by_name[name_key(name)].add(entity.id)
    wanted = set(programs or ())
    chosen = [e for e in entities if not wanted or wanted & set(e.programs)]
    out = Published()
    links: list[tuple[str, str]] = []
    for entity in chosen:
        for name in entity.linked_to:
            found = sorted(by_name.get(name_key(name), ()))
            if len(found) == 1 and found[0] != entity.id:
                links.append((entity.id, found[0]))
            elif len(found) > 1:
                out.ambiguous.append((entity.id, name, found))
            elif not found:
                out.unmatched.append((entity.id, name))
    linked = {b for _a, b in links}
    published = chosen + [by_id[i] for i in sorted(linked - {e.id for e in chosen})]
    for entity in published:
        out.records.append({"id": _ftm_id(entity), "schema": entity.schema, "properties": _properties(entity)})
    for a, b in dict.fromkeys(links):
        source, target = by_id[a], by_id[b]
        out.records.append({"id": f"{_ftm_id(source)}-linked-{target.source_id}", "schema": "UnknownLink",
                            "properties": {"subject": [_ftm_id(source)], "object": [_ftm_id(target)],
                                           "role": [ROLE]}})
        out.links += 1
    out.entries = len(published)
    return out


def write_ftm(published: Published, path: Path) -> Path:
    """The records as a FollowTheMoney entity file (JSON lines)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        for record in published.records:
            fh.write(orjson.dumps(record) + b"\n")
    return path


def default_file() -> Path:
    from bicentennial.screen.index import default_path

    return default_path().parent / f"{SOURCE}.ftm.jsonl"


def publish(engine: Engine, folder: Path | None = None, programs: Iterable[str] | None = None,
            path: Path | None = None, actor: str = "system:OFAC") -> Published:
    """Load the SDN list (from `folder`, default the repository's copy), make its records
    (`sdn_records`), write them to `path` (default beside the screening index) and ingest
    them as OFAC, `public`."""
    from bicentennial.ingest import ingest_file
    from bicentennial.screen.ofac import DEFAULT_DIR, load_sdn

    entities = load_sdn(folder or DEFAULT_DIR)
    published = sdn_records(entities, programs)
    target = write_ftm(published, path or default_file())
    published.summary = ingest_file(engine, target, agency=AGENCY, sharing=SHARING, actor=actor)
    published.delisted = no_longer_listed(engine, {e.id for e in entities})
    return published


def no_longer_listed(engine: Engine, listed: set[str]) -> list[str]:
    """Entries published earlier that the list no longer holds. The store keeps every
    statement it was given, so they stay in the network as they were: reported, for a
    person to decide what to do, not removed."""
    from sqlalchemy import select

    from bicentennial.store.tables import statement

    with engine.connect() as conn:
        stored = conn.execute(select(statement.c.entity_id).distinct().where(
            statement.c.agency == AGENCY, statement.c.schema != "UnknownLink",
            statement.c.entity_id.like(f"{SOURCE}-%"))).scalars().all()
    return sorted(set(stored) - listed)
