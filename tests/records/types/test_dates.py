from __future__ import annotations

import pyarrow as pa
import pytest

from bicentennial.records.types.common import IMPOSSIBLE_DATE, INVALID_DATE
from bicentennial.records.types.dates import clean, column

CASES = [
    ("2023", "2023", None),
    ("2023-07", "2023-07", None),
    ("2024-02-29", "2024-02-29", None),
    ("2023-02-29", None, IMPOSSIBLE_DATE),
    ("2023-02-30", None, IMPOSSIBLE_DATE),
    ("2000-02-29", "2000-02-29", None),
    ("1900-02-29", None, IMPOSSIBLE_DATE),
    ("2023-13", None, IMPOSSIBLE_DATE),
    ("0999", None, IMPOSSIBLE_DATE),
    ("31/12/2023", "2023-12-31", None),
    ("1/2/2024", "2024-02-01", None),
    ("30/02/2024", None, IMPOSSIBLE_DATE),
    ("2023-01-05 14:30", "2023-01-05T14:30:00", None),
    ("2023-01-05T14:30:15.120Z", "2023-01-05T14:30:15", None),
    ("2023-01-05T24:00:00", None, IMPOSSIBLE_DATE),
    ("12/2023", None, INVALID_DATE),
    ("yesterday", None, INVALID_DATE),
    ("2023-1-5", None, INVALID_DATE),
    ("20230105", None, INVALID_DATE),
]


@pytest.mark.parametrize(("value", "cleaned", "error"), CASES)
def test_scalar(value: str, cleaned: str | None, error: str | None) -> None:
    assert clean(value) == (cleaned, error)


def test_column_matches_cases() -> None:
    values = pa.array([c[0] for c in CASES] + [None], pa.string())
    out, errors = column(values)
    assert out.to_pylist() == [c[1] for c in CASES] + [None]
    assert errors.to_pylist() == [c[2] for c in CASES] + [None]
