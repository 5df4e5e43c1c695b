"""All configuration in one place, read from the environment.

| variable | default | meaning |
|---|---|---|
| BICENTENNIAL_DATABASE_URL | sqlite:///./var/bicentennial.db | system of record (SQLite or PostgreSQL) |
| BICENTENNIAL_VAR | ./var | folder for the embedded database and work files |
| BICENTENNIAL_LANG | en | language of messages (en or es) |
| BICENTENNIAL_SUPPRESSION_K | 11 | smallest published cell; smaller ones are suppressed |
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class Settings:
    database_url: str
    var_dir: Path
    lang: str
    suppression_k: int


def get_settings() -> Settings:
    var_dir = Path(os.environ.get("BICENTENNIAL_VAR", "var"))
    url = os.environ.get("BICENTENNIAL_DATABASE_URL") or f"sqlite:///{var_dir / 'bicentennial.db'}"
    lang = os.environ.get("BICENTENNIAL_LANG", "en")
    if lang not in LANGUAGES:
        lang = "en"
    return Settings(
        database_url=url,
        var_dir=var_dir,
        lang=lang,
        suppression_k=int(os.environ.get("BICENTENNIAL_SUPPRESSION_K", "11")),
    )
