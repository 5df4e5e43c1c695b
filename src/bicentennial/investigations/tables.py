"""Tables of the investigation workspace: investigations, their entities and notes,
watches and in-app notifications (on the shared `metadata`)."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, Text

from bicentennial.store.tables import metadata

# A named, saved set of entities. `sharing`: private (owner only), agency (the owner's
# agency) or binational (every participating agency). Sharing an investigation never
# widens what a reader sees of its entities: each is read through the access rules.
investigation = Table(
    "investigation",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("owner", String(128), nullable=False),
    Column("agency", String(16), nullable=False),
    Column("country", String(2), nullable=False),
    Column("sharing", String(12), nullable=False, default="private"),
    Column("layout", Text, nullable=False, default="{}"),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    Index(None, "owner"),
    Index(None, "agency"),
)

investigation_entity = Table(
    "investigation_entity",
    metadata,
    Column("investigation_id", String(32), primary_key=True),
    Column("entity_id", String(64), primary_key=True),
    Column("note", Text, nullable=False, default=""),
    Column("added_by", String(128), nullable=False),
    Column("added_at", String(32), nullable=False),
)

investigation_note = Table(
    "investigation_note",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("investigation_id", String(32), nullable=False),
    Column("author", String(128), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Index(None, "investigation_id"),
)

# A user's watch on an entity (`kind` entity, target = entity id) or a saved search
# (`kind` search, target = the query, `filters` JSON). `mark` is the newest first_seen
# of the statements already reported.
watch = Table(
    "watch",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("owner", String(128), nullable=False),
    Column("kind", String(12), nullable=False),
    Column("target", Text, nullable=False),
    Column("filters", Text, nullable=False, default="{}"),
    Column("label", String(200), nullable=False),
    Column("mark", String(32), nullable=False),
    Column("created_at", String(32), nullable=False),
    Index(None, "owner"),
)

notification = Table(
    "notification",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("owner", String(128), nullable=False),
    Column("watch_id", Integer, nullable=False),
    Column("entity_id", String(64), nullable=False),
    Column("records", Integer, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("read_at", String(32), nullable=True),
    Index(None, "owner", "read_at"),
)
