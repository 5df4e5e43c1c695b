"""`bicentennial network …`: the network queries from the command line, on an agency's behalf.

The CLI acts as `system:<AGENCY>` (`access.system_principal`): it sees what that agency
may see, and every query is in the audit log under that name.
"""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from bicentennial.cli._common import EXIT_USAGE, console, fail, print_json
from bicentennial.i18n import _

network_app = typer.Typer(help="Network of entities: expand, paths, communities, key players.",
                          no_args_is_help=True)

AgencyOpt = typer.Option(..., "--agency", "-a", help="act for this agency (sees what it may see)")
JsonOpt = typer.Option(False, "--json", help="print the result as JSON (Cytoscape.js elements)")
EdgeTypeOpt = typer.Option(None, "--edge-type", "-t", help="follow only these edge types")
MergedOpt = typer.Option(False, "--merged", help="entities resolved as one are one node")


def _principal(agency: str) -> Any:
    from bicentennial.access.principal import system_principal
    from bicentennial.framework import get_agency

    try:
        ag = get_agency(agency)
    except KeyError:
        fail("unknown agency {agency}", EXIT_USAGE, agency=agency)
    return system_principal(ag.code, ag.country)


def _run(fn: Any, agency: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    from bicentennial.network import NotVisible
    from bicentennial.store.db import get_engine

    missing = None
    with get_engine().begin() as conn:
        try:
            result: dict[str, Any] = fn(conn, _principal(agency), *args, max_age=0, **kwargs)
            return result
        except NotVisible as exc:
            missing = exc.entity_id  # caught inside: the audit entry of the refused query commits
        except ValueError as exc:
            fail(str(exc))
    fail("No such entity in your network, or not visible to you: {id}", 1, id=missing)


def _elements_table(result: dict[str, Any]) -> None:
    els = result.get("elements") or {"nodes": [], "edges": []}
    nodes = Table(_("Entity"), _("Name"), _("Schema"))
    for n in els["nodes"]:
        nodes.add_row(n["data"]["id"], n["data"]["label"], n["data"]["schema"])
    console.print(nodes)
    edges = Table(_("From"), _("Relation"), _("To"), _("Date"), _("Record"))
    for e in els["edges"]:
        d = e["data"]
        edges.add_row(d["source"], d["type"], d["target"], d["date"] or "", ", ".join(d["records"]))
    console.print(edges)


@network_app.command("stats")
def stats_cmd(agency: str = AgencyOpt) -> None:
    """Size of the agency's network."""
    from bicentennial.network import stats

    print_json(_run(stats, agency))


@network_app.command("expand")
def expand_cmd(entity: str, agency: str = AgencyOpt, hops: int = typer.Option(2, min=1, max=3),
               edge_type: list[str] = EdgeTypeOpt, max_nodes: int = typer.Option(500, min=1),
               merged: bool = MergedOpt, as_json: bool = JsonOpt) -> None:
    """Who is connected to ENTITY, and through which records."""
    from bicentennial.network import Filters, expand

    result = _run(expand, agency, entity, hops, Filters(edge_types=tuple(edge_type or ())), max_nodes,
                  merged=merged)
    print_json(result) if as_json else _elements_table(result)


@network_app.command("path")
def path_cmd(source: str, target: str, agency: str = AgencyOpt,
             time_respecting: bool = typer.Option(False, "--time-respecting"),
             max_length: int = typer.Option(6, min=1, max=10), edge_type: list[str] = EdgeTypeOpt,
             merged: bool = MergedOpt, as_json: bool = JsonOpt) -> None:
    """How SOURCE and TARGET link: the shortest (optionally time-respecting) path."""
    from bicentennial.network import Filters, path

    result = _run(path, agency, source, target, time_respecting, max_length,
                  filters=Filters(edge_types=tuple(edge_type or ())), merged=merged)
    if as_json:
        print_json(result)
    elif not result["found"]:
        console.print(_("No path within {n} steps.", n=max_length))
    else:
        console.print(" → ".join(result["path"]))
        _elements_table(result)


@network_app.command("communities")
def communities_cmd(agency: str = AgencyOpt, entity: str = typer.Option(None, "--entity"),
                    resolution: float = 1.0, limit: int = 20, as_json: bool = JsonOpt) -> None:
    """Communities (Leiden): the largest, or the one of --entity."""
    from bicentennial.network import communities

    result = _run(communities, agency, entity, resolution, limit=limit)
    if as_json or entity:
        print_json(result)
        return
    table = Table(_("Community"), _("Size"), _("Best connected"))
    for c in result["largest"]:
        table.add_row(str(c["id"]), str(c["size"]), ", ".join(t["label"] for t in c["top"][:5]))
    console.print(table)


@network_app.command("key-players")
def key_players_cmd(agency: str = AgencyOpt, entity: str = typer.Option(None, "--entity"),
                    hops: int = typer.Option(2, min=1, max=3), limit: int = 20,
                    as_json: bool = JsonOpt) -> None:
    """Who holds the network together: PageRank, betweenness, brokers."""
    from bicentennial.network import key_players

    result = _run(key_players, agency, entity, hops, limit=limit)
    if as_json:
        print_json(result)
        return
    for measure in ("pagerank", "betweenness", "brokers"):
        key = "bridges" if measure == "brokers" else measure
        table = Table(_("Entity"), _("Name"), _("Schema"), _(measure.title()), title=_(measure.title()))
        for item in result[measure]:
            table.add_row(item["id"], item["label"], item["schema"], f"{item[key]:.4g}")
        console.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(network_app, name="network")
