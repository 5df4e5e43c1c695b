"""Export of resolved entities: FtM JSON lines, and the clusters CSV for scoring.

`ftm_lines`: every entity the caller may see, with the members of a resolved
cluster merged into one entity whose id is the canonical id (values of all
members, each once), and every entity reference of the other entities
(Ownership.owner, Directorship.director, Family.person …) rewritten to the
canonical id — the shape `ftm` command-line tools read (`ftm validate`,
`ftm aggregate`, `ftm store`).

`clusters_csv`: one line per ingested record, `source_id` (the `id` column it
was ingested with: the statements' source_key), `entity_id` and
`canonical_id`, so anyone can score the clustering against their own truth.

Both read only statements visible to the caller (through `access`) and the
caller's own scope, and append an "export" audit event.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from typing import IO, Any

from sqlalchemy import Connection

from bicentennial.access.audit import AuditEvent, append
from bicentennial.access.principal import Principal
from bicentennial.access.records import visible_table
from bicentennial.resolve import features, pipeline


def _schema_merge(a: str, b: str) -> str:
    from followthemoney import model

    try:
        return str(model.common_schema(a, b).name)
    except Exception:  # noqa: BLE001 — unknown or incompatible schemata: keep the first
        return a


def _reference_props() -> dict[str, set[str]]:
    from followthemoney import model

    return {name: {p.name for p in schema.properties.values() if p.type.name == "entity"}
            for name, schema in model.schemata.items()}


def entities(conn: Connection, principal: Principal) -> Iterator[dict[str, Any]]:
    """Resolved FtM entities as dicts (id, schema, properties), sorted by id."""
    statements = visible_table(conn, principal, purpose="export")
    canonical = pipeline.canonical_ids(conn, principal)
    refs = _reference_props()
    merged: dict[str, dict[str, Any]] = {}
    cols = statements.select(["entity_id", "schema", "prop", "value"]).to_pydict()
    for eid, schema, prop, value in zip(cols["entity_id"], cols["schema"], cols["prop"], cols["value"],
                                        strict=True):
        cid = canonical.get(eid, eid)
        ent = merged.get(cid)
        if ent is None:
            ent = merged[cid] = {"id": cid, "schema": schema, "properties": defaultdict(list)}
        elif ent["schema"] != schema:
            ent["schema"] = _schema_merge(ent["schema"], schema)
        if prop in refs.get(schema, ()):
            value = canonical.get(value, value)
        if value not in ent["properties"][prop]:
            ent["properties"][prop].append(value)
    for cid in sorted(merged):
        ent = merged[cid]
        props = {k: sorted(v) for k, v in sorted(ent["properties"].items())}
        members = sorted(e for e, c in canonical.items() if c == cid) if cid.startswith("bic-") else []
        out: dict[str, Any] = {"id": cid, "schema": ent["schema"], "properties": props}
        if members:
            out["referents"] = members
        yield out


def ftm_lines(conn: Connection, principal: Principal, out: IO[str]) -> int:
    """Write FtM JSON lines; returns the number of entities."""
    n = 0
    for ent in entities(conn, principal):
        out.write(json.dumps(ent, ensure_ascii=False, sort_keys=True) + "\n")
        n += 1
    append(conn, AuditEvent.by(principal, "export", "resolve:ftm", entities=n))
    return n


def clusters_csv(conn: Connection, principal: Principal, out: IO[str]) -> int:
    """Write `source_id,entity_id,canonical_id`, one line per ingested record; returns the count."""
    schemata = features.PERSON_SCHEMATA + features.ORG_SCHEMATA
    statements = visible_table(conn, principal, purpose="export", schemata=schemata)
    canonical = pipeline.canonical_ids(conn, principal)
    cols = statements.select(["entity_id", "source_key", "batch_id", "source_row"]).to_pydict()
    seen: set[tuple[str, str]] = set()
    rows: list[tuple[str, str, str]] = []
    for eid, key, batch, row in zip(cols["entity_id"], cols["source_key"], cols["batch_id"], cols["source_row"],
                                    strict=True):
        source = key if key else f"{batch}:{row}"
        if (source, eid) in seen:
            continue
        seen.add((source, eid))
        rows.append((source, eid, canonical.get(eid, eid)))
    rows.sort()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["source_id", "entity_id", "canonical_id"])
    writer.writerows(rows)
    append(conn, AuditEvent.by(principal, "export", "resolve:clusters", records=len(rows)))
    return len(rows)
