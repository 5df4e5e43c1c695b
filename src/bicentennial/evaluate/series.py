"""Indicator series computed from the public datasets (numerator / denominator x factor).

Every function returns a pandas Series indexed by a monthly (or quarterly) PeriodIndex. The
`by_area` functions give the same indicator by state or by CBP field office / sector.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from bicentennial.evaluate import data

SWB = "Southwest Border"


def _mx_rate(column: str, annualise: bool = True, by_state: bool = False) -> pd.Series | pd.DataFrame:
    hom = data.mx_homicides()
    pop = data.mx_population()
    keys = ["period", "cve_ent"] if by_state else ["period"]
    num = hom.groupby(keys)[column].sum() if column != "other" else (
        hom.groupby(keys)["homicidio_doloso_victims"].sum()
        - hom.groupby(keys)["homicidio_doloso_firearm_victims"].sum())
    den = pop.groupby(keys)["population"].sum()
    rate = (num / den.reindex(num.index)) * 100_000 * (12 if annualise else 1)
    return rate.dropna()


def mx_homicide_rate() -> pd.Series:
    return _mx_rate("homicidio_doloso_victims")


def mx_feminicide_rate() -> pd.Series:
    return _mx_rate("feminicidio_victims")


def mx_firearm_homicide_rate() -> pd.Series:
    return _mx_rate("homicidio_doloso_firearm_victims")


def mx_other_homicide_rate() -> pd.Series:
    return _mx_rate("other")


def mx_firearm_homicide_share() -> pd.Series:
    hom = data.mx_homicides().groupby("period")[["homicidio_doloso_firearm_victims",
                                                 "homicidio_doloso_victims"]].sum()
    return hom.homicidio_doloso_firearm_victims / hom.homicidio_doloso_victims * 100


def us_synthetic_opioid_deaths_monthly() -> pd.Series:
    """Final WONDER data through 2017, provisional from 2018 (the final file ends in 2020)."""
    w = data.us_wonder()
    final = w[(w.release == "final") & (w.period < pd.Period("2018-01", "M"))]
    prov = w[w.release == "provisional"]
    s = pd.concat([final, prov]).groupby("period")["deaths"].sum().astype(float)
    return s[s.index <= pd.Period("2024-12", "M")]  # 2025 months are partial


def us_population_by_year() -> pd.Series:
    return data.us_population().groupby("year")["population"].sum()


def us_synthetic_opioid_rate_12mo() -> pd.Series:
    v = data.us_vsrr().set_index("period")["deaths_12mo"].astype(float)
    pop = us_population_by_year()
    years = [min(max(p.year, int(pop.index.min())), int(pop.index.max())) for p in v.index]
    return v / pop.reindex(years).to_numpy() * 100_000


def _cbp(drugs: list[str], measure: str, region: str | None) -> pd.Series:
    c = data.cbp_seizures()
    c = c[c.drug.isin(drugs)]
    if region:
        c = c[c.region == region]
    s = c.groupby("period")[measure].sum().astype(float)
    full = pd.period_range(data.cbp_seizures().period.min(), data.cbp_seizures().period.max(), freq="M")
    return s.reindex(full, fill_value=0.0)


def cbp_fentanyl_lbs_swb() -> pd.Series:
    return _cbp(["Fentanyl"], "lbs", SWB)


def cbp_other_hard_drugs_lbs_swb() -> pd.Series:
    return _cbp(["Methamphetamine", "Cocaine"], "lbs", SWB)


def cbp_fentanyl_events() -> pd.Series:
    return _cbp(["Fentanyl"], "events", None)


def ofac_narcotics_designations(mexico_only: bool = False) -> pd.Series:
    """New entries per quarter (first seen after the first snapshot); quarters from 2021Q3."""
    h = data.ofac_narcotics()
    new = h[h.present_in_first_snapshot == 0]
    if mexico_only:
        new = new[new.mexico == 1]
    q = data.monthly_periods(new.first_seen_snapshot).asfreq("Q")
    s = pd.Series(1.0, index=q).groupby(level=0).sum()
    last = pd.Period(h.last_seen_snapshot.max()[:7], freq="M").asfreq("Q")
    full = pd.period_range(pd.Period("2021Q3", freq="Q"), last, freq="Q")
    return s.reindex(full, fill_value=0.0)


SERIES: dict[str, Callable[[], pd.Series]] = {
    name: fn for name, fn in globals().items()
    if callable(fn) and name.startswith(("mx_", "us_synthetic", "cbp_", "ofac_"))
}


def get_series(name: str) -> pd.Series:
    if name not in SERIES:
        raise KeyError(name)
    return SERIES[name]()


def by_area(indicator_code: str) -> pd.DataFrame | None:
    """The indicator by state (Mexico) or by CBP area of responsibility; None where not applicable.

    Columns: area, baseline (mean of the 12 pre-Framework months), latest (mean of the last 12
    months), change_pct.
    """
    base = (pd.Period("2020-10", "M"), pd.Period("2021-09", "M"))
    if indicator_code.startswith("mx_") and indicator_code != "mx_firearm_homicide_share":
        column = {"mx_homicide_rate": "homicidio_doloso_victims", "mx_feminicide_rate": "feminicidio_victims",
                  "mx_firearm_homicide_rate": "homicidio_doloso_firearm_victims"}[indicator_code]
        rate = _mx_rate(column, by_state=True)
        df = rate.rename("value").reset_index()
        names = data.mx_homicides().drop_duplicates("cve_ent").set_index("cve_ent")["state"]
        df["area"] = df.cve_ent.map(names)
    elif indicator_code in ("cbp_fentanyl_lbs_swb", "cbp_fentanyl_events"):
        c = data.cbp_seizures()
        c = c[c.drug == "Fentanyl"]
        measure = "lbs" if indicator_code.endswith("_swb") else "events"
        if indicator_code.endswith("_swb"):
            c = c[c.region == SWB]
        df = c.groupby(["period", "area"], as_index=False)[measure].sum().rename(columns={measure: "value"})
        areas = df.area.unique()
        full = pd.MultiIndex.from_product(
            [pd.period_range(data.cbp_seizures().period.min(), data.cbp_seizures().period.max(), freq="M"),
             areas], names=["period", "area"])
        df = df.set_index(["period", "area"]).reindex(full, fill_value=0.0).reset_index()
    else:
        return None
    last = df.period.max()
    latest = df[df.period > last - 12].groupby("area")["value"].mean()
    baseline = df[(df.period >= base[0]) & (df.period <= base[1])].groupby("area")["value"].mean()
    out = pd.DataFrame({"baseline": baseline, "latest": latest})
    out["change_pct"] = (out.latest / out.baseline.where(out.baseline != 0) - 1) * 100
    return out.reset_index().rename(columns={"index": "area"}).sort_values("latest", ascending=False)
