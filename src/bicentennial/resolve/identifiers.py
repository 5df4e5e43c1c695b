"""Identifiers as strong evidence and as consistency checks.

`normalize(kind, value)` gives the comparable form of an identifier (CURP, RFC,
passport, phone in E.164, bank account/CLABE, firearm serial); two records that
share one are very likely the same (or, for a phone, linked). `check_curp` and
`check_rfc` decode what a Mexican key says about its holder (birth date, sex,
state of birth, name initials) and compare it with the stated facts: a
disagreement is evidence against a match, or a data-entry error to review.

The CURP and RFC formats and check digits live in `records.types` (validation at
ingest); this module reuses them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import phonenumbers

from bicentennial.records.types import curp as curp_type
from bicentennial.records.types import rfc as rfc_type
from bicentennial.resolve.names import fold, parse_person_name

KINDS = ("curp", "rfc", "passport", "phone", "account", "clabe", "serial", "id")

_ALNUM = re.compile(r"[^A-Z0-9Ñ&]")


def compact(value: str) -> str:
    """Upper-case, without spaces, dashes, dots and other separators."""
    return _ALNUM.sub("", (value or "").upper())


def normalize_phone(value: str, region: str = "MX") -> str | None:
    """E.164 (``+525512345678``) or None if not a possible number. Mexican numbers
    written with the old mobile prefix ``044``/``1`` are read as the same number."""
    region = (region or "MX").upper()
    digits = re.sub(r"[^0-9+]", "", value or "")
    if region == "MX" and re.fullmatch(r"04[45][0-9]{10}", digits):
        digits = digits[3:]  # old mobile dialling prefix
    match = re.fullmatch(r"(?:\+|00)?521([0-9]{10})", digits)
    if match and (digits.startswith("+") or digits.startswith("00") or len(digits) == 13):
        digits = "+52" + match.group(1)  # old "+52 1" mobile prefix
    try:
        number = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def clabe_check_digit(clabe: str) -> str:
    """Check digit of an 18-digit Mexican CLABE (weights 3, 7, 1 over the first 17)."""
    weights = (3, 7, 1)
    total = sum((int(d) * weights[i % 3]) % 10 for i, d in enumerate(clabe[:17]))
    return str((10 - total % 10) % 10)


def is_valid_clabe(value: str) -> bool:
    clabe = compact(value)
    return len(clabe) == 18 and clabe.isdigit() and clabe_check_digit(clabe) == clabe[17]


def normalize(kind: str, value: str, region: str = "MX") -> str | None:
    """Comparable form of an identifier of `kind`, or None when it cannot be one."""
    if not value or not value.strip():
        return None
    if kind == "phone":
        return normalize_phone(value, region)
    code = compact(value)
    if kind == "serial":
        code = code.lstrip("0") or code  # serials are written with and without leading zeros
    if kind in ("account", "clabe"):
        code = re.sub(r"[^0-9A-Z]", "", code)
    if kind == "rfc":
        code = code.replace("-", "")
    return code or None


def same_identifier(kind: str, a: str, b: str) -> bool:
    na, nb = normalize(kind, a), normalize(kind, b)
    return na is not None and na == nb


@dataclass(frozen=True)
class Check:
    """One comparison of what an identifier encodes with a stated fact."""

    field: str  # birth_date | sex | state | initials | valid
    encoded: str | None
    stated: str | None
    ok: bool | None  # None: nothing stated to compare with

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "encoded": self.encoded, "stated": self.stated, "ok": self.ok}


_SEX = {"m": "male", "male": "male", "h": "male", "hombre": "male", "masculino": "male",
        "f": "female", "female": "female", "mujer": "female", "femenino": "female", "x": "other"}
_STATE_NAMES = {fold(name): code for code, name in curp_type.STATES.items()}
_STATE_NAMES.update({"cdmx": "DF", "mexico city": "DF", "distrito federal": "DF", "ciudad de mexico": "DF",
                     "edomex": "MC", "estado de mexico": "MC", "mexico state": "MC"})


def _state_code(place: str) -> str | None:
    """A CURP state code for a stated place of birth (``Culiacán, Sinaloa`` → ``SL``)."""
    folded = fold(place)
    if folded.upper() in curp_type.STATES:
        return folded.upper()
    for part in reversed([p.strip() for p in re.split(r"[,;]", place)]):
        code = _STATE_NAMES.get(fold(part))
        if code:
            return code
    for name, code in _STATE_NAMES.items():
        if len(name) > 4 and name in folded:
            return code
    return None


_SKIP_GIVEN = frozenset({"jose", "maria", "j", "ma", "ma.", "j."})


def curp_initials(given: str, paternal: str, maternal: str | None) -> str:
    """The four name letters a CURP starts with (first letter and first inner vowel of the
    paternal surname, first letter of the maternal one — X if none — and of the first given
    name, skipping José/María when another follows). Particles are ignored; Ñ counts as X."""
    def clean(part: str) -> str:
        words = [w for w in fold(part).split() if w not in ("de", "del", "la", "las", "los", "y", "mc", "mac", "van")]
        return (words[0] if words else "").upper()

    pat = clean(paternal)
    mat = clean(maternal or "")
    given_words = [w for w in fold(given).split() if w not in ("de", "del", "la", "los", "las", "y")]
    if len(given_words) > 1 and given_words[0] in _SKIP_GIVEN:
        given_words = given_words[1:]
    first = (given_words[0] if given_words else "x").upper()
    inner = next((ch for ch in pat[1:] if ch in "AEIOU"), "X")
    return f"{pat[:1] or 'X'}{inner}{mat[:1] or 'X'}{first[:1]}"


def check_curp(value: str, birth_date: str | None = None, sex: str | None = None,
               birth_place: str | None = None, name: str | None = None) -> list[Check]:
    """Decode a CURP and compare it with the stated birth date, sex, place and name.
    An invalid CURP gives one failed `valid` check (with the reason)."""
    try:
        decoded = curp_type.decode_curp(value)
    except ValueError as exc:
        return [Check("valid", compact(value), str(exc), False)]
    checks = [Check("valid", decoded["curp"], None, True)]
    stated_date = (birth_date or "")[:10] or None
    if stated_date and len(stated_date) < 10:  # a year or year-month only
        checks.append(Check("birth_date", decoded["birth_date"], stated_date,
                            decoded["birth_date"].startswith(stated_date)))
    else:
        checks.append(Check("birth_date", decoded["birth_date"], stated_date,
                            None if stated_date is None else decoded["birth_date"] == stated_date))
    stated_sex = _SEX.get(fold(sex or "")) if sex else None
    checks.append(Check("sex", decoded["sex"], stated_sex,
                        None if stated_sex is None else decoded["sex"] == stated_sex))
    stated_state = _state_code(birth_place) if birth_place else None
    if birth_place and stated_state is None and "mexico" not in fold(birth_place):
        stated_state = "NE"  # born outside Mexico
    checks.append(Check("state", decoded["state"], stated_state,
                        None if stated_state is None else decoded["state"] == stated_state))
    if name:
        parsed = parse_person_name(name)
        if parsed.paternal and parsed.given:
            initials = curp_initials(" ".join(parsed.given), parsed.paternal, parsed.maternal)
            # the registry replaces rude four-letter words by changing the second letter to X
            ok = initials == decoded["curp"][:4] or (initials[0] + initials[2:] == decoded["curp"][0] +
                                                     decoded["curp"][2:4] and decoded["curp"][1] == "X")
            checks.append(Check("initials", decoded["curp"][:4], initials, ok))
    return checks


def check_rfc(value: str, birth_date: str | None = None, name: str | None = None) -> list[Check]:
    """Validate an RFC and compare its date (birth date of a person) and initials with the stated ones."""
    rfc, error = rfc_type.clean(value, None)
    if rfc is None:
        return [Check("valid", compact(value), error, False)]
    checks = [Check("valid", rfc, None, True)]
    if rfc in rfc_type.GENERIC:
        return checks
    encoded = rfc[-9:-3]
    stated = (birth_date or "")[:10]
    if len(stated) == 10:
        checks.append(Check("birth_date", encoded, stated, stated[2:4] + stated[5:7] + stated[8:10] == encoded))
    else:
        checks.append(Check("birth_date", encoded, stated or None, None))
    if name and rfc_type.is_persona_fisica(rfc):
        parsed = parse_person_name(name)
        if parsed.paternal and parsed.given:
            initials = curp_initials(" ".join(parsed.given), parsed.paternal, parsed.maternal)
            checks.append(Check("initials", rfc[:4], initials, rfc[:4] == initials or rfc[1] == "X"))
    return checks


def consistent(checks: list[Check]) -> bool | None:
    """False if any check fails, True if at least one passed and none failed, None if nothing compared."""
    if any(c.ok is False for c in checks):
        return False
    compared = [c for c in checks if c.ok is not None and c.field != "valid"]
    return True if compared else None
