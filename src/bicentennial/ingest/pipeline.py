"""The ingest pipeline: chunks of rows → entities → validated statements, or quarantine.

Per chunk (one transaction): build each entity's property columns from the mapping,
validate them column-wise (`records.validate.validate_column`), check required
properties, reject whole rows with any error (all or nothing), then write the
statements of the accepted rows, the quarantine entries of the others and the
batch's progress together. A crash loses at most the chunk in flight, and a rerun
completes the file: statement ids and quarantine ids are deterministic.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import json
import marshal
import os
import threading
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Connection, Engine, update

from bicentennial.access.audit import AuditEvent, append
from bicentennial.access.policy import SHARING_LEVELS
from bicentennial.access.records import fold
from bicentennial.framework import get_agency
from bicentennial.gcpause import paused_gc
from bicentennial.i18n import _
from bicentennial.ingest.errors import IngestError
from bicentennial.ingest.mapping import (
    EntitySpec,
    Mapping,
    ftm_entity_id,
    generic_mapping,
    key_entity_id,
    load_mapping,
    source_entity_id,
)
from bicentennial.ingest.readers import Chunk, Source, open_source, records_chunk
from bicentennial.store.db import CACHE_KIB, utcnow
from bicentennial.store.tables import ingest_batch, quarantine
from bicentennial.store.writer import ID_SEPARATOR, insert_ignore, provenance_seq, write_data_rows

DEFAULT_CHUNK_ROWS = 50_000  # rows per transaction (BICENTENNIAL_INGEST_CHUNK_ROWS)
PIECE_ROWS = 10_000  # rows validated at a time: small, so that the writer starts early
RECENT_IDS = 500_000  # statement ids remembered across chunks (about 100 MB at most)
MAX_ITEMS = 10_000  # quarantine details kept in a summary (the table keeps them all)

REQUIRED_EMPTY = "required property {prop} is empty"
UNKNOWN_SCHEMA = "unknown schema {schema}"
UNKNOWN_PROPERTY = "{schema} has no property {prop}"
NO_ID = "the entity has no id"

SEARCH_TYPES = frozenset({"name", "identifier", "email", "phone"})
SEARCH_PROPS = frozenset({"alias", "weakAlias", "previousName", "serialNumber", "registrationNumber",
                          "idNumber", "taxNumber", "passportNumber", "vin", "recordId"})


def _chunk_rows() -> int:
    try:
        return max(1, int(os.environ.get("BICENTENNIAL_INGEST_CHUNK_ROWS", DEFAULT_CHUNK_ROWS)))
    except ValueError:
        return DEFAULT_CHUNK_ROWS


@dataclass
class QuarantineItem:
    """One reason one row was not accepted."""

    row: int | None
    field: str | None
    reason: str  # English message id
    params: dict[str, Any]
    raw: Any = None

    def message(self, lang: str | None = None) -> str:
        return render_reason(self.reason, self.params, lang)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "reason": self.message(lang), "reason_id": self.reason,
                "params": self.params}


def render_reason(reason: str, params: dict[str, Any], lang: str | None = None) -> str:
    """A quarantine reason in the reader's language (the validators' messages included)."""
    try:
        return _(reason, lang=lang, **params)
    except (KeyError, IndexError, ValueError):
        return _(reason, lang=lang)


@dataclass
class IngestSummary:
    batch_id: str
    source: str
    agency: str
    sharing: str
    mapping: str
    format: str = ""
    encoding: str = ""
    rows: int = 0
    accepted: int = 0
    quarantined: int = 0
    statements_added: int = 0
    statements: int = 0  # statements of accepted rows, added or already present
    quarantine: list[QuarantineItem] = field(default_factory=list)
    truncated: bool = False  # more reasons than MAX_ITEMS: the rest are in the quarantine table

    @property
    def exit_code(self) -> int:
        return 3 if self.quarantined else 0

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "batch_id": self.batch_id, "source": self.source, "agency": self.agency, "sharing": self.sharing,
            "mapping": self.mapping, "format": self.format, "encoding": self.encoding, "rows": self.rows,
            "accepted": self.accepted, "quarantined": self.quarantined,
            "statements_added": self.statements_added, "statements": self.statements,
            "quarantine": [q.to_dict(lang) for q in self.quarantine],
            "quarantine_truncated": self.truncated,
        }


@dataclass
class _Ctx:
    agency: str
    country: str
    sharing: str
    batch_id: str
    source: str
    source_sha: str
    now: str
    prov: int = 0  # the batch's provenance row (store.writer.provenance_seq)
    fold_cache: dict[str, str] = field(default_factory=dict)
    # ids of statements this run already emitted (the newest RECENT_IDS..2×RECENT_IDS of them):
    # a fact repeated across chunks (a recurring person) is written once, not upserted again
    recent: dict[str, None] = field(default_factory=dict)


# ---------------------------------------------------------------- entity columns


@dataclass
class _Prop:
    prop: str
    field: str
    values: list[Any]  # raw strings, "" or None when empty
    rows: np.ndarray | None  # row index of each value; None: values[i] is row i
    check: bool = True  # validate (links and source references are ids we made)
    clean: list[str | None] | None = None  # validated values, None where empty or invalid
    valid: np.ndarray | None = None  # clean is not None
    arrays: tuple[pa.Array, pa.Array] | None = None  # (raw, clean) as Arrow arrays


@dataclass
class _Slot:
    schema: str
    present: np.ndarray
    ids: list[str | None]  # None: derived from the row's validated content (generic mode without ids)
    props: list[_Prop]
    spec: EntitySpec | None = None


def _s(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(str(v) for v in value if v not in (None, ""))
    return str(value).strip()


def _explode(values: list[Any], split: str | None) -> tuple[list[str], np.ndarray | None]:
    """Flatten cells holding several values (JSON lists, or `split` on a separator)."""
    if split is None and list not in set(map(type, values)):
        return values, None
    flat: list[str] = []
    rows: list[int] = []
    for i, v in enumerate(values):
        parts = v if isinstance(v, list) else ([] if v in (None, "") else [v])
        for part in parts:
            for piece in (str(part).split(split) if split else [str(part)]):
                if piece.strip():
                    flat.append(piece)
                    rows.append(i)
    return flat, np.asarray(rows, dtype=np.int64)


class _Columns:
    """The chunk's columns as trimmed text ("" when empty), each computed once per chunk."""

    def __init__(self, chunk: Chunk) -> None:
        self.raw = chunk.columns
        self.n = len(chunk)
        self._text: dict[str, list[str]] = {}

    def text(self, name: str) -> list[str]:
        out = self._text.get(name)
        if out is None:
            col = self.raw.get(name)
            if col is None:
                out = [""] * self.n
            else:
                try:
                    arr = pa.array(col, type=pa.string())
                    out = pc.utf8_trim_whitespace(arr).fill_null("").to_pylist()
                except (pa.ArrowInvalid, pa.ArrowTypeError):  # JSON lists: several values in a cell
                    out = [_s(v) for v in col]
            self._text[name] = out
        return out

    def mask(self, name: str) -> np.ndarray:
        return np.fromiter(map(bool, self.text(name)), dtype=bool, count=self.n)


def _mapping_slots(mapping: Mapping, chunk: Chunk, ctx: _Ctx) -> list[_Slot]:
    n = len(chunk)
    cols = _Columns(chunk)
    empty: list[Any] = [None] * n
    slots: dict[str, _Slot] = {}
    agency = ctx.agency
    for ent in mapping.entities:
        present = np.zeros(n, dtype=bool)
        props: list[_Prop] = []
        data_cols: list[str] = []
        for spec in ent.properties:
            if spec.column is not None:
                values, rows = _explode(chunk.columns.get(spec.column, empty), spec.split)
                if spec.source_ref:
                    cache: dict[str, str] = {}
                    values = [
                        (cache.get(v) or cache.setdefault(v, source_entity_id(agency, v.strip())))
                        if v and v.strip() else ""
                        for v in values
                    ]
                props.append(_Prop(spec.prop, spec.field, values, rows, check=not spec.source_ref))
                data_cols.append(spec.column)
            elif spec.template is not None:
                tnames = spec.template_columns
                template = spec.template
                values = [
                    template.format(**dict(zip(tnames, parts, strict=True))) if all(parts) else ""
                    for parts in zip(*(cols.text(c) for c in tnames), strict=True)
                ]
                props.append(_Prop(spec.prop, spec.field, values, None))
                data_cols.extend(tnames)
        for name in data_cols:
            present |= cols.mask(name)
        allowed = np.ones(n, dtype=bool)
        for wcol, wanted in ent.when:
            want = wanted.casefold()
            allowed &= np.fromiter((v.casefold() == want for v in cols.text(wcol)), dtype=bool, count=n)
        sids = cols.text(ent.source_id) if ent.source_id else [""] * n
        keys = list(zip(*(cols.text(c) for c in ent.key), strict=True)) if ent.key else [()] * n
        prefix = ent.prefix
        id_cache: dict[Any, str] = {}
        ids: list[str | None] = []
        for i in range(n):
            if not allowed[i]:
                present[i] = False
                ids.append(None)
            elif sids[i]:
                present[i] = True
                sid = sids[i]
                eid = id_cache.get(sid)
                if eid is None:
                    eid = id_cache[sid] = source_entity_id(agency, sid)
                ids.append(eid)
            elif any(keys[i]):
                present[i] = True
                key = keys[i]
                eid = id_cache.get(key)
                if eid is None:
                    eid = id_cache[key] = key_entity_id(agency, prefix, list(key))
                ids.append(eid)
            elif mapping.generic:
                present[i] = True
                ids.append(None)
            elif present[i]:
                ids.append(key_entity_id(agency, prefix + ":content", [cols.text(c)[i] for c in data_cols]))
            else:
                ids.append(None)
        slots[ent.name] = _Slot(ent.schema, present, ids, props, ent)
    # constants and links only for rows where the entity is present
    for ent in mapping.entities:
        slot = slots[ent.name]
        for spec in ent.properties:
            if spec.value is not None:
                const = spec.value
                values = [const if p else "" for p in slot.present.tolist()]
                slot.props.append(_Prop(spec.prop, spec.field, values, None))
            elif spec.entity is not None:
                for target in spec.entity:
                    other = slots[target]
                    both = (slot.present & other.present).tolist()
                    values = [(eid or "") if ok else "" for eid, ok in zip(other.ids, both, strict=True)]
                    slot.props.append(_Prop(spec.prop, spec.field, values, None, check=False))
    return list(slots.values())


def _ftm_slots(chunk: Chunk, ctx: _Ctx, errors: dict[int, list[QuarantineItem]]) -> list[_Slot]:
    from bicentennial.records.model import get_model

    model = get_model()
    n = len(chunk)
    by_schema: dict[str, _Slot] = {}
    prop_data: dict[tuple[str, str], tuple[list[str], list[int], bool]] = {}
    for i in range(n):
        if i in chunk.problems:
            continue
        schema_name = chunk.columns["schema"][i]
        fid = _s(chunk.columns["id"][i])
        schema = model.get(schema_name) if isinstance(schema_name, str) else None
        if schema is None:
            errors.setdefault(i, []).append(QuarantineItem(None, "schema", UNKNOWN_SCHEMA,
                                                           {"schema": str(schema_name)}))
            continue
        if not fid:
            errors.setdefault(i, []).append(QuarantineItem(None, "id", NO_ID, {}))
            continue
        slot = by_schema.get(schema.name)
        if slot is None:
            slot = by_schema[schema.name] = _Slot(schema.name, np.zeros(n, dtype=bool), [None] * n, [])
        slot.present[i] = True
        slot.ids[i] = ftm_entity_id(ctx.agency, fid)
        props = chunk.columns["properties"][i] or {}
        for pname, values in props.items():
            prop = schema.get(pname)
            if prop is None:
                errors.setdefault(i, []).append(QuarantineItem(
                    None, pname, UNKNOWN_PROPERTY, {"schema": schema.name, "prop": pname}))
                continue
            is_ref = prop.type.name == "entity"
            vals, rows, _ref = prop_data.setdefault((schema.name, pname), ([], [], is_ref))
            for v in values if isinstance(values, list) else [values]:
                if v in (None, ""):
                    continue
                vals.append(ftm_entity_id(ctx.agency, str(v)) if is_ref else str(v))
                rows.append(i)
    for (schema_name, pname), (vals, rows, is_ref) in prop_data.items():
        by_schema[schema_name].props.append(
            _Prop(pname, pname, vals, np.asarray(rows, dtype=np.int64), check=not is_ref))
    return list(by_schema.values())


# ---------------------------------------------------------------- validation and statements


def _validate(slots: list[_Slot], n: int, ctx: _Ctx, errors: dict[int, list[QuarantineItem]],
              field_of: Callable[[_Slot, str], str]) -> None:
    from bicentennial.records.validate import required_properties, validate_column

    for slot in slots:
        has: dict[str, np.ndarray] = {}
        for p in slot.props:
            arr = pa.array(p.values, type=pa.string())
            if p.check:
                res = validate_column(slot.schema, p.prop, arr, country_hint=ctx.country)
                clean_arr = res.values
                if res.errors is not None and res.errors.null_count < len(res.errors):
                    bad = np.flatnonzero(pc.is_valid(res.errors).to_numpy(zero_copy_only=False))
                    msgs = res.errors.to_pylist()
                    for j in bad:
                        row = int(p.rows[j]) if p.rows is not None else int(j)
                        if not slot.present[row]:
                            continue
                        errors.setdefault(row, []).append(QuarantineItem(
                            None, p.field, msgs[j],
                            {"value": p.values[j], "prop": p.prop, "schema": slot.schema, "field": p.field}))
            else:
                clean_arr = pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)
            p.clean = clean_arr.to_pylist()
            p.arrays = (arr, clean_arr)
            mask = p.valid = pc.is_valid(clean_arr).to_numpy(zero_copy_only=False)
            got = has.setdefault(p.prop, np.zeros(n, dtype=bool))
            if p.rows is None:
                got |= mask
            else:
                got[p.rows[mask]] = True
        for req in required_properties(slot.schema):
            got = has.get(req, np.zeros(n, dtype=bool))
            missing = np.flatnonzero(slot.present & ~got)
            fname = field_of(slot, req)
            for row in missing.tolist():
                if any(q.field == fname for q in errors.get(row, ())):
                    continue  # already reported as invalid
                errors.setdefault(row, []).append(QuarantineItem(
                    None, fname, REQUIRED_EMPTY, {"prop": req, "schema": slot.schema, "field": fname}))


def _searchable(schema: str, prop: str) -> bool:
    from bicentennial.records.model import get_model

    p = get_model().get(schema).get(prop)  # type: ignore[union-attr]
    return p is not None and (p.type.name in SEARCH_TYPES or (p.type.name == "string" and prop in SEARCH_PROPS))


def fast_fold(value: str) -> str:
    """`access.records.fold`, without its transliteration where Unicode decomposition gives ASCII."""
    if not value.isascii():
        decomposed = "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))
        if not decomposed.isascii():
            return fold(value)
        value = decomposed
    return " ".join(value.lower().split())


_duck = threading.local()


def _sha1_hex(keys: pa.Array) -> list[str]:
    """sha1 hex digests of many strings at once (DuckDB: one connection per thread and process)."""
    con = getattr(_duck, "con", None)
    if con is None or _duck.pid != os.getpid():  # never use a connection across fork()
        import duckdb

        con = _duck.con = duckdb.connect()
        _duck.pid = os.getpid()
    keys_table = pa.table({"k": keys})  # noqa: F841 - read by name in the query below
    return con.sql("SELECT sha1(k) FROM keys_table").to_arrow_table().column(0).to_pylist()


def _statements(slots: list[_Slot], ok: np.ndarray, chunk: Chunk, source_keys: list[str | None],
                ctx: _Ctx) -> dict[str, tuple[Any, ...]]:
    """The chunk's statements, column by column: ids are hashed in one vectorised call and
    the tuples are zipped in C; only searchable values are folded one by one (cached)."""
    agency, sharing, prov = ctx.agency, ctx.sharing, ctx.prov
    rownums = np.asarray(chunk.rows, dtype=np.int64)
    keys_arr = np.asarray(source_keys, dtype=object)
    cache = ctx.fold_cache
    parts: list[tuple[str, str, list[Any], list[Any], list[Any], list[Any], list[Any]]] = []
    hashes: list[pa.Array] = []
    tail_agency, tail_sharing = pa.scalar(agency), pa.scalar(sharing)
    for slot in slots:
        schema = slot.schema
        live = slot.present & ok
        if not live.any():
            continue
        if any(slot.ids[i] is None for i in np.flatnonzero(live).tolist()):
            _content_ids(slot, live, ctx)
        ids = np.asarray(slot.ids, dtype=object)
        for p in slot.props:
            if p.arrays is None or p.valid is None:
                continue
            raw_arr, clean_arr = p.arrays
            if p.rows is None:
                selected = np.flatnonzero(p.valid & live)
                rows = selected
            else:
                selected = np.flatnonzero(p.valid & live[p.rows])
                rows = p.rows[selected]
            if not len(selected):
                continue
            take = pa.array(selected)
            values = clean_arr.take(take)
            raws = raw_arr.take(take)
            eids = ids[rows].tolist()
            hashes.append(pc.binary_join_element_wise(
                pa.array(eids, type=pa.string()), pa.scalar(p.prop), values, tail_agency, tail_sharing,
                ID_SEPARATOR))  # the key of store.writer.statement_id
            value_list = values.to_pylist()
            originals = pc.if_else(pc.equal(raws, values), pa.scalar(None, pa.string()), raws).to_pylist()
            if _searchable(schema, p.prop):
                folded = []
                for v in value_list:
                    f = cache.get(v)
                    if f is None:
                        f = cache[v] = fast_fold(v)
                    folded.append(f or None)
            else:
                folded = [None] * len(value_list)
            parts.append((schema, p.prop, eids, value_list, originals, folded, rows.tolist()))
    if not parts:
        return {}
    sids = _sha1_hex(pa.concat_arrays(hashes))
    tuples = itertools.chain.from_iterable(
        zip(eids, sids[at:at + len(eids)], itertools.repeat(schema), itertools.repeat(prop), value_list,
            originals, folded, itertools.repeat(prov), rownums[rows].tolist(), keys_arr[rows].tolist())
        for at, (schema, prop, eids, value_list, originals, folded, rows) in zip(_offsets(parts), parts, strict=True))
    # Built back to front, so that for a fact stated twice the first sighting is the one kept.
    out = dict(zip(reversed(sids), reversed(list(tuples)), strict=True))
    for sid in out.keys() & ctx.recent.keys():  # already written by an earlier chunk of this run
        del out[sid]
    return dict(reversed(out.items()))


def _offsets(parts: list[tuple[Any, ...]]) -> Iterator[int]:
    at = 0
    for part in parts:
        yield at
        at += len(part[2])


def _remember(ctx: _Ctx, ids: Iterable[str]) -> None:
    recent = ctx.recent
    recent.update(zip(ids, itertools.repeat(None)))
    if len(recent) > 2 * RECENT_IDS:  # keep the newest half (dicts keep insertion order)
        ctx.recent = dict.fromkeys(itertools.islice(recent, len(recent) - RECENT_IDS, None))


def _content_ids(slot: _Slot, live: np.ndarray, ctx: _Ctx) -> None:
    """Ids of entities without a source id: a hash of their validated values (file independent)."""
    parts: dict[int, list[str]] = {}
    for p in slot.props:
        clean = p.clean or []
        for j, value in enumerate(clean):
            if value is None:
                continue
            row = int(p.rows[j]) if p.rows is not None else j
            if live[row] and slot.ids[row] is None:
                parts.setdefault(row, []).append(f"{p.prop}={value}")
    for row, items in parts.items():
        slot.ids[row] = key_entity_id(ctx.agency, slot.schema + ":content", sorted(items))


# ---------------------------------------------------------------- the run


@dataclass
class _Plan:
    mapping: Mapping | None  # None: FtM entities
    label: str


def _field_resolver(mapping: Mapping | None) -> Callable[[_Slot, str], str]:
    def field_of(slot: _Slot, prop: str) -> str:
        if slot.spec is not None:
            for spec in slot.spec.properties:
                if spec.prop == prop:
                    return spec.field
        return prop

    return field_of


Errors = dict[int, list[QuarantineItem]]  # index in chunk → reasons


def process_chunk(chunk: Chunk, plan: _Plan, ctx: _Ctx) -> tuple[dict[str, tuple[Any, ...]], Errors]:
    """Statements of the accepted rows (statement id → tuple in `store.writer.DATA_COLUMNS`
    order), and the reasons of the rejected ones (by index in chunk)."""
    n = len(chunk)
    errors: dict[int, list[QuarantineItem]] = {}
    for i, problem in chunk.problems.items():
        errors[i] = [QuarantineItem(None, problem.field, problem.reason, problem.params, problem.raw)]
    if plan.mapping is None:
        slots = _ftm_slots(chunk, ctx, errors)
        keys: list[str | None] = [_s(v) or None for v in chunk.columns.get("id", [None] * n)]
    else:
        slots = _mapping_slots(plan.mapping, chunk, ctx)
        key_col = plan.mapping.source_key
        keys = [_s(v) or None for v in chunk.columns.get(key_col, [None] * n)] if key_col else [None] * n
    _validate(slots, n, ctx, errors, _field_resolver(plan.mapping))
    ok = np.ones(n, dtype=bool)
    for i in errors:
        ok[i] = False
    for i, items in errors.items():
        for q in items:
            q.row = chunk.rows[i]
            if q.raw is None:
                q.raw = chunk.raw_row(i)
    stmts = _statements(slots, ok, chunk, keys, ctx)
    _remember(ctx, stmts)
    return stmts, errors


def _quarantine_rows(items: list[QuarantineItem], ctx: _Ctx) -> list[dict[str, Any]]:
    out = []
    for q in items:
        qid = hashlib.sha1(
            f"{ctx.agency}\x1f{ctx.source_sha}\x1f{q.row}\x1f{q.field or ''}".encode()
        ).hexdigest()
        raw = q.raw if isinstance(q.raw, str) or q.raw is None else json.dumps(q.raw, ensure_ascii=False,
                                                                                 default=str)
        out.append({
            "id": qid, "batch_id": ctx.batch_id, "agency": ctx.agency, "sharing": ctx.sharing,
            "source": ctx.source, "row": q.row, "field": q.field, "reason": q.reason,
            "params": json.dumps(q.params, ensure_ascii=False, sort_keys=True, default=str), "raw": raw,
            "status": "open", "created_at": ctx.now,
        })
    return out


def _check_common(agency: str, sharing: str) -> tuple[str, str]:
    try:
        ag = get_agency(agency)
    except KeyError:
        raise IngestError("unknown agency {agency}", agency=agency) from None
    if sharing not in SHARING_LEVELS:
        raise IngestError("unknown sharing level {sharing} (one of: {levels})", sharing=sharing,
                          levels=", ".join(SHARING_LEVELS))
    return ag.code, ag.country


def _plan_for(source_format: str, columns: list[str], schema: str | None, mapping: str | None,
              file: str) -> _Plan:
    if schema and mapping:
        raise IngestError("give either --schema or --mapping, not both")
    if source_format == "ftm" or mapping == "ftm":
        if source_format != "ftm":
            raise IngestError("{file} is not a FollowTheMoney entity file", file=file)
        return _Plan(None, "ftm")
    if mapping:
        m = load_mapping(mapping)
        missing = sorted(c for c in m.columns if c not in columns)
        if missing:
            raise IngestError("column {column} required by mapping {mapping} is missing from {file}",
                              column=missing[0], mapping=m.name, file=file)
        return _Plan(m, m.name)
    if schema:
        m = generic_mapping(schema, columns)
        from bicentennial.records.validate import required_properties

        for req in required_properties(m.entities[0].schema):
            if req not in columns:
                raise IngestError("column {column} is missing from {file}: {schema} requires it",
                                  column=req, file=file, schema=m.entities[0].schema)
        return _Plan(m, m.name)
    raise IngestError("give --schema SCHEMA or --mapping NAME")


Prepared = tuple[int, int, list[tuple[Any, ...]], list[QuarantineItem]]  # rows, rejected, statements, reasons


def _prepare(chunk: Chunk, plan: _Plan, ctx: _Ctx) -> Prepared:
    stmts, errors = process_chunk(chunk, plan, ctx)
    items = [q for i in sorted(errors) for q in errors[i]]
    return len(chunk), len(errors), list(stmts.values()), items


def _threaded(chunks: Iterator[Chunk], plan: _Plan, ctx: _Ctx) -> Iterator[Prepared]:
    """Prepare the next chunk in a thread while the caller writes this one (small inputs)."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest")

    def prepare() -> Prepared | None:
        chunk = next(chunks, None)
        return None if chunk is None else _prepare(chunk, plan, ctx)

    try:
        pending = pool.submit(prepare)
        while (ready := pending.result()) is not None:
            pending = pool.submit(prepare)
            yield ready
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _in_child(chunks: Iterator[Chunk], plan: _Plan, ctx: _Ctx, out: Any, parent: int, commit_rows: int) -> None:
    """The producer process: read, validate and build statements; hand them to the parent one
    transaction (`commit_rows` rows) at a time, already in the order of the statement index
    and marshalled (a tenth of pickle's time for tuples of strings; the parent's loads is
    no slower than unpickling), so that the writer, the busier of the two, does less."""
    import queue

    _die_with_parent()
    # A short-lived process whose objects (rows, tuples) are freed by reference counting: the
    # cyclic collector would only walk the chunk in hand again and again (~15% of its time).
    gc.disable()

    def put(item: Any) -> None:
        while True:
            try:
                out.put(item, timeout=1.0)
                return
            except queue.Full:
                if os.getppid() != parent:  # the writer is gone (killed): stop, write nothing
                    os._exit(1)

    def send(rows: int, bad: int, window: list[tuple[Any, ...]], items: list[QuarantineItem]) -> None:
        window.sort(key=_INDEX_KEY)
        put(("chunk", (rows, bad, marshal.dumps(window), items)))

    try:
        rows = bad = 0
        window: list[tuple[Any, ...]] = []
        items: list[QuarantineItem] = []
        for chunk in chunks:
            n, rejected, stmts, reasons = _prepare(chunk, plan, ctx)
            rows, bad = rows + n, bad + rejected
            window.extend(stmts)
            items.extend(reasons)
            if rows >= commit_rows:
                send(rows, bad, window, items)
                rows = bad = 0
                window, items = [], []
        if rows:
            send(rows, bad, window, items)
        put(("done", None))
    except IngestError as exc:
        put(("ingest-error", (exc.message, exc.params)))
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent, which re-raises
        import traceback

        put(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
    finally:
        out.close()
        out.join_thread()


def _die_with_parent() -> None:
    """Linux: have the kernel kill this process when its parent dies (a SIGKILLed ingest)."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the queue timeout above still notices
        pass


def _forked(chunks: Iterator[Chunk], plan: _Plan, ctx: _Ctx, commit_rows: int) -> Iterator[Prepared]:
    """Prepare chunks in a forked process, so that validation (Python) and the database
    writes run on two cores instead of taking turns on the GIL (large files); one item per
    transaction."""
    import multiprocessing as mp

    fork = mp.get_context("fork")
    out = fork.Queue(maxsize=2)
    child = fork.Process(target=_in_child, args=(chunks, plan, ctx, out, os.getpid(), commit_rows), daemon=True,
                         name="ingest-prepare")
    child.start()
    try:
        while True:
            kind, payload = out.get()
            if kind == "done":
                break
            if kind == "ingest-error":
                raise IngestError(payload[0], **payload[1])
            if kind == "error":
                raise RuntimeError(payload)
            rows, bad, data, items = payload
            yield rows, bad, marshal.loads(data), items
        child.join()
    finally:
        if child.is_alive():
            child.kill()
            child.join()
        out.close()


def _use_fork(total: int, chunk_rows: int) -> bool:
    """Fork a producer for files of several chunks (where the second core pays off), on
    platforms that fork; `BICENTENNIAL_INGEST_FORK=0` turns it off."""
    import multiprocessing as mp

    if os.environ.get("BICENTENNIAL_INGEST_FORK", "1") == "0":
        return False
    return total > 2 * chunk_rows and "fork" in mp.get_all_start_methods()


def _run(engine: Engine, chunks: Iterator[Chunk], plan: _Plan, ctx: _Ctx, summary: IngestSummary, actor: str,
         total: int, on_progress: Callable[[int, int], None] | None, fork: bool = False,
         commit_rows: int = DEFAULT_CHUNK_ROWS) -> IngestSummary:
    """Write prepared pieces in order, committing every `commit_rows` rows (and at the end)."""
    with engine.begin() as conn:
        conn.execute(ingest_batch.insert().values(
            id=ctx.batch_id, agency=ctx.agency, sharing=ctx.sharing, source=ctx.source,
            source_sha256=ctx.source_sha, mapping=plan.label, actor=actor, status="running",
            started_at=ctx.now, rows=0, accepted=0, quarantined=0, statements_added=0,
        ))
        ctx.prov = provenance_seq(conn, ctx.batch_id, ctx.agency, ctx.country, ctx.sharing, ctx.now)
        append(conn, AuditEvent(actor=actor, agency=ctx.agency, action="ingest", target=ctx.source,
                                detail={"batch_id": ctx.batch_id, "phase": "start", "mapping": plan.label,
                                        "sharing": ctx.sharing, "sha256": ctx.source_sha}))

    prepared = _forked(chunks, plan, ctx, commit_rows) if fork else _threaded(chunks, plan, ctx)
    # forked: the writer's loaded transactions (millions of tuples) would set off collections
    # over the whole heap
    try:
        with paused_gc() if fork else nullcontext(), engine.connect() as conn:
            bulk = _bulk_mode(conn, total)
            txn = None
            since_commit = 0
            window: list[tuple[Any, ...]] = []  # this transaction's statements, written at its end
            for n, bad, stmts, items in prepared:
                txn = txn or conn.begin()
                window.extend(stmts)
                insert_ignore(conn, quarantine, _quarantine_rows(items, ctx))
                summary.rows += n
                summary.quarantined += bad
                summary.accepted = summary.rows - summary.quarantined
                summary.statements += len(stmts)
                room = MAX_ITEMS - len(summary.quarantine)
                summary.quarantine.extend(items[:max(room, 0)])
                summary.truncated = summary.truncated or len(items) > room
                since_commit += n
                if since_commit >= commit_rows:  # acknowledge: these rows are stored for good
                    summary.statements_added += _write_window(conn, window, ctx.now, fork)
                    window = []
                    _progress(conn, summary)
                    txn.commit()
                    txn, since_commit = None, 0
                    if on_progress:
                        on_progress(summary.rows, total)
            if txn is not None:
                summary.statements_added += _write_window(conn, window, ctx.now, fork)
                _progress(conn, summary)
                txn.commit()
            if bulk:
                _end_bulk(conn)
    except BaseException:
        close = getattr(prepared, "close", None)
        if close:
            close()
        with engine.begin() as conn:
            conn.execute(update(ingest_batch).where(ingest_batch.c.id == ctx.batch_id)
                         .values(status="failed", finished_at=utcnow()))
        raise
    with engine.begin() as conn:
        _progress(conn, summary, status="done")
        append(conn, AuditEvent(actor=actor, agency=ctx.agency, action="ingest", target=ctx.source,
                                detail={"batch_id": ctx.batch_id, "phase": "finish", "rows": summary.rows,
                                        "accepted": summary.accepted, "quarantined": summary.quarantined,
                                        "statements_added": summary.statements_added}))
    return summary


# Statements by entity (the first column of the statement index, entity_id + id); stable, so
# that of a fact stated twice the first sighting is written first; an entity's few statements
# share a page whatever their order, and sorting by the entity alone is 3× cheaper.
_INDEX_KEY = itemgetter(0)


def _write_window(conn: Connection, rows: list[tuple[Any, ...]], now: str, ordered: bool = False) -> int:
    """Write one transaction's statements in the order of the statement index: the inserts
    then walk the index from one end to the other instead of landing on random pages (the
    index of a large store no longer fits in the caches; 2.57M statements: 30 s -> 24 s).
    `ordered`: they come sorted (from the forked producer, which hands over whole
    transactions)."""
    if not ordered:
        rows.sort(key=_INDEX_KEY)
    return write_data_rows(conn, rows, now)


BULK_ROWS = 100_000  # files at least this long are written in bulk mode (SQLite)


def _bulk_mode(conn: Connection, total: int) -> bool:
    """SQLite, long files: let the write-ahead log grow to ~1 GB between checkpoints instead
    of 4 MB, so that index pages changed by many chunks are copied back to the database
    once rather than after every chunk, and keep up to 1 GB of pages in this connection's
    cache (the statement index of a large store). Commits stay durable as before (WAL)."""
    if conn.dialect.name != "sqlite" or total < BULK_ROWS:
        return False
    conn.exec_driver_sql("PRAGMA wal_autocheckpoint=131072")
    conn.exec_driver_sql("PRAGMA cache_size=-1048576")
    conn.commit()
    return True


def _end_bulk(conn: Connection) -> None:
    conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
    conn.exec_driver_sql("PRAGMA wal_autocheckpoint=1000")
    conn.exec_driver_sql(f"PRAGMA cache_size=-{CACHE_KIB}")  # the connection goes back to the pool
    conn.commit()


def _progress(conn: Connection, summary: IngestSummary, status: str | None = None) -> None:
    values: dict[str, Any] = {"rows": summary.rows, "accepted": summary.accepted,
                              "quarantined": summary.quarantined, "statements_added": summary.statements_added}
    if status:
        values["status"] = status
        values["finished_at"] = utcnow()
    conn.execute(update(ingest_batch).where(ingest_batch.c.id == summary.batch_id).values(**values))


def ingest_file(
    engine: Engine,
    path: str | Path,
    *,
    agency: str,
    sharing: str,
    schema: str | None = None,
    mapping: str | None = None,
    actor: str = "system",
    encoding: str | None = None,
    progress: bool = False,
    chunk_rows: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> IngestSummary:
    """Ingest a CSV, JSON Lines or FtM entity file; see docs/ingest.md.

    Raises `IngestError` for usage errors and unreadable input (before anything is written,
    except a CSV that turns unreadable part-way). `progress=True` draws a Rich progress bar
    on stderr when it is a terminal."""
    code, country = _check_common(agency, sharing)
    path = Path(path)
    src: Source = open_source(path, encoding)
    plan = _plan_for(src.format, src.columns, schema, mapping, str(path))
    ctx = _Ctx(code, country, sharing, uuid.uuid4().hex, str(path), src.sha256, utcnow())
    summary = IngestSummary(ctx.batch_id, str(path), code, sharing, plan.label, src.format, src.encoding)
    commit_rows = chunk_rows or _chunk_rows()
    piece = min(commit_rows, PIECE_ROWS)
    chunks = src.chunks(piece)
    fork = _use_fork(src.total_rows, piece)
    if progress and on_progress is None:
        from bicentennial.ingest.progress import progress_bar

        with progress_bar(str(path.name), src.total_rows) as bar:
            return _run(engine, chunks, plan, ctx, summary, actor, src.total_rows, bar, fork, commit_rows)
    return _run(engine, chunks, plan, ctx, summary, actor, src.total_rows, on_progress, fork, commit_rows)


def ingest_records(
    engine: Engine,
    records: list[dict[str, Any]],
    *,
    agency: str,
    sharing: str,
    schema: str,
    actor: str,
    source: str = "api",
) -> IngestSummary:
    """Ingest records given as property → value(s) dicts (the HTTP API); `id` is the source id."""
    code, country = _check_common(agency, sharing)
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise IngestError("records must be a list of objects")
    chunk, columns = records_chunk(records)
    plan = _plan_for("jsonl", columns, schema, None, source)
    digest = hashlib.sha256(
        json.dumps([schema, records], sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()
    ctx = _Ctx(code, country, sharing, uuid.uuid4().hex, source, digest, utcnow())
    summary = IngestSummary(ctx.batch_id, source, code, sharing, plan.label, "json", "utf-8")
    return _run(engine, iter([chunk]), plan, ctx, summary, actor, len(records), None)
