"""CURP, Mexico's population registry key (Clave Única de Registro de Población).

18 characters: 4 letters from the name, birth date YYMMDD, sex (H, M, or X
since 2023), state of birth (2 letters, NE = born abroad), 3 internal
consonants, a homonym differentiator (digit for births before 2000, letter
from 2000) and a check digit: with the alphabet 0-9 A-N Ñ O-Z numbered 0..36,
sum value(c_i) * (18 - i) over the first 17 characters; digit = (10 - sum % 10) % 10.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from bicentennial.records.types.common import (
    INVALID_CURP_DATE,
    INVALID_CURP_DIGIT,
    INVALID_CURP_FORMAT,
    Result,
    Validator,
    column_from_scalar,
)

STATES: dict[str, str] = {
    "AS": "Aguascalientes", "BC": "Baja California", "BS": "Baja California Sur", "CC": "Campeche",
    "CL": "Coahuila", "CM": "Colima", "CS": "Chiapas", "CH": "Chihuahua", "DF": "Ciudad de México",
    "DG": "Durango", "GT": "Guanajuato", "GR": "Guerrero", "HG": "Hidalgo", "JC": "Jalisco",
    "MC": "Estado de México", "MN": "Michoacán", "MS": "Morelos", "NT": "Nayarit", "NL": "Nuevo León",
    "OC": "Oaxaca", "PL": "Puebla", "QT": "Querétaro", "QR": "Quintana Roo", "SP": "San Luis Potosí",
    "SL": "Sinaloa", "SR": "Sonora", "TC": "Tabasco", "TS": "Tamaulipas", "TL": "Tlaxcala",
    "VZ": "Veracruz", "YN": "Yucatán", "ZS": "Zacatecas", "NE": "Nacido en el extranjero",
}  # fmt: skip
SEXES = {"H": "male", "M": "female", "X": "other"}
ALPHABET = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"

PATTERN = re.compile(r"[A-Z][AEIOUX][A-Z]{2}[0-9]{6}[HMX](" + "|".join(STATES) + r")[B-DF-HJ-NP-TV-Z]{3}[0-9A-Z][0-9]")


def check_digit(curp: str) -> str:
    total = sum(ALPHABET.index(ch) * (18 - i) for i, ch in enumerate(curp[:17]))
    return str((10 - total % 10) % 10)


def _birth_date(curp: str) -> datetime.date | None:
    century = 1900 if curp[16].isdigit() else 2000
    try:
        return datetime.date(century + int(curp[4:6]), int(curp[6:8]), int(curp[8:10]))
    except ValueError:
        return None


def normalize(value: str) -> str:
    return value.upper().replace(" ", "").replace("-", "")


def clean(value: str, hint: str | None = None) -> Result:
    curp = normalize(value)
    if not PATTERN.fullmatch(curp):
        return None, INVALID_CURP_FORMAT
    if _birth_date(curp) is None:
        return None, INVALID_CURP_DATE
    if check_digit(curp) != curp[17]:
        return None, INVALID_CURP_DIGIT
    return curp, None


def decode_curp(value: str) -> dict[str, Any]:
    """Birth date, sex and state of birth encoded in a valid CURP (ValueError if invalid)."""
    curp, error = clean(value)
    if curp is None:
        raise ValueError(error)
    birth = _birth_date(curp)
    assert birth is not None
    state = curp[11:13]
    return {
        "curp": curp,
        "birth_date": birth.isoformat(),
        "sex": SEXES[curp[10]],
        "state": state,
        "state_name": STATES[state],
        "born_abroad": state == "NE",
    }


VALIDATOR = Validator("curp", clean, column_from_scalar(clean))
