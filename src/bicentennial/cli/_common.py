"""Helpers shared by the commands: consoles, errors with exit codes, JSON output."""

from __future__ import annotations

import sys
from typing import Any, NoReturn

import orjson
import typer
from rich.console import Console

from bicentennial.i18n import _

console = Console()
err_console = Console(stderr=True)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3


def fail(message: str, code: int = EXIT_USAGE, **params: Any) -> NoReturn:
    """Print a translated error and exit with `code`."""
    err_console.print(f"[bold red]{_('Error')}:[/] {_(message, **params)}", highlight=False)
    raise typer.Exit(code)


def print_json(data: Any) -> None:
    sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode() + "\n")
