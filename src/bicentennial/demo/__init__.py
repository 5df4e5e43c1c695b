"""Demo data: a deterministic, realistic binational scenario (see docs/demo.md).

`generate()` writes per-agency feed files in the generic ingest format (CSV,
columns named after FtM properties, `id` = the row's source id); `load()`
generates and ingests them and creates the demo users.
"""

from bicentennial.demo.generate import DEFAULT_SEED, SIZES, FeedFile, Manifest, generate, resolve_size

__all__ = ["DEFAULT_SEED", "SIZES", "FeedFile", "Manifest", "generate", "load", "resolve_size"]


def __getattr__(name: str) -> object:
    # load() pulls in the store and ingest; keep `generate` importable on its own.
    if name == "load":
        from bicentennial.demo.loader import load

        return load
    raise AttributeError(name)
