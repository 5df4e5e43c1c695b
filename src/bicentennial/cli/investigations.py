"""Commands of the investigation workspace: investigations and their exports, watches,
and the search index."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import Connection

from bicentennial.access.principal import Principal
from bicentennial.access.tokens import principal_for_token
from bicentennial.cli._common import console, fail, print_json
from bicentennial.i18n import _
from bicentennial.store.db import get_engine

investigation_app = typer.Typer(help="Saved investigations and their exports.", no_args_is_help=True)
watch_app = typer.Typer(help="Watches on entities and saved searches.", no_args_is_help=True)
index_app = typer.Typer(help="The full-text search index.", no_args_is_help=True)

Token = Annotated[str, typer.Option("--token", envvar="BICENTENNIAL_TOKEN", help="Your API token.")]


def _who(conn: Connection, token: str) -> Principal:
    who = principal_for_token(conn, token)
    if who is None:
        fail("Invalid token.")
    return who


@investigation_app.command("list")
def investigation_list(token: Token, json_out: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Investigations open to you."""
    from bicentennial.investigations import core

    with get_engine().begin() as conn:
        items = core.list_for(conn, _who(conn, token))
    if json_out:
        print_json([i.to_dict() for i in items])
        return
    table = Table(title=_("Investigations"))
    for col in ("id", _("Name"), _("Owner"), _("Shared with"), _("Entities")):
        table.add_column(col)
    for i in items:
        table.add_row(i.id, i.name, f"{i.owner} ({i.agency})", _("sharing-" + i.sharing), str(i.entities))
    console.print(table)


@investigation_app.command("export")
def investigation_export(
    investigation: str,
    token: Token,
    format: Annotated[str, typer.Option("--format", help="ftm, graphml, csv, html or pdf")] = "ftm",
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
) -> None:
    """Export an investigation as you may see it (audited)."""
    from bicentennial.investigations import core, export

    if format not in export.FORMATS:
        fail("Unknown format {format}.", format=format)
    with get_engine().begin() as conn:
        try:
            body, _media, filename = export.export(conn, _who(conn, token), investigation, format)
        except core.NotFound:
            fail("No such investigation, or not open to you.", code=1)
    target = output or Path(filename)
    target.write_bytes(body)
    console.print(_("Wrote {path} ({n} bytes).", path=str(target), n=len(body)))


@watch_app.command("check")
def watch_check() -> None:
    """Check every user's watches and write their notifications (run it from a scheduler)."""
    from bicentennial.investigations import watches

    with get_engine().begin() as conn:
        n = watches.check_all(conn)
    console.print(_("{n} new notifications", n=n))


@index_app.command("refresh")
def index_refresh() -> None:
    """Index the statements added since the last refresh (searches also do this themselves)."""
    from bicentennial.access.search import refresh

    with get_engine().begin() as conn:
        n = refresh(conn)
    console.print(_("{n} values indexed.", n=n))


def register(app: typer.Typer) -> None:
    app.add_typer(investigation_app, name="investigation")
    app.add_typer(watch_app, name="watch")
    app.add_typer(index_app, name="search-index")
