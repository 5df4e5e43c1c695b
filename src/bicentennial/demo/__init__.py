"""Demo data: a deterministic, realistic binational scenario (see docs/demo.md).

`generate()` writes per-agency feed files in the generic ingest format (CSV,
columns named after FtM properties, `id` = the row's source id); `load()`
generates and ingests them and creates the demo users.
"""

from bicentennial.demo.generate import DEFAULT_SEED, SIZES, FeedFile, Manifest, generate, resolve_size
from bicentennial.demo.loader import DEMO_USERS, LoadResult, load

__all__ = ["DEFAULT_SEED", "DEMO_USERS", "SIZES", "FeedFile", "LoadResult", "Manifest", "generate", "load",
           "resolve_size"]
