"""Tables of record linkage, on the store's metadata (migration: 0002_resolve, branch "resolve").

Results are stored per *scope*: the agency of the principal that ran the
resolution. Visibility depends only on agency (and its country), so every user
of an agency sees exactly the statements the run saw, and no result computed
from one agency's view is ever shown to another agency.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, String, Table, Text

from bicentennial.store.tables import metadata

# One resolution run.
resolve_run = Table(
    "resolve_run",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("scope", String(16), nullable=False),
    Column("actor", String(128), nullable=False),
    Column("kind", String(16), nullable=False),  # person | organization
    Column("started_at", String(32), nullable=False),
    Column("finished_at", String(32), nullable=True),
    Column("entities", Integer, nullable=False, default=0),
    Column("pairs", Integer, nullable=False, default=0),
    Column("clusters", Integer, nullable=False, default=0),
    Column("params", Text, nullable=False, default="{}"),
    Index(None, "scope", "kind"),
)

# Canonical entity id of every entity a scope's run could see.
resolve_canonical = Table(
    "resolve_canonical",
    metadata,
    Column("scope", String(16), primary_key=True),
    Column("entity_id", String(64), primary_key=True),
    Column("canonical_id", String(32), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("run_id", String(32), nullable=False),
    Index(None, "scope", "canonical_id"),
)

# Scored candidate pairs (match probability >= the review threshold), with explanation.
resolve_pair = Table(
    "resolve_pair",
    metadata,
    Column("scope", String(16), primary_key=True),
    Column("entity_a", String(64), primary_key=True),  # entity_a < entity_b
    Column("entity_b", String(64), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("match_weight", Float, nullable=False),
    Column("match_probability", Float, nullable=False),
    Column("explanation", Text, nullable=False),  # JSON {comparison: [level, weight], prior: w}
    Column("run_id", String(32), nullable=False),
    Index(None, "scope", "match_probability"),
    Index(None, "scope", "entity_b"),  # a decision's cluster is found from either end of its pairs
)

# Human decisions; soft-deleted to reverse (deleted_at/deleted_by), never removed.
resolve_judgement = Table(
    "resolve_judgement",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scope", String(16), nullable=False),
    Column("entity_a", String(64), nullable=False),
    Column("entity_b", String(64), nullable=False),
    Column("decision", String(12), nullable=False),  # same | different | unsure
    Column("reviewer", String(128), nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("deleted_at", String(32), nullable=True),
    Column("deleted_by", String(128), nullable=True),
    Index(None, "scope", "entity_a", "entity_b"),
)
