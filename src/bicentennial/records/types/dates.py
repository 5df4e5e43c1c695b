"""Dates: YYYY, YYYY-MM, YYYY-MM-DD and YYYY-MM-DDTHH:MM[:SS] (ISO, FtM's form),
plus DD/MM/YYYY (and D/M/YYYY) as Mexican files write them, normalised to ISO.

A value of a known shape whose numbers cannot be a date (2023-02-30, month 13,
hour 25, a year outside 1000-2999) is an "impossible date"; any other shape is
an "invalid date". Time zones are not kept: only a trailing "Z" is accepted.
"""

from __future__ import annotations

import calendar
import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from bicentennial.records.types.common import IMPOSSIBLE_DATE, INVALID_DATE, Result, Validator

DMY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
DATETIME = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{2}:[0-9]{2})(:[0-9]{2})?(?:\.[0-9]+)?Z?")
ISO = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2})?)?)?")
MIN_YEAR, MAX_YEAR = 1000, 2999


def _normalize(value: str) -> str:
    m = DMY.fullmatch(value)
    if m:
        return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    m = DATETIME.fullmatch(value)
    if m:
        return f"{m.group(1)}T{m.group(2)}{m.group(3) or ':00'}"
    return value


def clean(value: str, hint: str | None = None) -> Result:
    iso = _normalize(value)
    if not ISO.fullmatch(iso):
        return None, INVALID_DATE
    year = int(iso[:4])
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None, IMPOSSIBLE_DATE
    if len(iso) >= 7 and not 1 <= int(iso[5:7]) <= 12:
        return None, IMPOSSIBLE_DATE
    if len(iso) >= 10 and not 1 <= int(iso[8:10]) <= calendar.monthrange(year, int(iso[5:7]))[1]:
        return None, IMPOSSIBLE_DATE
    if len(iso) == 19 and not (int(iso[11:13]) < 24 and int(iso[14:16]) < 60 and int(iso[17:19]) < 60):
        return None, IMPOSSIBLE_DATE
    return iso, None


_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def _part(padded: pa.Array, start: int, stop: int) -> np.ndarray:
    text = pc.utf8_slice_codeunits(padded, start, stop)
    return np.asarray(pc.cast(text, pa.int64()).to_numpy(zero_copy_only=False), dtype=np.int64)


def column(values: pa.Array, hint: str | None = None) -> tuple[pa.Array, pa.Array]:
    s = values
    # DD/MM/YYYY → YYYY-MM-DD (pad one-digit day and month first).
    dmy = pc.fill_null(pc.match_substring_regex(s, r"^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$"), False)
    if pc.any(dmy).as_py():
        t = pc.replace_substring_regex(s, r"^([0-9])/", r"0\1/")
        t = pc.replace_substring_regex(t, r"/([0-9])/", r"/0\1/")
        t = pc.replace_substring_regex(t, r"^([0-9]{2})/([0-9]{2})/([0-9]{4})$", r"\3-\2-\1")
        s = pc.if_else(dmy, t, s)
    # Date-times → YYYY-MM-DDTHH:MM:SS.
    dt = pc.fill_null(pc.match_substring_regex(s, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}"), False)
    if pc.any(dt).as_py():
        t = pc.replace_substring_regex(
            s,
            r"^([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{2}:[0-9]{2}:[0-9]{2})(?:\.[0-9]+)?Z?$",
            r"\1T\2",
        )
        t = pc.replace_substring_regex(t, r"^([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{2}:[0-9]{2})Z?$", r"\1T\2:00")
        s = pc.if_else(dt, t, s)
    shaped = pc.match_substring_regex(s, r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2})?)?)?$")
    shaped_np = np.asarray(pc.fill_null(shaped, False).to_numpy(zero_copy_only=False), dtype=bool)
    length = np.asarray(pc.fill_null(pc.utf8_length(s), 0).to_numpy(zero_copy_only=False), dtype=np.int64)
    # Every row gets a parseable stand-in so the integer casts cannot fail.
    filler = "1970-01-01T00:00:00"
    padded = pc.if_else(pa.array(shaped_np), s, pa.scalar(filler))
    padded = pc.utf8_rpad(padded, width=19, padding="0")
    year, month, day = _part(padded, 0, 4), _part(padded, 5, 7), _part(padded, 8, 10)
    hour, minute, second = _part(padded, 11, 13), _part(padded, 14, 16), _part(padded, 17, 19)
    has_month, has_day, has_time = length >= 7, length >= 10, length == 19
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_ok = (month >= 1) & (month <= 12)
    dim = _DAYS[np.clip(month, 0, 12)] + ((month == 2) & leap)
    ok = (year >= MIN_YEAR) & (year <= MAX_YEAR)
    ok &= ~has_month | month_ok
    ok &= ~has_day | ((day >= 1) & (day <= dim))
    ok &= ~has_time | ((hour < 24) & (minute < 60) & (second < 60))
    present = np.asarray(pc.is_valid(values).to_numpy(zero_copy_only=False), dtype=bool)
    good = present & shaped_np & ok
    cleaned = pc.if_else(pa.array(good), s, pa.nulls(len(s), pa.string()))
    errors_np = np.full(len(s), None, dtype=object)
    errors_np[present & ~shaped_np] = INVALID_DATE
    errors_np[present & shaped_np & ~ok] = IMPOSSIBLE_DATE
    return cleaned, pa.array(errors_np, pa.string())


VALIDATOR = Validator("date", clean, column)
