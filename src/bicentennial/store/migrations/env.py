"""Alembic environment: runs against the connection handed in by `store.migrate`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from bicentennial.store.db import get_engine
from bicentennial.store.tables import metadata, register_area_tables

config = context.config
register_area_tables()  # so autogenerate sees every area's tables


def run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    with get_engine(config.get_main_option("sqlalchemy.url")).begin() as conn:
        run(conn)
