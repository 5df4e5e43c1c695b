"""Create or upgrade the database schema with Alembic (idempotent).

Areas that own tables (resolve, network, ...) add revisions on their own branch
(`branch_labels`), all starting from the foundation revision, so we always
upgrade to `heads`.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from bicentennial.store.db import get_engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def migrate(engine: Engine | None = None) -> None:
    """Bring the database to the newest schema."""
    engine = engine or get_engine()
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")
