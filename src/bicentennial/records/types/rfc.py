"""RFC, Mexico's taxpayer registry number (Registro Federal de Contribuyentes).

Persona física: 13 characters (4 letters, date YYMMDD, 3-character homoclave);
persona moral: 12 (3 letters, which may include Ñ and &). The last character
of the homoclave is a check digit: pad a 12-character RFC with a leading space,
number the alphabet "0-9 A-N & O-Z space Ñ" 0..38, sum value(c_i) * (13 - i)
over the first 12 characters; r = sum % 11; digit = 0 if r == 0, "A" if
11 - r == 10, else 11 - r. SAT's generic RFCs (XAXX010101000 for the public,
XEXX010101000 for foreigners) do not carry a valid digit and are accepted.
"""

from __future__ import annotations

import datetime
import re

from bicentennial.records.types.common import (
    INVALID_RFC_DATE,
    INVALID_RFC_DIGIT,
    INVALID_RFC_FORMAT,
    Result,
    Validator,
    column_from_scalar,
)

ALPHABET = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ"
GENERIC = frozenset({"XAXX010101000", "XEXX010101000"})
PATTERN = re.compile(r"[A-ZÑ&]{3,4}[0-9]{6}[A-Z0-9]{2}[0-9A]")


def check_digit(rfc: str) -> str:
    padded = rfc.rjust(13)
    total = sum(ALPHABET.index(ch) * (13 - i) for i, ch in enumerate(padded[:12]))
    remainder = total % 11
    if remainder == 0:
        return "0"
    digit = 11 - remainder
    return "A" if digit == 10 else str(digit)


def normalize(value: str) -> str:
    return value.upper().replace(" ", "").replace("-", "")


def is_persona_fisica(rfc: str) -> bool:
    return len(rfc) == 13


def clean(value: str, hint: str | None = None) -> Result:
    rfc = normalize(value)
    if rfc in GENERIC:
        return rfc, None
    if not PATTERN.fullmatch(rfc):
        return None, INVALID_RFC_FORMAT
    date = rfc[-9:-3]
    # Two-digit years: the century does not matter for validity except 29 Feb.
    try:
        datetime.date(2000 + int(date[:2]), int(date[2:4]), int(date[4:6]))
    except ValueError:
        try:
            datetime.date(1900 + int(date[:2]), int(date[2:4]), int(date[4:6]))
        except ValueError:
            return None, INVALID_RFC_DATE
    if check_digit(rfc) != rfc[-1]:
        return None, INVALID_RFC_DIGIT
    return rfc, None


VALIDATOR = Validator("rfc", clean, column_from_scalar(clean))
