"""`bicentennial demo` through the CLI runner."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from bicentennial.cli import app
from bicentennial.demo.loader import DEMO_USERS
from bicentennial.i18n import set_lang

runner = CliRunner()


def test_generate_only_writes_files(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--generate-only", "--size", "300", "--out", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "d" / "manifest.json").is_file()
    assert (tmp_path / "d" / "cbp_seizure.csv").is_file()


def test_unknown_size_is_a_usage_error() -> None:
    result = runner.invoke(app, ["demo", "--size", "gigantic", "--generate-only"])
    assert result.exit_code == 2


def test_demo_loads_and_prints_how_to_log_in(database_url: str, tmp_path: Path) -> None:
    args = ["demo", "--size", "400", "--out", str(tmp_path / "d")]
    first = runner.invoke(app, args, env={"COLUMNS": "120"})
    assert first.exit_code == 0, first.output
    for user in DEMO_USERS:
        assert user.token in first.output
    assert "http://127.0.0.1:8000" in first.output
    second = runner.invoke(app, args, env={"COLUMNS": "120"})
    assert second.exit_code == 0, second.output
    assert "0 statements added" in " ".join(second.output.split())
    try:
        spanish = runner.invoke(app, ["--lang", "es", *args], env={"COLUMNS": "120"})
    finally:
        set_lang(None)  # the option sets the process's language; later tests expect English
    assert spanish.exit_code == 0, spanish.output
    text = " ".join(spanish.output.split())
    assert "Cómo iniciar sesión" in text and "0 declaraciones añadidas" in text
