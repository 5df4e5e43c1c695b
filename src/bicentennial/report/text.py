"""Plain-language sentences about an evaluated indicator, in the reader's language."""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal

from bicentennial.i18n import gettext


def num(value: float | None, lang: str, digits: int | None = None) -> str:
    if value is None:
        return "—"
    if digits is None:
        digits = 0 if abs(value) >= 100 else (1 if abs(value) >= 10 else 2)
    return str(format_decimal(round(value, digits), locale=lang, format="#,##0." + "0" * digits
                              if digits else "#,##0"))


def pct(value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    sign = "+" if value > 0 else ""
    return f"{sign}{num(value, lang, 1)}\u00a0%"  # no-break space: the sign never wraps alone


def summary_sentences(result: dict[str, Any], lang: str, unit: str) -> list[str]:
    s = result["summary"]
    out: list[str] = []
    if s.get("baseline") is not None:
        out.append(gettext("Baseline ({start} to {end}): {value} {unit}.", lang=lang,
                           start=s["baseline_window"][0], end=s["baseline_window"][1],
                           value=num(s["baseline"], lang), unit=unit))
    elif result["indicator"]["dataset"] != "platform":
        out.append(gettext("No baseline: the data start after the baseline period.", lang=lang))
    if s.get("latest") is not None:
        out.append(gettext("Latest 12 months ({start} to {end}): {value} {unit} ({change} against the baseline).",
                           lang=lang, start=s["latest_window"][0], end=s["latest_window"][1],
                           value=num(s["latest"], lang), unit=unit, change=pct(s["change_pct"], lang)))
    if s.get("target") is not None:
        out.append(gettext("Target: {value} by {by} (illustrative; the Framework publishes no targets). "
                           "Progress: {progress} of the way from baseline to target.", lang=lang,
                           value=num(s["target"], lang), by=s["target_by"], progress=pct(s["progress_pct"], lang)
                           .lstrip("+")))
    return out


def impact_sentences(result: dict[str, Any], lang: str) -> list[str]:
    ind = result["indicator"]
    out: list[str] = []
    if ind["design"] == "trend":
        return [gettext("No impact model: the series is a 12-month rolling sum, whose overlapping months an "
                         "interrupted time-series model would wrongly treat as independent. See the monthly "
                         "indicator of the same line.", lang=lang)]
    if ind["design"] == "descriptive":
        return [gettext("No impact model: there are no data from before the Framework to compare with.",
                        lang=lang)]
    if "its" not in result:
        return [gettext("No impact model: {reason}", lang=lang, reason=result.get("error", ""))]
    its = result["its"]
    eff = its["average_effect"]
    out.append(gettext(
        "Since the Framework's start, the series averaged {observed} against {counterfactual} expected had the "
        "pre-Framework trend and seasonal pattern continued: a difference of {effect} (95% interval {low} to "
        "{high}).", lang=lang, observed=num(its["observed_mean_post"], lang),
        counterfactual=num(its["counterfactual_mean_post"], lang), effect=num(eff["value"], lang),
        low=num(eff["low"], lang), high=num(eff["high"], lang)))
    if eff["significant"]:
        out.append(gettext("The interval excludes zero: the series departed from its prior trend.", lang=lang))
    else:
        out.append(gettext("The interval includes zero: no departure from the prior trend can be distinguished.",
                           lang=lang))
    placebo = result.get("placebo")
    if placebo:
        p = placebo["average_effect"]
        out.append(gettext(
            "Placebo check: the same model on pre-Framework data only, with a fake start in {date}, finds {effect} "
            "(95% interval {low} to {high}).", lang=lang, date=placebo["start"], effect=num(p["value"], lang),
            low=num(p["low"], lang), high=num(p["high"], lang)))
        if p["significant"]:
            out.append(gettext("An effect appears at the fake date: the check fails, so a straight pre-Framework "
                               "trend does not describe this series well and the estimate above should not be "
                               "trusted.", lang=lang))
        else:
            out.append(gettext("No effect at the fake date: the check passes.", lang=lang))
    else:
        out.append(gettext("Placebo check not possible: the pre-Framework period is too short.", lang=lang))
    did = result.get("did")
    if did:
        pc = did["percent"]
        out.append(gettext(
            "Comparison design (difference in differences against {comparison}): relative change {pct} "
            "(95% interval {low} to {high}).", lang=lang, comparison=ind["comparison"]["name"][lang]
            if isinstance(ind["comparison"]["name"], dict) else ind["comparison"]["name"],
            pct=pct(pc["value"], lang), low=pct(pc["low"], lang), high=pct(pc["high"], lang)))
        if did["pre_trend_gap"]["significant"]:
            out.append(gettext("The two series did not move in parallel before the Framework (the "
                               "parallel-trends check fails): read this comparison with caution.", lang=lang))
        else:
            out.append(gettext("The two series moved in parallel before the Framework (the parallel-trends check "
                               "passes).", lang=lang))
    out.append(gettext("This is an association in time, not proof that the Framework caused the change: other "
                       "policies and events (for example the COVID-19 pandemic) happened in the same period.",
                       lang=lang))
    return out


def verdict(result: dict[str, Any], lang: str) -> str:
    """A short label for the summary table."""
    if result["indicator"]["dataset"] == "platform" and not result.get("available"):
        return gettext("no platform data", lang=lang)
    if "its" not in result:
        return gettext("descriptive", lang=lang)
    eff = result["its"]["average_effect"]
    placebo = result.get("placebo")
    if placebo and placebo["average_effect"]["significant"]:
        return gettext("inconclusive (placebo fails)", lang=lang)
    if not eff["significant"]:
        return gettext("no departure from trend", lang=lang)
    good = (eff["value"] < 0) == (result["indicator"]["direction"] == "down")
    return gettext("better than trend", lang=lang) if good else gettext("worse than trend", lang=lang)
