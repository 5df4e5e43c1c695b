"""The sharing policy: the one place that decides which statements a principal may see.

Levels, from narrowest to widest:

| level | who sees the statements, record by record |
|---|---|
| originator | the sharing agency only |
| national | agencies of the sharing agency's country |
| binational | every participating agency of both countries |
| public | every participating agency; the public only as aggregates with small cells suppressed |

No role widens visibility: an admin or auditor of one agency sees no more records
than an analyst of the same agency (compartments hold for everybody).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, FromClause, and_, false, or_

from bicentennial.access.principal import Principal
from bicentennial.store.tables import statement

SHARING_LEVELS = ("originator", "national", "binational", "public")


def can_see(principal: Principal, agency: str, country: str, sharing: str) -> bool:
    """Python twin of `visibility_filter`, for values already in memory."""
    if principal.is_public:
        return False
    if sharing in ("binational", "public"):
        return True
    if sharing == "national":
        return country == principal.country
    if sharing == "originator":
        return agency == principal.agency
    return False


def visibility_filter(principal: Principal, table: FromClause = statement) -> ColumnElement[bool]:
    """The SQL condition on `table` (statement-shaped) that `principal` may read."""
    if principal.is_public:
        return false()
    return or_(
        table.c.sharing.in_(("binational", "public")),
        and_(table.c.sharing == "national", table.c.country == principal.country),
        and_(table.c.sharing == "originator", table.c.agency == principal.agency),
    )
