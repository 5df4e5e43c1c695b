"""The README and docs cannot drift from the code: every documented command and API route exists."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from typer.testing import CliRunner

from bicentennial.api.app import create_app
from bicentennial.cli import app

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _command_lines() -> list[tuple[str, str]]:
    lines = []
    for doc in DOCS:
        for block in re.findall(r"```(?:sh|bash|console)?\n(.*?)```", doc.read_text(encoding="utf-8"), re.S):
            for line in block.splitlines():
                line = line.split("#", 1)[0].strip()
                if line.startswith("bicentennial "):
                    lines.append((doc.name, line))
    return lines


def test_documented_commands_exist() -> None:
    """Each documented command line parses: `--help` appended exits 0 (unknown commands or options exit 2)."""
    runner = CliRunner()
    lines = _command_lines()
    assert len(lines) >= 15
    for doc, line in lines:
        tokens = shlex.split(line.replace("$", ""))[1:]
        result = runner.invoke(app, [*tokens, "--help"])
        assert result.exit_code == 0, f"{doc}: `{line}` does not parse: {result.output[-500:]}"


def test_documented_api_routes_exist() -> None:
    paths = set(create_app().openapi()["paths"])  # documented routes must be in the OpenAPI document
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"localhost:8000(/api/[a-z/_-]+)", readme))
    assert documented
    for path in documented:
        assert any(p == path or p.startswith(path.rstrip("/") + "/") for p in paths), path
