from __future__ import annotations

import pyarrow as pa
import pytest

from bicentennial.records.types.common import COORDINATE_OUT_OF_RANGE, NEGATIVE_QUANTITY, NOT_A_NUMBER
from bicentennial.records.types.numbers import LATITUDE, LONGITUDE, QUANTITY


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", ("12", None)),
        ("1,234.50", ("1234.50", None)),
        ("1.234,5", ("1234.5", None)),
        ("0,75", ("0.75", None)),
        ("1,234", ("1234", None)),
        ("$2,500", ("2500", None)),
        ("+4", ("4", None)),
        ("1.5e3", ("1.5e3", None)),
        ("-3", (None, NEGATIVE_QUANTITY)),
        ("12 kg", (None, NOT_A_NUMBER)),
        ("1,23,4", (None, NOT_A_NUMBER)),
        ("abc", (None, NOT_A_NUMBER)),
    ],
)
def test_quantity(value: str, expected: tuple[str | None, str | None]) -> None:
    assert QUANTITY.scalar(value, None) == expected
    out, err = QUANTITY.column(pa.array([value]), None)
    assert (out[0].as_py(), err[0].as_py()) == expected


def test_coordinates_allow_sign_and_check_range() -> None:
    assert LONGITUDE.scalar("-99.1332", None) == ("-99.1332", None)
    assert LATITUDE.scalar("19.4326", None) == ("19.4326", None)
    assert LATITUDE.scalar("-99.1", None) == (None, COORDINATE_OUT_OF_RANGE)
    out, err = LONGITUDE.column(pa.array(["-99.1332", "181", "x", None]), None)
    assert out.to_pylist() == ["-99.1332", None, None, None]
    assert err.to_pylist() == [None, COORDINATE_OUT_OF_RANGE, NOT_A_NUMBER, None]
