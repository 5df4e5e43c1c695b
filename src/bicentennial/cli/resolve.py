"""`bicentennial resolve …`: record linkage runs, the review queue, decisions and exports.

Acts for a user (`--token`, or BICENTENNIAL_TOKEN) or, for batch work, as
`system:<AGENCY>` (`--agency`): either way it sees only what that agency may
see, and results are stored for that agency (see docs/resolution.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bicentennial.cli._common import EXIT_FAILED, EXIT_USAGE, console, fail, principal_from, print_json
from bicentennial.i18n import _

resolve_app = typer.Typer(help="Record linkage: run, review, export.", no_args_is_help=True)

TokenOpt = Annotated[str | None, typer.Option("--token", envvar="BICENTENNIAL_TOKEN", help="Your API token.")]
AgencyOpt = Annotated[str | None, typer.Option("--agency", "-a", help="Act as system:<AGENCY> instead.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]


_principal = principal_from


def _engine() -> Any:
    from bicentennial.store import get_engine, migrate

    engine = get_engine()
    migrate(engine)
    return engine


def run(
    token: TokenOpt = None,
    agency: AgencyOpt = None,
    kind: Annotated[str, typer.Option("--kind", help="person | organization | all")] = "all",
    auto_link: Annotated[float, typer.Option("--auto-link", help="Probability to link without review.")] = 0.9,
    review_at: Annotated[float, typer.Option("--review", help="Probability from which pairs are reviewed.")] = 0.5,
    json_out: JsonOpt = False,
) -> None:
    """Resolve persons and organisations: score pairs, cluster, assign canonical ids."""
    from bicentennial.resolve import pipeline
    from bicentennial.resolve.linkage import Thresholds
    from bicentennial.resolve.review import ReviewError

    kinds = list(pipeline.KINDS) if kind == "all" else [kind]
    if any(k not in pipeline.KINDS for k in kinds):
        fail("Unknown kind {kind}: use person or organization.", EXIT_USAGE, kind=kind)
    if not 0 < review_at <= auto_link <= 1:
        fail("Thresholds must satisfy 0 < review <= auto-link <= 1.", EXIT_USAGE)
    summaries = []
    with _engine().begin() as conn:
        who = _principal(conn, token, agency)
        with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                      console=console, transient=json_out) as bar:
            for k in kinds:
                task = bar.add_task(_("Resolving {kind}", kind=k), total=len(pipeline.STEPS))

                def progress(step: str, done: int, total: int, task: Any = task, k: str = k) -> None:
                    bar.update(task, completed=done, description=_("Resolving {kind}: {step}", kind=k,
                                                                   step=_(step)))

                try:
                    summaries.append(pipeline.run(conn, who, k, Thresholds(auto_link, review_at), progress))
                except ReviewError as exc:
                    fail(exc.message, EXIT_FAILED, **exc.params)
    if json_out:
        print_json([s.__dict__ for s in summaries])
        return
    table = Table(title=_("Resolution"))
    for col in ("kind", "entities", "pairs", "auto-links", "to review", "clusters", "merged"):
        table.add_column(_(col))
    for s in summaries:
        table.add_row(s.kind, str(s.entities), str(s.pairs), str(s.auto_links), str(s.review), str(s.clusters),
                      str(s.merged))
    console.print(table)


def review_cmd(
    token: TokenOpt = None,
    agency: AgencyOpt = None,
    limit: Annotated[int, typer.Option("--limit")] = 20,
    decide: Annotated[list[str] | None, typer.Option(
        "--decide", help="ENTITY_A:ENTITY_B:same|different|unsure (repeatable); needs --reason.")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why (required with --decide).")] = None,
    undo: Annotated[int | None, typer.Option("--undo", help="Reverse this judgement id.")] = None,
    history: Annotated[bool, typer.Option("--history", help="List judgements, reversed ones too.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """Show the queue of uncertain pairs, record decisions, reverse them."""
    from bicentennial.resolve import pipeline, review
    from bicentennial.resolve.review import ReviewError

    with _engine().begin() as conn:
        who = _principal(conn, token, agency)
        try:
            if undo is not None:
                pipeline.undo(conn, who, undo, reason or "")
                console.print(_("Judgement {id} reversed.", id=undo))
                return
            if decide:
                done = []
                for item in decide:
                    parts = item.rsplit(":", 2)
                    if len(parts) != 3:
                        fail("Write decisions as ENTITY_A:ENTITY_B:DECISION.", EXIT_USAGE)
                    done.append(pipeline.decide(conn, who, parts[0], parts[1], parts[2], reason or ""))
                if json_out:
                    print_json(done)
                else:
                    for j in done:
                        console.print(_("Recorded judgement {id}: {a} / {b} = {decision}.", id=j["id"],
                                        a=j["entity_a"], b=j["entity_b"], decision=_(j["decision"])))
                return
            if history:
                rows = review.judgements(conn, who, include_revoked=True, limit=limit)
                if json_out:
                    print_json(rows)
                    return
                table = Table(title=_("Judgements"))
                for col in ("id", "pair", "decision", "reviewer", "reason", "reversed"):
                    table.add_column(_(col))
                for r in rows:
                    table.add_row(str(r["id"]), f"{r['entity_a']} / {r['entity_b']}", _(r["decision"]),
                                  r["reviewer"], r["reason"], r["deleted_at"] or "")
                console.print(table)
                return
            items = review.queue(conn, who, limit=limit)
        except ReviewError as exc:
            fail(exc.message, EXIT_FAILED, **exc.params)
    if json_out:
        print_json(items)
        return
    table = Table(title=_("Pairs to review"))
    for col in ("pair", "names", "probability", "evidence"):
        table.add_column(_(col))
    for it in items:
        evidence = ", ".join(f"{k} {v[0]} ({v[1]:+.1f})" for k, v in it["explanation"].items() if k != "prior")
        table.add_row(f"{it['entity_a']}\n{it['entity_b']}", f"{it['caption_a']}\n{it['caption_b']}",
                      f"{it['match_probability']:.2f}", evidence)
    console.print(table)


def export_cmd(
    token: TokenOpt = None,
    agency: AgencyOpt = None,
    clusters: Annotated[Path | None, typer.Option("--clusters", help="Write source_id,entity_id,canonical_id CSV.")]
    = None,
    ftm: Annotated[Path | None, typer.Option("--ftm", help="Write resolved entities as FtM JSON lines.")] = None,
) -> None:
    """Export resolved entities (FtM JSON lines) and/or the clusters CSV."""
    from bicentennial.resolve import export

    if clusters is None and ftm is None:
        fail("Give --clusters FILE.csv and/or --ftm FILE.jsonl.", EXIT_USAGE)
    with _engine().begin() as conn:
        who = _principal(conn, token, agency)
        if clusters is not None:
            with clusters.open("w", encoding="utf-8", newline="") as fh:
                n = export.clusters_csv(conn, who, fh)
            console.print(_("Wrote {n} records to {path}.", n=n, path=str(clusters)))
        if ftm is not None:
            with ftm.open("w", encoding="utf-8") as fh:
                n = export.ftm_lines(conn, who, fh)
            console.print(_("Wrote {n} entities to {path}.", n=n, path=str(ftm)))


resolve_app.command("run")(run)
resolve_app.command("review")(review_cmd)
resolve_app.command("export")(export_cmd)


def register(app: typer.Typer) -> None:
    app.add_typer(resolve_app, name="resolve")
