"""`bicentennial screen NAME`, `--batch` and `load`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from bicentennial.cli import app as cli_app

from .conftest import FIXTURES

runner = CliRunner()


def test_screen_name_json(index_file: Path) -> None:
    result = runner.invoke(cli_app, ["screen", "Joaquin Guzman Loera", "--dob", "1954", "--country", "MX",
                                     "--json", "--index", str(index_file)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    top = data["results"][0]
    assert top["source_id"] == "6861" and top["name"] == "GUZMAN LOERA, Joaquin"
    assert top["score"] == 1.0 and "name_match" in top["explanation"]


def test_screen_name_table_and_spanish(index_file: Path) -> None:
    result = runner.invoke(cli_app, ["--lang", "es", "screen", "Chapo Guzman", "--index", str(index_file)])
    assert result.exit_code == 0, result.output
    assert "6861" in result.output and "Resultados" in result.output
    nothing = runner.invoke(cli_app, ["screen", "Zzyzx Qwerty", "--index", str(index_file)])
    assert nothing.exit_code == 0 and "No result" in nothing.output


def test_screen_batch(index_file: Path, tmp_path: Path) -> None:
    batch = tmp_path / "people.csv"
    batch.write_text("name,dob,country\nJoaquin Guzman Loera,1954-12-25,mx\nPatricia Lucas Wheeler,,\n,,\n"
                     "Nemesio Oseguera,,\n", encoding="utf-8")
    result = runner.invoke(cli_app, ["screen", "--batch", str(batch), "--threshold", "0.7",
                                     "--index", str(index_file)])
    assert result.exit_code == 3  # one bad row, the rest screened
    lines = [json.loads(line) for line in result.output.strip().splitlines()]
    assert len(lines) == 4
    assert lines[0]["results"][0]["source_id"] == "6861" and lines[0]["query"]["dob"] == "1954-12-25"
    assert lines[1]["results"] == []
    assert lines[2]["line"] == 4 and "error" in lines[2]
    assert lines[3]["results"][0]["source_id"] == "17674"
    fields = {"source_id", "name", "score", "explanation"}
    assert all(fields <= set(r) for line in lines for r in line.get("results", []))


def test_screen_usage_errors(index_file: Path, tmp_path: Path) -> None:
    assert runner.invoke(cli_app, ["screen", "query", "--index", str(index_file)]).exit_code == 2
    assert runner.invoke(cli_app, ["screen", "--batch", str(tmp_path / "none.csv")]).exit_code == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("who\nx\n", encoding="utf-8")
    assert runner.invoke(cli_app, ["screen", "--batch", str(bad), "--index", str(index_file)]).exit_code == 2


def test_screen_load(tmp_path: Path) -> None:
    target = tmp_path / "idx.pkl"
    result = runner.invoke(cli_app, ["screen", "load", "--sdn-dir", str(FIXTURES / "sdn"), "--ftm",
                                     str(FIXTURES / "entities.ftm.json"), "--index", str(target), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["sources"]["ofac-sdn"] == 14 and target.exists()
    screened = runner.invoke(cli_app, ["screen", "El Mencho", "--json", "--index", str(target)])
    assert json.loads(screened.output)["results"][0]["source_id"] == "17674"
