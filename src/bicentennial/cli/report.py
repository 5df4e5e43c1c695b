"""`bicentennial report build` and `bicentennial evaluate list|show`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table
from sqlalchemy import Connection

from bicentennial.cli._common import EXIT_FAILED, console, err_console, fail, print_json
from bicentennial.i18n import _, pick


def _connection_or_none() -> Connection | None:
    """A connection to the configured store if it is reachable and migrated; None otherwise."""
    from sqlalchemy import inspect

    from bicentennial.store.db import get_engine

    try:
        engine = get_engine()
        conn = engine.connect()
        if not inspect(conn).has_table("statement"):
            conn.close()
            return None
        return conn
    except Exception:
        return None


def register(app: typer.Typer) -> None:
    report_app = typer.Typer(help=_("Public report: bilingual static site and PDF."), no_args_is_help=True)
    evaluate_app = typer.Typer(help=_("Indicators and impact evaluation."), no_args_is_help=True)
    app.add_typer(report_app, name="report")
    app.add_typer(evaluate_app, name="evaluate")

    @report_app.command("build")
    def build(
        lang: str = typer.Option("en", "--lang", help="en | es | all"),
        out: Path = typer.Option(Path("var/report"), "--out", help=_("Output folder")),
        pdf: bool = typer.Option(True, "--pdf/--no-pdf", help=_("Also write report.pdf")),
        platform: bool = typer.Option(True, "--platform/--no-platform",
                                      help=_("Include platform indicators from the store")),
    ) -> None:
        """Build the report (English or Spanish, or both with --lang all into OUT/en and OUT/es)."""
        from bicentennial.report import PdfUnavailable, build_report

        langs = ["en", "es"] if lang == "all" else [lang]
        if any(x not in ("en", "es") for x in langs):
            fail("Unsupported language: {language}", language=lang)
        conn = _connection_or_none() if platform else None
        if platform and conn is None:
            err_console.print(_("No database reachable: platform indicators are left empty."))
        try:
            for code in langs:
                target = out / code if lang == "all" else out
                try:
                    result = build_report(code, target, conn=conn, pdf=pdf)
                except PdfUnavailable as exc:
                    err_console.print(_("PDF not written: {reason}", reason=str(exc)))
                    result = build_report(code, target, conn=conn, pdf=False)
                console.print(_("Report ({language}) written to {out}: {pages} pages, {files} data files, "
                                "{seconds} s.", language=code, out=str(target), pages=len(result.pages),
                                files=len(result.data_files), seconds=f"{result.seconds:.1f}"))
        except Exception as exc:  # a bad data file names itself
            fail("Report build failed: {reason}", code=EXIT_FAILED, reason=str(exc))
        finally:
            if conn is not None:
                conn.close()

    @evaluate_app.command("list")
    def list_indicators(as_json: bool = typer.Option(False, "--json")) -> None:
        """The indicator catalogue."""
        from bicentennial.evaluate import load_indicators
        from bicentennial.i18n import get_lang

        lang = get_lang()
        inds = load_indicators()
        if as_json:
            print_json([i.to_dict(lang) for i in inds])
            return
        table = Table(_("Line"), _("Code"), _("Indicator"), _("Design"))
        for i in inds:
            table.add_row(i.line, i.code, pick(i.name, lang), i.design)
        console.print(table)

    @evaluate_app.command("show")
    def show(code: str) -> None:
        """One indicator's evaluation (baseline, change, target, impact design) as JSON."""
        from bicentennial.evaluate import evaluate, get_indicator

        try:
            ind = get_indicator(code)
        except KeyError:
            fail("Unknown indicator: {indicator}", indicator=code)
        conn = _connection_or_none() if ind.is_platform else None
        try:
            result = evaluate(ind, conn)
        finally:
            if conn is not None:
                conn.close()
        print_json({k: v for k, v in result.items() if k not in ("fitted", "points", "comparison_points")})
