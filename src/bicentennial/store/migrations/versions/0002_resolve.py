"""resolve: runs, canonical ids, scored pairs, review judgements

Revision ID: 0002_resolve
Revises: 0001_foundation
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_resolve"
down_revision = "0001_foundation"
branch_labels = ("resolve",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "resolve_run",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("started_at", sa.String(32), nullable=False),
        sa.Column("finished_at", sa.String(32), nullable=True),
        sa.Column("entities", sa.Integer(), nullable=False),
        sa.Column("pairs", sa.Integer(), nullable=False),
        sa.Column("clusters", sa.Integer(), nullable=False),
        sa.Column("params", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resolve_run")),
    )
    op.create_index(op.f("ix_resolve_run_scope_kind"), "resolve_run", ["scope", "kind"])
    op.create_table(
        "resolve_canonical",
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("canonical_id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("run_id", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("scope", "entity_id", name=op.f("pk_resolve_canonical")),
    )
    op.create_index(op.f("ix_resolve_canonical_scope_canonical_id"), "resolve_canonical",
                    ["scope", "canonical_id"])
    op.create_table(
        "resolve_pair",
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("entity_a", sa.String(64), nullable=False),
        sa.Column("entity_b", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("match_weight", sa.Float(), nullable=False),
        sa.Column("match_probability", sa.Float(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("run_id", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("scope", "entity_a", "entity_b", name=op.f("pk_resolve_pair")),
    )
    op.create_index(op.f("ix_resolve_pair_scope_match_probability"), "resolve_pair",
                    ["scope", "match_probability"])
    op.create_table(
        "resolve_judgement",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("entity_a", sa.String(64), nullable=False),
        sa.Column("entity_b", sa.String(64), nullable=False),
        sa.Column("decision", sa.String(12), nullable=False),
        sa.Column("reviewer", sa.String(128), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("deleted_at", sa.String(32), nullable=True),
        sa.Column("deleted_by", sa.String(128), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resolve_judgement")),
    )
    op.create_index(op.f("ix_resolve_judgement_scope_entity_a_entity_b"), "resolve_judgement",
                    ["scope", "entity_a", "entity_b"])


def downgrade() -> None:
    op.drop_table("resolve_judgement")
    op.drop_table("resolve_pair")
    op.drop_table("resolve_canonical")
    op.drop_table("resolve_run")
