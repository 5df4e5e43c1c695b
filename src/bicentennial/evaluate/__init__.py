"""Indicators of the Framework: registry, public data, platform aggregates and impact designs."""

from bicentennial.evaluate.evaluation import evaluate, evaluate_all
from bicentennial.evaluate.registry import Indicator, get_indicator, indicators_for_line, load_indicators

__all__ = ["Indicator", "evaluate", "evaluate_all", "get_indicator", "indicators_for_line", "load_indicators"]
