"""statement_ref: which statements name an entity (see `access/refs.py`)

Revision ID: 0004_statement_ref
Revises: 0003_search_fts_bulk (after 0003_statement_split)

A table of the statements of entity-typed properties (their `seq` and value), indexed by
value, so that an entity profile finds the records that name the entity without scanning
every statement. Filled here from the statements already stored (about a tenth of them;
a minute or so on the 1M-record demo store); kept up to date by `access.refs.refresh`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bicentennial.access.refs import STATE_KEY, copy_sql, state

revision = "0004_statement_ref"
down_revision = "0003_search_fts_bulk"
branch_labels = None
depends_on = "0003_statement_split"


def upgrade() -> None:
    op.create_table(
        "statement_ref",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=False, nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_statement_ref")),
    )
    bind = op.get_bind()
    now = state(bind)  # what is stored from now on is copied by the first refresh
    bind.execute(sa.text(copy_sql(bind.dialect.name)))
    op.create_index(op.f("ix_statement_ref_value"), "statement_ref", ["value"])
    bind.execute(sa.text("INSERT INTO search_state (key, value) VALUES (:key, :value)"),
                 {"key": STATE_KEY, "value": now})


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM search_state WHERE key = 'statement_ref'"))
    op.drop_table("statement_ref")
