"""Which Framework lines of action each record schema serves (lines.yaml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

LINES_FILE = Path(__file__).parent / "lines.yaml"


@cache
def schema_lines() -> dict[str, tuple[str, ...]]:
    with LINES_FILE.open(encoding="utf-8") as fh:
        data: dict[str, list[str]] = yaml.safe_load(fh)
    return {name: tuple(str(code) for code in codes) for name, codes in data.items()}


def lines_for_schema(name: str) -> tuple[str, ...]:
    """Line-of-action codes of a schema; () for a schema we do not map."""
    return schema_lines().get(name, ())


def schemata_for_line(code: str) -> tuple[str, ...]:
    """Schemata serving a line of action, in lines.yaml order."""
    return tuple(name for name, codes in schema_lines().items() if code in codes)
