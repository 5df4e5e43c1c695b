"""Static SVG charts, rendered server-side: they need no JavaScript, work offline, from a USB stick
and in the PDF. One chart per indicator: observed series, counterfactual with its prediction
interval, and the Framework's start marked."""

from __future__ import annotations

import math
from html import escape
from typing import Any

from babel.numbers import format_decimal

W, H = 760, 300
ML, MR, MT, MB = 64, 16, 34, 44
START = "2021-10"


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.floor(lo / step) * step
    out, v = [], first
    while True:  # the last tick is at or above `hi`, so no value is drawn above the axis
        out.append(round(v, 10))
        if v >= hi - step * 1e-9:
            return out
        v += step


def _period_key(p: str) -> float:
    """'2021-10' or '2021Q4' to a number of months since year 0."""
    if "Q" in p:
        year, q = p.split("Q")
        return int(year) * 12 + (int(q) - 1) * 3 + 1
    return int(p[:4]) * 12 + int(p[5:7]) - 1


def _fmt(v: float, lang: str) -> str:
    digits = 0 if abs(v) >= 100 else (1 if abs(v) >= 10 else 2)
    return str(format_decimal(round(v, digits), locale=lang))


def line_chart(
    code: str,
    title: str,
    points: list[dict[str, Any]],
    labels: dict[str, str],
    lang: str,
    fitted: list[dict[str, Any]] | None = None,
    extra: list[tuple[str, list[dict[str, Any]]]] | None = None,
    bars: bool = False,
    tooltips: bool = True,
) -> str:
    """An SVG chart. `labels` gives the translated legend texts: observed, counterfactual,
    interval, start. `tooltips=False` leaves out the hover titles (print)."""

    def tip(text: str) -> str:
        return f"<title>{escape(text)}</title>" if tooltips else ""

    obs = [(p["period"], p["value"]) for p in points if p.get("value") is not None]
    series_vals = [v for _, v in obs]
    band: list[tuple[str, float, float]] = []
    cf: list[tuple[str, float]] = []
    # counts, weights and rates cannot be negative: the band is drawn from zero up (the CSV keeps it whole)
    floor = 0.0 if all(v >= 0 for _, v in obs) else -math.inf
    if fitted:
        for row in fitted:
            if row["period"] >= START and row.get("cf_low") is not None:
                band.append((row["period"], max(row["cf_low"], floor), row["cf_high"]))
                cf.append((row["period"], row["counterfactual"]))
        series_vals += [v for _, lo, hi in band for v in (lo, hi)]
    for _, pts in extra or []:
        series_vals += [p["value"] for p in pts if p.get("value") is not None]
    if not obs:
        return (f'<svg class="chart empty" data-indicator="{escape(code)}" viewBox="0 0 {W} 60" role="img" '
                f'aria-label="{escape(title)}"><text x="10" y="35">{escape(labels["nodata"])}</text></svg>')
    lo = min(0.0, min(series_vals))
    hi = max(series_vals) * 1.05 or 1.0
    yt = _ticks(lo, hi)
    lo, hi = yt[0], yt[-1]
    keys = [_period_key(p) for p, _ in obs] + [_period_key(p) for p, _, _ in band]
    x0, x1 = min(keys), max(keys)
    if bars:
        x0, x1 = x0 - 1.5, x1 + 1.5
    span = max(x1 - x0, 1)

    def sx(p: str) -> float:
        return ML + (_period_key(p) - x0) / span * (W - ML - MR)

    def sy(v: float) -> float:
        return MT + (1 - (v - lo) / (hi - lo)) * (H - MT - MB)

    out = [f'<svg class="chart" data-indicator="{escape(code)}" viewBox="0 0 {W} {H}" '
           f'xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}">',
           tip(title),
           '<style>text{font:11px sans-serif;fill:#333}.grid{stroke:#ddd}.obs{fill:none;stroke:#1f4e79;'
           'stroke-width:1.6}.cf{fill:none;stroke:#b45309;stroke-width:1.4;stroke-dasharray:5 3}'
           '.band{fill:#f59e0b;fill-opacity:.22;stroke:none}.start{stroke:#b91c1c;stroke-width:1.2;'
           'stroke-dasharray:3 3}.bar{fill:#1f4e79}.extra{fill:none;stroke:#0f766e;stroke-width:1.4}'
           '.extrabar{fill:#0f766e}</style>']
    for v in yt:
        y = sy(v)
        out.append(f'<line class="grid" x1="{ML}" x2="{W - MR}" y1="{y:.1f}" y2="{y:.1f}"/>')
        out.append(f'<text x="{ML - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(_fmt(v, lang))}</text>')
    years = sorted({int(p[:4]) for p, _ in obs} | {int(p[:4]) for p, _, _ in band})
    step = 1 if len(years) <= (8 if tooltips else 6) else 2  # print: fewer labels (each costs WeasyPrint)
    for year in years[::step]:
        key = year * 12
        if x0 <= key <= x1:
            x = ML + (key - x0) / span * (W - ML - MR)
            out.append(f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="{MT}" y2="{H - MB}"/>')
            out.append(f'<text x="{x:.1f}" y="{H - MB + 16}" text-anchor="middle">{year}</text>')
    if band:
        upper = " ".join(f"{sx(p):.1f},{sy(h):.1f}" for p, _, h in band)
        lower = " ".join(f"{sx(p):.1f},{sy(lw):.1f}" for p, lw, _ in reversed(band))
        out.append(f'<polygon class="band" points="{upper} {lower}">{tip(labels["interval"])}</polygon>')
        out.append('<polyline class="cf" points="' + " ".join(f"{sx(p):.1f},{sy(v):.1f}" for p, v in cf)
                   + f'">{tip(labels["counterfactual"])}</polyline>')
    if bars:
        groups = 1 + len(extra or [])
        width = max(2.0, (W - ML - MR) / span * 2.4 / groups)
        for p, v in obs:
            x = sx(p) - width * groups / 2
            out.append(f'<rect class="bar" x="{x:.1f}" y="{sy(v):.1f}" width="{width:.1f}" '
                       f'height="{max(sy(lo) - sy(v), 0):.1f}">{tip(f"{p}: {_fmt(v, lang)}")}</rect>')
        for i, (_, pts) in enumerate(extra or [], start=1):
            for pt in pts:
                if pt.get("value") is None:
                    continue
                x = sx(pt["period"]) - width * groups / 2 + i * width
                out.append(f'<rect class="extrabar" x="{x:.1f}" y="{sy(pt["value"]):.1f}" '
                           f'width="{width:.1f}" height="{max(sy(lo) - sy(pt["value"]), 0):.1f}"/>')
    else:
        out.append('<polyline class="obs" points="' + " ".join(f"{sx(p):.1f},{sy(v):.1f}" for p, v in obs)
                   + f'">{tip(labels["observed"])}</polyline>')
        for _, pts in extra or []:
            ok = [(p["period"], p["value"]) for p in pts if p.get("value") is not None]
            out.append('<polyline class="extra" points="'
                       + " ".join(f"{sx(p):.1f},{sy(v):.1f}" for p, v in ok) + '"/>')
    if x0 <= _period_key(START) <= x1:
        xs = sx(START)
        out.append(f'<line class="start" x1="{xs:.1f}" x2="{xs:.1f}" y1="{MT - 4}" y2="{H - MB}"/>')
        # above the plot area, so it never sits on the data
        out.append(f'<text x="{xs + 4:.1f}" y="{MT - 6}" fill="#b91c1c">{escape(labels["start"])}</text>')
    # legend
    lx: float = ML
    legend = [("obs" if not bars else "bar", labels["observed"])]
    if band:
        legend += [("cf", labels["counterfactual"]), ("band", labels["interval"])]
    for name, _ in extra or []:
        legend.append(("extra" if not bars else "extrabar", name))
    for cls, text in legend:
        if cls in ("obs", "cf", "extra"):
            out.append(f'<line class="{cls}" x1="{lx}" x2="{lx + 18}" y1="14" y2="14"/>')
        else:
            out.append(f'<rect class="{cls}" x="{lx}" y="9" width="18" height="10"/>')
        out.append(f'<text x="{lx + 22}" y="18">{escape(text)}</text>')
        lx += 34 + 5.6 * len(text)  # ~5.6 px per character of 11 px sans-serif
    out.append("</svg>")
    return "".join(out)
