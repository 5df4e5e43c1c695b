"""Numbers: quantities (never negative) and coordinates (latitude, longitude).

Accepted writings, normalised to plain digits with a decimal point:
"1234.5", "1,234.5" (comma thousands), "1.234,5" (dot thousands), "1234,5"
(decimal comma, when not a group of exactly three digits), "1.5e3" (kept),
an optional leading "$" or "+". The output keeps the digits as written
(no rounding, no float conversion): "1,234.50" → "1234.50".
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from bicentennial.records.types.common import (
    COORDINATE_OUT_OF_RANGE,
    NEGATIVE_QUANTITY,
    NOT_A_NUMBER,
    Column,
    Result,
    Scalar,
    Validator,
)

PLAIN = r"[0-9]+(\.[0-9]+)?"
EXPONENT = r"[0-9]+(\.[0-9]+)?[eE][+-]?[0-9]+"
THOUSANDS_COMMA = r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?"
THOUSANDS_DOT = r"[0-9]{1,3}(\.[0-9]{3})+,[0-9]+"
DECIMAL_COMMA = r"[0-9]+,[0-9]+"


def _parse(value: str) -> tuple[str, str] | None:
    """(sign, normalised body) or None when not a number."""
    sign = ""
    if value[:1] in "+-":
        sign, value = ("-" if value[0] == "-" else ""), value[1:]
    if value[:1] == "$":
        value = value[1:]
    if re.fullmatch(PLAIN, value) or re.fullmatch(EXPONENT, value):
        return sign, value
    if re.fullmatch(THOUSANDS_COMMA, value):
        return sign, value.replace(",", "")
    if re.fullmatch(THOUSANDS_DOT, value):
        return sign, value.replace(".", "").replace(",", ".")
    if re.fullmatch(DECIMAL_COMMA, value):
        return sign, value.replace(",", ".")
    return None


def clean_quantity(value: str, hint: str | None = None) -> Result:
    parsed = _parse(value)
    if parsed is None:
        return None, NOT_A_NUMBER
    sign, body = parsed
    if sign == "-":
        return None, NEGATIVE_QUANTITY
    return body, None


def _coordinate(limit: float) -> Scalar:
    def clean(value: str, hint: str | None = None) -> Result:
        parsed = _parse(value)
        if parsed is None:
            return None, NOT_A_NUMBER
        number = parsed[0] + parsed[1]
        if not abs(float(number)) <= limit:
            return None, COORDINATE_OUT_OF_RANGE
        return number, None

    return clean


clean_latitude = _coordinate(90.0)
clean_longitude = _coordinate(180.0)


def _column_parse(values: pa.Array) -> tuple[pa.Array, np.ndarray, np.ndarray]:
    """Vectorised _parse: (normalised body with sign, is-number mask, negative mask)."""
    s = values
    negative = pc.fill_null(pc.starts_with(s, "-"), False)
    s = pc.replace_substring_regex(s, r"^[+-]", "")
    s = pc.replace_substring_regex(s, r"^\$", "")

    def match(pattern: str) -> pa.Array:
        return pc.fill_null(pc.match_substring_regex(s, f"^(?:{pattern})$"), False)

    plain = pc.or_(match(PLAIN), match(EXPONENT))
    t_comma = match(THOUSANDS_COMMA)
    t_dot = match(THOUSANDS_DOT)
    d_comma = match(DECIMAL_COMMA)
    no_commas = pc.replace_substring(s, ",", "")
    dot_to_decimal = pc.replace_substring(pc.replace_substring(s, ".", ""), ",", ".")
    comma_to_dot = pc.replace_substring(s, ",", ".")
    body = pc.case_when(
        pa.StructArray.from_arrays([plain, t_comma, t_dot, d_comma], ["a", "b", "c", "d"]),
        s,
        no_commas,
        dot_to_decimal,
        comma_to_dot,
    )
    ok = pc.or_(pc.or_(plain, t_comma), pc.or_(t_dot, d_comma))
    ok_np = np.asarray(ok.to_numpy(zero_copy_only=False), dtype=bool)
    neg_np = np.asarray(negative.to_numpy(zero_copy_only=False), dtype=bool)
    return body, ok_np, neg_np


def column_quantity(values: pa.Array, hint: str | None = None) -> tuple[pa.Array, pa.Array]:
    body, ok, negative = _column_parse(values)
    present = np.asarray(pc.is_valid(values).to_numpy(zero_copy_only=False), dtype=bool)
    good = present & ok & ~negative
    errors = np.full(len(values), None, dtype=object)
    errors[present & ~ok] = NOT_A_NUMBER
    errors[present & ok & negative] = NEGATIVE_QUANTITY
    cleaned = pc.if_else(pa.array(good), body, pa.nulls(len(values), pa.string()))
    return cleaned, pa.array(errors, pa.string())


def _coordinate_column(limit: float) -> Column:
    def column(values: pa.Array, hint: str | None = None) -> tuple[pa.Array, pa.Array]:
        body, ok, negative = _column_parse(values)
        present = np.asarray(pc.is_valid(values).to_numpy(zero_copy_only=False), dtype=bool)
        signed = pc.if_else(pa.array(negative), pc.binary_join_element_wise("-", body, ""), body)
        usable = pa.array(present & ok)
        numbers = pc.cast(pc.if_else(usable, signed, pa.scalar("0")), pa.float64())
        in_range = np.asarray(pc.less_equal(pc.abs(numbers), limit).to_numpy(zero_copy_only=False), dtype=bool)
        good = present & ok & in_range
        errors = np.full(len(values), None, dtype=object)
        errors[present & ~ok] = NOT_A_NUMBER
        errors[present & ok & ~in_range] = COORDINATE_OUT_OF_RANGE
        cleaned = pc.if_else(pa.array(good), signed, pa.nulls(len(values), pa.string()))
        return cleaned, pa.array(errors, pa.string())

    return column


QUANTITY = Validator("quantity", clean_quantity, column_quantity)
LATITUDE = Validator("latitude", clean_latitude, _coordinate_column(90.0))
LONGITUDE = Validator("longitude", clean_longitude, _coordinate_column(180.0))
