"""The adoption scorecard's financial-year counts, aggregated in the engine: one query gives, for
every month of a series, the counts of distinct children from 1 April to the month's last day."""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import pandas as pd

from qaf.indicators.blocks import age_years, fy_to_date
from qaf.indicators.context import Context
from qaf.indicators.months import Month
from qaf.indicators.sections.adoption_data import (
    DECISION,
    MATCHED,
    ORDER_SOURCES,
    PLACED,
    PLACED_SOURCES,
    PLACEMENT_ORDER,
    REVERSED,
    SGO,
    adoption_tables,
)

# The seed's scorecard splits children adopted at age 5 (aged under 5 / aged 5 and over).
AGE_SPLIT_YEARS = 5


@dataclass(frozen=True)
class FyCountsKey:
    """The year-to-date counts at each of these month ends."""

    months: tuple[Month, ...]


def _children(t: ir.Table, condition: ir.BooleanValue) -> ir.IntegerScalar:
    """Distinct children among the rows meeting `condition`."""
    return ibis.ifelse(condition, t.person_id, ibis.null("string")).nunique()


def _number(condition: ir.BooleanValue) -> ir.IntegerScalar:
    """Rows meeting `condition` (a null condition is not met)."""
    return ibis.ifelse(condition.fill_null(False), 1, 0).sum()


def _event_counts(events: ir.Table, grid: ir.Table) -> ir.Table:
    # "Matched and placed" is a subset of matched: those matched this year who have been placed
    # for adoption by the month's end (placed this year or, matched late last year, earlier).
    placed = events.filter(events.kind == PLACED)
    first_placed = placed.group_by(fp_person="person_id").aggregate(first_placed=placed.date.min())
    ev = fy_to_date(events, "date", grid)
    ev = ev.left_join(first_placed, ev.person_id == first_placed.fp_person)
    kind, source = ev.kind, ev.source
    figures = {
        "decisions": _children(ev, kind == DECISION),
        "placement_orders": _children(ev, kind == PLACEMENT_ORDER),
        "decisions_sibling_group": _children(ev, (kind == DECISION) & ev.sibling_group),
        "matched": _children(ev, kind == MATCHED),
        "placed": _children(ev, (kind == MATCHED) & (ev.first_placed <= ev.month_end)),
        "placed_for_adoption": _children(ev, kind == PLACED),
        "reversed": _children(ev, kind == REVERSED),
        "sgo_exits": _children(ev, kind == SGO),
    }
    for kind_name, prefix, names in (
        (PLACEMENT_ORDER, "placement_orders", ORDER_SOURCES),
        (PLACED, "placed", PLACED_SOURCES),
    ):
        for name in names:
            figures[f"{prefix}_from_{name}"] = _children(ev, (kind == kind_name) & (source == name))
    return ev.group_by("month").aggregate(**figures)


def _adopted_counts(adoptions: ir.Table, grid: ir.Table) -> ir.Table:
    ad = fy_to_date(adoptions, "adopted", grid)
    # A child adopted twice in the year counts once, at their latest adoption.
    latest = ibis.row_number().over(
        group_by=[ad.month, ad.person_id], order_by=[ad.adopted.desc(), ad.episode_id.desc()]
    )
    ad = ad.mutate(_latest=latest).filter(lambda t: t._latest == 0)
    age = age_years(ad.dob, ad.adopted)
    return ad.group_by("month").aggregate(
        adopted=ad.count(),
        adopted_5_plus=_number(age >= AGE_SPLIT_YEARS),
        adopted_under_5=_number(age < AGE_SPLIT_YEARS),
        adopted_sibling_group=_number(ad.sibling_group),
        adopted_age_unknown=_number(age.isnull()),
    )


def fy_counts(ctx: Context) -> dict[str, dict[str, int]]:
    """Month label -> count name -> distinct children, for every month of ctx.months."""

    def build() -> dict[str, dict[str, int]]:
        tables = adoption_tables(ctx)
        grid = ctx.grid()
        events = _event_counts(tables.events, grid)
        adopted = _adopted_counts(tables.adoptions, grid)
        months = grid.select("month")
        joined = months.left_join(events, "month").drop("month_right")
        joined = joined.left_join(adopted, "month").drop("month_right")
        frame: pd.DataFrame = ctx.execute(joined)
        # A month with no rows to count is 0 (null after the left join).
        counts = frame.set_index("month").astype(float).fillna(0.0).astype(int)
        return {
            str(label): {str(name): int(n) for name, n in row.items()}
            for label, row in counts.to_dict("index").items()
        }

    return ctx.once(FyCountsKey(tuple(sorted(set(ctx.months)))), build)
