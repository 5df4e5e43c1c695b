"""Names: folding, parsing Hispanic and English names, nicknames, aliases, phonetics, companies."""

from __future__ import annotations

import pytest

from bicentennial.resolve.names import (
    canonical_given,
    company_tokens,
    compare_names,
    fold,
    is_moniker,
    legal_form,
    name_keys,
    name_tokens,
    nickname_groups,
    normalize_company,
    parse_person_name,
    phonetic_key,
    split_aliases,
)


def test_fold_accents_and_enye() -> None:
    assert fold("  Peña NIÑO, José-María ") == "pena nino jose maria"
    assert name_tokens("Lic. José de la Cruz") == ["jose", "cruz"]
    assert name_tokens("El Chapo") == ["chapo"]


@pytest.mark.parametrize(
    ("text", "given", "paternal", "maternal"),
    [
        ("María José de la Cruz Ramírez", "María José", "de la Cruz", "Ramírez"),
        ("GUZMAN LOERA, Joaquin Archivaldo", "Joaquin Archivaldo", "GUZMAN", "LOERA"),
        ("Juan Pérez García", "Juan", "Pérez", "García"),
        ("José Guadalupe Ramírez", "José Guadalupe", "Ramírez", None),
        ("María del Carmen López Hernández", "María del Carmen", "López", "Hernández"),
        ("Ortega y Gasset, José", "José", "Ortega y Gasset", None),
        ("Ing. Pedro Sánchez", "Pedro", "Sánchez", None),
    ],
)
def test_parse_spanish(text: str, given: str, paternal: str, maternal: str | None) -> None:
    parsed = parse_person_name(text)
    assert " ".join(parsed.given) == given
    assert parsed.paternal == paternal
    assert parsed.maternal == maternal


def test_parse_surname_first_and_english() -> None:
    mx = parse_person_name("OSEGUERA CERVANTES NEMESIO", order="surname_first")
    assert (mx.paternal, mx.maternal, mx.given) == ("OSEGUERA", "CERVANTES", ["NEMESIO"])
    en = parse_person_name("John Fitzgerald Kennedy", lang="en")
    assert en.properties() == {
        "name": ["John Fitzgerald Kennedy"], "firstName": ["John"], "middleName": ["Fitzgerald"],
        "lastName": ["Kennedy"],
    }


def test_ftm_convention() -> None:
    props = parse_person_name('Joaquín Guzmán Loera alias "El Chapo"').properties()
    assert props["fatherName"] == ["Guzmán"] and props["motherName"] == ["Loera"]
    assert props["lastName"] == ["Guzmán Loera"] and props["firstName"] == ["Joaquín"]
    assert props["weakAlias"] == ["El Chapo"]


@pytest.mark.parametrize(
    ("text", "primary", "aliases"),
    [
        ('Joaquín Guzmán Loera alias "El Chapo"', "Joaquín Guzmán Loera", ["El Chapo"]),
        ("Nemesio Oseguera Cervantes (a) El Mencho", "Nemesio Oseguera Cervantes", ["El Mencho"]),
        ("Rafael Caro Quintero a.k.a. RCQ; El Príncipe", "Rafael Caro Quintero", ["RCQ", "El Príncipe"]),
        ("Servando Gómez Martínez, aka La Tuta", "Servando Gómez Martínez", ["La Tuta"]),
        ("Ana Pérez", "Ana Pérez", []),
    ],
)
def test_split_aliases(text: str, primary: str, aliases: list[str]) -> None:
    assert split_aliases(text) == (primary, aliases)


def test_monikers() -> None:
    assert is_moniker("El Mencho") and is_moniker("La Tuta")
    assert not is_moniker("Ismael Zambada García")


@pytest.mark.parametrize(
    ("a", "b"),
    [("Guzmán", "Gusman"), ("Hernández", "Ernandez"), ("Valdez", "Baldes"), ("Xavier", "Javier"),
     ("Yesenia", "Llesenia"), ("Jiménez", "Giménez"), ("Cecilia", "Sesilia"), ("Quintero", "Kintero"),
     ("Guillermo", "Guiyermo"), ("Philip", "Filip")],
)
def test_phonetic_equal(a: str, b: str) -> None:
    assert phonetic_key(a) == phonetic_key(b)


@pytest.mark.parametrize(("a", "b"), [("Garza", "García"), ("Gómez", "Gámez"), ("Luna", "Lima")])
def test_phonetic_different(a: str, b: str) -> None:
    assert phonetic_key(a) != phonetic_key(b)


@pytest.mark.parametrize(
    ("nick", "name"),
    [("Lupe", "Guadalupe"), ("Pepe", "José"), ("Paco", "Francisco"), ("Chuy", "Jesús"), ("Nacho", "Ignacio"),
     ("Memo", "Guillermo"), ("Beto", "Alberto"), ("Beto", "Roberto"), ("Bill", "William"), ("Bob", "Robert"),
     ("Pancho", "Francisco"), ("Peggy", "Margaret")],
)
def test_nicknames(nick: str, name: str) -> None:
    assert fold(name) in nickname_groups(nick)
    assert compare_names(f"{nick} Ramírez", f"{name} Ramírez").score >= 0.95


def test_canonical_given() -> None:
    assert canonical_given("Pepe") == "jose"
    assert canonical_given("Beto") == "beto"  # ambiguous: Alberto, Roberto, Humberto
    assert canonical_given("Zacarías") == "zacarias"


def test_compare_names_robust_to_perturbations() -> None:
    full = "GUZMAN LOERA, Joaquin Archivaldo"
    exact = compare_names("Joaquín Archivaldo Guzmán Loera", full)
    dropped = compare_names("Joaquin Guzman", full)
    typo = compare_names("Joaqin Archivaldo Guzman Loera", full)
    other = compare_names("Joaquín Torres Vega", full)
    assert exact.score == 1.0
    assert exact.score > typo.score > other.score
    assert dropped.score > other.score + 0.2
    assert "exact" in exact.explain()


def test_companies() -> None:
    assert normalize_company("Grupo ABC, S. de R.L. de C.V.") == normalize_company("GRUPO ABC S DE RL DE CV")
    assert normalize_company("Comercializadora XYZ, S.A. de C.V.").endswith("sacv")
    assert legal_form("Acme Holdings, LLC") == "llc"
    assert legal_form("Foo Inc.") == "inc"
    assert legal_form("Juan Pérez") is None
    assert company_tokens("Constructora Pérez, S.A. de C.V.") == ["constructora", "perez"]
    same = compare_names("Constructora Perez SA de CV", "CONSTRUCTORA PÉREZ, S.A. DE C.V.", company=True)
    assert same.score == 1.0


def test_name_keys_block_variants_together() -> None:
    assert name_keys("Beto Gusmán") & name_keys("Roberto Guzman")
    assert not name_keys("Ana López") & name_keys("Wei Zhang")
