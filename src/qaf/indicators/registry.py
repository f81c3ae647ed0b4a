"""The indicator registry: each indicator declared once, with its metadata, by a decorator.

Pattern from Data to Insight's validators: one unit of domain logic per function, metadata in the
decorator, a registry that refuses duplicates and is validated whole before anything runs."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import pandas as pd

from qaf.indicators.periods import PERIOD_KINDS

if TYPE_CHECKING:
    from qaf.indicators.context import Context

Unit = Literal["count", "percent", "rate_per_10k", "days", "years", "fte", "ratio"]
Polarity = Literal["up", "down", "neutral"]
UNITS: tuple[str, ...] = ("count", "percent", "rate_per_10k", "days", "years", "fte", "ratio")
POLARITIES: tuple[str, ...] = ("up", "down", "neutral")
ID_PATTERN = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")

IndicatorFn = Callable[["Context"], pd.DataFrame]


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    unit: Unit
    polarity: Polarity
    section: str
    definition: str
    source: str
    fn: IndicatorFn
    breakdowns: tuple[str, ...] = ()
    # Named extra figures (FY totals, outturns, forecasts): name -> what it is.
    measures: dict[str, str] = field(default_factory=dict)
    # Earlier financial years whose same months the series also carries (the seed compares years).
    history_years: int = 0
    # Where QAF's definition departs from the DfE's, or what the data cannot see; empty if none.
    departures: str = ""
    # The period a headline row covers (periods.PERIOD_KINDS): a month's figure, or the FY to date.
    period: str = "month"


REGISTRY: dict[str, Indicator] = {}


class RegistryError(Exception):
    pass


def indicator(
    *,
    id: str,
    title: str,
    unit: Unit,
    polarity: Polarity,
    section: str,
    definition: str,
    source: str,
    breakdowns: tuple[str, ...] = (),
    measures: dict[str, str] | None = None,
    history_years: int = 0,
    departures: str = "",
    period: str = "month",
) -> Callable[[IndicatorFn], IndicatorFn]:
    """Declare an indicator. The function takes a Context and returns result rows (see rows.py)."""

    def register(fn: IndicatorFn) -> IndicatorFn:
        if id in REGISTRY:
            raise RegistryError(f"indicator {id} is declared twice")
        REGISTRY[id] = Indicator(
            id=id,
            title=title,
            unit=unit,
            polarity=polarity,
            section=section,
            definition=" ".join(definition.split()),
            source=" ".join(source.split()),
            fn=fn,
            breakdowns=breakdowns,
            measures=dict(measures or {}),
            history_years=history_years,
            departures=" ".join(departures.split()),
            period=period,
        )
        return fn

    return register


def validate(registry: dict[str, Indicator] | None = None) -> None:
    """Check the whole registry before anything is computed."""
    registry = REGISTRY if registry is None else registry
    problems = []
    for key, ind in registry.items():
        if key != ind.id or not ID_PATTERN.match(ind.id):
            problems.append(f"{key}: id must be dotted snake_case")
        if ind.unit not in UNITS:
            problems.append(f"{ind.id}: unknown unit {ind.unit!r}")
        if ind.polarity not in POLARITIES:
            problems.append(f"{ind.id}: unknown polarity {ind.polarity!r}")
        if not ind.title or not ind.definition or not ind.source:
            problems.append(f"{ind.id}: title, definition and source are all required")
        if ind.period not in PERIOD_KINDS:
            problems.append(f"{ind.id}: unknown period {ind.period!r}")
        if ind.history_years < 0:
            problems.append(f"{ind.id}: history_years must not be negative")
    if problems:
        raise RegistryError("; ".join(problems))


def load_all() -> dict[str, Indicator]:
    """Import every section module (which registers its indicators) and validate the registry."""
    from qaf.indicators import catalogue  # noqa: F401  (import registers)

    validate()
    return REGISTRY
