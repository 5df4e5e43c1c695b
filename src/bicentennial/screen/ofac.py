"""The OFAC SDN list in its legacy CSV files (sdn, add, alt, sdn_comments).

No header row; nulls are the literal ``-0-``. The ``Remarks`` column carries most of
the facts: ``a.k.a. 'NAME'``, ``DOB 31 Jul 1964``, ``POB ...``, ``nationality``,
``C.U.R.P. ...``, ``R.F.C. ...``, ``Passport ...`` and the relations ``Linked To: NAME.``;
long remarks continue in ``sdn_comments``. Each entity keeps its SDN entry number.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from bicentennial.resolve.identifiers import normalize
from bicentennial.resolve.names import is_moniker
from bicentennial.screen.countries import country_code
from bicentennial.screen.entity import ListedEntity

SOURCE = "ofac-sdn"
DEFAULT_DIR = Path(__file__).resolve().parents[3] / "data" / "sanctions" / "ofac"
NARCOTICS_PROGRAMS = frozenset({"SDNTK", "ILLICIT-DRUGS-EO14059", "SDNT"})
_SCHEMA = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}

_AKA = re.compile(r"\b([afn])\.k\.a\.,?\s*'([^']+)'", re.IGNORECASE)
_DOB = re.compile(r"\b(?:alt\.\s*)?DOB\s+([^;]+)")
_POB = re.compile(r"\b(?:alt\.\s*)?POB\s+([^;]+)")
_NATIONALITY = re.compile(r"\b(?:nationality|citizen|alt\. nationality|alt\. citizen)\s+([^;]+)", re.IGNORECASE)
_LINKED = re.compile(r"Linked To:\s*([^;]+?)\.?\s*(?:;|$)")
_GENDER = re.compile(r"\bGender\s+(Male|Female)\b")
_ID = re.compile(
    r"(?:^|;)\s*(C\.U\.R\.P\.|R\.F\.C\.|Passport|Diplomatic Passport|National ID No\.|Cedula No\.|"
    r"Tax ID No\.|Registration Number|Identification Number|NIT #|D\.N\.I\.|Electoral Registry No\.|"
    r"SSN|Phone Number|Personal ID Card|Business Registration Number|Folio Mercantil No\.|"
    r"Immigration No\.|Driver's License No\.|Matricula Mercantil No)\s+([A-Z0-9][A-Z0-9 ./-]*[A-Z0-9])"
    r"(?:\s*\(([^)]+)\))?",
    re.IGNORECASE,
)
_ID_KIND = {"c.u.r.p.": "curp", "r.f.c.": "rfc", "passport": "passport", "diplomatic passport": "passport",
            "phone number": "phone"}
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


def _open(folder: Path, stem: str) -> Iterator[list[str]] | None:
    """Rows of ``<stem>.csv[.gz]`` or ``<stem>_<date>.csv[.gz]`` in `folder` (the newest date wins)."""
    pattern = re.compile(rf"{stem}(_\d{{4}}-\d{{2}}(-\d{{2}})?)?\.csv(\.gz)?")
    candidates = sorted(p for p in folder.iterdir() if pattern.fullmatch(p.name)) if folder.is_dir() else []
    if not candidates:
        return None
    path = candidates[-1]
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    text = raw.decode("latin-1").replace("\x1a", "")
    return csv.reader(io.StringIO(text))


def _null(value: str | None) -> str | None:
    value = (value or "").strip()
    return None if not value or value == "-0-" else value


def parse_date(text: str) -> list[str]:
    """OFAC dates: ``31 Jul 1964``, ``Jul 1964``, ``1964``, ``circa 1964``, ``1960 to 1962`` → ISO (partial)."""
    text = text.strip().rstrip(".")
    text = re.sub(r"^circa\s+", "", text, flags=re.IGNORECASE)
    span = re.fullmatch(r"(\d{4})\s+to\s+(\d{4})", text)
    if span:
        a, b = int(span.group(1)), int(span.group(2))
        return [str(y) for y in range(a, b + 1)] if 0 <= b - a <= 10 else [str(a), str(b)]
    m = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})", text)
    if m and m.group(2).lower() in _MONTHS:
        try:
            return [datetime(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1))).date().isoformat()]
        except ValueError:
            return [m.group(3)]
    m = re.fullmatch(r"([A-Za-z]{3})[a-z]*\s+(\d{4})", text)
    if m and m.group(1).lower() in _MONTHS:
        return [f"{m.group(2)}-{_MONTHS[m.group(1).lower()]:02d}"]
    m = re.search(r"\b(1[89]\d\d|20\d\d)\b", text)
    return [m.group(1)] if m else []


def parse_remarks(entity: ListedEntity, remarks: str) -> None:
    """Fill aliases, dates of birth, countries, identifiers and links from Remarks."""
    for _kind, alias in _AKA.findall(remarks):
        _add_alias(entity, alias.strip())
    for match in _DOB.findall(remarks):
        for date in parse_date(match):
            if date not in entity.birth_dates:
                entity.birth_dates.append(date)
    for place in _POB.findall(remarks):
        code = country_code(place.split(",")[-1].strip()) or country_code(place)
        if code:
            entity.countries.add(code)
    for country in _NATIONALITY.findall(remarks):
        code = country_code(country.strip().rstrip("."))
        if code:
            entity.countries.add(code)
    for label, value, country in _ID.findall(remarks):
        kind = _ID_KIND.get(label.lower(), "id")
        norm = normalize(kind, value, region=(country_code(country) or "mx").upper() if country else "MX")
        if norm:
            entity.identifiers.setdefault(kind, set()).add(norm)
        if country and (code := country_code(country)):
            entity.countries.add(code)
    for linked in _LINKED.findall(remarks):
        if linked.strip() and linked.strip() not in entity.linked_to:
            entity.linked_to.append(linked.strip())
    gender = _GENDER.search(remarks)
    if gender:
        entity.gender = gender.group(1).lower()


def _add_alias(entity: ListedEntity, alias: str) -> None:
    if not alias or alias in entity.names or alias in entity.weak_aliases:
        return
    if entity.schema == "Person" and is_moniker(alias) and "," not in alias:
        entity.weak_aliases.append(alias)
    else:
        entity.names.append(alias)


def load_sdn(folder: Path | str = DEFAULT_DIR, programs: set[str] | None = None) -> list[ListedEntity]:
    """Every SDN entry (optionally only those in `programs`), with alt names, addresses' countries
    and the overflow remarks of sdn_comments joined in."""
    folder = Path(folder)
    rows = _open(folder, "sdn")
    if rows is None:
        raise FileNotFoundError(f"no sdn*.csv[.gz] in {folder}")
    comments: dict[str, str] = {}
    for row in _open(folder, "sdn_comments") or []:
        if len(row) >= 2 and row[0].strip().isdigit():
            comments[row[0].strip()] = comments.get(row[0].strip(), "") + (_null(row[1]) or "")
    entities: dict[str, ListedEntity] = {}
    for row in rows:
        if len(row) < 12 or not row[0].strip().isdigit():
            continue
        ent_num = row[0].strip()
        program_list = [p.strip() for p in (_null(row[3]) or "").split("] [") if p.strip()]
        if programs and not programs.intersection(program_list):
            continue
        name = _null(row[1]) or ent_num
        schema = _SCHEMA.get((_null(row[2]) or "").lower(), "Organization")
        entity = ListedEntity(id=f"{SOURCE}-{ent_num}", source=SOURCE, source_id=ent_num, schema=schema,
                              caption=name, names=[name], programs=program_list)
        remarks = " ".join(filter(None, [_null(row[11]), comments.get(ent_num)]))
        entity.remarks = remarks or None
        if remarks:
            parse_remarks(entity, remarks)
        flag = _null(row[9])
        if flag and (code := country_code(flag)):
            entity.countries.add(code)
        entities[ent_num] = entity
    for row in _open(folder, "alt") or []:
        listed = entities.get(row[0].strip()) if len(row) >= 4 else None
        alias = _null(row[3]) if listed is not None else None
        if listed is not None and alias:
            _add_alias(listed, alias)
    for row in _open(folder, "add") or []:
        listed = entities.get(row[0].strip()) if len(row) >= 5 else None
        country = _null(row[4]) if listed is not None else None
        if listed is not None and country and (code := country_code(country)):
            listed.countries.add(code)
    return list(entities.values())
