"""The network of entities and relations: a graph per visibility class built from the
records the caller may see, with expansion, paths, communities and key players.

See docs/network.md.
"""

from bicentennial.network.cache import graph_for, invalidate
from bicentennial.network.queries import (
    Filters,
    NotVisible,
    communities,
    expand,
    key_players,
    path,
    stats,
)

__all__ = ["Filters", "NotVisible", "communities", "expand", "graph_for", "invalidate", "key_players",
           "path", "stats"]
