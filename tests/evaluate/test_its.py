"""The impact designs recover effects planted in synthetic series and find none where none was planted."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bicentennial.evaluate.its import FRAMEWORK_START, fit_did, fit_its, placebo_its

INDEX = pd.period_range("2015-01", "2025-06", freq="M")


def synthetic(seed: int, level: float = 0.0, slope: float = 0.0, phi: float = 0.5) -> pd.Series:
    """Trend + seasonality + AR(1) noise, with a planted level and slope change at the Framework's start."""
    rng = np.random.default_rng(seed)
    n = len(INDEX)
    noise = np.zeros(n)
    for i in range(1, n):
        noise[i] = phi * noise[i - 1] + rng.normal(0, 2.0)
    t = np.arange(n)
    post = np.array([p >= FRAMEWORK_START for p in INDEX], dtype=float)
    t0 = INDEX.get_loc(FRAMEWORK_START)
    y = 80 + 0.15 * t + 6 * np.sin(2 * np.pi * INDEX.month / 12) + noise
    y += level * post + slope * (t - t0) * post
    return pd.Series(y, index=INDEX)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_planted_level_effect_is_recovered_inside_interval(seed: int) -> None:
    result = fit_its(synthetic(seed, level=-12.0))
    lc = result.level_change
    assert lc.low <= -12.0 <= lc.high
    assert lc.significant
    assert result.average_effect.high < 0


def test_planted_slope_effect_is_recovered() -> None:
    result = fit_its(synthetic(7, slope=-0.4))
    assert result.slope_change.low <= -0.4 <= result.slope_change.high
    n_post = result.n_post
    expected_average = -0.4 * (n_post - 1) / 2
    assert result.average_effect.low <= expected_average <= result.average_effect.high


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_no_effect_found_without_a_planted_effect_and_in_placebo(seed: int) -> None:
    series = synthetic(seed)
    assert not fit_its(series).average_effect.significant
    placebo = placebo_its(series)
    assert placebo is not None and placebo.start == "2019-10"
    assert not placebo.average_effect.significant
    assert not placebo.level_change.significant


def test_placebo_rarely_finds_an_effect_even_when_a_real_one_follows() -> None:
    """Over 20 series with a large real effect, the placebo (pre-period only) stays near its 5% level."""
    hits = 0
    for seed in range(100, 120):
        placebo = placebo_its(synthetic(seed, level=-30.0))
        assert placebo is not None
        assert placebo.n_pre + placebo.n_post == (INDEX < FRAMEWORK_START).sum()
        hits += placebo.average_effect.significant
    assert hits <= 4


def test_counterfactual_has_interval_and_matches_pre_period_fit() -> None:
    result = fit_its(synthetic(3, level=-12.0))
    f = result.fitted
    pre = f[f.period < "2021-10"]
    assert np.allclose(pre.fitted, pre.counterfactual)
    post = f[f.period >= "2021-10"]
    assert (post.cf_low < post.counterfactual).all() and (post.counterfactual < post.cf_high).all()
    # the observed series sits ~12 below its counterfactual after the start
    assert abs(float((post.observed - post.counterfactual).mean()) + 12) < 3


def test_too_short_series_is_refused() -> None:
    with pytest.raises(ValueError):
        fit_its(synthetic(1)[pd.Period("2021-06", "M") <= INDEX])


def test_did_recovers_planted_relative_effect() -> None:
    rng = np.random.default_rng(4)
    base = synthetic(21)
    treated = base * np.exp(rng.normal(0, 0.03, len(INDEX)))
    comparison = base * 2 * np.exp(rng.normal(0, 0.03, len(INDEX)))
    post = np.array([p >= FRAMEWORK_START for p in INDEX])
    treated[post] = treated[post] * 0.8  # -20 %
    did = fit_did(treated, comparison)
    assert did.percent.low <= -20 <= did.percent.high
    assert did.effect.significant
    false_positives = sum(
        fit_did(base * np.exp(rng.normal(0, 0.03, len(INDEX))), comparison).effect.significant
        for _ in range(20)
    )
    assert false_positives <= 4
