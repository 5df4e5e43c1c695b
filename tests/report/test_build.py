"""The built report: pages, self-containment, and figures recomputed independently from raw files."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from bicentennial.evaluate import load_indicators
from bicentennial.evaluate.data import data_dir
from bicentennial.framework import load_framework


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_pages_per_goal_and_line_and_chart_per_indicator(built_report: Path) -> None:
    fw = load_framework()
    for lang in ("en", "es"):
        out = built_report / lang
        for page in ["index.html", "methodology.html"] + [f"goal-{g.code}.html" for g in fw.goals] + [
                f"line-{ln.code}.html" for ln in fw.lines]:
            assert (out / page).is_file(), page
        charts = "".join((out / f"line-{ln.code}.html").read_text() for ln in fw.lines)
        for ind in load_indicators():
            assert f'data-indicator="{ind.code}"' in charts
            assert (out / "data" / f"{ind.code}.csv").is_file() and (out / "data" / f"{ind.code}.json").is_file()
    assert "Resumen para el Diálogo de Alto Nivel sobre Seguridad" in (built_report / "es/index.html").read_text()
    assert '<html lang="es">' in (built_report / "es/index.html").read_text()


def test_site_is_self_contained(built_report: Path) -> None:
    for page in built_report.rglob("*.html"):
        html = page.read_text()
        for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not re.match(r"^(https?:)?//", ref), (page, ref)
        assert "<script" not in html


def test_homicide_figures_recomputed_from_raw_files(built_report: Path) -> None:
    root = data_dir() / "mx-homicides"
    victims: dict[str, int] = {}
    for r in _csv(root / "homicide_victims_state_month.csv"):
        key = f"{r['year']}-{int(r['month']):02d}"
        victims[key] = victims.get(key, 0) + int(r["homicidio_doloso_victims"])
    pop: dict[str, int] = {}
    for r in _csv(root / "conapo_population_state_month.csv"):
        pop[r["date"][:7]] = pop.get(r["date"][:7], 0) + int(r["population"])
    rate = {m: victims[m] / pop[m] * 100_000 * 12 for m in victims}
    fig = {r["period"]: r for r in _csv(built_report / "en/data/mx_homicide_rate.csv")}
    for month in ("2016-07", "2021-09", "2023-12", "2025-06"):
        assert float(fig[month]["observed"]) == pytest.approx(rate[month], rel=1e-9)
    baseline = sum(rate[f"{y}-{m:02d}"] for y, m in [(2020, 10), (2020, 11), (2020, 12)] + [
        (2021, m) for m in range(1, 10)]) / 12
    summary = {r["code"]: r for r in _csv(built_report / "es/data/summary.csv")}
    assert float(summary["mx_homicide_rate"]["baseline"]) == pytest.approx(baseline, rel=1e-9)
    latest_months = sorted(rate)[-12:]
    latest = sum(rate[m] for m in latest_months) / 12
    assert float(summary["mx_homicide_rate"]["latest"]) == pytest.approx(latest, rel=1e-9)
    assert float(summary["mx_homicide_rate"]["change_pct"]) == pytest.approx((latest / baseline - 1) * 100)


def test_fentanyl_seizures_and_ofac_recomputed_from_raw_files(built_report: Path) -> None:
    lbs: dict[str, float] = {}
    for r in _csv(data_dir() / "cbp-seizures/cbp_seizures_month.csv"):
        if r["drug"] == "Fentanyl" and r["region"] == "Southwest Border":
            lbs[r["month"]] = lbs.get(r["month"], 0.0) + float(r["lbs"])
    fig = {r["period"]: r for r in _csv(built_report / "en/data/cbp_fentanyl_lbs_swb.csv")}
    for month in ("2019-03", "2022-06", "2023-09"):
        assert float(fig[month]["observed"]) == pytest.approx(lbs[month], rel=1e-9)
    fy2023 = sum(v for m, v in lbs.items() if "2022-10" <= m <= "2023-09")
    assert fy2023 == pytest.approx(26_718, rel=0.01)  # CBP's published FY2023 Southwest-border figure

    quarters: dict[str, int] = {}
    for r in _csv(data_dir() / "ofac-sdn/sdn_narcotics_presence_history.csv"):
        if r["present_in_first_snapshot"] == "0":
            y, m = int(r["first_seen_snapshot"][:4]), int(r["first_seen_snapshot"][5:7])
            q = f"{y}Q{(m - 1) // 3 + 1}"
            quarters[q] = quarters.get(q, 0) + 1
    fig = {r["period"]: r for r in _csv(built_report / "en/data/ofac_narcotics_designations.csv")}
    for q, n in quarters.items():
        assert float(fig[q]["value"]) == n


def test_json_carries_impact_estimates_and_caveats(built_report: Path) -> None:
    result = json.loads((built_report / "en/data/mx_homicide_rate.json").read_text())
    its = result["its"]
    assert its["average_effect"]["low"] <= its["average_effect"]["value"] <= its["average_effect"]["high"]
    assert result["placebo"]["start"] == "2019-10"
    html = (built_report / "en/line-1.3.html").read_text()
    assert "preliminary" in html and "not proof" in html
    html_es = (built_report / "es/line-1.3.html").read_text()
    assert "preliminares" in html_es and "no una prueba" in html_es
