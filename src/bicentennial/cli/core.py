"""Core commands: init, framework, user, audit, search, serve."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from bicentennial.access import audit as audit_chain
from bicentennial.access import records as access_records
from bicentennial.access.principal import ROLES
from bicentennial.access.tokens import UnknownAgency, UnknownRole, add_user, list_users, principal_for_token
from bicentennial.cli._common import EXIT_FAILED, console, fail, print_json
from bicentennial.framework import load_framework
from bicentennial.i18n import _, get_lang, pick
from bicentennial.store import get_engine, migrate

user_app = typer.Typer(help="Users and API tokens.", no_args_is_help=True)
audit_app = typer.Typer(help="The tamper-evident audit trail.", no_args_is_help=True)
framework_app = typer.Typer(help="The Bicentennial Framework as data.", no_args_is_help=True)


def init() -> None:
    """Create or migrate the database (idempotent)."""
    migrate(get_engine())
    console.print(_("Database ready: {url}", url=get_engine().url.render_as_string(hide_password=True)))


@framework_app.command("show")
def framework_show(
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    lang: Annotated[str | None, typer.Option("--lang", help="en | es")] = None,
) -> None:
    """Print the Framework's goals, lines of action, commitments, governance and agencies."""
    lang = lang or get_lang()
    fw = load_framework()
    if json_out:
        print_json(fw.to_dict(lang))
        return
    console.print(f"[bold]{pick(fw.name, lang)}[/] ({fw.adopted})")
    console.print(pick(fw.purpose, lang), highlight=False)
    for goal in fw.goals:
        console.print(f"\n[bold cyan]{_('Goal', lang)} {goal.code}: {pick(goal.title, lang)}[/]")
        console.print(pick(goal.text, lang), highlight=False)
        for line in goal.lines:
            console.print(f"  [bold]{line.code} {pick(line.title, lang)}[/]")
            console.print(f"    {pick(line.text, lang)}", highlight=False)
    console.print(f"\n[bold]{_('Commitments', lang)}[/]")
    for c in fw.commitments:
        console.print(f"  • {c[lang]}", highlight=False)
    console.print(f"\n[bold]{_('Governance', lang)}[/]")
    for g in fw.governance:
        console.print(f"  • {g[lang]}", highlight=False)
    table = Table(title=_("Agencies", lang))
    for col in (_("Code", lang), _("Country", lang), _("Name", lang)):
        table.add_column(col)
    for a in fw.agencies:
        table.add_row(a.code, a.country.upper(), pick(a.name, lang))
    console.print(table)


@user_app.command("add")
def user_add(
    name: str,
    agency: Annotated[str, typer.Option("--agency", help="Agency code, e.g. CBP or FGR.")],
    role: Annotated[list[str], typer.Option("--role", help=f"One of {', '.join(ROLES)}; repeatable.")],
) -> None:
    """Create a user and print a new API token (shown once; only its hash is stored)."""
    engine = get_engine()
    migrate(engine)
    try:
        with engine.begin() as conn:
            token = add_user(conn, name, agency, role)
            audit_chain.append(conn, audit_chain.AuditEvent(actor="cli", action="admin", target=f"user:{name}",
                                                            detail={"op": "add", "agency": agency.upper(),
                                                                    "roles": sorted(role)}))
    except UnknownAgency:
        fail("Unknown agency: {agency}", agency=agency)
    except UnknownRole as exc:
        fail("Unknown role: {role}", role=str(exc))
    except Exception as exc:  # unique name
        if "unique" in str(exc).lower() or "duplicate" in str(exc).lower():
            fail("A user named {name} already exists.", name=name)
        raise
    console.print(_("Token for {name} (shown once, keep it safe):", name=name))
    typer.echo(token)


@user_app.command("list")
def user_list(json_out: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List users (never tokens)."""
    with get_engine().begin() as conn:
        users = list_users(conn)
        audit_chain.append(conn, audit_chain.AuditEvent(actor="cli", action="admin", target="users:list"))
    if json_out:
        print_json(users)
        return
    table = Table()
    for col in (_("Name"), _("Agency"), _("Country"), _("Roles")):
        table.add_column(col)
    for u in users:
        table.add_row(str(u["name"]), str(u["agency"]), str(u["country"]).upper(), ", ".join(u["roles"]))  # type: ignore[arg-type]
    console.print(table)


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the hash chain; exit 0 when intact, 1 naming the first bad entry."""
    with get_engine().connect() as conn:
        result = audit_chain.verify(conn)
    if result.ok:
        console.print(_("Audit trail intact: {n} entries.", n=result.entries))
        return
    console.print(f"[bold red]{_('Audit trail broken')}:[/] {_(result.reason or '', seq=result.bad_seq)}")
    raise typer.Exit(EXIT_FAILED)


@audit_app.command("show")
def audit_show(
    limit: Annotated[int, typer.Option("--limit")] = 50,
    actor: Annotated[str | None, typer.Option("--actor")] = None,
    action: Annotated[str | None, typer.Option("--action")] = None,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show the newest audit entries."""
    with get_engine().begin() as conn:
        rows = list(audit_chain.entries(conn, limit=limit, actor=actor, action=action))
        audit_chain.append(conn, audit_chain.AuditEvent(actor="cli", action="read", target="audit",
                                                        detail={"limit": limit}))
    if json_out:
        print_json(rows)
        return
    table = Table()
    for col in ("#", _("Time"), _("Actor"), _("Agency"), _("Action"), _("Object")):
        table.add_column(col)
    for r in rows:
        table.add_row(str(r["seq"]), r["ts"], r["actor"], r["agency"] or "", r["action"], r["target"] or "")
    console.print(table)


@audit_app.command("head")
def audit_head() -> None:
    """Print the newest entry's sequence number and hash (copy it elsewhere as a witness)."""
    with get_engine().connect() as conn:
        head = audit_chain.head(conn)
    typer.echo(f"{head['seq']} {head['hash']}" if head else "0 " + "0" * 64)


def search(
    query: str,
    token: Annotated[str, typer.Option("--token", envvar="BICENTENNIAL_TOKEN", help="Your API token.")],
    limit: Annotated[int, typer.Option("--limit")] = 20,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Search the entities you may see (accent-insensitive)."""
    with get_engine().begin() as conn:
        who = principal_for_token(conn, token)
        if who is None:
            fail("Invalid token.")
        results = access_records.search(conn, who, query, limit=limit)
    if json_out:
        print_json({"query": query, "total": len(results), "results": results})
        return
    table = Table(title=_("{n} results", n=len(results)))
    for col in (_("Entity"), _("Schema"), _("Name"), _("Agencies")):
        table.add_column(col)
    for r in results:
        table.add_row(r["id"], r["schema"], r["caption"], ", ".join(r["agencies"]))
    console.print(table)


def serve(
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 8000,
) -> None:
    """Serve the web app and the API."""
    import uvicorn

    from bicentennial.api.app import create_app

    migrate(get_engine())
    console.print(_("Serving on http://{host}:{port} (API docs at /docs)", host=host, port=port))
    uvicorn.run(create_app(), host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("search")(search)
    app.command("serve")(serve)
    app.add_typer(framework_app, name="framework")
    app.add_typer(user_app, name="user")
    app.add_typer(audit_app, name="audit")
