"""Loaders for the public datasets in data/public/, with validation and quality flags.

Each loader returns a tidy pandas DataFrame and checks the columns and value ranges it relies on
(a clear `DatasetError` names the file and the problem). Quality flags (gaps, revisions, outliers)
are computed on the monthly series the indicators use (see `quality_flags`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser (libyaml) is ~10x faster

HERE = Path(__file__).parent


def data_dir() -> Path:
    """Folder of the public datasets: BICENTENNIAL_PUBLIC_DATA or <repo>/data/public."""
    env = os.environ.get("BICENTENNIAL_PUBLIC_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "data" / "public"


class DatasetError(ValueError):
    """A public data file is missing or malformed."""


@dataclass(frozen=True)
class Dataset:
    code: str
    title: dict[str, str]
    source: dict[str, str]
    url: str
    licence: str
    files: tuple[str, ...]
    caveats: tuple[dict[str, str], ...] = field(default=())


@lru_cache(maxsize=1)
def load_datasets() -> dict[str, Dataset]:
    raw = yaml.load((HERE / "datasets.yaml").read_text(encoding="utf-8"), Loader=_LOADER)
    return {
        d["code"]: Dataset(
            code=d["code"], title=d["title"], source=d["source"], url=d["url"], licence=d["licence"],
            files=tuple(d["files"]), caveats=tuple(d.get("caveats", [])),
        )
        for d in raw["datasets"]
    }


def _read(rel: str, required: list[str], **kwargs: Any) -> pd.DataFrame:
    path = data_dir() / rel
    if not path.is_file():
        raise DatasetError(f"{path}: file not found")
    df = pd.read_csv(path, **kwargs)
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise DatasetError(f"{path}: missing columns {missing}")
    return df


def monthly_periods(values: pd.Series) -> pd.PeriodIndex:
    """'YYYY-MM...' strings to a monthly PeriodIndex; parses each distinct month once (pandas parses
    every row otherwise, which dominated the load time of the larger files)."""
    text = values.astype(str).str[:7]
    uniques = pd.unique(text)
    parsed = pd.PeriodIndex([pd.Period(u, freq="M") for u in uniques], freq="M")
    return parsed[pd.Index(uniques).get_indexer(text)]


def _check(cond: bool, rel: str, message: str) -> None:
    if not cond:
        raise DatasetError(f"{data_dir() / rel}: {message}")


@lru_cache(maxsize=1)
def mx_homicides() -> pd.DataFrame:
    rel = "mx-homicides/homicide_victims_state_month.csv"
    cols = ["year", "month", "cve_ent", "state", "homicidio_doloso_victims", "feminicidio_victims",
            "homicidio_doloso_firearm_victims"]
    df = _read(rel, cols, dtype={"cve_ent": str})
    _check(bool(df[cols[4:]].ge(0).all().all()), rel, "negative victim counts")
    _check(bool((df.homicidio_doloso_firearm_victims <= df.homicidio_doloso_victims).all()), rel,
           "firearm homicides exceed homicides")
    _check(df.cve_ent.nunique() == 32, rel, "expected 32 states")
    _check(not df.duplicated(["year", "month", "cve_ent"]).any(), rel, "duplicate state-months")
    df["period"] = pd.PeriodIndex.from_fields(year=df.year, month=df.month, freq="M")
    return df


@lru_cache(maxsize=1)
def mx_population() -> pd.DataFrame:
    rel = "mx-homicides/conapo_population_state_month.csv"
    df = _read(rel, ["state_code", "date", "population"])
    _check(bool((df.population > 0).all()), rel, "non-positive population")
    df["period"] = monthly_periods(df.date)
    df["cve_ent"] = df.state_code.astype(int).map("{:02d}".format)
    return df


@lru_cache(maxsize=1)
def us_vsrr() -> pd.DataFrame:
    rel = "us-overdose/vsrr_us_synthetic_opioids_12mo.csv"
    df = _read(rel, ["month_ending", "deaths_12mo", "predicted_12mo", "percent_pending_investigation"])
    df["period"] = monthly_periods(df.month_ending)
    _check(not df.period.duplicated().any(), rel, "duplicate months")
    return df


@lru_cache(maxsize=1)
def us_wonder() -> pd.DataFrame:
    """WONDER state-months; `release` final (to 2020) or provisional (2018 on)."""
    rel = "us-overdose/wonder_state_month_T40.4.csv"
    df = _read(rel, ["release", "month", "state_fips", "state", "deaths"], dtype={"state_fips": str})
    _check(set(df.release) <= {"final", "provisional"}, rel, "unknown release")
    _check(bool((df.deaths >= 10).all()), rel, "WONDER rows below the suppression threshold of 10")
    df["period"] = monthly_periods(df.month)
    return df


@lru_cache(maxsize=1)
def us_population() -> pd.DataFrame:
    rel = "us-overdose/census_state_population.csv"
    df = _read(rel, ["year", "state_code", "population"])
    _check(bool((df.population > 0).all()), rel, "non-positive population")
    return df


@lru_cache(maxsize=1)
def cbp_seizures() -> pd.DataFrame:
    rel = "cbp-seizures/cbp_seizures_month.csv"
    df = _read(rel, ["month", "component", "region", "area", "drug", "events", "lbs"])
    _check(bool((df.events >= 0).all() and (df.lbs >= 0).all()), rel, "negative seizure counts or weights")
    df["period"] = monthly_periods(df.month)
    return df


@lru_cache(maxsize=1)
def cbp_releases() -> pd.DataFrame:
    df = _read("cbp-seizures/cbp_release_comparison.csv", ["release", "month", "drug", "events", "lbs"])
    df["period"] = monthly_periods(df.month)
    return df


@lru_cache(maxsize=1)
def ofac_narcotics() -> pd.DataFrame:
    rel = "ofac-sdn/sdn_narcotics_presence_history.csv"
    df = _read(rel, ["ent_num", "sdn_name", "programs", "first_seen_snapshot", "present_in_first_snapshot",
                     "mexico"])
    _check(not df.ent_num.duplicated().any(), rel, "duplicate ent_num")
    return df


# --- quality flags ---------------------------------------------------------------------------


def gaps(series: pd.Series) -> list[str]:
    """Months missing (or NaN) between the first and the last observation."""
    s = series.dropna()
    if s.empty:
        return []
    full = pd.period_range(s.index.min(), s.index.max(), freq="M")
    return [str(p) for p in full.difference(s.index)]


def outliers(series: pd.Series, threshold: float = 4.0) -> list[str]:
    """Months whose deviation from a centred 13-month rolling median exceeds `threshold` robust SDs."""
    s = series.dropna().astype(float)
    if len(s) < 24:
        return []
    med = s.rolling(13, center=True, min_periods=7).median()
    resid = s - med
    mad = float(np.median(np.abs(resid.dropna() - np.median(resid.dropna()))))
    if mad == 0:
        return []
    z = resid / (1.4826 * mad)
    return [str(p) for p in z[np.abs(z) > threshold].index]


def revision(a: pd.Series, b: pd.Series) -> dict[str, Any] | None:
    """How much a later release (`b`) revised an earlier one (`a`) on their common months."""
    common = a.dropna().index.intersection(b.dropna().index)
    if len(common) == 0:
        return None
    x, y = a[common].astype(float), b[common].astype(float)
    rel = (y - x) / x.where(x != 0)
    return {
        "months": len(common),
        "first": str(common.min()),
        "last": str(common.max()),
        "mean_abs_pct": round(float(np.nanmean(np.abs(rel))) * 100, 2),
        "max_abs_pct": round(float(np.nanmax(np.abs(rel))) * 100, 2),
        "months_revised": int((np.abs(y - x) > 1e-9).sum()),
    }
