"""compute(month): every registered indicator (or a chosen few) as one long table.

`compute_all` always answers: an indicator that raises is recorded in `failures` with its reason
while every other one is still computed."""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from qaf.config import Settings, load_settings
from qaf.errors import QafError
from qaf.indicators.context import Context
from qaf.indicators.coverage import check_month, coverage_of
from qaf.indicators.hierarchy import TeamHierarchy, team_hierarchy
from qaf.indicators.months import Month
from qaf.indicators.registry import Indicator, load_all
from qaf.indicators.rows import COLUMNS, ROW_COLUMNS, concat, fill_periods
from qaf.indicators.signal_series import charted, headline_values, window
from qaf.warehouse.coverage import Coverage
from qaf.warehouse.schema import Source

Progress = Callable[[Indicator], None]
# The period kind of a whole financial year's figure (periods.PERIOD_KINDS).
OUTTURN = "fy"
log = logging.getLogger(__name__)


def series_months(indicator: Indicator, month: Month) -> tuple[Month, ...]:
    """The FY to date, then the same months of `history_years` earlier FYs."""
    current = month.fy_to_date()
    earlier = [
        m.shift(-12 * years) for years in range(1, indicator.history_years + 1) for m in current
    ]
    return tuple(current + earlier)


def select(only: Iterable[str] | None = None) -> list[Indicator]:
    registry = load_all()
    if not only:
        return list(registry.values())
    wanted = [i.strip() for i in only if i.strip()]
    unknown = [i for i in wanted if i not in registry]
    if unknown:
        raise QafError(
            f"unknown indicator id(s): {', '.join(unknown)}. `qaf indicators --list` shows them all."
        )
    return [registry[i] for i in wanted]


def counts_carry_numerator(frame: pd.DataFrame) -> pd.DataFrame:
    """A count's value and breakdown rows carry the count as numerator too (where the indicator
    left it empty), so every count reads the same way whichever function made it."""
    figures = frame["kind"] != "measure"
    empty = frame["numerator"].isna() & frame["value"].notna() & figures
    frame.loc[empty, "numerator"] = frame.loc[empty, "value"]
    return frame


@dataclass(frozen=True)
class Failure:
    indicator_id: str
    reason: str
    error: BaseException = field(repr=False, compare=False)


@dataclass
class Result:
    """What one computation produced: the long table, what failed, and what it was made from."""

    rows: pd.DataFrame
    failures: list[Failure]
    coverage: Coverage
    coverage_recorded: bool
    settings: Settings
    hierarchy: TeamHierarchy
    # Ids of the indicators that computed (in catalogue order), with or without rows.
    computed: list[str] = field(default_factory=list)
    # The signals' window (signal_series.window, latest first) and, per monthly indicator, its
    # headline value in each month of it, computed in the same pass as the rows.
    window: tuple[Month, ...] = ()
    headlines: dict[str, dict[str, float | None]] = field(default_factory=dict)
    # Indicators whose earlier months failed (id -> reason): their figures stand, their chart
    # has the months of their own series only.
    chart_failures: dict[str, str] = field(default_factory=dict)


# The shared models and lookups (Context.shared) of each open source, per settings and report
# month. A source's tables do not change while it is open (a loaded version is immutable; a
# hand-made source is a fixed set of rows), so computing the same month again with the same
# settings (the dashboard asking twice, a report after a preview) reuses what the first
# computation built. Keyed by the month too because some lookups are "as at the report month"
# (the staff list's current workers). Forgotten, and the temporary tables released, with the
# source.
_STORES: dict[int, tuple[weakref.ref[Source], dict[tuple[Settings, Month], dict[Any, Any]]]] = {}


def shared_store(source: Source, settings: Settings, month: Month) -> dict[Any, Any]:
    """The shared store of `source` for `month` under `settings`."""
    key = id(source)
    entry = _STORES.get(key)
    if entry is None or entry[0]() is not source:
        entry = (weakref.ref(source, lambda _ref: _STORES.pop(key, None)), {})
        _STORES[key] = entry
    return entry[1].setdefault((settings, month), {})


class IndicatorFailed(Exception):
    """Raised by compute() (not compute_all) when an indicator failed."""


def compute_all(
    source: Source,
    month: Month,
    settings: Settings | None = None,
    only: Iterable[str] | None = None,
    progress: Progress | None = None,
    refuse_after_end: bool | None = None,
    signals: bool = True,
) -> Result:
    """Every selected indicator for `month` and its series, each failure isolated; with
    `signals`, each monthly indicator's headline over the signals' window too (Result.headlines,
    which signal_series reads), in the same pass.

    A month starting after the data's end is refused (QafError) where the source records its
    coverage, or always with `refuse_after_end=True`; coverage derived from a hand-made source's
    events only marks rows incomplete."""
    settings = settings or load_settings()
    coverage, recorded = coverage_of(source)
    if recorded if refuse_after_end is None else refuse_after_end:
        check_month(coverage, month)
    shared = shared_store(source, settings, month)
    frames = []
    failures: list[Failure] = []
    computed: list[str] = []
    headlines: dict[str, dict[str, float | None]] = {}
    chart_failures: dict[str, str] = {}
    chart = window(month, settings.signals.series_months, coverage.start) if signals else ()
    # Built once, emitted with the results whether or not an indicator breaks down by team.
    hierarchy = team_hierarchy(Context(source, month, (month,), settings, shared, chart))
    for ind in select(only):
        months = series_months(ind, month)
        # A monthly indicator is asked for the signals' earlier months in the same pass (the
        # shared models cover them all, Context.model_window): their rows only feed the chart.
        extra = tuple(m for m in chart if m not in months) if charted(ind) else ()
        try:
            try:
                ctx = Context(source, month, months + extra, settings, shared, chart)
                frame = _rows_of(ind, ctx, coverage)
            except Exception as exc:
                if not extra:
                    raise
                # The figures stand without their chart's earlier months (signals says why).
                log.debug("earlier months of %s failed", ind.id, exc_info=True)
                chart_failures[ind.id] = f"{type(exc).__name__}: {exc}"
                extra = ()
                ctx = Context(source, month, months, settings, shared, chart)
                frame = _rows_of(ind, ctx, coverage)
            if chart and charted(ind):
                headlines[ind.id] = headline_values(frame, ind, {m.label for m in chart})
                # The extra months' rows go (their month, year to date, ...); a whole earlier
                # year's outturn, reported at its 31 March whatever the series, stays.
                added = frame["month"].isin({m.label for m in extra}) & (
                    frame["period_kind"] != OUTTURN
                )
                frame = frame[~added].reset_index(drop=True)
            if ind.unit == "count":
                frame = counts_carry_numerator(frame)
        except Exception as exc:  # one indicator's failure must not stop the others
            log.debug("indicator %s failed", ind.id, exc_info=True)
            failures.append(Failure(ind.id, f"{type(exc).__name__}: {exc}", exc))
        else:
            frame.insert(0, "indicator_id", ind.id)
            frames.append(frame)
            computed.append(ind.id)
        if progress:
            progress(ind)
    result = concat(frames)
    return Result(
        rows=result[COLUMNS].reset_index(drop=True),
        failures=failures,
        coverage=coverage,
        coverage_recorded=recorded,
        settings=settings,
        hierarchy=hierarchy,
        computed=computed,
        window=chart,
        headlines=headlines,
        chart_failures=chart_failures,
    )


def _rows_of(ind: Indicator, ctx: Context, coverage: Coverage) -> pd.DataFrame:
    """The indicator's rows in the engine's shape, each with its period."""
    frame = ind.fn(ctx)
    missing = set(ROW_COLUMNS[:9]) - set(frame.columns)
    if missing:
        raise RuntimeError(f"{ind.id} returned rows without {sorted(missing)}")
    return fill_periods(frame, ind.period, coverage.start)[ROW_COLUMNS].copy()


def compute(
    source: Source,
    month: Month,
    settings: Settings | None = None,
    only: Iterable[str] | None = None,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """One long table (rows.COLUMNS) of every selected indicator; raises if any indicator failed
    (callers that must always answer use compute_all)."""
    result = compute_all(source, month, settings, only, progress, signals=False)
    if result.failures:
        first = result.failures[0]
        names = ", ".join(f.indicator_id for f in result.failures)
        raise IndicatorFailed(
            f"indicator(s) failed: {names}; first: {first.reason}"
        ) from first.error
    return result.rows
