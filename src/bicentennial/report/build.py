"""Build the public report: a self-contained static site (and a PDF) in English or Spanish.

The site has no external reference (no CDN, no web font, no script): charts are inline SVG,
the style sheet is local, links are relative, so it works offline, from a USB stick and from
`file://`. Every figure's data is written beside it as CSV and JSON (`data/`).
"""

from __future__ import annotations

import csv
import io
import shutil
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import Connection

from bicentennial.evaluate.data import load_datasets
from bicentennial.evaluate.evaluation import evaluate_all
from bicentennial.framework import load_framework
from bicentennial.i18n import gettext, pick
from bicentennial.report import text
from bicentennial.report.charts import line_chart
from bicentennial.settings import LANGUAGES, get_settings

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
JSON_OPTS = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY


# quality-flag codes (evaluate/evaluation.py) as readers see them; translated in report.po
REVISION_NAMES = {
    "wonder_final_vs_provisional": "WONDER final against provisional data",
    "vsrr_reported_vs_predicted": "VSRR reported against predicted counts",
    "cbp_release_fy19_fy22_vs_fy20_fy23": "CBP FY2019–22 release against the FY2020–23 release",
}


class PdfUnavailable(RuntimeError):
    pass


@dataclass
class BuildResult:
    lang: str
    out: Path
    pages: list[str]
    data_files: list[str]
    pdf: Path | None
    seconds: float  # whole build, PDF included
    pdf_seconds: float = 0.0


def _env(lang: str) -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)

    def tr(message: str, **kwargs: Any) -> str:
        return gettext(message, lang=lang, **kwargs)

    env.globals.update(_=tr, lang=lang, revision_names=REVISION_NAMES, num=lambda v, d=None: text.num(v, lang, d),
                       pct=lambda v: text.pct(v, lang), pick=lambda t: pick(t, lang) if isinstance(t, dict) else t)
    return env


def _chart(result: dict[str, Any], lang: str, tooltips: bool = True) -> str:
    ind = result["indicator"]
    labels = {
        "observed": gettext("Observed", lang=lang),
        "counterfactual": gettext("Counterfactual (pre-Framework trend)", lang=lang),
        "interval": gettext("95% prediction interval", lang=lang),
        "start": gettext("Framework start (2021-10-08)", lang=lang),
        "nodata": gettext("No data available for this report.", lang=lang),
    }
    extra = []
    if "extra_points" in result:
        extra.append((gettext("linked to Mexico", lang=lang), result["extra_points"]["mexico"]))
    return line_chart(ind["code"], pick(ind["name"], lang), result["points"], labels, lang,
                      fitted=result.get("fitted"), extra=extra, bars=ind["periodicity"] == "quarter",
                      tooltips=tooltips)


def _csv(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return ""
    buf = io.StringIO()
    fields: list[str] = []
    for row in rows:
        fields += [k for k in row if k not in fields]
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def figure_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows behind an indicator's chart (what data/<code>.csv holds)."""
    if result.get("fitted"):
        return [dict(r) for r in result["fitted"]]
    if result["indicator"]["dataset"] == "platform":
        return [dict(c) for c in result.get("cells", [])]
    rows = [{"period": p["period"], "value": p["value"]} for p in result["points"]]
    if "extra_points" in result:
        mexico = {p["period"]: p["value"] for p in result["extra_points"]["mexico"]}
        for r in rows:
            r["value_mexico"] = mexico.get(r["period"])
    return rows


def build_report(lang: str, out: Path, conn: Connection | None = None, pdf: bool = True,
                 k: int | None = None) -> BuildResult:
    """Write the site for `lang` into `out` (created or replaced); optionally `out/report.pdf`."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language: {lang}")
    t0 = time.perf_counter()
    k = get_settings().suppression_k if k is None else k
    framework = load_framework()
    # shallow copies: the evaluations are cached (shared by both languages), the views are per language
    results = [dict(r) for r in evaluate_all(conn, k)]
    datasets = load_datasets()
    env = _env(lang)
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    (out / "data").mkdir(parents=True)
    shutil.copy(HERE / "static" / "report.css", out / "report.css")

    by_line: dict[str, list[dict[str, Any]]] = {}
    for r in results:
        ind = r["indicator"]
        unit = pick(ind["unit"], lang)
        r["view"] = {
            "name": pick(ind["name"], lang), "unit": unit, "chart": _chart(r, lang),
            "summary": text.summary_sentences(r, lang, unit), "impact": text.impact_sentences(r, lang),
            "verdict": text.verdict(r, lang), "caveats": [pick(c, lang) for c in datasets[ind["dataset"]].caveats],
            "dataset": datasets[ind["dataset"]],
        }
        by_line.setdefault(ind["line"], []).append(r)

    data_files = []
    for r in results:
        code = r["indicator"]["code"]
        (out / "data" / f"{code}.csv").write_text(_csv(figure_rows(r)), encoding="utf-8")
        payload = {key: value for key, value in r.items() if key != "view"}
        (out / "data" / f"{code}.json").write_bytes(orjson.dumps(payload, option=JSON_OPTS))
        data_files += [f"data/{code}.csv", f"data/{code}.json"]
    summary_rows = [{
        "code": r["indicator"]["code"], "line": r["indicator"]["line"], "name": r["view"]["name"],
        "unit": r["view"]["unit"], "baseline": r["summary"].get("baseline"), "latest": r["summary"].get("latest"),
        "change_pct": r["summary"].get("change_pct"), "target": r["summary"].get("target"),
        "progress_pct": r["summary"].get("progress_pct"), "assessment": r["view"]["verdict"],
    } for r in results]
    (out / "data" / "summary.csv").write_text(_csv(summary_rows), encoding="utf-8")
    (out / "data" / "summary.json").write_bytes(orjson.dumps(summary_rows, option=JSON_OPTS))
    data_files += ["data/summary.csv", "data/summary.json"]

    common = {"framework": framework, "results": results, "by_line": by_line, "datasets": datasets, "k": k,
              "generated": datetime.now(UTC).strftime("%Y-%m-%d"), "other_lang": "es" if lang == "en" else "en",
              "platform_available": conn is not None}
    pages = []

    def write(name: str, template: str, **ctx: Any) -> None:
        html = env.get_template(template).render(page=name, **common, **ctx)
        (out / name).write_text(html, encoding="utf-8")
        pages.append(name)

    write("index.html", "index.html")
    for goal in framework.goals:
        write(f"goal-{goal.code}.html", "goal.html", goal=goal)
        for line in goal.lines:
            write(f"line-{line.code}.html", "line.html", goal=goal, line=line,
                  items=by_line.get(line.code, []))
    write("methodology.html", "methodology.html")

    pdf_path = None
    pdf_seconds = 0.0
    if pdf:
        t_pdf = time.perf_counter()
        pdf_path = out / "report.pdf"
        # the print charts carry no hover titles: WeasyPrint lays out every SVG <title> text for nothing
        charts = {r["indicator"]["code"]: _chart(r, lang, tooltips=False) for r in results}
        write_pdf(env.get_template("print.html").render(page="print", charts=charts, **common), pdf_path, out)
        pdf_seconds = time.perf_counter() - t_pdf
    return BuildResult(lang=lang, out=out, pages=pages, data_files=data_files, pdf=pdf_path,
                       seconds=time.perf_counter() - t0, pdf_seconds=pdf_seconds)


def write_pdf(html: str, path: Path, base: Path) -> None:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: Pango system libraries missing
        raise PdfUnavailable(str(exc)) from exc
    weasyprint.HTML(string=html, base_url=str(base)).write_pdf(str(path))
