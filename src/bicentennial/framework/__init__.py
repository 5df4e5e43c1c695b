"""The Framework as data: goals, lines of action, commitments, governance and agencies."""

from bicentennial.framework.model import (
    Agency,
    Framework,
    Goal,
    Line,
    get_agency,
    load_agencies,
    load_framework,
)

__all__ = ["Agency", "Framework", "Goal", "Line", "get_agency", "load_agencies", "load_framework"]
