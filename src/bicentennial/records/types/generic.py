"""Every other FtM property type: FtM's own `clean()` of that type."""

from __future__ import annotations

from functools import cache

from followthemoney import registry

from bicentennial.records.types import common
from bicentennial.records.types.common import Result, Validator, column_from_scalar

TYPE_ERRORS = {
    "email": common.INVALID_EMAIL,
    "url": common.INVALID_URL,
    "identifier": common.INVALID_IDENTIFIER,
    "name": common.INVALID_NAME,
    "entity": common.INVALID_ENTITY,
}


@cache
def for_type(type_name: str) -> Validator:
    prop_type = registry.get(type_name)
    if prop_type is None:
        raise KeyError(f"unknown FtM property type: {type_name}")
    error = TYPE_ERRORS.get(type_name, common.INVALID_VALUE)

    def clean(value: str, hint: str | None = None) -> Result:
        cleaned = prop_type.clean(value)
        return (cleaned, None) if cleaned else (None, error)

    return Validator(f"ftm:{type_name}", clean, column_from_scalar(clean))
