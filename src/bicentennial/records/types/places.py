"""Countries (FtM's country type, plus Spanish abbreviations FtM lacks) and
phone numbers (phonenumbers → E.164, default region from the country hint)."""

from __future__ import annotations

import phonenumbers
from followthemoney import registry

from bicentennial.records.types.common import INVALID_COUNTRY, INVALID_PHONE, Result, Validator, column_from_scalar
from bicentennial.records.types.vocab import key

# Writings seen in Mexican and U.S. files that FtM's country type does not know.
COUNTRY_ALIASES = {
    "eeuu": "us", "ee uu": "us", "eua": "us", "e u a": "us", "estados unidos mexicanos": "mx",
    "mexico": "mx", "mex": "mx", "us of a": "us", "usa": "us", "united states of america": "us",
}  # fmt: skip


def clean_country(value: str, hint: str | None = None) -> Result:
    code = COUNTRY_ALIASES.get(key(value)) or registry.country.clean(value)
    return (code, None) if code else (None, INVALID_COUNTRY)


def _region(hint: str | None) -> str | None:
    if not hint:
        return None
    code = COUNTRY_ALIASES.get(key(hint)) or registry.country.clean(hint)
    return code.upper() if code and len(code) == 2 else None


def clean_phone(value: str, hint: str | None = None) -> Result:
    text = "+" + value[2:] if value.startswith("00") else value
    try:
        number = phonenumbers.parse(text, _region(hint))
    except phonenumbers.NumberParseException:
        return None, INVALID_PHONE
    if not phonenumbers.is_valid_number(number):
        return None, INVALID_PHONE
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None


COUNTRY = Validator("country", clean_country, column_from_scalar(clean_country))
PHONE = Validator("phone", clean_phone, column_from_scalar(clean_phone))
