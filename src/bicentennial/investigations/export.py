"""Exports of an investigation as the caller may see it: FtM JSON lines, GraphML,
CSV and a bilingual briefing (HTML, PDF). Every export is audited."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import Connection

from bicentennial.access.audit import AuditEvent, append
from bicentennial.access.principal import Principal
from bicentennial.access.refs import referencing
from bicentennial.access.search import get_entities
from bicentennial.i18n import gettext
from bicentennial.investigations import core
from bicentennial.store.db import utcnow

FORMATS = {
    "ftm": ("application/x-ndjson", "jsonl"),
    "graphml": ("application/graphml+xml", "graphml"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "html": ("text/html; charset=utf-8", "html"),
    "pdf": ("application/pdf", "pdf"),
}

_env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                   autoescape=select_autoescape(["html"]))


def ftm_lines(entities: list[dict[str, Any]]) -> str:
    return "".join(json.dumps({"id": e["id"], "schema": e["schema"], "properties": e["properties"]},
                              ensure_ascii=False, sort_keys=True) + "\n" for e in entities)


def statements_csv(entities: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["entity_id", "schema", "caption", "prop", "value", "agency", "country", "sharing",
                     "first_seen"])
    for e in entities:
        for s in e["statements"]:
            writer.writerow([e["id"], e["schema"], e["caption"], s["prop"], s["value"], s["agency"],
                             s["country"], s["sharing"], s["first_seen"]])
    return out.getvalue()


def graph_of(conn: Connection, who: Principal, members: list[dict[str, Any]], purpose: str
             ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Nodes and edges among the members, through the visible records that reference them."""
    from bicentennial.network.derive import EntityFacts, derive

    member_ids = [e["id"] for e in members]
    record_ids = sorted({eid for eid, _s, _p in referencing(conn, who, member_ids)} - set(member_ids))
    records = get_entities(conn, who, record_ids, purpose) if record_ids else []
    facts: dict[str, EntityFacts] = {}
    for ent in [*members, *records]:
        f = EntityFacts(ent["id"])
        f.schemata.add(ent["schema"])
        for s in ent["statements"]:
            f.props[s["prop"]].append((s["value"], s["id"]))
        facts[ent["id"]] = f
    nodes, edges, _ = derive(facts)
    keep = set(member_ids)
    # a record node that ties two or more members is kept too
    ties: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        for a, b in ((edge.source, edge.target), (edge.target, edge.source)):
            if a in keep:
                ties[b].add(a)
    keep |= {n for n, linked in ties.items() if len(linked) >= 2 and n in nodes}
    out_nodes = [{"id": n.id, "label": n.label, "schema": n.schema} for n in nodes.values() if n.id in keep]
    seen: set[tuple[str, str, str]] = set()
    out_edges = []
    for e in edges:
        if e.source in keep and e.target in keep and (e.source, e.target, e.type) not in seen:
            seen.add((e.source, e.target, e.type))
            out_edges.append({"id": e.id, "source": e.source, "target": e.target, "type": e.type,
                              "label": e.label, "date": e.date, "record": e.record})
    return out_nodes, out_edges


def graphml(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
             '<key id="label" for="node" attr.name="label" attr.type="string"/>',
             '<key id="schema" for="node" attr.name="schema" attr.type="string"/>',
             '<key id="type" for="edge" attr.name="type" attr.type="string"/>',
             '<key id="date" for="edge" attr.name="date" attr.type="string"/>',
             '<key id="record" for="edge" attr.name="record" attr.type="string"/>',
             '<graph id="G" edgedefault="directed">']
    for n in nodes:
        lines.append(f'<node id={quoteattr(n["id"])}><data key="label">{escape(n["label"])}</data>'
                     f'<data key="schema">{escape(n["schema"])}</data></node>')
    for e in edges:
        lines.append(f'<edge id={quoteattr(e["id"])} source={quoteattr(e["source"])} '
                     f'target={quoteattr(e["target"])}><data key="type">{escape(e["type"])}</data>'
                     f'<data key="date">{escape(e["date"] or "")}</data>'
                     f'<data key="record">{escape(e["record"])}</data></edge>')
    lines += ["</graph>", "</graphml>", ""]
    return "\n".join(lines)


def briefing_html(inv: dict[str, Any], edges: list[dict[str, Any]], who: Principal) -> str:
    """English and Spanish side by side: one document both delegations can read."""
    langs = []
    for lang in ("en", "es"):
        def _(message: str, _lang: str = lang, **kw: Any) -> str:
            return gettext(message, _lang, **kw)
        langs.append({"lang": lang, "_": _})
    return _env.get_template("briefing.html").render(inv=inv, edges=edges, langs=langs, who=who,
                                                      generated=utcnow()[:19].replace("T", " "))


def export(conn: Connection, who: Principal, inv_id: str, fmt: str) -> tuple[bytes, str, str]:
    """(content, media type, file name) of the investigation in `fmt`, as `who` may see it."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    inv = core.get(conn, who, inv_id, purpose=f"export-{fmt}")
    members = inv["entities"]
    media, ext = FORMATS[fmt]
    body: bytes
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    if fmt in ("graphml", "html", "pdf"):
        nodes, edges = graph_of(conn, who, members, f"export-{fmt}:{inv_id}")
    if fmt == "ftm":
        body = ftm_lines(members).encode("utf-8")
    elif fmt == "csv":
        body = statements_csv(members).encode("utf-8")
    elif fmt == "graphml":
        body = graphml(nodes, edges).encode("utf-8")
    else:
        html = briefing_html(inv, edges, who)
        if fmt == "html":
            body = html.encode("utf-8")
        else:
            from weasyprint import HTML

            body = HTML(string=html).write_pdf()
    append(conn, AuditEvent.by(who, "export", f"investigation:{inv_id}", format=fmt, entities=len(members),
                               hidden=inv["hidden"], bytes=len(body)))
    safe = "".join(c if c.isascii() and c.isalnum() else "-" for c in inv["name"]).strip("-")[:60] or inv_id
    return body, media, f"{safe}.{ext}"
