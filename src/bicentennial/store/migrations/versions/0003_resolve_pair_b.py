"""resolve: index scored pairs by their second entity

Revision ID: 0003_resolve_pair_b
Revises: 0002_resolve

A review decision re-clusters only the entities it can change: those linked to either
entity of the pair, found by walking the scored pairs from both ends. The primary key
serves lookups by `entity_a`; this index serves those by `entity_b`.
"""

from __future__ import annotations

from alembic import op

revision = "0003_resolve_pair_b"
down_revision = "0002_resolve"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_resolve_pair_scope_entity_b"), "resolve_pair", ["scope", "entity_b"])


def downgrade() -> None:
    op.drop_index(op.f("ix_resolve_pair_scope_entity_b"), table_name="resolve_pair")
