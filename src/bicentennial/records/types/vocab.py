"""Closed vocabularies (vocabularies.yaml): units, seizure categories, report
types, extradition stages; and currencies (ISO 4217 codes known to Babel, plus
a few Spanish and English names)."""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import yaml
from babel.numbers import list_currencies

from bicentennial.records.types.common import (
    UNKNOWN_CATEGORY,
    UNKNOWN_CURRENCY,
    UNKNOWN_REPORT_TYPE,
    UNKNOWN_STAGE,
    UNKNOWN_UNIT,
    Result,
    Scalar,
    Validator,
    column_from_scalar,
)

VOCABULARIES_FILE = Path(__file__).parent.parent / "vocabularies.yaml"
CURRENCY_ALIASES = {
    "dollars": "USD", "us dollars": "USD", "dolares": "USD", "dolar": "USD", "us$": "USD",
    "pesos": "MXN", "peso": "MXN", "pesos mexicanos": "MXN", "mx$": "MXN", "mn": "MXN",
    "euros": "EUR", "euro": "EUR",
}  # fmt: skip


def key(value: str) -> str:
    """Matching key: lower case, no accents, no dots, single spaces."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.replace(".", "").split())


@cache
def vocabularies() -> dict[str, dict[str, list[str]]]:
    with VOCABULARIES_FILE.open(encoding="utf-8") as fh:
        data: dict[str, dict[str, list[str]]] = yaml.safe_load(fh)
    return data


@cache
def lookup(vocabulary: str) -> dict[str, str]:
    """Matching key → canonical code, for every code and alias of a vocabulary."""
    table: dict[str, str] = {}
    for code, aliases in vocabularies()[vocabulary].items():
        for alias in [code, *aliases]:
            table[key(str(alias))] = str(code)
    return table


def _closed(vocabulary: str, error: str) -> Scalar:
    def clean(value: str, hint: str | None = None) -> Result:
        code = lookup(vocabulary).get(key(value))
        return (code, None) if code is not None else (None, error)

    return clean


@lru_cache(maxsize=1)
def _currencies() -> dict[str, str]:
    table = {key(code): code for code in list_currencies()}
    table.update(CURRENCY_ALIASES)
    return table


def clean_currency(value: str, hint: str | None = None) -> Result:
    code = _currencies().get(key(value))
    return (code, None) if code is not None else (None, UNKNOWN_CURRENCY)


def _validator(name: str, scalar: Scalar) -> Validator:
    return Validator(name, scalar, column_from_scalar(scalar))


UNIT = _validator("unit", _closed("unit", UNKNOWN_UNIT))
SEIZURE_CATEGORY = _validator("seizure_category", _closed("seizure_category", UNKNOWN_CATEGORY))
REPORT_TYPE = _validator("report_type", _closed("report_type", UNKNOWN_REPORT_TYPE))
EXTRADITION_STAGE = _validator("extradition_stage", _closed("extradition_stage", UNKNOWN_STAGE))
CURRENCY = _validator("currency", clean_currency)
