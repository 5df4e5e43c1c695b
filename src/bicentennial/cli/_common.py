"""Helpers shared by the commands: consoles, errors with exit codes, JSON output."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, NoReturn

import orjson
import typer
from rich.console import Console

from bicentennial.i18n import _

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from bicentennial.access.principal import Principal

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


def principal_from(conn: Connection, token: str | None, agency: str | None) -> Principal:
    """The caller: the user of `--token`, or `system:<AGENCY>` for work done on an agency's behalf."""
    from bicentennial.access.principal import system_principal
    from bicentennial.access.tokens import principal_for_token
    from bicentennial.framework import get_agency

    if token:
        who = principal_for_token(conn, token)
        if who is None:
            fail("Invalid or inactive token.", EXIT_USAGE)
        return who
    if agency:
        try:
            ag = get_agency(agency)
        except KeyError:
            fail("Unknown agency {agency}.", EXIT_USAGE, agency=agency)
        return system_principal(ag.code, ag.country)
    fail("Give --token or --agency.", EXIT_USAGE)
