"""statement split: provenance + statement_data tables, read through the `statement` view

Revision ID: 0003_statement_split
Revises: 0001_foundation (after 0002_workspace)

The wide `statement` table carried the columns every statement of a batch shares
(agency, country, sharing, batch, time) on every row, under three B-trees. It becomes
`provenance` (one row per batch) and `statement_data` (one narrow row per statement),
and a view of the same name and shape, so readers are unchanged. Existing rows are
carried over.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bicentennial.store.tables import STATEMENT_VIEW_SQL

revision = "0003_statement_split"
down_revision = "0001_foundation"
branch_labels = ("store",)
depends_on = "0002_workspace"  # which indexed the old table's first_seen


def _seq() -> sa.types.TypeEngine:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "provenance",
        sa.Column("seq", _seq(), autoincrement=True, nullable=False),
        sa.Column("batch_id", sa.String(length=32), nullable=False),
        sa.Column("agency", sa.String(length=16), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("sharing", sa.String(length=12), nullable=False),
        sa.Column("seen_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_provenance")),
    )
    op.create_index(op.f("ix_provenance_batch_id"), "provenance", ["batch_id"])
    op.create_index(op.f("ix_provenance_seen_at"), "provenance", ["seen_at"])
    op.create_table(
        "statement_data",
        sa.Column("seq", _seq(), autoincrement=True, nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("schema", sa.String(length=64), nullable=False),
        sa.Column("prop", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("original_value", sa.Text(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=True),
        sa.Column("prov", _seq(), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=True),
        sa.Column("source_key", sa.Text(), nullable=True),
        sa.Column("last_seen", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_statement_data")),
        sa.UniqueConstraint("entity_id", "id", name=op.f("uq_statement_data_entity_id_id")),
    )
    op.create_index(op.f("ix_statement_data_prov"), "statement_data", ["prov"])
    op.execute(
        "INSERT INTO provenance (batch_id, agency, country, sharing, seen_at) "
        "SELECT DISTINCT batch_id, agency, country, sharing, first_seen FROM statement "
        "ORDER BY first_seen, batch_id, agency, country, sharing"
    )
    op.execute(
        'INSERT INTO statement_data (entity_id, id, "schema", prop, value, original_value, search_text, prov, '
        "source_row, source_key, last_seen) "
        'SELECT s.entity_id, s.id, s."schema", s.prop, s.value, s.original_value, s.search_text, p.seq, '
        "s.source_row, s.source_key, CASE WHEN s.last_seen > s.first_seen THEN s.last_seen END "
        "FROM statement s JOIN provenance p ON p.batch_id = s.batch_id AND p.agency = s.agency "
        "AND p.country = s.country AND p.sharing = s.sharing AND p.seen_at = s.first_seen "
        "ORDER BY p.seq, s.entity_id, s.id"
    )
    op.drop_index("ix_statement_first_seen", table_name="statement")
    op.drop_index(op.f("ix_statement_entity_id"), table_name="statement")
    op.drop_table("statement")
    op.execute(STATEMENT_VIEW_SQL)


def downgrade() -> None:
    op.execute("DROP VIEW statement")
    op.create_table(
        "statement",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("schema", sa.String(length=64), nullable=False),
        sa.Column("prop", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("original_value", sa.Text(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=True),
        sa.Column("agency", sa.String(length=16), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("sharing", sa.String(length=12), nullable=False),
        sa.Column("batch_id", sa.String(length=32), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=True),
        sa.Column("source_key", sa.Text(), nullable=True),
        sa.Column("first_seen", sa.String(length=32), nullable=False),
        sa.Column("last_seen", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement")),
    )
    op.execute(
        'INSERT INTO statement (id, entity_id, "schema", prop, value, original_value, search_text, agency, '
        "country, sharing, batch_id, source_row, source_key, first_seen, last_seen) "
        'SELECT s.id, s.entity_id, s."schema", s.prop, s.value, s.original_value, s.search_text, p.agency, '
        "p.country, p.sharing, p.batch_id, s.source_row, s.source_key, p.seen_at, "
        "COALESCE(s.last_seen, p.seen_at) FROM statement_data s JOIN provenance p ON p.seq = s.prov"
    )
    op.create_index(op.f("ix_statement_entity_id"), "statement", ["entity_id"])
    op.create_index("ix_statement_first_seen", "statement", ["first_seen"])
    op.drop_table("statement_data")
    op.drop_table("provenance")
