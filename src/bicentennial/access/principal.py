"""Who is asking: a user of an agency with roles, or the anonymous public."""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("analyst", "supervisor", "admin", "auditor")


@dataclass(frozen=True)
class Principal:
    name: str
    agency: str | None  # None for the public
    country: str | None  # "us" or "mx"; None for the public
    roles: frozenset[str] = frozenset()

    @property
    def is_public(self) -> bool:
        return self.agency is None

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


PUBLIC = Principal(name="public", agency=None, country=None, roles=frozenset())


def system_principal(agency: str, country: str) -> Principal:
    """A principal for command-line work done on an agency's behalf (ingest, demo load)."""
    return Principal(name=f"system:{agency}", agency=agency, country=country, roles=frozenset({"admin"}))
