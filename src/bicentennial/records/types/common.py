"""Shared pieces of the value validators.

A validator is a pair of functions with the same results:
`scalar(value, hint) -> (cleaned | None, error | None)` on a trimmed,
non-empty string, and `column(values, hint) -> (cleaned, errors)` on a pyarrow
string array whose empty values are already null.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyarrow as pa

Result = tuple[str | None, str | None]
Scalar = Callable[[str, str | None], Result]
Column = Callable[[pa.Array, str | None], tuple[pa.Array, pa.Array]]

# Trimmed on both sides before validation (scalar and vectorised alike).
TRIM_CHARS = " \t\n\r\f\v\xa0"

# Error messages: short English msgids, translated in locale/es/LC_MESSAGES/records.po.
INVALID_CURP_FORMAT = "invalid CURP: wrong format"
INVALID_CURP_DATE = "invalid CURP: impossible birth date"
INVALID_CURP_DIGIT = "invalid CURP: check digit does not match"
INVALID_RFC_FORMAT = "invalid RFC: wrong format"
INVALID_RFC_DATE = "invalid RFC: impossible date"
INVALID_RFC_DIGIT = "invalid RFC: check digit does not match"
INVALID_DATE = "invalid date"
IMPOSSIBLE_DATE = "impossible date"
NOT_A_NUMBER = "not a number"
NEGATIVE_QUANTITY = "negative quantity"
COORDINATE_OUT_OF_RANGE = "coordinate out of range"
UNKNOWN_UNIT = "unknown unit"
UNKNOWN_CATEGORY = "unknown seizure category"
UNKNOWN_REPORT_TYPE = "unknown report type"
UNKNOWN_STAGE = "unknown extradition stage"
UNKNOWN_CURRENCY = "unknown currency"
INVALID_COUNTRY = "invalid country"
INVALID_PHONE = "invalid phone number"
INVALID_EMAIL = "invalid email address"
INVALID_URL = "invalid URL"
INVALID_IDENTIFIER = "invalid identifier"
INVALID_NAME = "invalid name"
INVALID_ENTITY = "invalid entity reference"
INVALID_VALUE = "invalid value"

MESSAGES: tuple[str, ...] = tuple(
    value for key, value in dict(globals()).items() if key.isupper() and key != "TRIM_CHARS" and isinstance(value, str)
)


@dataclass(frozen=True)
class Validator:
    name: str
    scalar: Scalar
    column: Column


def map_unique(values: pa.Array, scalar: Scalar, hint: str | None) -> tuple[pa.Array, pa.Array]:
    """Run a Python scalar validator once per distinct value and map the results back."""
    encoded = values.dictionary_encode()
    cleaned: list[str | None] = []
    errors: list[str | None] = []
    for value in encoded.dictionary.to_pylist():
        out, err = scalar(value, hint)
        cleaned.append(out)
        errors.append(err)
    indices = encoded.indices
    return (
        pa.array(cleaned, pa.string()).take(indices),
        pa.array(errors, pa.string()).take(indices),
    )


def column_from_scalar(scalar: Scalar) -> Column:
    def column(values: pa.Array, hint: str | None) -> tuple[pa.Array, pa.Array]:
        return map_unique(values, scalar, hint)

    return column
