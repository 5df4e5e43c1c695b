"""Load the Framework's YAML files into typed, immutable objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent

Text = dict[str, str]  # {"en": ..., "es": ...}


@dataclass(frozen=True)
class Line:
    code: str
    slug: str
    goal: str
    title: Text
    text: Text


@dataclass(frozen=True)
class Goal:
    code: str
    title: Text
    text: Text
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Agency:
    code: str
    country: str  # ISO 3166-1 alpha-2, lower case
    name: Text
    parent: str | None = None


@dataclass(frozen=True)
class Framework:
    name: Text
    adopted: str
    source: Text
    purpose: Text
    commitments: tuple[dict[str, Any], ...]
    governance: tuple[dict[str, Any], ...]
    goals: tuple[Goal, ...]
    agencies: tuple[Agency, ...] = field(default=())

    @property
    def lines(self) -> tuple[Line, ...]:
        return tuple(line for goal in self.goals for line in goal.lines)

    def line(self, code: str) -> Line:
        for line in self.lines:
            if line.code == code or line.slug == code:
                return line
        raise KeyError(code)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """A JSON-ready view; with `lang`, texts are resolved to that language."""

        def t(text: Text) -> Any:
            return text.get(lang, text["en"]) if lang else dict(text)

        return {
            "name": t(self.name),
            "adopted": self.adopted,
            "source": t(self.source),
            "purpose": t(self.purpose),
            "commitments": [
                {"code": c["code"], "text": t({"en": c["en"], "es": c["es"]})} for c in self.commitments
            ],
            "governance": [
                {"code": g["code"], "cadence": g["cadence"], "text": t({"en": g["en"], "es": g["es"]})}
                for g in self.governance
            ],
            "goals": [
                {
                    "code": goal.code,
                    "title": t(goal.title),
                    "text": t(goal.text),
                    "lines": [
                        {"code": ln.code, "slug": ln.slug, "title": t(ln.title), "text": t(ln.text)}
                        for ln in goal.lines
                    ],
                }
                for goal in self.goals
            ],
            "agencies": [
                {"code": a.code, "country": a.country, "name": t(a.name), "parent": a.parent}
                for a in self.agencies
            ],
        }


def _text(node: dict[str, Any]) -> Text:
    return {"en": str(node["en"]).strip(), "es": str(node["es"]).strip()}


@lru_cache(maxsize=1)
def load_agencies() -> tuple[Agency, ...]:
    data = yaml.safe_load((HERE / "agencies.yaml").read_text(encoding="utf-8"))
    return tuple(
        Agency(code=a["code"], country=a["country"], name=_text(a), parent=a.get("parent"))
        for a in data["agencies"]
    )


def get_agency(code: str) -> Agency:
    """The agency with this code (case-insensitive); KeyError when unknown."""
    wanted = code.upper()
    for agency in load_agencies():
        if agency.code == wanted:
            return agency
    raise KeyError(code)


@lru_cache(maxsize=1)
def load_framework() -> Framework:
    data = yaml.safe_load((HERE / "framework.yaml").read_text(encoding="utf-8"))
    goals = tuple(
        Goal(
            code=str(g["code"]),
            title=_text(g["title"]),
            text=_text(g["text"]),
            lines=tuple(
                Line(
                    code=str(ln["code"]),
                    slug=ln["slug"],
                    goal=str(g["code"]),
                    title=_text(ln["title"]),
                    text=_text(ln["text"]),
                )
                for ln in g["lines"]
            ),
        )
        for g in data["goals"]
    )
    return Framework(
        name=_text(data["name"]),
        adopted=str(data["adopted"]),
        source=_text(data["source"]),
        purpose=_text(data["purpose"]),
        commitments=tuple(data["commitments"]),
        governance=tuple(data["governance"]),
        goals=goals,
        agencies=load_agencies(),
    )
