"""The indicator registry (indicators.yaml) as typed, immutable objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bicentennial.framework import load_framework

HERE = Path(__file__).parent
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser (libyaml) is ~10x faster

Text = dict[str, str]
DIRECTIONS = ("up", "down")
PERIODICITIES = ("month", "quarter", "year")
DESIGNS = ("its", "its+did", "trend", "descriptive")


@dataclass(frozen=True)
class Indicator:
    code: str
    line: str
    name: Text
    numerator: Text
    denominator: Text
    factor: float
    unit: Text
    direction: str
    periodicity: str
    geography: tuple[str, ...]
    dataset: str
    design: str
    baseline: dict[str, str]
    annualise: bool = False
    series: str | None = None
    comparison: dict[str, Any] | None = None
    target: dict[str, Any] | None = None
    platform: dict[str, Any] | None = field(default=None)

    @property
    def is_platform(self) -> bool:
        return self.platform is not None

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        def t(text: Text | None) -> Any:
            if text is None:
                return None
            return text.get(lang, text["en"]) if lang else dict(text)

        return {
            "code": self.code, "line": self.line, "name": t(self.name),
            "numerator": t(self.numerator), "denominator": t(self.denominator),
            "factor": self.factor, "annualise": self.annualise, "unit": t(self.unit),
            "direction": self.direction, "periodicity": self.periodicity,
            "geography": list(self.geography), "dataset": self.dataset, "design": self.design,
            "baseline": dict(self.baseline), "target": self.target,
            "comparison": ({"series": self.comparison["series"], "name": t(self.comparison["name"])}
                           if self.comparison else None),
            "platform": self.platform,
        }


class RegistryError(ValueError):
    pass


@lru_cache(maxsize=1)
def load_indicators() -> tuple[Indicator, ...]:
    raw = yaml.load((HERE / "indicators.yaml").read_text(encoding="utf-8"), Loader=_LOADER)
    default_baseline = raw["defaults"]["baseline"]
    lines = {ln.code for ln in load_framework().lines}
    out = []
    for item in raw["indicators"]:
        ind = Indicator(
            code=item["code"], line=str(item["line"]), name=item["name"], numerator=item["numerator"],
            denominator=item["denominator"], factor=float(item["factor"]), unit=item["unit"],
            direction=item["direction"], periodicity=item["periodicity"],
            geography=tuple(item["geography"]), dataset=item["dataset"], design=item["design"],
            baseline=item.get("baseline", default_baseline), annualise=bool(item.get("annualise", False)),
            series=item.get("series"), comparison=item.get("comparison"), target=item.get("target"),
            platform=item.get("platform"),
        )
        problems = []
        if ind.line not in lines:
            problems.append(f"unknown line {ind.line}")
        if ind.direction not in DIRECTIONS:
            problems.append(f"direction {ind.direction}")
        if ind.periodicity not in PERIODICITIES:
            problems.append(f"periodicity {ind.periodicity}")
        if ind.design not in DESIGNS:
            problems.append(f"design {ind.design}")
        if not ind.is_platform and not ind.series:
            problems.append("no series")
        if problems:
            raise RegistryError(f"indicator {ind.code}: " + ", ".join(problems))
        out.append(ind)
    return tuple(out)


def get_indicator(code: str) -> Indicator:
    for ind in load_indicators():
        if ind.code == code:
            return ind
    raise KeyError(code)


def indicators_for_line(line: str) -> list[Indicator]:
    return [ind for ind in load_indicators() if ind.line == line]
