"""Indicator registry and public-data loaders."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from bicentennial.evaluate import data, load_indicators, series
from bicentennial.evaluate.data import DatasetError
from bicentennial.framework import load_framework


def test_every_line_of_action_has_a_complete_bilingual_indicator() -> None:
    inds = load_indicators()
    lines = {ln.code for ln in load_framework().lines}
    assert lines <= {i.line for i in inds}
    for i in inds:
        for text in (i.name, i.numerator, i.denominator, i.unit):
            assert text["en"] and text["es"] and text["en"] != text["es"] or text["en"] == "percent"
        assert i.baseline["end"] < "2021-10"
        assert i.direction in ("up", "down") and i.periodicity in ("month", "quarter", "year")
        assert i.dataset in data.load_datasets()
        if i.comparison:
            assert i.comparison["series"] in series.SERIES


def test_every_dataset_has_provenance_and_bilingual_caveats() -> None:
    for d in data.load_datasets().values():
        for c in d.caveats:
            assert c["en"] and c["es"]
        if d.code != "platform":
            assert (data.data_dir() / d.code / "PROVENANCE.md").is_file()


def test_homicide_rate_matches_raw_files() -> None:
    """2022-03 national rate recomputed with the csv module from the raw public files."""
    root = data.data_dir() / "mx-homicides"
    with (root / "homicide_victims_state_month.csv").open() as fh:
        victims = sum(int(r["homicidio_doloso_victims"]) for r in csv.DictReader(fh)
                      if r["year"] == "2022" and r["month"] == "3")
    with (root / "conapo_population_state_month.csv").open() as fh:
        pop = sum(int(r["population"]) for r in csv.DictReader(fh) if r["date"] == "2022-03-01")
    expected = victims / pop * 100_000 * 12
    got = series.mx_homicide_rate()[pd.Period("2022-03", "M")]
    assert got == pytest.approx(expected, rel=1e-12)


def test_loader_names_file_and_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "mx-homicides"
    folder.mkdir()
    (folder / "homicide_victims_state_month.csv").write_text("year,month\n2020,1\n")
    monkeypatch.setenv("BICENTENNIAL_PUBLIC_DATA", str(tmp_path))
    data.mx_homicides.cache_clear()
    try:
        with pytest.raises(DatasetError, match="homicide_victims_state_month.csv: missing columns"):
            data.mx_homicides()
    finally:
        data.mx_homicides.cache_clear()


def test_quality_flags_find_gaps_outliers_and_revisions() -> None:
    idx = pd.period_range("2018-01", "2021-12", freq="M")
    wiggle = [((i * 7) % 5 - 2) * 1.5 for i in range(len(idx))]  # deterministic noise, MAD > 0
    s = pd.Series(100.0, index=idx) + pd.Series(range(len(idx)), index=idx) * 0.5 + pd.Series(wiggle, index=idx)
    s[pd.Period("2019-06", "M")] = 400.0
    s = s.drop(pd.Period("2020-02", "M"))
    assert data.gaps(s) == ["2020-02"]
    assert data.outliers(s) == ["2019-06"]
    later = s.copy()
    later.iloc[:3] *= 1.1
    rev = data.revision(s, later)
    assert rev is not None and rev["months_revised"] == 3 and rev["max_abs_pct"] == pytest.approx(10.0)


def test_bilingual_texts_have_exactly_english_and_spanish() -> None:
    """A YAML flow mapping splits at commas: `{en: per 100,000, es: ...}` silently loses text."""
    import yaml

    from bicentennial.evaluate.registry import HERE

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "en" in node:
                assert set(node) == {"en", "es"} and all(isinstance(v, str) and v for v in node.values()), node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name in ("indicators.yaml", "datasets.yaml"):
        walk(yaml.safe_load((HERE / name).read_text(encoding="utf-8")))
