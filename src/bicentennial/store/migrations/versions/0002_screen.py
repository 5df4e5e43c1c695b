"""screen: sanctions screening alerts and the statements behind them

Revision ID: 0002_screen
Revises: 0001_foundation
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_screen"
down_revision = "0001_foundation"
branch_labels = ("screen",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "screen_alert",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("entity_schema", sa.String(64), nullable=False),
        sa.Column("entity_caption", sa.Text(), nullable=False),
        sa.Column("list_entity_id", sa.String(128), nullable=False),
        sa.Column("list_source", sa.String(64), nullable=False),
        sa.Column("list_source_id", sa.String(64), nullable=False),
        sa.Column("list_caption", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("reviewer", sa.String(128), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.String(32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screen_alert")),
    )
    op.create_index(op.f("ix_screen_alert_entity_id_list_entity_id"), "screen_alert",
                    ["entity_id", "list_entity_id"], unique=True)
    op.create_index(op.f("ix_screen_alert_status"), "screen_alert", ["status"])
    op.create_table(
        "screen_alert_statement",
        sa.Column("alert_id", sa.String(32), nullable=False),
        sa.Column("statement_id", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("alert_id", "statement_id", name=op.f("pk_screen_alert_statement")),
    )
    op.create_index(op.f("ix_screen_alert_statement_statement_id"), "screen_alert_statement", ["statement_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_screen_alert_statement_statement_id"), table_name="screen_alert_statement")
    op.drop_table("screen_alert_statement")
    op.drop_index(op.f("ix_screen_alert_status"), table_name="screen_alert")
    op.drop_index(op.f("ix_screen_alert_entity_id_list_entity_id"), table_name="screen_alert")
    op.drop_table("screen_alert")
