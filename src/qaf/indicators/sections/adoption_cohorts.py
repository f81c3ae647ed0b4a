"""The adoption scorecard's pooled cohorts (A1, A2, A3), aggregated in the engine: one query gives,
for every quarter asked for, each measure's numerator, denominator and date sources over the
children adopted in the cohort_years years ending at that quarter's end."""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

from qaf.indicators.blocks import add_months
from qaf.indicators.context import Context
from qaf.indicators.months import Month
from qaf.indicators.periods import Period
from qaf.indicators.sections.adoption_data import (
    ENTERED_SOURCES,
    ORDER_SOURCES,
    PLACED_SOURCES,
    adoption_tables,
)


@dataclass(frozen=True)
class Measure:
    """A scorecard measure over a cohort: `name` prefixes its figures (name_num, name_den,
    name_<date>_from_<source>); `scale` turns num / den into the value (100: a percentage)."""

    name: str
    scale: float
    # The dates the measure reads, with the sources each may come from (measures count them).
    sources: tuple[tuple[str, tuple[str, ...]], ...]


# The period kind of a pooled cohort (periods.PERIOD_KINDS); its first and last month come from
# cohort_period, so a setting of other than 3 cohort_years still gives the true dates.
COHORT_PERIOD = "cohort_3y"


def cohort_period(quarter: Month, cohort_years: int, reported: Month) -> Period:
    """The months a cohort ending at `quarter` covers (cohort_years x 12 months, as the cohort's
    cohort_start in cohort_figures), reported under the month `reported`: a cohort reaching
    before the data starts is then marked incomplete (rows.fill_periods)."""
    return Period(COHORT_PERIOD, quarter.shift(-(12 * cohort_years - 1)), quarter, reported)


A1 = Measure("a1", 1.0, (("entered", ENTERED_SOURCES), ("placed", PLACED_SOURCES)))
A2 = Measure("a2", 1.0, (("order", ORDER_SOURCES),))
A3 = Measure("a3", 100.0, (("entered", ENTERED_SOURCES), ("placed", PLACED_SOURCES)))


@dataclass(frozen=True)
class CohortsKey:
    """The scorecard figures of the cohorts ending at these quarters."""

    quarters: tuple[Month, ...]
    cohort_years: int
    a3_months: int


def _number(condition: ir.BooleanValue) -> ir.IntegerScalar:
    return ibis.ifelse(condition.fill_null(False), 1, 0).sum()


def _figures(c: ir.Table, a3_months: int) -> dict[str, ir.Scalar]:
    """Each measure's numerator and denominator, and the sources of the dates it used."""
    # A1 and A3 read children placed on or after entering care; A2 a match on or after the order.
    entered_to_placed = c.placed.delta(c.entered, unit="day")
    order_to_match = c.matched.delta(c.order_date, unit="day")
    used = {A1: entered_to_placed >= 0, A2: order_to_match >= 0, A3: entered_to_placed >= 0}
    figures: dict[str, ir.Scalar] = {
        "cohort_children": c.person_id.nunique(),
        "a1_num": ibis.ifelse(used[A1], entered_to_placed, 0).sum(),
        "a2_num": ibis.ifelse(used[A2], order_to_match, 0).sum(),
        # Placed before entering care + a3_months calendar months (the day itself is not within).
        "a3_num": _number(used[A3] & (c.placed < add_months(c.entered, a3_months))),
    }
    for measure, condition in used.items():
        figures[f"{measure.name}_den"] = _number(condition)
        for column, names in measure.sources:
            chosen = c[f"{column}_source"]
            for source in names:
                figures[f"{measure.name}_{column}_from_{source}"] = _number(
                    condition & (chosen == source)
                )
    return figures


def cohort_figures(ctx: Context, quarters: list[Month]) -> dict[str, dict[str, float]]:
    """Quarter label -> figure name -> number, for the cohorts ending at `quarters`."""
    settings = ctx.settings.adoption
    key = CohortsKey(tuple(sorted(set(quarters))), settings.cohort_years, settings.a3_months)

    def build() -> dict[str, dict[str, float]]:
        grid = ctx.grid(key.quarters)
        grid = grid.mutate(cohort_start=add_months(grid.month_start, -(12 * key.cohort_years - 1)))
        adoptions = adoption_tables(ctx).adoptions
        c = adoptions.join(
            grid, [adoptions.adopted >= grid.cohort_start, adoptions.adopted <= grid.month_end]
        )
        figures = c.group_by("month").aggregate(**_figures(c, key.a3_months))
        joined = grid.select("month").left_join(figures, "month").drop("month_right")
        frame = ctx.execute(joined).set_index("month").astype(float).fillna(0.0)
        return {
            str(label): {str(name): float(n) for name, n in row.items()}
            for label, row in frame.to_dict("index").items()
        }

    return ctx.once(key, build)
