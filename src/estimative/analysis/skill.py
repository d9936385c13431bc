"""The models' measured skill: what judgment confidence and forecast `backtest` fields quote.

`make eval` writes it into the package (`estimative/eval/skill.json`, by `eval.report.write_skill`);
`load_skill()` is the one place that reads it, once per process. Until it is measured every field
is None, and the judgments that would quote it say `low` confidence.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

SKILL_PACKAGE, SKILL_FILE = "estimative.eval", "skill.json"


@dataclass(frozen=True, slots=True)
class ForecastSkill:
    """The Hawkes forecasts' pooled backtest (rolling origin over every forecast dataset)."""

    n: int
    brier: float
    log_score: float
    brier_skill: float
    datasets: list[str]
    model: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Skill:
    forecast: ForecastSkill | None = None
    attribution_top1: float | None = None  # RAND held-out top-1 accuracy


def parse_skill(data: dict[str, Any]) -> Skill:
    """The skill file's JSON as a Skill; a field missing or malformed is None (not measured)."""
    fc = data.get("forecast")
    forecast = None
    if isinstance(fc, dict):
        try:
            forecast = ForecastSkill(n=int(fc["n"]), brier=float(fc["brier"]), log_score=float(fc["log_score"]),
                                     brier_skill=float(fc["brier_skill"]), datasets=list(fc.get("datasets") or []),
                                     model=fc.get("model"))
        except (KeyError, TypeError, ValueError):
            forecast = None
    top1 = data.get("attribution_top1")
    return Skill(forecast=forecast, attribution_top1=float(top1) if isinstance(top1, int | float) else None)


@lru_cache(maxsize=1)
def load_skill() -> Skill:
    """The measured skill shipped in the package; empty (every field None) until `make eval` ran."""
    try:
        text = resources.files(SKILL_PACKAGE).joinpath(SKILL_FILE).read_text("utf-8")
        return parse_skill(json.loads(text))
    except (FileNotFoundError, json.JSONDecodeError, AttributeError):
        return Skill()
