"""Tables of the screening area (Alembic branch ``screen``, revision 0002_screen)."""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, String, Table, Text

from bicentennial.store.tables import metadata

# A possible sanctions hit on one of our entities, for a person to confirm or dismiss.
screen_alert = Table(
    "screen_alert",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("entity_id", String(64), nullable=False),
    Column("entity_schema", String(64), nullable=False),
    Column("entity_caption", Text, nullable=False),
    Column("list_entity_id", String(128), nullable=False),  # e.g. ofac-sdn-6861
    Column("list_source", String(64), nullable=False),  # e.g. ofac-sdn
    Column("list_source_id", String(64), nullable=False),  # the list's own id (SDN entry number)
    Column("list_caption", Text, nullable=False),
    Column("score", Float, nullable=False),
    Column("explanation", Text, nullable=False),  # JSON: per-feature score and detail
    Column("status", String(16), nullable=False),  # open | confirmed | dismissed
    Column("created_by", String(128), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    Column("reviewer", String(128), nullable=True),
    Column("reason", Text, nullable=True),
    Column("decided_at", String(32), nullable=True),
    Index(None, "entity_id", "list_entity_id", unique=True),
    Index(None, "status"),
)

# The statements an alert was computed from: an alert is shown only to principals who may
# see every one of them.
screen_alert_statement = Table(
    "screen_alert_statement",
    metadata,
    Column("alert_id", String(32), primary_key=True),
    Column("statement_id", String(40), primary_key=True),
    Index(None, "statement_id"),
)
