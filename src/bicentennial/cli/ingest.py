"""`bicentennial ingest` and `bicentennial quarantine list`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from bicentennial.cli._common import EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, console, err_console, fail, print_json
from bicentennial.i18n import _

quarantine_app = typer.Typer(help="Rows that failed validation / Filas que no pasaron la validación.",
                             no_args_is_help=True)


def ingest(
    file: Path = typer.Argument(..., help="CSV, JSON Lines or FollowTheMoney entity file"),
    mapping: str = typer.Option(None, "--mapping", "-m", help="mapping name (ingest/mappings/NAME.yaml)"),
    schema: str = typer.Option(None, "--schema", "-s", help="schema whose properties name the columns"),
    agency: str = typer.Option(..., "--agency", "-a", help="code of the sharing agency"),
    sharing: str = typer.Option(..., "--sharing", help="originator | national | binational | public"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON summary"),
    encoding: str = typer.Option(None, "--encoding", help="file encoding (default: detect UTF-8 / CP1252)"),
) -> None:
    """Validate and store a file of records; bad rows go to quarantine."""
    from bicentennial.ingest import IngestError, ingest_file
    from bicentennial.store.db import get_engine

    try:
        summary = ingest_file(get_engine(), file, agency=agency, sharing=sharing, schema=schema,
                              mapping=mapping, actor=f"system:{agency.upper()}", encoding=encoding,
                              progress=not as_json)
    except IngestError as exc:
        if as_json:
            print_json({"error": exc.render(), "error_id": exc.message, "params": exc.params})
            raise typer.Exit(EXIT_USAGE) from None
        fail(exc.message, EXIT_USAGE, **exc.params)
    if as_json:
        print_json(summary.to_dict())
    else:
        console.print(_("{file}: {rows} rows, {accepted} accepted, {quarantined} quarantined, "
                        "{added} statements added (batch {batch}).", file=str(file), rows=summary.rows,
                        accepted=summary.accepted, quarantined=summary.quarantined,
                        added=summary.statements_added, batch=summary.batch_id), highlight=False)
        if summary.quarantine:
            table = Table(_("Row"), _("Field"), _("Reason"), title=_("Quarantined rows"))
            for q in summary.quarantine[:50]:
                table.add_row(str(q.row or ""), q.field or "", q.message())
            err_console.print(table)
            if len(summary.quarantine) > 50 or summary.truncated:
                err_console.print(_("More in `bicentennial quarantine list`."))
    raise typer.Exit(EXIT_PARTIAL if summary.quarantined else EXIT_OK)


@quarantine_app.command("list")
def quarantine_list(
    agency: str = typer.Option(None, "--agency", "-a", help="only rows of this agency"),
    status: str = typer.Option("open", "--status", help="open | all"),
    limit: int = typer.Option(1000, "--limit"),
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
) -> None:
    """List quarantined rows with their file, row, field and reason."""
    from bicentennial.framework import get_agency
    from bicentennial.ingest.quarantine import list_quarantine
    from bicentennial.store.db import get_engine

    if agency:
        try:
            agency = get_agency(agency).code
        except KeyError:
            fail("unknown agency {agency}", EXIT_USAGE, agency=agency)
    with get_engine().begin() as conn:
        items = list_quarantine(conn, agency=agency, status=None if status == "all" else status, limit=limit)
    if as_json:
        print_json(items)
        return
    if not items:
        console.print(_("No quarantined rows."))
        return
    table = Table(_("Agency"), _("File"), _("Row"), _("Field"), _("Reason"), title=_("Quarantined rows"))
    for it in items:
        table.add_row(it["agency"], it["source"], str(it["row"] or ""), it["field"] or "", it["reason"])
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.add_typer(quarantine_app, name="quarantine")
