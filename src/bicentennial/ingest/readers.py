"""Readers: a file becomes chunks of rows (columns of raw strings) with their row numbers.

* CSV in UTF-8, or the Latin-1/CP1252 that many Mexican agencies publish. Detection:
  the whole file decodes as UTF-8 → UTF-8; otherwise, if some lines hold valid
  multi-byte UTF-8, the lines that do not are rows with a broken encoding (quarantined);
  if no non-ASCII line is valid UTF-8, the file is CP1252. An explicit encoding wins.
* JSON Lines: one object per line; a value may be a list (several values).
* FollowTheMoney entity files: JSON lines of {"id", "schema", "properties"}.

Row numbers are 1-based data rows (the CSV header is not a row); blank lines are skipped.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from bicentennial.ingest.errors import IngestError

# a CSV field may be large (free-text notes); the default limit is 128 KiB
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

BROKEN_ENCODING = "broken encoding: the row is not valid {encoding}"
WRONG_COLUMNS = "the row has {found} fields where the header has {expected}"
BAD_JSON = "the line is not a JSON object"


@dataclass
class RowProblem:
    """A row that cannot even be read into fields."""

    field: str | None
    reason: str
    params: dict[str, Any]
    raw: str | None = None


@dataclass
class Chunk:
    """Consecutive rows: `columns[name][i]` is row `rows[i]`'s raw value (str, list of str or None)."""

    rows: list[int]
    columns: dict[str, list[Any]]
    problems: dict[int, RowProblem] = field(default_factory=dict)  # index in chunk → problem

    def __len__(self) -> int:
        return len(self.rows)

    def raw_row(self, i: int) -> dict[str, Any]:
        return {name: values[i] for name, values in self.columns.items() if values[i] not in (None, "")}


@dataclass
class Source:
    """A file opened for ingest: its format, encoding, content hash and chunks."""

    path: Path
    format: str  # csv | jsonl | ftm
    encoding: str
    sha256: str
    columns: list[str]
    total_rows: int
    _chunks: Any = None

    def chunks(self, size: int) -> Iterator[Chunk]:
        return self._chunks(size)


def detect_format(path: Path, head: bytes) -> str:
    name = path.name.lower()
    if name.endswith((".ftm.json", ".ftm.jsonl", ".ftm", ".entities.json")):
        return "ftm"
    if name.endswith((".jsonl", ".ndjson", ".json")):
        first = head.lstrip()[:1]
        if first == b"{":
            line = head.split(b"\n", 1)[0]
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError:
                return "jsonl"
            if isinstance(obj, dict) and "schema" in obj and isinstance(obj.get("properties"), dict):
                return "ftm"
        return "jsonl"
    return "csv"


def decode(data: bytes, encoding: str | None) -> tuple[list[str], str, set[int]]:
    """Split `data` into lines of text; returns (lines, encoding, indexes of broken lines)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if encoding:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise IngestError("unknown encoding {encoding}", encoding=encoding) from None
        except UnicodeDecodeError as exc:
            raise IngestError("the file is not valid {encoding} (byte {position})",
                              encoding=encoding, position=exc.start) from None
        return _lines(text), encoding, set()
    try:
        return _lines(data.decode("utf-8")), "utf-8", set()
    except UnicodeDecodeError:
        pass
    raw_lines = data.splitlines(keepends=True)
    lines: list[str] = []
    broken: set[int] = set()
    any_valid_utf8 = False
    for i, raw in enumerate(raw_lines):
        try:
            lines.append(raw.decode("utf-8"))
            if not raw.isascii():
                any_valid_utf8 = True
        except UnicodeDecodeError:
            broken.add(i)
            lines.append(raw.decode("utf-8", errors="replace"))
    if any_valid_utf8:
        return lines, "utf-8", broken
    # no multi-byte UTF-8 anywhere: a single-byte Windows/Latin-1 file
    return [_cp1252(raw) for raw in raw_lines], "cp1252", set()


def _lines(text: str) -> list[str]:
    """Lines with their endings, split at \n, \r\n or \r only (as the csv module expects)."""
    return list(io.StringIO(text, newline=""))


def _cp1252(raw: bytes) -> str:
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined: read as Latin-1
        return raw.decode("latin-1")


def open_source(path: Path, encoding: str | None = None, fmt: str | None = None) -> Source:
    """Read `path` whole (for its hash and encoding check) and prepare its chunks."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IngestError("file not found: {file}", file=str(path)) from None
    except IsADirectoryError:
        raise IngestError("not a file: {file}", file=str(path)) from None
    except OSError as exc:
        raise IngestError("cannot read {file}: {error}", file=str(path), error=exc.strerror or str(exc)) from None
    sha = hashlib.sha256(data).hexdigest()
    fmt = fmt or detect_format(path, data[:65536])
    lines, enc, broken = decode(data, encoding)
    del data
    if fmt == "csv":
        return _csv_source(path, sha, lines, enc, broken)
    return _json_source(path, sha, lines, enc, broken, fmt)


def _csv_source(path: Path, sha: str, lines: list[str], enc: str, broken: set[int]) -> Source:
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise IngestError("{file} is empty", file=str(path)) from None
    except csv.Error as exc:
        raise IngestError("{file} is not a readable CSV file: {error}", file=str(path), error=str(exc)) from None
    header = [h.strip() for h in header]
    if not any(header):
        raise IngestError("{file} has no header row", file=str(path))
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise IngestError("{file}: column {column} appears more than once", file=str(path), column=dupes[0])
    if 0 in broken:
        raise IngestError("{file}: the header row is not valid {encoding}", file=str(path), encoding=enc)
    width = len(header)
    estimate = sum(1 for line in lines[reader.line_num:] if line.strip())

    def records() -> Iterator[tuple[list[str], int, int]]:
        """(fields, index of its first line, of its last line) per non-blank record."""
        prev = reader.line_num
        try:
            for rec in reader:
                first, prev = prev, reader.line_num
                if not rec or (len(rec) == 1 and not rec[0].strip()):
                    continue
                yield rec, first, prev - 1
        except csv.Error as exc:
            raise IngestError("{file} is not a readable CSV file: {error} (line {line})",
                              file=str(path), error=str(exc), line=reader.line_num) from None

    def chunks(size: int) -> Iterator[Chunk]:
        row = 0
        it = records()
        while True:
            part = list(itertools.islice(it, size))
            if not part:
                return
            problems: dict[int, RowProblem] = {}
            good: list[list[str]] = []
            for i, (rec, first, last) in enumerate(part):
                if broken and any(n in broken for n in range(first, last + 1)):
                    problems[i] = RowProblem(None, BROKEN_ENCODING, {"encoding": "UTF-8"},
                                             "".join(lines[first:last + 1]).rstrip("\r\n"))
                    rec = [""] * width
                elif len(rec) != width:
                    problems[i] = RowProblem(None, WRONG_COLUMNS, {"found": len(rec), "expected": width},
                                             "".join(lines[first:last + 1]).rstrip("\r\n"))
                    rec = (rec + [""] * width)[:width]
                good.append(rec)
            columns = {name: list(values) for name, values in zip(header, zip(*good, strict=True), strict=True)}
            yield Chunk(rows=list(range(row + 1, row + 1 + len(part))), columns=columns, problems=problems)
            row += len(part)

    return Source(path, "csv", enc, sha, header, estimate, chunks)


def _json_source(path: Path, sha: str, lines: list[str], enc: str, broken: set[int], fmt: str) -> Source:
    objects: list[tuple[dict[str, Any] | None, RowProblem | None]] = []
    keys: dict[str, None] = {}
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        line = line.rstrip("\r\n")
        if i in broken:
            objects.append((None, RowProblem(None, BROKEN_ENCODING, {"encoding": "UTF-8"}, line)))
            continue
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError:
            obj = None
        if not isinstance(obj, dict):
            objects.append((None, RowProblem(None, BAD_JSON, {}, line)))
            continue
        if fmt == "ftm":
            props = obj.get("properties")
            if not isinstance(props, dict) or not isinstance(obj.get("schema"), str):
                objects.append((None, RowProblem(None, BAD_JSON, {}, line)))
                continue
        else:
            for k in obj:
                keys.setdefault(str(k), None)
        objects.append((obj, None))
    columns = ["id", "schema", "properties"] if fmt == "ftm" else list(keys)

    def chunks(size: int) -> Iterator[Chunk]:
        for start in range(0, len(objects), size):
            part = objects[start:start + size]
            cols: dict[str, list[Any]] = {name: [] for name in columns}
            problems: dict[int, RowProblem] = {}
            for i, (obj, problem) in enumerate(part):
                if problem is not None:
                    problems[i] = problem
                    obj = {}
                assert obj is not None
                for name in columns:
                    cols[name].append(_json_value(obj.get(name)) if fmt != "ftm" else obj.get(name))
            yield Chunk(rows=list(range(start + 1, start + 1 + len(part))), columns=cols, problems=problems)

    return Source(path, fmt, enc, sha, columns, len(objects), chunks)


def _json_value(value: Any) -> Any:
    """JSON scalars become strings, lists lists of strings, null/empty None."""
    if value is None:
        return None
    if isinstance(value, list):
        out = [_json_value(v) for v in value]
        return [v for v in out if v not in (None, "")] or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict,)):
        return orjson.dumps(value).decode()
    return str(value)


def records_chunk(records: list[dict[str, Any]]) -> tuple[Chunk, list[str]]:
    """Records sent to the API as one chunk (keys are property names)."""
    keys: dict[str, None] = {}
    for rec in records:
        for k in rec:
            keys.setdefault(str(k), None)
    cols = {k: [_json_value(rec.get(k)) for rec in records] for k in keys}
    return Chunk(rows=list(range(1, len(records) + 1)), columns=cols), list(keys)
