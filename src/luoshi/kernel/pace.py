"""Lights against the time elapsed (序时进度), shared by the registers. Pure: no database.

A register that plans an amount over a span (a project's annual investment, a livelihood
matter's target, an indicator's year) is on pace when the share done keeps up with the
share of the span gone. The lag is ``elapsed - done/planned``: at or above ``red_lag`` the
light is red, at or above ``yellow_lag`` yellow, otherwise green. Reasons are codes with
parameters rendered in English and Chinese, like the tasks' (``progress.reasons``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

COLORS = ("green", "yellow", "red")
# Worst first: the colour a combination of lights shows.
_SEVERITY = {"red": 4, "yellow": 3, "green": 2, "not_started": 1, "completed": 0}

TEMPLATES: dict[str, tuple[str, str]] = {
    "on_pace": (
        "on pace: {done_pct}% of the plan done with {elapsed_pct}% of the time gone",
        "序时进度正常：完成计划{done_pct}%，时间已过{elapsed_pct}%",
    ),
    "behind_pace": (
        "behind pace: {done_pct}% of the plan done with {elapsed_pct}% of the time gone",
        "滞后于序时进度：完成计划{done_pct}%，时间已过{elapsed_pct}%",
    ),
    "no_plan": ("no plan to measure against", "未设计划目标，无法衡量进度"),
    "plan_met": ("plan met: {done_pct}% done", "已完成计划：完成{done_pct}%"),
    "missing": ("nothing reported for {period}", "{period}未报送"),
    "overdue": ("past its date {due}", "已超过期限{due}"),
}


@dataclass(frozen=True)
class Reason:
    code: str
    params: Mapping[str, Any]
    en: str
    zh: str

    def text(self, language: str) -> str:
        return self.zh if language == "zh" else self.en

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params), "en": self.en, "zh": self.zh}


def reason(
    code: str, templates: Mapping[str, tuple[str, str]] | None = None, **params: Any
) -> Reason:
    """The reason ``code`` with ``params`` filled in, from the caller's templates or these."""
    found = (templates or {}).get(code) or TEMPLATES.get(code)
    if found is None:
        raise KeyError(f"no template for reason {code!r}")
    en, zh = found
    return Reason(code, dict(params), en.format(**params), zh.format(**params))


@dataclass(frozen=True)
class Light:
    color: str
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    def rendered(self, language: str) -> list[str]:
        return [r.text(language) for r in self.reasons]

    def as_json(self, language: str) -> dict[str, Any]:
        return {"color": self.color, "reasons": self.rendered(language)}

    def stored(self) -> list[dict[str, Any]]:
        """The reasons as a model stores them (both languages, with their parameters)."""
        return [r.as_dict() for r in self.reasons]


def stored_light_json(color: str, reasons: list[dict[str, Any]], language: str) -> dict[str, Any]:
    """``Light.as_json`` from what a model stored (``light``, ``light_reasons``)."""
    key = "zh" if language == "zh" else "en"
    return {"color": color, "reasons": [str(r.get(key, r.get("en", ""))) for r in reasons]}


def span_elapsed(on: date, start: date, end: date) -> float:
    """The share of the days from ``start`` to ``end`` (both counted) gone by the end of ``on``."""
    if end < start:
        raise ValueError("a span ends on or after its start")
    if on < start:
        return 0.0
    if on >= end:
        return 1.0
    return ((on - start).days + 1) / ((end - start).days + 1)


def year_elapsed(on: date, year: int) -> float:
    """The share of ``year`` gone by the end of ``on``."""
    return span_elapsed(on, date(year, 1, 1), date(year, 12, 31))


def percent(share: float) -> int:
    # Capped: a plan of almost nothing done many times over is "9999%", not infinity.
    return round(min(share, 99.99) * 100)


def pace_light(
    *, done: float, planned: float, elapsed: float, yellow_lag: float, red_lag: float
) -> Light:
    """The light of ``done`` out of ``planned`` with ``elapsed`` (0..1) of the time gone."""
    if planned <= 0:
        return Light("yellow", (reason("no_plan"),))
    ratio = done / planned
    params: dict[str, Any] = {"done_pct": percent(ratio), "elapsed_pct": percent(elapsed)}
    if ratio >= 1:
        return Light("green", (reason("plan_met", done_pct=params["done_pct"]),))
    lag = elapsed - ratio
    if lag >= red_lag:
        return Light("red", (reason("behind_pace", **params),))
    if lag >= yellow_lag:
        return Light("yellow", (reason("behind_pace", **params),))
    return Light("green", (reason("on_pace", **params),))


def worst(*lights: Light) -> Light:
    """The most severe of ``lights``, with the reasons of every light that colour."""
    if not lights:
        raise ValueError("worst() of no lights")
    top = max(lights, key=lambda light: _SEVERITY.get(light.color, 0))
    reasons = tuple(r for light in lights if light.color == top.color for r in light.reasons)
    return Light(top.color, reasons)
