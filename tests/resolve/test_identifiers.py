"""Identifiers: normal forms and CURP/RFC consistency with the stated facts."""

from __future__ import annotations

from bicentennial.records.types.curp import check_digit as curp_digit
from bicentennial.records.types.rfc import check_digit as rfc_digit
from bicentennial.resolve.identifiers import (
    check_curp,
    check_rfc,
    clabe_check_digit,
    consistent,
    curp_initials,
    is_valid_clabe,
    normalize,
    normalize_phone,
    same_identifier,
)

CURP = "PEGJ850312HSLRRN0" + curp_digit("PEGJ850312HSLRRN0")  # Juan Pérez García, 1985-03-12, male, Sinaloa
RFC = "PEGJ850312AB" + rfc_digit("PEGJ850312AB0")  # the digit covers the first 12


def _by_field(checks):  # type: ignore[no-untyped-def]
    return {c.field: c.ok for c in checks}


def test_curp_consistent_with_stated_facts() -> None:
    checks = check_curp(CURP, birth_date="1985-03-12", sex="H", birth_place="Culiacán, Sinaloa",
                        name="Juan Pérez García")
    assert _by_field(checks) == {"valid": True, "birth_date": True, "sex": True, "state": True, "initials": True}
    assert consistent(checks) is True


def test_curp_disagreements_are_reported() -> None:
    checks = check_curp(CURP, birth_date="1986-03-12", sex="female", birth_place="Monterrey, Nuevo León",
                        name="Pedro Sánchez Ruiz")
    assert _by_field(checks) == {"valid": True, "birth_date": False, "sex": False, "state": False,
                                 "initials": False}
    assert consistent(checks) is False
    abroad = check_curp(CURP, birth_place="Los Angeles, California, USA")
    assert _by_field(abroad)["state"] is False


def test_curp_invalid_and_unknown() -> None:
    bad = CURP[:-1] + str((int(CURP[-1]) + 1) % 10)
    assert _by_field(check_curp(bad)) == {"valid": False}
    assert consistent(check_curp(CURP)) is None  # nothing stated: nothing compared
    assert _by_field(check_curp(CURP, birth_date="1985"))["birth_date"] is True


def test_curp_initials() -> None:
    assert curp_initials("María José", "de la Cruz", "Ramírez") == "CURJ"
    assert curp_initials("Ana", "Núñez", None) == "NUXA"


def test_rfc_checks() -> None:
    assert _by_field(check_rfc(RFC, birth_date="1985-03-12", name="Juan Pérez García")) == {
        "valid": True, "birth_date": True, "initials": True}
    assert _by_field(check_rfc(RFC, birth_date="1984-03-12"))["birth_date"] is False
    assert _by_field(check_rfc("PEGJ850312AB0" if RFC[-1] != "0" else "PEGJ850312AB1")) == {"valid": False}


def test_phones_e164() -> None:
    assert normalize_phone("044 55 1234 5678") == "+525512345678"
    assert normalize_phone("+52 1 55 1234 5678") == "+525512345678"
    assert normalize_phone("(202) 555-0100", "US") == "+12025550100"
    assert normalize_phone("12") is None
    assert same_identifier("phone", "55-1234-5678", "+52 (55) 1234 5678")


def test_other_identifiers() -> None:
    assert normalize("passport", " g-123 456 ") == "G123456"
    assert same_identifier("serial", "00AB-1234", "ab1234")
    assert not same_identifier("serial", "AB1234", "AB1235")
    assert normalize("rfc", "AIMM-671215-387") == "AIMM671215387"
    assert normalize("curp", "") is None
    clabe = "03218000011835971"
    assert is_valid_clabe(clabe + clabe_check_digit(clabe))
    assert not is_valid_clabe(clabe + str((int(clabe_check_digit(clabe)) + 1) % 10))
