"""Feature engineering: one row of comparable, normalised columns per entity.

Input is entities as `(entity_id, properties)` with FtM property lists
(``name``, ``firstName``, ``fatherName``, ``birthDate``, ``idNumber`` …);
`entities_from_statements` pivots a statements table (as returned by
`bicentennial.access.records.visible_table`) into that shape in DuckDB.

Person names follow the convention of `resolve/names.py` (firstName holds all
given names, fatherName/motherName the paternal/maternal surnames); a record
that carries only ``name`` is parsed (``SURNAMES, Given`` or given first).
Per-token work (folding, nicknames, phonetic keys) is memoised in `names.py`,
so a million entities cost one Python pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pyarrow as pa

from bicentennial.resolve import names

Props = dict[str, list[str]]

_DIGITS = re.compile(r"\D+")
_ALNUM = re.compile(r"[^A-Z0-9]+")
_POSTCODE = re.compile(r"\b(\d{5})\b")
_DATE = re.compile(r"^(\d{4})(?:-?(\d{2}))?(?:-?(\d{2}))?")

ID_PROPS = ("idNumber", "taxNumber", "passportNumber", "registrationNumber", "innCode", "vatCode",
            "socialSecurityNumber", "curp", "rfc")

PERSON_COLUMNS = (
    "unique_id", "given", "given1", "given1_key", "given_keys", "surnames", "surname_str", "surname1", "surname1_phon",
    "surname_phons", "surname_set", "sur_p", "sur_m", "sur_p_phon", "sur_m_phon",
    "name_key", "alias_keys", "birth_date", "birth_year", "ids", "id1",
    "phones", "phone1", "address", "city", "postcode", "country", "gender",
)
ORG_COLUMNS = (
    "unique_id", "org_name", "org_tokens", "org_phon", "org_first", "legal_form", "ids", "id1", "phones",
    "phone1", "address", "city", "postcode", "country",
)


def _first(props: Props, *keys: str) -> str | None:
    for key in keys:
        for value in props.get(key) or ():
            if value and value.strip():
                return value.strip()
    return None


def _all(props: Props, *keys: str) -> list[str]:
    return [v for k in keys for v in (props.get(k) or ()) if v and v.strip()]


def _tokens(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        for token in names.name_tokens(value):
            if token not in out:
                out.append(token)
    return out


def birth_date(value: str | None) -> str | None:
    """ISO date prefix (``1960``, ``1960-12`` or ``1960-12-01``) from common spellings."""
    if not value:
        return None
    m = _DATE.match(value.strip())
    if not m:
        return None
    return "-".join(p for p in m.groups() if p)


def normalise_id(value: str) -> str | None:
    text = _ALNUM.sub("", value.upper())
    return text if len(text) >= 5 else None


def normalise_phone(value: str) -> str | None:
    digits = _DIGITS.sub("", value)
    return digits[-10:] if len(digits) >= 7 else None


def _contact(props: Props) -> dict[str, Any]:
    ids = sorted({i for i in (normalise_id(v) for v in _all(props, *ID_PROPS)) if i})
    phones = sorted({p for p in (normalise_phone(v) for v in _all(props, "phone")) if p})
    address = _first(props, "address", "full")
    postcode = _first(props, "postalCode")
    if not postcode and address:
        m = _POSTCODE.search(address)
        postcode = m.group(1) if m else None
    city = _first(props, "city")
    country = _first(props, "nationality", "country", "citizenship", "jurisdiction")
    return {
        "ids": ids or None, "id1": ids[0] if ids else None,
        "phones": phones or None, "phone1": phones[0] if phones else None,
        "address": names.fold(address) or None if address else None,
        "city": names.fold(city) or None if city else None,
        "postcode": postcode,
        "country": country.lower() if country else None,
    }


def _paternal_maternal(surnames: list[str], father: list[str], mother: list[str]) -> tuple[str | None, str | None]:
    """The paternal and maternal surname (first word of each), for the surname comparison's
    positional levels. Without fatherName/motherName, two surname words are read the Mexican
    way (paternal maternal, as `Hernández López` or `Hernández-López`); one word is paternal
    only; three or more leave the maternal unknown (compound surnames)."""
    if father:
        return father[0], mother[0] if mother else None
    if mother:
        return None, mother[0]
    if not surnames:
        return None, None
    return surnames[0], surnames[1] if len(surnames) == 2 else None


def person_row(entity_id: str, props: Props) -> dict[str, Any]:
    """Comparable columns of one Person (see PERSON_COLUMNS)."""
    row: dict[str, Any] = _person_table([(entity_id, props)]).to_pylist()[0]
    return row


_RAW = ("dob", "gender", "ids", "phones", "address", "postcode", "city", "country")

# Contact columns normalised in DuckDB, vectorised (a Python pass per record costs minutes at 1M):
# the same rules as `_contact`, `birth_date`, `normalise_id`, `normalise_phone` and `names.fold`
# (accents stripped rather than transliterated: addresses are in Latin script).
_FOLD = ("nullif(trim(regexp_replace(regexp_replace(replace(replace(lower(strip_accents({x})), chr(39), ''), "
         "'.', ' '), '[^a-z0-9 ]+', ' ', 'g'), ' +', ' ', 'g')), '')")
_PERSON_SQL = r"""
WITH n AS (
  SELECT *,
    regexp_extract(trim(dob), '^(\d{4})(?:-?(\d{2}))?(?:-?(\d{2}))?', ['y', 'm', 'd']) AS d,
    list_sort(list_distinct(list_filter(list_transform(ids, lambda x: regexp_replace(upper(x), '[^A-Z0-9]+', '', 'g')),
                                        lambda x: length(x) >= 5))) AS id_list,
    list_sort(list_distinct(list_transform(
        list_filter(list_transform(phones, lambda x: regexp_replace(x, '\D+', '', 'g')), lambda x: length(x) >= 7),
        lambda x: right(x, 10)))) AS phone_list
  FROM raw
)
SELECT
  nullif(concat_ws('-', nullif(d.y, ''), nullif(d.m, ''), nullif(d.d, '')), '') AS birth_date,
  nullif(d.y, '') AS birth_year,
  nullif(left(lower(trim(gender)), 1), '') AS gender,
  CASE WHEN len(id_list) > 0 THEN id_list END AS ids, id_list[1] AS id1,
  CASE WHEN len(phone_list) > 0 THEN phone_list END AS phones, phone_list[1] AS phone1,
  ADDRESS_FOLD AS address,
  CITY_FOLD AS city,
  coalesce(postcode, nullif(regexp_extract(address, '\b(\d{5})\b', 1), '')) AS postcode,
  lower(country) AS country
FROM n ORDER BY pos
""".replace("ADDRESS_FOLD", _FOLD.format(x="address")).replace("CITY_FOLD", _FOLD.format(x="city"))


def _person_table(entities: Iterable[tuple[str, Props]]) -> pa.Table:
    """One Python pass collects raw values and memoised name columns; DuckDB normalises the rest."""
    name_index: dict[tuple[Any, ...], int] = {}
    name_rows: list[dict[str, Any]] = []
    idx: list[int] = []
    uid: list[str] = []
    raw: dict[str, list[Any]] = {c: [] for c in _RAW}
    for entity_id, props in entities:
        get = props.get
        given = tuple(_all(props, "firstName", "secondName", "middleName"))
        father, mother = tuple(get("fatherName") or ()), tuple(get("motherName") or ())
        last = tuple(get("lastName") or ())
        full = _first(props, "name")
        aliases = tuple(_all(props, "alias", "weakAlias"))
        if full and given and (father or mother or last):
            full = None  # not parsed when the parts are given: keeps the memo small
        key = (given, father, mother, last, full, aliases)
        i = name_index.get(key)
        if i is None:
            i = name_index[key] = len(name_rows)
            name_rows.append(_person_names(*key))
        idx.append(i)
        uid.append(entity_id)
        raw["dob"].append(_first(props, "birthDate"))
        raw["gender"].append(_first(props, "gender"))
        raw["ids"].append(_all(props, *ID_PROPS))
        raw["phones"].append(_all(props, "phone"))
        raw["address"].append(_first(props, "address", "full"))
        raw["postcode"].append(_first(props, "postalCode"))
        raw["city"].append(_first(props, "city"))
        raw["country"].append(_first(props, "nationality", "country", "citizenship", "jurisdiction"))
    distinct = pa.table({
        c: pa.array([r[c] for r in name_rows], type=pa.list_(pa.string()) if c in _LIST_COLUMNS else pa.string())
        for c in _NAME_COLUMNS
    })
    named = distinct.take(pa.array(idx, type=pa.int64()))
    raw_table = pa.table({
        "pos": pa.array(range(len(uid)), type=pa.int64()),
        **{c: pa.array(v, type=pa.list_(pa.string()) if c in ("ids", "phones") else pa.string())
           for c, v in raw.items()},
    })
    import duckdb

    con = duckdb.connect()
    try:
        con.execute("SET autoinstall_known_extensions=false")
        con.execute("SET autoload_known_extensions=false")
        con.register("raw", raw_table)
        contact = con.sql(_PERSON_SQL).to_arrow_table()
    finally:
        con.close()
    columns: dict[str, Any] = {"unique_id": pa.array(uid, type=pa.string())}
    for c in PERSON_COLUMNS[1:]:
        columns[c] = named.column(c) if c in _NAME_COLUMNS else contact.column(c)
    table = pa.table(columns)
    return table.append_column("sur_p_freq", _frequency(table.column("sur_p")))


_NAME_COLUMNS = ("given", "given1", "given1_key", "given_keys", "surnames", "surname_str", "surname1",
                 "surname1_phon", "surname_phons", "surname_set", "sur_p", "sur_m", "sur_p_phon", "sur_m_phon",
                 "name_key", "alias_keys")


@lru_cache(maxsize=200_000)
def _person_names(given_in: tuple[str, ...], father_in: tuple[str, ...], mother_in: tuple[str, ...],
                  last_in: tuple[str, ...], full: str | None, aliases_in: tuple[str, ...]) -> dict[str, Any]:
    """The name columns, memoised: many records repeat the same name as written."""
    given_raw = list(given_in)
    father = [v for v in father_in if v and v.strip()]
    mother = [v for v in mother_in if v and v.strip()]
    surname_raw: list[str] = father + mother or [v for v in last_in if v and v.strip()]
    aliases = list(aliases_in)
    if full and not (given_raw and surname_raw):
        primary, more = names.split_aliases(full)
        aliases += more
        parsed = names.parse_person_name(primary)
        given_raw = given_raw or [*parsed.given, *parsed.middle]
        if not surname_raw:
            father = [parsed.paternal] if parsed.paternal else []
            mother = [parsed.maternal] if parsed.maternal else []
            surname_raw = father + mother
    given = _tokens(given_raw)
    surnames = _tokens(surname_raw)
    sur_p, sur_m = _paternal_maternal(surnames, _tokens(father), _tokens(mother))
    keys: set[str] = set()
    for token in given:
        keys.add(token)
        keys.update(names.nickname_groups(token))
    phons = [names.phonetic_key(s) for s in surnames]
    name_tokens = sorted({names.canonical_given(t) for t in given} | set(surnames))
    alias_keys = sorted({t for a in aliases for t in names.name_tokens(a) if len(t) > 1})
    return {
        "given": " ".join(given) or None,
        "given1": given[0] if given else None,
        "given1_key": names.canonical_given(given[0]) if given else None,
        "given_keys": sorted(keys) or None,
        "surnames": surnames or None,
        "surname_str": " ".join(surnames) or None,
        "surname1": surnames[0] if surnames else None,
        "surname1_phon": phons[0] if phons else None,
        "surname_phons": sorted(set(phons)) or None,
        "surname_set": " ".join(sorted(set(phons))) or None,
        "sur_p": sur_p,
        "sur_m": sur_m,
        "sur_p_phon": names.phonetic_key(sur_p) if sur_p else None,
        "sur_m_phon": names.phonetic_key(sur_m) if sur_m else None,
        "name_key": " ".join(name_tokens) or None,
        "alias_keys": alias_keys or None,
    }


def organization_row(entity_id: str, props: Props) -> dict[str, Any]:
    """Comparable columns of one Organization/Company/LegalEntity (see ORG_COLUMNS)."""
    name = _first(props, "name") or ""
    tokens = names.company_tokens(name) if name else []
    row = {
        "unique_id": entity_id,
        "org_name": names.normalize_company(name) or None if name else None,
        "org_tokens": sorted(set(tokens)) or None,
        "org_phon": " ".join(names.phonetic_key(t) for t in tokens) or None,
        "org_first": tokens[0] if tokens else None,
        "legal_form": names.legal_form(name) if name else None,
    }
    row.update(_contact(props))
    return row


_LIST_COLUMNS = {"given_keys", "surnames", "surname_phons", "alias_keys", "ids", "phones", "org_tokens"}


def feature_table(entities: Iterable[tuple[str, Props]], kind: str = "person") -> pa.Table:
    """A pyarrow table of features, one row per entity (`kind`: person | organization)."""
    if kind == "person":
        return _person_table(entities)
    columns = ORG_COLUMNS
    build = organization_row
    data: dict[str, list[Any]] = {c: [] for c in columns}
    for entity_id, props in entities:
        row = build(entity_id, props)
        for c in columns:
            data[c].append(row[c])
    return pa.table({
        c: pa.array(v, type=pa.list_(pa.string()) if c in _LIST_COLUMNS else pa.string())
        for c, v in data.items()
    })


MIN_ROWS_FOR_FREQUENCY = 1000


def _frequency(column: pa.ChunkedArray) -> pa.Array:
    """Share of the rows with each row's value (null stays null): the term frequency that makes
    agreement on a common surname weaker evidence than agreement on a rare one."""
    import pyarrow.compute as pc

    if len(column) < MIN_ROWS_FOR_FREQUENCY:  # a handful of records: no frequency, no common band
        return pa.array([0.0] * len(column), type=pa.float64())
    counts = pc.value_counts(column)
    values, n = counts.field("values"), counts.field("counts")
    total = max(len(column), 1)
    idx = pc.index_in(column, value_set=values)
    return pc.divide(pc.cast(pc.take(n, idx), pa.float64()), float(total))


PERSON_SCHEMATA = ["Person"]
ORG_SCHEMATA = ["Organization", "Company", "LegalEntity"]


def entities_from_statements(statements: pa.Table, schemata: list[str]) -> list[tuple[str, str, Props]]:
    """Pivot statements (entity_id, schema, prop, value, …) into (entity_id, schema, properties)."""
    import duckdb

    con = duckdb.connect()
    try:
        con.execute("SET autoinstall_known_extensions=false")
        con.execute("SET autoload_known_extensions=false")
        con.register("st", statements)
        rows = con.execute(
            """
            SELECT entity_id, any_value(schema) AS schema, list(prop ORDER BY prop, value) AS props,
                   list(value ORDER BY prop, value) AS vals
            FROM st WHERE schema IN (SELECT unnest(?)) GROUP BY entity_id ORDER BY entity_id
            """,
            [schemata],
        ).fetchall()
    finally:
        con.close()
    out: list[tuple[str, str, Props]] = []
    for entity_id, schema, props, vals in rows:
        bag: Props = {}
        for prop, value in zip(props, vals, strict=True):
            bag.setdefault(prop, [])
            if value not in bag[prop]:
                bag[prop].append(value)
        out.append((entity_id, schema, bag))
    return out
