"""Who may see what, and the audit trail of everything that was seen or done."""

from bicentennial.access.audit import AuditEvent, append, verify
from bicentennial.access.policy import SHARING_LEVELS, can_see, visibility_filter
from bicentennial.access.principal import PUBLIC, ROLES, Principal, system_principal

__all__ = [
    "PUBLIC", "ROLES", "SHARING_LEVELS", "AuditEvent", "Principal", "append", "can_see",
    "system_principal", "verify", "visibility_filter",
]
