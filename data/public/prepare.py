"""Derive the small public tables in data/public/ from the raw copies in ../shared/data.

Run once by a maintainer (`.venv/bin/python data/public/prepare.py /work/shared/data`); the product and
its tests read only the derived files written here. Every cut is listed in each PROVENANCE.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).parent
MONTHS = {m: i for i, m in enumerate(
    ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], start=1)}


def mx(src: Path) -> None:
    out = HERE / "mx-homicides"
    out.mkdir(exist_ok=True)
    hom = pd.read_csv(src / "mx-homicides/mx_homicide_victims_state_month_2015_2025.csv", dtype={"cve_ent": str})
    hom.to_csv(out / "homicide_victims_state_month.csv", index=False)
    pop = pd.read_csv(src / "mx-homicides/conapo_pop_states_monthly_1990_2050.csv.gz")
    pop = pop[(pop.date >= "2015-01-01") & (pop.date < "2027-01-01")]
    pop.to_csv(out / "conapo_population_state_month.csv", index=False)


def us(src: Path) -> None:
    out = HERE / "us-overdose"
    out.mkdir(exist_ok=True)
    vsrr = pd.read_csv(src / "us-overdose/cdc_vsrr_xkb8-kh2a_synthetic_opioids_T40.4_12mo_ending_2015_2026.csv")
    vsrr = vsrr[vsrr.state == "US"]
    month = pd.to_datetime(vsrr.month + " " + vsrr.year.astype(str), format="%B %Y")
    pd.DataFrame({
        "month_ending": month.dt.strftime("%Y-%m"),
        "deaths_12mo": vsrr.data_value.astype("Int64"),
        "predicted_12mo": vsrr.predicted_value.astype("Int64"),
        "percent_pending_investigation": vsrr.percent_pending_investigation.round(4),
        "footnote": vsrr.footnote.fillna(""),
    }).to_csv(out / "vsrr_us_synthetic_opioids_12mo.csv", index=False)
    rows = []
    for release, name, state_col, code_col in (
        ("final", "cdc_wonder_final_monthly_T40.4_by_state_1999_2020.csv", "State", "State Code"),
        ("provisional", "cdc_wonder_provisional_monthly_T40.4_by_state_2018_onward.csv",
         "Residence State", "Residence State Code"),
    ):
        w = pd.read_csv(src / "us-overdose" / name, dtype={code_col: str})
        w = w[w["Month Code"].notna()]
        w = w.assign(month=w["Month Code"].str.replace("/", "-"))
        w = w[w.month >= "2015-01"]
        rows.append(pd.DataFrame({"release": release, "month": w.month, "state_fips": w[code_col].str.zfill(2),
                                  "state": w[state_col], "deaths": w.Deaths.astype(int)}))
    pd.concat(rows).to_csv(out / "wonder_state_month_T40.4.csv", index=False)
    cen = pd.read_csv(src / "us-overdose/census_state_population.csv")
    cen = cen[cen.year >= 2015][["year", "state_code", "state_name", "population"]]
    cen.to_csv(out / "census_state_population.csv", index=False)


def cbp(src: Path) -> None:
    out = HERE / "cbp-seizures"
    out.mkdir(exist_ok=True)
    c = pd.read_csv(src / "cbp-drug-seizures/cbp_drug_seizures_fy2019_fy2023_combined.csv")
    pd.DataFrame({
        "month": c.month_start.str[:7], "component": c.Component, "region": c.Region,
        "land_filter": c["Land Filter"], "area": c["Area of Responsibility"], "drug": c["Drug Type"],
        "events": c["Count of Event"], "lbs": c["Sum Qty (lbs)"].round(3),
    }).to_csv(out / "cbp_seizures_month.csv", index=False)
    # Two overlapping CBP releases (FY2020-FY2022 in both): kept as monthly totals to measure revisions.
    parts = []
    for release, name in (("fy19-fy22", "cbp_nationwide-drugs-fy19-fy22.csv"),
                          ("fy20-fy23", "cbp_nationwide-drugs-fy20-fy23.csv")):
        r = pd.read_csv(src / "cbp-drug-seizures" / name)
        r = r[r.FY.between(2020, 2022)]
        m = r["Month (abbv)"].map(MONTHS)
        year = r.FY - (m >= 10).astype(int)
        r = r.assign(month=year.astype(str) + "-" + m.astype(str).str.zfill(2))
        g = r.groupby(["month", "Drug Type"], as_index=False).agg(
            events=("Count of Event", "sum"), lbs=("Sum Qty (lbs)", "sum"))
        g.insert(0, "release", release)
        parts.append(g.rename(columns={"Drug Type": "drug"}))
    rel = pd.concat(parts)
    rel["lbs"] = rel.lbs.round(3)
    rel.to_csv(out / "cbp_release_comparison.csv", index=False)


def ofac(src: Path) -> None:
    out = HERE / "ofac-sdn"
    out.mkdir(exist_ok=True)
    h = pd.read_csv(src / "ofac-sdn/sdn_presence_history_2021-08_2024-05.csv.gz")
    h = h[h.programs.fillna("").str.contains("SDNTK|ILLICIT-DRUGS|SDNT")]
    mex = pd.read_csv(src / "ofac-sdn/sdn_2024-05-03_mexico_narcotics_subset.csv", usecols=["ent_num"])
    h = h.assign(mexico=h.ent_num.isin(set(mex.ent_num)).astype(int))
    h.to_csv(out / "sdn_narcotics_presence_history.csv", index=False)


if __name__ == "__main__":
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
    mx(source)
    us(source)
    cbp(source)
    ofac(source)
