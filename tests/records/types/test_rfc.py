from __future__ import annotations

import pytest

from bicentennial.records.types.common import INVALID_RFC_DATE, INVALID_RFC_DIGIT, INVALID_RFC_FORMAT
from bicentennial.records.types.rfc import check_digit, clean, is_persona_fisica

# Real RFCs printed on public invoices and bills: Comisión Federal de
# Electricidad, Teléfonos de México, Servicio de Administración Tributaria,
# Instituto Mexicano del Seguro Social; and SAT's persona física example.
PUBLISHED = ["CFE370814QI0", "TME840315KT6", "SAT970701NN3", "IMS421231I45", "GODE561231GR8"]


@pytest.mark.parametrize("rfc", PUBLISHED)
def test_published_rfcs_pass_the_check_digit(rfc: str) -> None:
    assert check_digit(rfc) == rfc[-1]
    assert clean(rfc) == (rfc, None)


def test_normalisation_and_kinds() -> None:
    assert clean("cfe-370814-qi0") == ("CFE370814QI0", None)
    assert not is_persona_fisica("CFE370814QI0")
    assert is_persona_fisica("GODE561231GR8")


def test_generic_rfcs_accepted() -> None:
    assert clean("XAXX010101000") == ("XAXX010101000", None)
    assert clean("XEXX010101000") == ("XEXX010101000", None)


def test_wrong_digit_date_format() -> None:
    assert clean("CFE370814QI1") == (None, INVALID_RFC_DIGIT)
    assert clean("CFE371314QI0") == (None, INVALID_RFC_DATE)
    assert clean("CFE370230QI0") == (None, INVALID_RFC_DATE)
    assert clean("CF370814QI0") == (None, INVALID_RFC_FORMAT)
    assert clean("CFE370814QI") == (None, INVALID_RFC_FORMAT)


def test_leap_day_in_either_century() -> None:
    base = "GODE000229GR"
    assert clean(base + check_digit(base + "0"))[1] is None
