from __future__ import annotations

import pytest

from bicentennial.records.types.common import INVALID_CURP_DATE, INVALID_CURP_DIGIT, INVALID_CURP_FORMAT
from bicentennial.records.types.curp import check_digit, clean, decode_curp

# Published example: the CURP of "Gloria Hernández García" used by RENAPO's and
# Wikipedia's explanation of the key (born 27 Apr 1956 in Veracruz, female).
EXAMPLE = "HEGG560427MVZRRL04"


def test_published_example_is_valid_and_decodes() -> None:
    assert clean(EXAMPLE) == (EXAMPLE, None)
    decoded = decode_curp(" hegg560427mvzrrl04 ")
    assert decoded["birth_date"] == "1956-04-27"
    assert decoded["sex"] == "female"
    assert decoded["state"] == "VZ" and decoded["state_name"] == "Veracruz"
    assert decoded["born_abroad"] is False


def test_wrong_check_digit() -> None:
    bad = EXAMPLE[:-1] + str((int(EXAMPLE[-1]) + 1) % 10)
    assert clean(bad) == (None, INVALID_CURP_DIGIT)


def test_century_from_differentiator() -> None:
    base = "MAHJ050229HNERRV0"  # 2005-02-29 does not exist, 1905 neither
    assert clean(base + check_digit(base + "0"))[1] == INVALID_CURP_DATE
    born_2004 = "MAHJ040229HNERRVA"  # letter differentiator → 2000s, 2004 is leap
    curp = born_2004 + check_digit(born_2004 + "0")
    assert clean(curp) == (curp, None)
    assert decode_curp(curp)["birth_date"] == "2004-02-29"
    assert decode_curp(curp)["born_abroad"] is True


@pytest.mark.parametrize(
    "value",
    ["HEGG560427MVZRRL0", "HEGG560427MZZRRL04", "HEGG560427QVZRRL04", "1EGG560427MVZRRL04", "HEGG561327MVZRRL04"],
)
def test_wrong_format(value: str) -> None:
    out, error = clean(value)
    assert out is None
    assert error in (INVALID_CURP_FORMAT, INVALID_CURP_DATE)


def test_impossible_month_is_a_date_error() -> None:
    base = "HEGG561327MVZRRL0"
    assert clean(base + check_digit(base + "0")) == (None, INVALID_CURP_DATE)


def test_decode_invalid_raises() -> None:
    with pytest.raises(ValueError):
        decode_curp("not a curp")
