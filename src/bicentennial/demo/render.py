"""How each agency writes a person or a company: the source of the name variants.

A *style* is a set of habits (upper case, accents dropped, maternal surname
dropped, surname order, nicknames, typos, which columns exist). Each feed
renders the real entity through its agency's style with the feed's own random
generator, so a re-run gives the same bytes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from bicentennial.demo import names
from bicentennial.demo.world import Company, Person


@dataclass(frozen=True)
class Style:
    columns: tuple[str, ...]
    upper: bool = False
    drop_accents: float = 0.0  # probability
    drop_maternal: float = 0.0
    swap_surnames: float = 0.0
    hyphenate: float = 0.0
    nickname: float = 0.0
    typo: float = 0.0
    alias: float = 0.0
    split_given: bool = False  # "José Luis" → firstName José, middleName Luis
    surname_first: bool = False  # "HERNÁNDEZ LÓPEZ JOSÉ LUIS"
    swap_day_month: float = 0.0
    missing_birth: float = 0.0
    id_share: float = 1.0  # share of identifiers (CURP, RFC, passport) actually recorded


BASE = ("id", "name")
STYLES: dict[str, Style] = {
    # Mexican prosecutors: full names with accents, both surnames, aliases, CURP.
    "FGR": Style(BASE + ("firstName", "fatherName", "motherName", "alias", "gender", "birthDate", "nationality",
                         "curp", "phone"),
                 drop_accents=0.1, typo=0.03, alias=0.8, id_share=0.8, missing_birth=0.1),
    "GN": Style(BASE + ("firstName", "fatherName", "motherName", "alias", "nationality"),
                drop_accents=0.3, typo=0.05, alias=0.5, nickname=0.1),
    # Financial intelligence: SAT style, upper case, surnames first, RFC.
    "UIF": Style(BASE + ("firstName", "fatherName", "motherName", "birthDate", "nationality", "rfc", "curp"),
                 upper=True, surname_first=True, drop_accents=0.2, typo=0.01, id_share=0.9),
    # U.S. border records: upper case, no accents, often one surname.
    "CBP": Style(BASE + ("firstName", "lastName", "gender", "birthDate", "nationality", "passportNumber"),
                 upper=True, drop_accents=0.97, drop_maternal=0.5, swap_surnames=0.08, hyphenate=0.1,
                 nickname=0.03, typo=0.04, alias=0.03, swap_day_month=0.02, id_share=0.9),
    "HSI": Style(BASE + ("firstName", "lastName", "alias", "birthDate", "nationality", "phone"),
                 drop_accents=0.9, drop_maternal=0.4, swap_surnames=0.1, nickname=0.2, typo=0.05, alias=0.4,
                 swap_day_month=0.02, missing_birth=0.2),
    # Firearm purchase forms (ATF Form 4473): given, middle, last; nicknames; typos.
    "ATF": Style(BASE + ("firstName", "middleName", "lastName", "birthDate", "address", "phone"),
                 drop_accents=0.95, drop_maternal=0.6, swap_surnames=0.05, hyphenate=0.15, nickname=0.25,
                 typo=0.06, split_given=True, swap_day_month=0.03),
    "FINCEN": Style(BASE + ("birthDate", "nationality", "rfc"),
                    upper=True, drop_accents=1.0, drop_maternal=0.5, swap_surnames=0.2, typo=0.03,
                    id_share=0.4, missing_birth=0.3),
    "DOJ": Style(BASE + ("firstName", "lastName", "alias", "birthDate", "nationality", "curp", "passportNumber"),
                 drop_accents=0.7, alias=0.9, id_share=0.6),
}


def _form(text: str, style: Style, rng: random.Random, plain: bool) -> str:
    if plain:
        text = names.strip_accents(text)
    return text.upper() if style.upper else text


def person_row(style: Style, p: Person, source_id: str, rng: random.Random) -> dict[str, str]:
    """One mention of `p` as written by an agency with `style`."""
    plain = rng.random() < style.drop_accents
    first = p.first
    if style.nickname and rng.random() < style.nickname:
        first = names.nickname(rng, first) or first
    middle = p.middle or ""
    if style.split_given and " " in first and not middle:
        first, middle = first.split(" ", 1)
    father, mother = p.father, p.mother or ""
    if mother and rng.random() < style.drop_maternal:
        mother = ""
    if mother and rng.random() < style.swap_surnames:
        father, mother = mother, father
    if style.typo and rng.random() < style.typo:
        which = rng.randrange(3)
        if which == 0:
            first = names.typo(rng, first)
        elif which == 1:
            father = names.typo(rng, father)
        elif mother:
            mother = names.typo(rng, mother)
    first, middle, father, mother = (_form(x, style, rng, plain) for x in (first, middle, father, mother))
    hyphen = bool(mother) and rng.random() < style.hyphenate
    last = f"{father}-{mother}" if hyphen else f"{father} {mother}".strip()
    if style.surname_first:
        name = f"{last} {first} {middle}".strip()
    else:
        name = " ".join(x for x in (first, middle, last) if x)
    name = " ".join(name.split())
    row = {"id": source_id, "name": name, "firstName": first, "middleName": middle, "lastName": last,
           "fatherName": father, "motherName": mother}
    if p.alias and rng.random() < style.alias:
        row["alias"] = _form(p.alias, style, rng, plain)
    birth = p.birth
    if rng.random() >= style.missing_birth:
        if birth.day <= 12 and birth.day != birth.month and rng.random() < style.swap_day_month:
            birth = birth.replace(month=birth.day, day=birth.month)
        row["birthDate"] = birth.isoformat()
    row["gender"] = p.gender
    row["nationality"] = p.nationality
    if p.curp and rng.random() < style.id_share:
        row["curp"] = p.curp
    if p.rfc and rng.random() < style.id_share:
        row["rfc"] = p.rfc
    if p.passport and rng.random() < style.id_share:
        row["passportNumber"] = p.passport
    if p.phone and rng.random() < 0.7:
        row["phone"] = p.phone
    row["address"] = f"{p.city}, {p.state}"
    return row


# The same legal form spelled the ways Mexican and U.S. sources write it.
LEGAL_FORM_WRITINGS: dict[str, tuple[str, ...]] = {
    "S.A. de C.V.": ("S.A. de C.V.", "SA DE CV", "S.A. DE C.V."),
    "S. de R.L. de C.V.": ("S. de R.L. de C.V.", "S DE RL DE CV", "S. DE R.L. DE C.V."),
    "S.A.P.I. de C.V.": ("S.A.P.I. de C.V.", "SAPI DE CV", "S.A.P.I. DE C.V."),
    "LLC": ("LLC", "L.L.C.", "LLC"),
}


def company_name(c: Company, rng: random.Random, upper: bool, plain: bool) -> str:
    base = names.strip_accents(c.base) if plain else c.base
    form = rng.choice(LEGAL_FORM_WRITINGS[c.legal_form])
    if upper:
        base = base.upper()
    comma = "," if rng.random() < 0.4 else ""
    return f"{base}{comma} {form}"


def company_row(c: Company, source_id: str, rng: random.Random, upper: bool, plain: float) -> dict[str, str]:
    row = {
        "id": source_id,
        "name": company_name(c, rng, upper, rng.random() < plain),
        "jurisdiction": c.jurisdiction,
        "registrationNumber": c.registration,
        "incorporationDate": c.incorporated.isoformat(),
        "address": f"{c.city}, {c.state}",
    }
    if c.rfc and rng.random() < 0.9:
        row["rfc"] = c.rfc
    return row
