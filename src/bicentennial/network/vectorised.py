"""The derivation of `derive.py`, set-at-a-time: the same nodes, edges (same ordinals),
statements and guesses, computed by DuckDB joins over the statement table instead of a
Python loop per record. `derive.py` is the readable specification; a test holds the two
equal. What the model says about each (schema, property) is first flattened into a small
role table, so the whole derivation is a handful of joins and window functions.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from bicentennial.network.derive import LISTED_TOPIC, Edge, Node, _most_specific
from bicentennial.network.model import (
    COOCCURRENCE,
    MAX_COOCCURRENCE,
    PAIRED_REFS,
    REFERENCE,
    SIDE_OF,
    schema_specs,
)


def _roles() -> pa.Table:
    """(schema, prop, role, rank, aux, label): what each property of each schema is to the graph."""
    rows: dict[str, list[Any]] = defaultdict(list)

    def add(schema: str, prop: str, role: str, rank: int = 0, aux: str | None = None, label: str = "") -> None:
        for key, value in (("schema", schema), ("prop", prop), ("role", role), ("rank", rank), ("aux", aux),
                           ("label", label)):
            rows[key].append(value)

    for name, spec in schema_specs().items():
        if not spec.edge:
            for rank, prop in enumerate(dict.fromkeys(("name", *spec.captions))):
                add(name, prop, "caption", rank)
        if not spec.refs:
            continue
        for rank, prop in enumerate(spec.dates):
            add(name, prop, "date", rank)
        for rank, prop in enumerate(spec.end_dates):
            add(name, prop, "end", rank)
        for rank, prop in enumerate(spec.amounts):
            add(name, prop, "amount", rank)
        for prop, rng in spec.refs.items():
            add(name, prop, "range", 0, rng)
        if spec.edge and spec.source and spec.target:
            add(name, spec.source, "src", 0, None, spec.label)
            add(name, spec.target, "dst", 0, None, spec.label)
            for rank, (left, right) in enumerate(PAIRED_REFS.get(name, ())):
                if left in spec.refs and right in spec.refs:
                    add(name, left, "left", rank, None, spec.label)
                    add(name, right, "right", rank, None, spec.label)
            for rank, (side, holder) in enumerate(SIDE_OF.items()):
                if side in spec.refs:
                    add(name, side, "side", rank, holder, spec.ref_labels.get(side, side))
        else:
            for prop in spec.refs:
                add(name, prop, "ref", 0, None, spec.ref_labels.get(prop, prop))
        for prop in spec.refs if spec.edge else spec.legal_refs:
            if prop not in SIDE_OF:
                add(name, prop, "part")
    return pa.table(rows, schema=pa.schema([("schema", pa.string()), ("prop", pa.string()),
                                            ("role", pa.string()), ("rank", pa.int32()), ("aux", pa.string()),
                                            ("label", pa.string())]))


def _specs_table() -> pa.Table:
    specs = schema_specs()
    return pa.table({"schema": list(specs), "edge": [s.edge for s in specs.values()],
                     "directed": [s.directed for s in specs.values()],
                     "has_refs": [bool(s.refs) for s in specs.values()]})


def _arrow(con: Any, query: str) -> pa.Table:
    out = con.sql(query).to_arrow_table()
    return out if isinstance(out, pa.Table) else out.read_all()


def _entity_schemata(con: Any) -> pa.Table:
    """The most specific schema of each entity (set-at-a-time; Python only for the few with several)."""
    single = _arrow(con, """
        SELECT entity_id, min(schema) AS schema, count(DISTINCT schema) AS n,
               list(DISTINCT schema) AS schemata
        FROM st GROUP BY entity_id""")
    several = pc.greater(single["n"], 1)
    if pc.any(several).as_py():
        schemata = single["schema"].to_pylist()
        for i in pc.indices_nonzero(several).to_pylist():
            schemata[i] = _most_specific(set(single["schemata"][i].as_py()))
        return pa.table({"entity_id": single["entity_id"], "schema": pa.array(schemata, pa.string())})
    return single.select(["entity_id", "schema"])


EDGES_SQL = f"""
WITH
s AS (SELECT st.id, st.entity_id, es.schema, st.prop, st.value
      FROM st JOIN es USING (entity_id) JOIN specs ON specs.schema = es.schema WHERE specs.has_refs),
r AS (SELECT s.*, roles.role, roles.rank, roles.aux, roles.label
      FROM s JOIN roles ON roles.schema = s.schema AND roles.prop = s.prop),
-- start date: the first date property with values, its least (value, id); end: its greatest
starts AS (SELECT entity_id, value AS date, id AS date_id FROM (
             SELECT *, row_number() OVER (PARTITION BY entity_id ORDER BY rank, value, id) AS k
             FROM r WHERE role = 'date') WHERE k = 1),
ends AS (SELECT entity_id, value AS "end", id AS end_id FROM (
           SELECT *, row_number() OVER (PARTITION BY entity_id ORDER BY rank, value DESC, id DESC) AS k
           FROM r WHERE role = 'end') WHERE k = 1),
amounts AS (SELECT entity_id, value AS amount, id AS amount_id FROM (
              SELECT *, row_number() OVER (PARTITION BY entity_id ORDER BY rank, value, id) AS k
              FROM r WHERE role = 'amount') WHERE k = 1),
main AS (
  SELECT a.entity_id, 0 AS grp, 0 AS g2, a.value AS k1, a.id AS k2, b.value AS k3, b.id AS k4,
         a.value AS source, b.value AS target, a.id AS source_id, b.id AS target_id,
         a.schema AS type, a.label, NULL AS prop, NULL::BOOLEAN AS directed_override
  FROM r a JOIN r b ON a.entity_id = b.entity_id AND a.role = 'src' AND b.role = 'dst'
  WHERE a.value <> b.value
  UNION ALL
  SELECT a.entity_id, 1, a.rank, a.value, a.id, b.value, b.id, a.value, b.value, a.id, b.id,
         a.schema, a.label, NULL, NULL
  FROM r a JOIN r b ON a.entity_id = b.entity_id AND a.role = 'left' AND b.role = 'right' AND a.rank = b.rank
  WHERE a.value <> b.value
  UNION ALL
  SELECT acc.entity_id, 2, acc.rank, acc.value, acc.id, h.value, h.id, h.value, acc.value, h.id, acc.id,
         '{REFERENCE}', acc.label, acc.prop, TRUE
  FROM r acc JOIN s h ON acc.entity_id = h.entity_id AND acc.role = 'side' AND h.prop = acc.aux
  WHERE acc.value <> h.value
  UNION ALL
  SELECT entity_id, 3, 0, prop, value, id, NULL, entity_id, value, id, id, '{REFERENCE}', label, prop, TRUE
  FROM r WHERE role = 'ref' AND value <> entity_id
),
parts AS (SELECT entity_id, value, id FROM (
            SELECT *, row_number() OVER (PARTITION BY entity_id, value ORDER BY prop, id) AS k
            FROM r WHERE role = 'part') WHERE k = 1),
counted AS (SELECT *, count(*) OVER (PARTITION BY entity_id) AS n FROM parts),
co AS (
  SELECT a.entity_id, 4 AS grp, 0 AS g2, a.value AS k1, b.value AS k2, NULL AS k3, NULL AS k4,
         a.value AS source, b.value AS target, a.id AS source_id, b.id AS target_id,
         '{COOCCURRENCE}' AS type, '' AS label, NULL AS prop, FALSE AS directed_override
  FROM counted a JOIN counted b ON a.entity_id = b.entity_id AND a.value < b.value
  WHERE a.n BETWEEN 2 AND {MAX_COOCCURRENCE}
    AND NOT EXISTS (SELECT 1 FROM main m WHERE m.entity_id = a.entity_id
                    AND least(m.source, m.target) = a.value AND greatest(m.source, m.target) = b.value)
),
everything AS (SELECT * FROM main UNION ALL SELECT * FROM co)
SELECT e.entity_id AS record,
       (row_number() OVER (PARTITION BY e.entity_id ORDER BY grp, g2, k1, k2, k3, k4) - 1)::INTEGER AS ordinal,
       e.source, e.target, e.type, e.label, e.prop,
       coalesce(e.directed_override, specs.directed) AS directed,
       starts.date, ends."end", amounts.amount,
       -- the statements it was built from; only a record's reference to what it names
       -- has source and target from one statement
       list_filter([e.source_id, CASE WHEN e.target_id <> e.source_id THEN e.target_id END, starts.date_id,
                    ends.end_id, amounts.amount_id], lambda x: x IS NOT NULL) AS statements
FROM everything e
JOIN es USING (entity_id) JOIN specs USING (schema)
LEFT JOIN starts USING (entity_id) LEFT JOIN ends USING (entity_id) LEFT JOIN amounts USING (entity_id)
"""

NODES_SQL = f"""
WITH labels AS (
  SELECT entity_id, value FROM (
    SELECT st.entity_id, st.value,
           row_number() OVER (PARTITION BY st.entity_id ORDER BY roles.rank, st.value, st.id) AS k
    FROM st JOIN es USING (entity_id)
    JOIN roles ON roles.schema = es.schema AND roles.prop = st.prop AND roles.role = 'caption') WHERE k = 1
), listed AS (
  SELECT DISTINCT entity_id, true AS listed FROM st WHERE prop = 'topics' AND value = '{LISTED_TOPIC}')
SELECT es.entity_id, coalesce(labels.value, es.entity_id) AS label, es.schema,
       coalesce(listed.listed, false) AS listed
FROM es LEFT JOIN specs USING (schema) LEFT JOIN labels USING (entity_id) LEFT JOIN listed USING (entity_id)
WHERE specs.edge IS NULL OR NOT specs.edge
"""

GUESSES_SQL = """
SELECT st.value, min(roles.aux) AS schema, count(DISTINCT roles.aux) AS n, list(DISTINCT roles.aux) AS ranges
FROM st JOIN es USING (entity_id) JOIN roles ON roles.schema = es.schema AND roles.prop = st.prop
WHERE roles.role = 'range'
GROUP BY st.value
"""


def derive_arrow(table: pa.Table) -> tuple[dict[str, Node], list[Edge], dict[str, str]]:
    """Nodes, edges and range-schema guesses of the (prefiltered) statements in `table`."""
    import duckdb

    con = duckdb.connect()
    try:
        con.execute("SET threads TO 2")
        st = table.select(["id", "entity_id", "schema", "prop", "value"])
        con.register("st", st)
        con.register("roles", _roles())
        con.register("specs", _specs_table())
        con.register("es", _entity_schemata(con))
        edges_t = _arrow(con, EDGES_SQL)
        nodes_t = _arrow(con, NODES_SQL)
        guesses_t = _arrow(con, GUESSES_SQL)
    finally:
        con.close()
    nodes = {eid: Node(eid, label, schema, listed) for eid, label, schema, listed in zip(
        nodes_t["entity_id"].to_pylist(), nodes_t["label"].to_pylist(), nodes_t["schema"].to_pylist(),
        nodes_t["listed"].to_pylist(), strict=True)}
    guesses = dict(zip(guesses_t["value"].to_pylist(), guesses_t["schema"].to_pylist(), strict=True))
    several = pc.greater(guesses_t["n"], 1)
    if pc.any(several).as_py():
        for row in guesses_t.filter(several).select(["value", "ranges"]).to_pylist():
            guesses[row["value"]] = _most_specific(set(row["ranges"]))
    c = {name: edges_t[name].to_pylist() for name in edges_t.column_names}
    edges = [
        Edge(record, ordinal, source, target, type_, label or "", prop, directed, date, end, amount, tuple(stmts))
        for record, ordinal, source, target, type_, label, prop, directed, date, end, amount, stmts in zip(
            c["record"], c["ordinal"], c["source"], c["target"], c["type"], c["label"], c["prop"], c["directed"],
            c["date"], c["end"], c["amount"], c["statements"], strict=True)
    ]
    return nodes, edges, guesses
