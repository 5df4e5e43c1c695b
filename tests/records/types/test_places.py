from __future__ import annotations

import pytest

from bicentennial.records.types.common import INVALID_COUNTRY, INVALID_PHONE
from bicentennial.records.types.places import clean_country, clean_phone


@pytest.mark.parametrize(
    ("value", "code"),
    [("Mexico", "mx"), ("México", "mx"), ("MX", "mx"), ("Estados Unidos", "us"), ("USA", "us"), ("EE.UU.", "us"),
     ("E.U.A.", "us"), ("Guatemala", "gt"), ("Canadá", "ca")],
)  # fmt: skip
def test_countries(value: str, code: str) -> None:
    assert clean_country(value) == (code, None)


def test_unknown_country() -> None:
    assert clean_country("Narnia") == (None, INVALID_COUNTRY)


def test_phones_use_the_hint_as_default_region() -> None:
    assert clean_phone("55 1234 5678", "mx") == ("+525512345678", None)
    assert clean_phone("55 1234 5678", "México") == ("+525512345678", None)
    assert clean_phone("(202) 555-0143", "us") == ("+12025550143", None)
    assert clean_phone("0052 81 8000 1234", None) == ("+528180001234", None)
    assert clean_phone("+52 81 8000 1234", "us") == ("+528180001234", None)


def test_invalid_phones() -> None:
    assert clean_phone("55 1234 5678", None) == (None, INVALID_PHONE)
    assert clean_phone("12", "mx") == (None, INVALID_PHONE)
    assert clean_phone("not a phone", "mx") == (None, INVALID_PHONE)
