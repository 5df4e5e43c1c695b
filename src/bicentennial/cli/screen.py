"""`bicentennial screen …`: sanctions screening.

    bicentennial screen "NAME" [--dob DATE] [--country CC] [--json]
    bicentennial screen --batch FILE.csv            (one JSON line per row)
    bicentennial screen load [--sdn-dir DIR] [--ftm FILE]
    bicentennial screen publish [--sdn-dir DIR] [--program P]… [--all]   (SDN → public records, Linked To → edges)
    bicentennial screen run --agency CODE | --token T   (screen held entities → alerts)
    bicentennial screen alerts [--status open] [--json]
    bicentennial screen decide ALERT --confirm|--dismiss --reason TEXT
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.table import Table
from typer.core import TyperGroup

from bicentennial.cli._common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    console,
    fail,
    principal_from,
    print_json,
)
from bicentennial.i18n import _


class _ScreenGroup(TyperGroup):
    """`screen NAME …` and `screen --batch FILE` are the `query` command; the rest are subcommands."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["query", *args]
        return super().parse_args(ctx, args)


screen_app = typer.Typer(cls=_ScreenGroup, help="Sanctions screening (OFAC SDN, FollowTheMoney lists).",
                         no_args_is_help=True)

TokenOpt = Annotated[str | None, typer.Option("--token", envvar="BICENTENNIAL_TOKEN", help="Your API token.")]
AgencyOpt = Annotated[str | None, typer.Option("--agency", "-a", help="Act as system:<AGENCY> instead.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
IndexOpt = Annotated[Path | None, typer.Option("--index", help="Index file (default var/screen/index.pkl).")]


def _index(path: Path | None) -> Any:
    from bicentennial.screen.index import default_path, get_index

    target = path or default_path()
    if not target.exists():
        console.print(_("Building the screening index from the SDN list in the repository…"), highlight=False)
    try:
        return get_index(target)
    except (OSError, ValueError) as exc:
        fail("Cannot read the screening index {path}: {error}", EXIT_FAILED, path=str(target), error=str(exc))


def _engine() -> Any:
    from bicentennial.store import get_engine, migrate

    engine = get_engine()
    migrate(engine)
    return engine


_principal = principal_from


@screen_app.command("query")
def query(
    name: Annotated[str | None, typer.Argument(help="Name to screen.")] = None,
    dob: Annotated[str | None, typer.Option("--dob", help="Date of birth (YYYY, YYYY-MM or YYYY-MM-DD).")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Country code or name.")] = None,
    schema: Annotated[str, typer.Option("--schema", help="Person, Company, Organization, Vessel … or Thing.")]
    = "Thing",
    batch: Annotated[Path | None, typer.Option("--batch", help="CSV with columns name, dob, country.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Results per query.")] = 5,
    threshold: Annotated[float, typer.Option("--threshold", help="Smallest score shown.")] = 0.5,
    json_out: JsonOpt = False,
    index_path: IndexOpt = None,
) -> None:
    """Screen a name (or a CSV batch) against the loaded lists."""
    from bicentennial.screen.entity import COMPATIBLE
    from bicentennial.screen.service import read_batch, result_summary, screen_name

    if (name is None) == (batch is None):
        fail("Give a NAME or --batch FILE.", EXIT_USAGE)
    if schema not in COMPATIBLE:
        fail("Unknown schema {schema}.", EXIT_USAGE, schema=schema)
    if batch is not None and not batch.is_file():
        fail("File not found: {path}", EXIT_USAGE, path=str(batch))
    index = _index(index_path)
    if batch is not None:
        bad = 0
        try:
            for line, row in read_batch(batch):
                if not row.get("name"):
                    err = {"line": line, "error": _("row {line}: empty name", line=line)}
                    sys.stdout.write(orjson.dumps(err).decode() + "\n")
                    bad += 1
                    continue
                results = screen_name(index, row["name"], dob=row.get("dob") or None,
                                      country=row.get("country") or None,
                                      schema=row["schema"] if row.get("schema") in COMPATIBLE else schema,
                                      limit=limit, threshold=threshold)
                out = {"line": line, "query": {k: row.get(k) or None for k in ("name", "dob", "country")},
                       "results": [result_summary(r) for r in results]}
                sys.stdout.write(orjson.dumps(out).decode() + "\n")
        except ValueError as exc:
            fail("Cannot read {path}: {error}", EXIT_USAGE, path=str(batch), error=_(str(exc)))
        if bad:
            raise typer.Exit(EXIT_PARTIAL)
        return
    assert name is not None
    results = screen_name(index, name, dob=dob, country=country, schema=schema, limit=limit, threshold=threshold)
    if json_out:
        print_json({"query": {"name": name, "dob": dob, "country": country, "schema": schema},
                    "results": [result_summary(r) for r in results]})
        return
    if not results:
        console.print(_("No result at or above {threshold}.", threshold=threshold), highlight=False)
        return
    table = Table(title=_("Screening results for {name}", name=name))
    for column in (_("Score"), _("List entry"), _("Name"), _("Programs"), _("Explanation")):
        table.add_column(column)
    for r in results:
        table.add_row(f"{r.score:.2f}", f"{r.entity.source} {r.entity.source_id}", r.entity.caption,
                      ", ".join(r.entity.programs), r.explanation())
    console.print(table)


@screen_app.command("load")
def load(
    sdn_dir: Annotated[Path | None, typer.Option("--sdn-dir", help="Folder with sdn/add/alt/sdn_comments CSV.")]
    = None,
    ftm: Annotated[list[Path] | None, typer.Option("--ftm", help="FollowTheMoney entities file (JSON lines).")]
    = None,
    index_path: IndexOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Load the sanctions lists into the local screening index."""
    from bicentennial.screen.index import build_default, default_path

    for path in [*(ftm or []), *([sdn_dir] if sdn_dir else [])]:
        if not path.exists():
            fail("File not found: {path}", EXIT_USAGE, path=str(path))
    try:
        index = build_default(sdn_dir, ftm or [])
    except (OSError, ValueError) as exc:
        fail("Cannot load the lists: {error}", EXIT_FAILED, error=str(exc))
    target = index.save(index_path or default_path())
    if json_out:
        print_json({"index": str(target), "sources": index.sources, "names": len(index.name_entity)})
        return
    for source, count in sorted(index.sources.items()):
        console.print(_("{source}: {count} entities", source=source, count=count), highlight=False)
    console.print(_("Index written to {path}", path=str(target)), highlight=False)


@screen_app.command("publish")
def publish_list(
    sdn_dir: Annotated[Path | None, typer.Option("--sdn-dir", help="Folder with sdn/add/alt/sdn_comments CSV.")]
    = None,
    program: Annotated[list[str] | None, typer.Option("--program", help="SDN program (repeatable).")] = None,
    all_programs: Annotated[bool, typer.Option("--all", help="Every program, not only the narcotics ones.")]
    = False,
    json_out: JsonOpt = False,
) -> None:
    """Publish the SDN list as public records of OFAC: its entries become entities and its
    `Linked To:` relations edges of the network (default: the narcotics programs)."""
    from bicentennial.ingest import IngestError
    from bicentennial.screen.ofac import NARCOTICS_PROGRAMS
    from bicentennial.screen.publish import publish

    if sdn_dir is not None and not sdn_dir.is_dir():
        fail("File not found: {path}", EXIT_USAGE, path=str(sdn_dir))
    if program and all_programs:
        fail("Give either --program or --all, not both.", EXIT_USAGE)
    programs = None if all_programs else (program or sorted(NARCOTICS_PROGRAMS))
    try:
        done = publish(_engine(), sdn_dir, programs)
    except (OSError, ValueError, IngestError) as exc:
        fail("Cannot load the lists: {error}", EXIT_FAILED, error=str(exc))
    summary = done.summary
    if json_out:
        print_json({"entries": done.entries, "links": done.links, "programs": programs,
                    "unmatched": [{"entry": e, "name": n} for e, n in done.unmatched],
                    "ambiguous": [{"entry": e, "name": n, "entries": m} for e, n, m in done.ambiguous],
                    "no_longer_listed": done.delisted, "ingest": summary.to_dict()})
    else:
        console.print(_("{entries} list entries and {links} Linked To relations published as public records "
                        "of OFAC: {added} statements added, {quarantined} rows quarantined (batch {batch}).",
                        entries=done.entries, links=done.links, added=summary.statements_added,
                        quarantined=summary.quarantined, batch=summary.batch_id), highlight=False)
        if done.unmatched or done.ambiguous:
            table = Table(_("List entry"), _("Linked To"), _("Why not linked"),
                          title=_("Linked To names not made edges"))
            for entry, name in done.unmatched:
                table.add_row(entry, name, _("no entry of the list has this name"))
            for entry, name, entries in done.ambiguous:
                table.add_row(entry, name, _("several entries have this name: {entries}", entries=", ".join(entries)))
            console.print(table)
        if done.delisted:
            console.print(_("Published before and no longer on the list (kept in the store, as every statement "
                            "is): {entries}", entries=", ".join(done.delisted)), highlight=False)
    raise typer.Exit(EXIT_PARTIAL if summary.quarantined else EXIT_OK)


@screen_app.command("run")
def run(
    token: TokenOpt = None,
    agency: AgencyOpt = None,
    threshold: Annotated[float, typer.Option("--threshold", help="Smallest score that raises an alert.")] = 0.7,
    index_path: IndexOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Screen every person and organisation you may see; hits become alerts."""
    from bicentennial.screen.alerts import run_batch

    index = _index(index_path)
    with _engine().begin() as conn:
        who = _principal(conn, token, agency)
        counts = run_batch(conn, who, index, threshold=threshold)
    if json_out:
        print_json(counts)
        return
    console.print(_("{entities} entities screened, {hits} hits, {new} new alerts.", entities=counts["entities"],
                    hits=counts["hits"], new=counts["new"]), highlight=False)


@screen_app.command("alerts")
def alerts(
    token: TokenOpt = None,
    agency: AgencyOpt = None,
    status: Annotated[str | None, typer.Option("--status", help="open | confirmed | dismissed")] = None,
    limit: Annotated[int, typer.Option("--limit")] = 100,
    json_out: JsonOpt = False,
) -> None:
    """List the screening alerts you may see."""
    from bicentennial.screen.alerts import STATUSES, list_alerts

    if status and status not in STATUSES:
        fail("Unknown status {status}.", EXIT_USAGE, status=status)
    with _engine().begin() as conn:
        who = _principal(conn, token, agency)
        rows = list_alerts(conn, who, status=status, limit=limit)
    if json_out:
        print_json(rows)
        return
    if not rows:
        console.print(_("No alerts."), highlight=False)
        return
    table = Table(title=_("Screening alerts"))
    for column in (_("Alert"), _("Status"), _("Score"), _("Entity"), _("List entry")):
        table.add_column(column)
    for r in rows:
        table.add_row(r["id"], _(r["status"]), f"{r['score']:.2f}", r["entity_caption"],
                      f"{r['list_source']} {r['list_source_id']} {r['list_caption']}")
    console.print(table)


@screen_app.command("decide")
def decide(
    alert_id: Annotated[str, typer.Argument(help="Alert id.")],
    confirm: Annotated[bool, typer.Option("--confirm", help="It is the listed party.")] = False,
    dismiss: Annotated[bool, typer.Option("--dismiss", help="It is not the listed party.")] = False,
    reason: Annotated[str, typer.Option("--reason", help="Why (kept in the audit log).")] = "",
    token: TokenOpt = None,
    agency: AgencyOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Confirm or dismiss an alert, with a reason."""
    from bicentennial.screen.alerts import AlertNotFound
    from bicentennial.screen.alerts import decide as decide_alert

    if confirm == dismiss:
        fail("Give exactly one of --confirm or --dismiss.", EXIT_USAGE)
    if not reason.strip():
        fail("A reason is required.", EXIT_USAGE)
    with _engine().begin() as conn:
        who = _principal(conn, token, agency)
        try:
            row = decide_alert(conn, who, alert_id, "confirm" if confirm else "dismiss", reason)
        except AlertNotFound:
            fail("No alert {alert} that you may see.", EXIT_FAILED, alert=alert_id)
    if json_out:
        print_json(row)
        return
    console.print(_("Alert {alert}: {status}.", alert=alert_id, status=_(row["status"])), highlight=False)
    judgement = row.get("judgement")
    if judgement:
        text = (_("Recorded for entity resolution: {a} and {b} are the same.") if judgement["decision"] == "same"
                else _("Recorded for entity resolution: {a} and {b} are not the same."))
        console.print(text.format(a=judgement["entity_a"], b=judgement["entity_b"]), highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(screen_app, name="screen")
