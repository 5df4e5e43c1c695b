"""Readers: encodings, malformed rows, JSON Lines, FtM detection (no database)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bicentennial.ingest.errors import IngestError
from bicentennial.ingest.readers import BROKEN_ENCODING, WRONG_COLUMNS, decode, open_source

FIXTURES = Path(__file__).parent / "fixtures"


def rows_of(path: Path, encoding: str | None = None) -> tuple[str, list[dict[str, object]], dict[int, str]]:
    src = open_source(path, encoding)
    rows: list[dict[str, object]] = []
    problems: dict[int, str] = {}
    for chunk in src.chunks(2):
        for i, num in enumerate(chunk.rows):
            rows.append({k: v[i] for k, v in chunk.columns.items()})
            if i in chunk.problems:
                problems[num] = chunk.problems[i].reason
    return src.encoding, rows, problems


def test_utf8_with_bom_and_crlf(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_bytes("\ufeffid,name\r\n1,José\r\n\r\n2,\"Ana\r\nMaría\"\r\n3,Luis\r\n".encode())
    enc, rows, problems = rows_of(p)
    assert enc == "utf-8"
    assert [r["name"] for r in rows] == ["José", "Ana\r\nMaría", "Luis"]
    assert problems == {}


def test_cp1252_detected() -> None:
    enc, rows, problems = rows_of(FIXTURES / "persons_cp1252.csv")
    assert enc == "cp1252"
    assert rows[0]["name"] == "José Ángel Gómez Martínez"
    assert rows[1]["name"] == "María Peña Núñez"
    assert not problems


def test_explicit_encoding_wins() -> None:
    enc, rows, _ = rows_of(FIXTURES / "persons_cp1252.csv", "latin-1")
    assert enc == "latin-1"
    with pytest.raises(IngestError) as err:
        open_source(FIXTURES / "persons_cp1252.csv", "utf-8")
    assert err.value.params["encoding"] == "utf-8"


def test_mixed_file_flags_only_the_broken_lines() -> None:
    data = "id,name\n1,José\n".encode() + "2,Martín\n".encode("latin-1") + "3,Ñoño\n".encode()
    lines, enc, broken = decode(data, None)
    assert enc == "utf-8"
    assert broken == {2}
    assert lines[3] == "3,Ñoño\n"


def test_broken_and_short_rows_are_problems(tmp_path: Path) -> None:
    p = tmp_path / "b.csv"
    p.write_bytes("id,name\n1,José\n".encode() + "2,Martín\n".encode("latin-1") + b"3\n4,x,y\n5,ok\n")
    _enc, rows, problems = rows_of(p)
    assert len(rows) == 5
    assert problems == {2: BROKEN_ENCODING, 3: WRONG_COLUMNS, 4: WRONG_COLUMNS}
    assert rows[4]["name"] == "ok"


def test_unreadable_inputs(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    dup = tmp_path / "dup.csv"
    dup.write_text("id,name,name\n1,a,b\n")
    for path, named in ((tmp_path / "nope.csv", "nope.csv"), (empty, "empty.csv"), (dup, "name")):
        with pytest.raises(IngestError) as err:
            open_source(path)
        assert named in err.value.render()


def test_jsonl_and_ftm_formats(tmp_path: Path) -> None:
    src = open_source(FIXTURES / "payments.jsonl")
    assert src.format == "jsonl"
    chunk = next(src.chunks(10))
    assert chunk.columns["amount"] == ["150000", ["98000"]]
    ftm = tmp_path / "x.json"
    ftm.write_text('{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}\nnot json\n')
    src = open_source(ftm)
    assert src.format == "ftm"
    chunk = next(src.chunks(10))
    assert chunk.rows == [1, 2]
    assert 1 in chunk.problems
