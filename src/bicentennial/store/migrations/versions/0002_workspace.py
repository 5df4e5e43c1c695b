"""workspace: search index, investigations, watches, notifications

Revision ID: 0002_workspace
Revises: 0001_foundation
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_workspace"
down_revision = "0001_foundation"
branch_labels = ("workspace",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_doc",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("statement_id", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("schema", sa.String(length=64), nullable=False),
        sa.Column("prop", sa.String(length=64), nullable=False),
        sa.Column("agency", sa.String(length=16), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("sharing", sa.String(length=12), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("first_seen", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_doc")),
        sa.UniqueConstraint("statement_id", name=op.f("uq_search_doc_statement_id")),
    )
    op.create_index(op.f("ix_search_doc_entity_id"), "search_doc", ["entity_id"])
    op.create_table(
        "search_state",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_search_state")),
    )
    # The incremental index reads statements by first_seen.
    op.create_index("ix_statement_first_seen", "statement", ["first_seen"])
    op.create_table(
        "investigation",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=128), nullable=False),
        sa.Column("agency", sa.String(length=16), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("sharing", sa.String(length=12), nullable=False),
        sa.Column("layout", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_investigation")),
    )
    op.create_index(op.f("ix_investigation_owner"), "investigation", ["owner"])
    op.create_index(op.f("ix_investigation_agency"), "investigation", ["agency"])
    op.create_table(
        "investigation_entity",
        sa.Column("investigation_id", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("added_by", sa.String(length=128), nullable=False),
        sa.Column("added_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("investigation_id", "entity_id", name=op.f("pk_investigation_entity")),
    )
    op.create_table(
        "investigation_note",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("investigation_id", sa.String(length=32), nullable=False),
        sa.Column("author", sa.String(length=128), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_investigation_note")),
    )
    op.create_index(op.f("ix_investigation_note_investigation_id"), "investigation_note", ["investigation_id"])
    op.create_table(
        "watch",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("owner", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("filters", sa.Text(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("mark", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch")),
    )
    op.create_index(op.f("ix_watch_owner"), "watch", ["owner"])
    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("owner", sa.String(length=128), nullable=False),
        sa.Column("watch_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("read_at", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
    )
    op.create_index(op.f("ix_notification_owner_read_at"), "notification", ["owner", "read_at"])
    from bicentennial.access.search import create_index_objects

    create_index_objects(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS search_doc_ai")
        op.execute("DROP TRIGGER IF EXISTS search_doc_ad")
        op.execute("DROP TABLE IF EXISTS search_fts")
    for name in ("notification", "watch", "investigation_note", "investigation_entity", "investigation",
                 "search_state", "search_doc"):
        op.drop_table(name)
    op.drop_index("ix_statement_first_seen", table_name="statement")
