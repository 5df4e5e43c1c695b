"""Platform indicators: aggregates of public-level statements, small cells suppressed.

Only statements with sharing == 'public' are counted, as distinct entities per quarter of first
sharing (and country of the sharing agency). A cell smaller than `k` (default: settings,
BICENTENNIAL_SUPPRESSION_K = 11, as in CTDC's public releases) is published as suppressed, never as
a number; totals are computed from unsuppressed cells only and flagged when any cell was withheld,
so a suppressed cell cannot be recovered by subtraction. No record-level value leaves this module.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from bicentennial.settings import get_settings
from bicentennial.store.tables import statement


def quarter_of(month: str) -> str:
    """'2024-05' -> '2024Q2'."""
    year, mon = month[:4], int(month[5:7])
    return f"{year}Q{(mon - 1) // 3 + 1}"


def platform_counts(conn: Connection, schemata: list[str] | None = None,
                    k: int | None = None) -> list[dict[str, Any]]:
    """Distinct public entities per (quarter, country) of first sharing, optionally of some schemata."""
    k = get_settings().suppression_k if k is None else k
    month = func.substr(statement.c.first_seen, 1, 7).label("month")
    # First sharing month of each entity (its earliest public statement), per sharing country.
    first = (
        select(statement.c.entity_id, statement.c.country, func.min(month).label("month"))
        .where(statement.c.sharing == "public")
        .group_by(statement.c.entity_id, statement.c.country)
    )
    if schemata:
        first = first.where(statement.c.schema.in_(schemata))
    sub = first.subquery()
    query = select(sub.c.month, sub.c.country, func.count().label("n")).group_by(sub.c.month, sub.c.country)
    cells: dict[tuple[str, str], int] = {}
    for row in conn.execute(query):
        key = (quarter_of(row.month), row.country)
        cells[key] = cells.get(key, 0) + int(row.n)
    out = []
    for (quarter, country), n in sorted(cells.items()):
        out.append({"period": quarter, "country": country, "n": n if n >= k else None, "suppressed": n < k})
    return out


def platform_totals(cells: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per-quarter totals of the published cells, with `partial` where a cell was suppressed."""
    totals: dict[str, dict[str, Any]] = {}
    for cell in cells:
        t = totals.setdefault(cell["period"], {"period": cell["period"], "n": 0, "partial": False})
        if cell["suppressed"]:
            t["partial"] = True
        else:
            t["n"] += cell["n"]
    return [totals[p] for p in sorted(totals)]
