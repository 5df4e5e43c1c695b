"""`bicentennial demo`: generate the demo scenario, load it and show how to log in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bicentennial.cli._common import EXIT_FAILED, EXIT_USAGE, console, fail
from bicentennial.i18n import _

DEMO_URL = "http://127.0.0.1:8000"


def _bar() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=True)


def demo(
    size: Annotated[str, typer.Option("--size", help="small | medium | large | a number of records")] = "small",
    seed: Annotated[int, typer.Option("--seed", help="random seed; the same seed gives the same files")] = 2021,
    out: Annotated[Path | None, typer.Option("--out", help="folder for the feed files (default var/demo/SIZE)")]
    = None,
    generate_only: Annotated[bool, typer.Option("--generate-only", help="write the files, load nothing")] = False,
) -> None:
    """Load a realistic binational demo scenario (fictional people and companies) and its demo users."""
    from bicentennial.demo import FeedFile, Manifest, generate
    from bicentennial.demo.generate import resolve_size
    from bicentennial.demo.loader import DEMO_USERS, demo_dir, load
    from bicentennial.framework import get_agency
    from bicentennial.i18n import pick
    from bicentennial.store import get_engine, migrate

    try:
        label, _total = resolve_size(size)
    except ValueError:
        fail("unknown size {size}: choose small, medium, large or a number of records (at least 100)",
             EXIT_USAGE, size=size)
    folder = out or demo_dir(label)
    if generate_only:
        with _bar() as bar:
            task = bar.add_task(_("Generating demo files"), total=None)
            manifest = generate(folder, size=label, seed=seed,
                                on_file=lambda f: bar.update(task, advance=f.rows, description=f.path))
        console.print(_("{records} records in {files} files written to {folder}.", records=manifest.records,
                        files=len(manifest.files), folder=str(folder)), highlight=False)
        return
    engine = get_engine()
    migrate(engine)
    with _bar() as bar:
        task = bar.add_task(_("Generating demo files"), total=None)
        state = {"before": 0, "current": 0}

        def on_generated(manifest: Manifest) -> None:
            bar.update(task, total=manifest.records, completed=0)

        def on_file(feed: FeedFile) -> None:
            state["before"] += state["current"]
            state["current"] = feed.rows
            bar.update(task, description=_("Loading {file}", file=feed.path), completed=state["before"])

        def on_progress(rows: int, _rows_total: int) -> None:
            bar.update(task, completed=state["before"] + rows)

        result = load(engine, size=label, seed=seed, out_dir=folder, on_file=on_file, on_progress=on_progress,
                      on_generated=on_generated)
    loaded = [f for f in result.files if not f.skipped]
    console.print(
        _("Demo {size} (seed {seed}): {records} records in {files} files; {loaded} files loaded, {skipped} "
          "already loaded; {added} statements added, {quarantined} rows quarantined.",
          size=label, seed=seed, records=result.manifest.records, files=len(result.files), loaded=len(loaded),
          skipped=len(result.files) - len(loaded), added=result.statements_added, quarantined=result.quarantined),
        highlight=False,
    )
    if result.users_created:
        console.print(_("Demo users created: {users}.", users=", ".join(result.users_created)), highlight=False)
    # the real OFAC list beside the fictional scenario: its entries are public records, and
    # its `Linked To:` relations edges of every user's network (`screen publish`)
    from bicentennial.screen.ofac import NARCOTICS_PROGRAMS
    from bicentennial.screen.publish import publish

    listed = publish(engine, programs=sorted(NARCOTICS_PROGRAMS))
    console.print(_("OFAC SDN list (narcotics programs): {entries} entries and {links} Linked To relations "
                    "published as public records; {added} statements added.", entries=listed.entries,
                    links=listed.links, added=listed.summary.statements_added), highlight=False)
    table = Table(title=_("How to log in"), box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1), collapse_padding=True,
                  caption=_("Demo tokens are fixed and public: never use them in production."))
    # URL, user and token must stay whole (they are copied); the role may wrap.
    table.add_column(_("URL"), no_wrap=True)
    table.add_column(_("User"), no_wrap=True)
    table.add_column(_("Agency"), no_wrap=True)
    table.add_column(_("Role"), min_width=8)
    table.add_column(_("Token"), no_wrap=True, style="bold")
    for user in DEMO_USERS:
        agency = get_agency(user.agency)
        table.add_row(DEMO_URL, user.name, agency.code,
                      ", ".join(_(r) for r in user.roles), user.token)
    console.print(table)
    agencies = [get_agency(code) for code in dict.fromkeys(u.agency for u in DEMO_USERS)]
    console.print(_("Agencies: {agencies}.", agencies="; ".join(
        f"{a.code} = {pick(a.name)} ({a.country.upper()})" for a in agencies)), highlight=False)
    if result.quarantined:
        raise typer.Exit(EXIT_FAILED)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
