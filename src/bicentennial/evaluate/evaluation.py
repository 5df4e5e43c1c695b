"""Evaluate an indicator: baseline, change, progress to target, impact design, quality, caveats.

The result is language-neutral data (numbers, codes, periods); the report renders it in English or
Spanish. Rules: the baseline is the mean over the baseline window (12 months before the Framework);
"latest" is the mean over the last 12 months (4 quarters) available; progress to target is the share
of the way from baseline to target covered by the latest value (100% = target met).
"""

from __future__ import annotations

import hashlib
import math
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson
import pandas as pd
from sqlalchemy import Connection, inspect

from bicentennial.evaluate import data, its, series
from bicentennial.evaluate.platform import platform_counts, platform_totals
from bicentennial.evaluate.registry import Indicator, load_indicators
from bicentennial.settings import get_settings

EVALUATE_DIR = Path(__file__).parent


def _num(x: Any) -> float | None:
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) or math.isinf(x) else x


def _points(s: pd.Series) -> list[dict[str, Any]]:
    return [{"period": str(p), "value": _num(v)} for p, v in s.items()]


def summary_numbers(ind: Indicator, s: pd.Series) -> dict[str, Any]:
    s = s.dropna().sort_index()
    if s.empty:
        return {"baseline": None, "latest": None, "change_pct": None, "target": None, "progress_pct": None}
    freq = "Q" if ind.periodicity == "quarter" else "M"
    b0 = pd.Period(ind.baseline["start"], "M").asfreq(freq)
    b1 = pd.Period(ind.baseline["end"], "M").asfreq(freq)
    window = s[(s.index >= b0) & (s.index <= b1)]
    baseline = _num(window.mean()) if len(window) else None
    n_latest = 4 if freq == "Q" else 12
    latest_window = s.iloc[-n_latest:]
    latest = _num(latest_window.mean())
    change = (latest / baseline - 1) * 100 if baseline and latest is not None else None
    target_value = progress = None
    if ind.target and baseline is not None and latest is not None:
        target_value = baseline * (1 + float(ind.target["change"]))
        if target_value != baseline:
            progress = (latest - baseline) / (target_value - baseline) * 100
    improved = None
    if change is not None:
        improved = change < 0 if ind.direction == "down" else change > 0
    return {
        "baseline": baseline, "baseline_window": [str(b0), str(b1)], "baseline_n": len(window),
        "latest": latest, "latest_window": [str(latest_window.index[0]), str(latest_window.index[-1])],
        "change_pct": _num(change), "target": _num(target_value),
        "target_by": ind.target["by"] if ind.target else None, "progress_pct": _num(progress),
        "improved": improved,
    }


def _quality(ind: Indicator, s: pd.Series) -> dict[str, Any]:
    q: dict[str, Any] = {"gaps": [], "outliers": [], "revisions": []}
    if isinstance(s.index, pd.PeriodIndex) and s.index.freqstr.startswith("M"):
        q["gaps"] = data.gaps(s)
        q["outliers"] = data.outliers(s)
    if ind.dataset == "us-overdose":
        w = data.us_wonder()
        final = w[w.release == "final"].groupby("period")["deaths"].sum()
        prov = w[w.release == "provisional"].groupby("period")["deaths"].sum()
        rev = data.revision(final, prov)
        if rev:
            q["revisions"].append({"what": "wonder_final_vs_provisional", **rev})
        v = data.us_vsrr().set_index("period")
        rev = data.revision(v.deaths_12mo.astype(float), v.predicted_12mo.astype(float))
        if rev:
            q["revisions"].append({"what": "vsrr_reported_vs_predicted", **rev})
    elif ind.dataset == "cbp-seizures":
        r = data.cbp_releases()
        measure = "lbs" if "lbs" in ind.code else "events"
        fent = r[r.drug == "Fentanyl"].pivot_table(index="period", columns="release", values=measure,
                                                   aggfunc="sum")
        if {"fy19-fy22", "fy20-fy23"} <= set(fent.columns):
            rev = data.revision(fent["fy19-fy22"], fent["fy20-fy23"])
            if rev:
                q["revisions"].append({"what": "cbp_release_fy19_fy22_vs_fy20_fy23", **rev})
    return q


def _its_block(s: pd.Series, ind: Indicator) -> dict[str, Any]:
    out: dict[str, Any] = {}
    try:
        result = its.fit_its(s)
    except ValueError as exc:
        return {"error": str(exc)}
    out["its"] = result.to_dict()
    out["fitted"] = [
        {k: (_num(v) if k != "period" else v) for k, v in row.items()}
        for row in result.fitted.to_dict(orient="records")
    ]
    placebo = its.placebo_its(s)
    out["placebo"] = placebo.to_dict() if placebo else None
    if ind.comparison:
        comp = series.get_series(ind.comparison["series"])
        did = its.fit_did(s, comp, comparison_name=ind.comparison["series"])
        out["did"] = did.to_dict()
        out["comparison_points"] = _points(comp)
    return out


def evaluate_public(ind: Indicator) -> dict[str, Any]:
    assert ind.series is not None
    s = series.get_series(ind.series)
    result: dict[str, Any] = {
        "indicator": ind.to_dict(), "points": _points(s),
        "summary": summary_numbers(ind, s), "quality": _quality(ind, s),
    }
    if ind.design in ("its", "its+did"):
        result.update(_its_block(s, ind))
    if ind.code == "ofac_narcotics_designations":
        result["extra_points"] = {"mexico": _points(series.ofac_narcotics_designations(mexico_only=True))}
    areas = series.by_area(ind.code)
    if areas is not None:
        result["areas"] = [{k: (_num(v) if k != "area" else v) for k, v in row.items()}
                           for row in areas.to_dict(orient="records")]
    return result


def evaluate_platform(ind: Indicator, conn: Connection | None, k: int | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {"indicator": ind.to_dict(), "points": [], "cells": [], "available": False,
                              "summary": summary_numbers(ind, pd.Series(dtype=float)),
                              "quality": {"gaps": [], "outliers": [], "revisions": []}}
    if conn is None or not inspect(conn).has_table("statement"):  # no store, or one not migrated yet
        return result
    assert ind.platform is not None
    cells = platform_counts(conn, list(ind.platform.get("schemata") or []), k=k)
    totals = platform_totals(cells)
    result.update({
        "available": True, "cells": cells,
        "points": [{"period": t["period"], "value": float(t["n"]), "partial": t["partial"]} for t in totals],
    })
    return result


@lru_cache(maxsize=1)
def inputs_key() -> str:
    """Hash of everything a public evaluation depends on: the data files, the registry and this code."""
    h = hashlib.sha256()
    files = sorted(p for p in data.data_dir().rglob("*.csv"))
    files += sorted(EVALUATE_DIR.glob("*.py")) + sorted(EVALUATE_DIR.glob("*.yaml"))
    for path in files:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def cache_dir() -> Path | None:
    """Where public evaluations are cached on disk (None: disabled with BICENTENNIAL_EVALUATE_CACHE=0)."""
    if os.environ.get("BICENTENNIAL_EVALUATE_CACHE", "1") == "0":
        return None
    return get_settings().var_dir / "cache" / "evaluate"


_MEMORY: dict[tuple[str, str], dict[str, Any]] = {}


def clear_memory_cache() -> None:
    """Forget the in-memory evaluations (the disk cache stays)."""
    _MEMORY.clear()
    inputs_key.cache_clear()


def _evaluate_public_cached(code: str, folder: Path | None) -> dict[str, Any]:
    """In memory for the process (both languages of a build share the fits) and on disk, keyed by the
    hash of the data and the code, so a rebuild with unchanged inputs fits no model at all."""
    key = (code, inputs_key())
    if key not in _MEMORY:
        _MEMORY[key] = _evaluate_public_uncached(code, folder)
    return _MEMORY[key]


def _evaluate_public_uncached(code: str, folder: Path | None) -> dict[str, Any]:
    path = folder / f"{code}-{inputs_key()}.json" if folder is not None else None
    if path is not None and path.is_file():
        try:
            cached: dict[str, Any] = orjson.loads(path.read_bytes())
            return cached
        except orjson.JSONDecodeError:
            pass  # a torn write: recompute
    ind = next(i for i in load_indicators() if i.code == code)
    result = evaluate_public(ind)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(orjson.dumps(result, option=orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS))
            tmp.replace(path)
        except OSError:
            pass  # a read-only var folder only costs speed
    # one JSON round trip either way, so a cold and a warm build give identical results
    roundtrip: dict[str, Any] = orjson.loads(orjson.dumps(result, option=orjson.OPT_SERIALIZE_NUMPY
                                                          | orjson.OPT_NON_STR_KEYS))
    return roundtrip


def evaluate(ind: Indicator, conn: Connection | None = None, k: int | None = None) -> dict[str, Any]:
    if ind.is_platform:
        return evaluate_platform(ind, conn, k)
    return _evaluate_public_cached(ind.code, cache_dir())


def evaluate_all(conn: Connection | None = None, k: int | None = None) -> list[dict[str, Any]]:
    return [evaluate(ind, conn, k) for ind in load_indicators()]
