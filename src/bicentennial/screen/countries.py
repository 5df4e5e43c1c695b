"""Country names and codes to lower-case ISO-3166 alpha-2 (rigour's territory database)."""

from __future__ import annotations

from functools import lru_cache

from rigour.territories import lookup_territory


@lru_cache(maxsize=4096)
def country_code(value: str) -> str | None:
    """``Mexico`` / ``MX`` / ``mex`` / ``Sinaloa, Mexico`` → ``mx``; None when unknown."""
    text = (value or "").strip()
    if not text:
        return None
    found = lookup_territory(text)
    if found is None and "," in text:
        found = lookup_territory(text.rsplit(",", 1)[1].strip())
    if found is None:
        return None
    code = getattr(found, "ftm_country", None) or found.code
    return str(code).lower().split("-")[0]
