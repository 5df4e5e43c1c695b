"""Validate property values of records, one value or one column at a time.

`validate_value` and `validate_column` give the same results; the column form
is for bulk ingest (pyarrow.compute and numpy; Python per distinct value only
where a library call is needed). Errors are English msgids (translate with
`bicentennial.i18n._`). Empty values are not errors here: whether a property
is required is a separate question (`required_properties`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import yaml
from followthemoney.property import Property

from bicentennial.records.model import get_model
from bicentennial.records.types import BY_TYPE, VALIDATORS, Validator
from bicentennial.records.types.common import TRIM_CHARS
from bicentennial.records.types.curp import decode_curp
from bicentennial.records.types.generic import for_type

VALIDATORS_FILE = Path(__file__).parent / "validators.yaml"

__all__ = [
    "ColumnResult",
    "decode_curp",
    "property_type",
    "required_properties",
    "validate_column",
    "validate_value",
    "validator_for",
]


@dataclass(frozen=True)
class ColumnResult:
    values: pa.Array  # string; cleaned, null where empty or invalid
    errors: pa.Array  # string; null where fine, else the error msgid

    @property
    def error_count(self) -> int:
        return len(self.errors) - self.errors.null_count


@cache
def _overrides() -> dict[str, str]:
    with VALIDATORS_FILE.open(encoding="utf-8") as fh:
        data: dict[str, str] = yaml.safe_load(fh)
    return data


def _property(schema: str, prop: str) -> Property:
    schema_obj = get_model().get(schema)
    if schema_obj is None:
        raise KeyError(f"unknown schema: {schema}")
    prop_obj = schema_obj.get(prop)
    if prop_obj is None:
        raise KeyError(f"unknown property: {schema}:{prop}")
    return prop_obj


@cache
def validator_for(schema: str, prop: str) -> Validator:
    """The validator of a property (KeyError for an unknown schema or property)."""
    prop_obj = _property(schema, prop)
    name = _overrides().get(prop_obj.qname) or BY_TYPE.get(prop_obj.type.name)
    return VALIDATORS[name] if name else for_type(prop_obj.type.name)


def property_type(schema: str, prop: str) -> str:
    """FtM type name of a property: "date", "country", "entity", "name", ..."""
    return _property(schema, prop).type.name


def required_properties(schema: str) -> list[str]:
    """The schema's own `required:` list (FtM does not inherit it)."""
    schema_obj = get_model().get(schema)
    if schema_obj is None:
        raise KeyError(f"unknown schema: {schema}")
    return list(schema_obj.required)


def validate_value(
    schema: str, prop: str, value: str, country_hint: str | None = None
) -> tuple[str | None, str | None]:
    """(cleaned value or None, error msgid or None); empty input gives (None, None)."""
    validator = validator_for(schema, prop)
    if value is None:
        return None, None
    text = value.strip(TRIM_CHARS)
    if not text:
        return None, None
    return validator.scalar(text, country_hint)


def validate_column(schema: str, prop: str, values: pa.Array, country_hint: str | None = None) -> ColumnResult:
    """Validate a column of strings; see the module docstring."""
    validator = validator_for(schema, prop)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if values.type != pa.string():
        values = values.cast(pa.string())
    text = pc.utf8_trim(values, characters=TRIM_CHARS)
    text = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
    cleaned, errors = validator.column(text, country_hint)
    return ColumnResult(values=cleaned, errors=errors)
