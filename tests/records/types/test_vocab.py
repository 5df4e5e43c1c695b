from __future__ import annotations

import pytest

from bicentennial.records.types.common import UNKNOWN_CURRENCY, UNKNOWN_UNIT
from bicentennial.records.types.vocab import CURRENCY, EXTRADITION_STAGE, REPORT_TYPE, SEIZURE_CATEGORY, UNIT, lookup


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("kg", "kg"),
        ("Kilogramos", "kg"),
        ("KILOS", "kg"),
        ("lbs", "lb"),
        ("Libras", "lb"),
        ("pastillas", "pills"),
        ("Gramos", "g"),
        ("litros", "l"),
        ("cartuchos", "rounds"),
        ("Dólares", "usd"),
        ("pesos", "mxn"),
        ("Pzas.", "units"),
    ],
)
def test_units(value: str, code: str) -> None:
    assert UNIT.scalar(value, None) == (code, None)


def test_unknown_unit() -> None:
    assert UNIT.scalar("bushels", None) == (None, UNKNOWN_UNIT)


def test_aliases_are_unambiguous() -> None:
    # Within one vocabulary an alias must point to exactly one code.
    from bicentennial.records.types.vocab import key, vocabularies

    for name, codes in vocabularies().items():
        seen: dict[str, str] = {}
        for code, aliases in codes.items():
            for alias in [code, *aliases]:
                assert seen.setdefault(key(str(alias)), str(code)) == str(code), (name, alias)
        assert len(lookup(name)) == len(seen)


def test_other_vocabularies() -> None:
    assert SEIZURE_CATEGORY.scalar("Armas de fuego", None) == ("firearms", None)
    assert SEIZURE_CATEGORY.scalar("Efectivo", None) == ("cash", None)
    assert REPORT_TYPE.scalar("sar", None) == ("SAR", None)
    assert REPORT_TYPE.scalar("Operación inusual", None) == ("ROI", None)
    assert EXTRADITION_STAGE.scalar("Extraditado", None) == ("surrender", None)
    assert CURRENCY.scalar("mxn", None) == ("MXN", None)
    assert CURRENCY.scalar("dólares", None) == ("USD", None)
    assert CURRENCY.scalar("XYZ1", None) == (None, UNKNOWN_CURRENCY)
