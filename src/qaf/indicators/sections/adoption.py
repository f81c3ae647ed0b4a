"""Section 1.5: the adoption scorecard (the seed's item 24).

The financial-year counts, the DfE scorecard measures A1-A3 over the pooled three-year cohort, and
the adopted and special-guardianship shares of children leaving care. The tables and fallbacks
behind them are in adoption_data.py; the counts and cohorts are aggregated in the engine
(adoption_counts.py, adoption_cohorts.py), and this module shapes their figures into rows."""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import pandas as pd

from qaf.indicators.blocks import fy_to_date
from qaf.indicators.context import Context
from qaf.indicators.months import FY_START_MONTH, Month
from qaf.indicators.registry import indicator
from qaf.indicators.rows import Rows, ratio
from qaf.indicators.sections.adoption_cohorts import (
    A1,
    A2,
    A3,
    COHORT_PERIOD,
    Measure,
    cohort_figures,
    cohort_period,
)
from qaf.indicators.sections.adoption_counts import fy_counts
from qaf.indicators.sections.adoption_data import ENTERED_SOURCES, ORDER_SOURCES, PLACED_SOURCES
from qaf.warehouse.codes import ADOPTED_REASONS, SGO_REASONS

# The seed's chart shows three earlier financial-year cohorts (2011-14, 2012-15, 2013-16) before
# the current year's quarters.
EARLIER_YEAR_END_COHORTS = 3
# SSDA903 reason episode ceased X1: a new episode starts the same day (the period of care goes on).
EPISODE_CONTINUES = "X1"

SCORECARD_SOURCE = """DfE adoption scorecard (measures A1, A2, A3, and Adoption 1 and 2 of the
children looked after and adoption performance tables), computed from SSDA903-shaped episodes,
placements, legal statuses and the SSD's ssd_permanence; the seed report's item 24."""

FALLBACK_NOTE = """Where ssd_permanence dates are empty (some case-management systems leave them
so), the date placed for adoption falls back to the start of an A3-A6 placement and the placement
order date to the start of legal status E1; the entered-care date is clae_entered_care_date, else the
first episode of the same period of care (clae_cla_id), else the latest episode started with reason S,
else the adoption episode's start. Measures count how many children used each source."""

# (key, label, the count it is a percentage of, as the seed shows it; None: no percentage).
COUNT_ROWS: tuple[tuple[str, str, str | None], ...] = (
    ("adopted", "Children adopted", "adopted"),
    ("adopted_5_plus", "Aged 5 and over", "adopted"),
    ("adopted_under_5", "Aged under 5", "adopted"),
    ("adopted_sibling_group", "Adopted children in sibling groups", "adopted"),
    ("decisions", "Children with a decision to be placed for adoption", None),
    ("placement_orders", "Children with a placement order", "decisions"),
    ("decisions_sibling_group", "Children with a decision who are in sibling groups", "decisions"),
    ("matched", "Children matched to adopters", "placement_orders"),
    ("placed", "Children matched and placed with adopters", "placement_orders"),
    ("reversed", "Children whose decision to be placed for adoption was reversed", None),
    ("sgo_exits", "Children leaving care on a special guardianship order", None),
)


_COUNT_KEYS = [key for key, _, _ in COUNT_ROWS]
_AFTER_PLACED = _COUNT_KEYS.index("placed") + 1
# The measures counts_ytd reports, in their order: each count (placed for adoption, matched or
# not, beside matched and placed), then the adopted of unknown age and the dates' sources.
MEASURE_ORDER = (
    *_COUNT_KEYS[:_AFTER_PLACED],
    "placed_for_adoption",
    *_COUNT_KEYS[_AFTER_PLACED:],
    "adopted_age_unknown",
    *(f"placement_orders_from_{s}" for s in ORDER_SOURCES),
    *(f"placed_from_{s}" for s in PLACED_SOURCES),
)


@indicator(
    id="adoption.counts_ytd",
    title="Adoption scorecard: the year's counts",
    unit="count",
    polarity="neutral",
    section="1.5",
    definition="""Financial year to date (1 April to the month's last day), counts of distinct
    children: adopted (a looked-after episode ceased with reason E11 or E12), split by age at
    adoption (under 5 / 5 and over) and by whether ssd_permanence flags them as part of a sibling
    group; with a decision that they should be placed for adoption (perm_adm_decision_date);
    with a placement order (perm_placement_order_date); matched to adopters (perm_matched_date);
    matched and placed (of those matched, the children placed for adoption, perm_placed_for_adoption_date,
    on or before the month's last day: a subset of matched); placed for adoption in the year
    (measure placed_for_adoption, matched or not); whose decision was reversed
    (perm_decision_reversed_date); and leaving care on a special guardianship order (an episode
    ceased E43 to E48: E45-E48 are the current DfE codes, E43 and E44 the older ones). The headline value is the children adopted. Breakdown `measure` has one row
    per count in the seed's order: numerator = the count; where the seed shows a percentage, the
    denominator is the count it is a share of (adopted for the age and sibling rows; decisions for
    placement orders and for children with a decision in sibling groups; placement orders for
    matched and placed) and the value is that percentage; otherwise the value is the count and
    there is no denominator.""",
    source=SCORECARD_SOURCE,
    breakdowns=("measure",),
    period="fytd",
    measures={
        **{key: f"FY to date: {label.lower()}" for key, label, _ in COUNT_ROWS},
        "placed_for_adoption": "FY to date: children placed for adoption, matched this year or not",
        "adopted_age_unknown": "children adopted FY to date with no date of birth (in neither age group)",
        "placement_orders_from_permanence": "placement orders dated from perm_placement_order_date",
        "placement_orders_from_legal_status": "placement orders dated from the first E1 legal status (no permanence date recorded for the child)",
        "placed_from_permanence": "placements for adoption dated from perm_placed_for_adoption_date",
        "placed_from_placement": "placements for adoption dated from the first A3-A6 placement (no permanence date recorded for the child)",
    },
    departures="""A placement order or placement for adoption falls back to the first E1 legal status
    or A3-A6 placement only for a child with no such date anywhere in ssd_permanence. """
    + FALLBACK_NOTE,
)
def counts_ytd(ctx: Context) -> pd.DataFrame:
    by_month = fy_counts(ctx)
    rows = Rows()
    for month in ctx.months:
        counts = by_month[month.label]
        rows.value(month, counts["adopted"])
        if month != ctx.month:
            continue
        for key, label, base in COUNT_ROWS:
            n = counts[key]
            if base is None:
                rows.breakdown("measure", month, key, label, n, n)
            else:
                rows.breakdown(
                    "measure", month, key, label, ratio(n, counts[base]), n, counts[base]
                )
        for name in MEASURE_ORDER:
            rows.measure(month, name, counts[name])
    return rows.frame()


# --- A1, A2, A3: the pooled three-year cohort ending at a quarter's end ---


def quarter_end(month: Month) -> Month:
    """The last complete quarter (ending March, June, September or December) at the month's end."""
    return month.shift(-(month.month % 3))


def _quarter_label(ctx: Context, quarter: Month) -> str:
    years = ctx.settings.adoption.cohort_years
    number = (quarter.month - FY_START_MONTH) % 12 // 3 + 1
    return f"{years} years to {quarter.end:%d %b %Y} ({quarter.fy} Q{number})"


def _quarters(ctx: Context) -> list[Month]:
    """The chart's points: the earlier year-end cohorts, then this FY's quarters to date."""
    latest = quarter_end(ctx.month)
    year_ends = [
        Month(ctx.month.fy_start_year - k, 3) for k in range(EARLIER_YEAR_END_COHORTS - 1, -1, -1)
    ]
    quarters = [m for m in (quarter_end(x) for x in ctx.month.fy_to_date()) if m <= latest]
    return sorted(set(year_ends + quarters))


def _scorecard(ctx: Context, measure: Measure, extra: dict[str, float]) -> pd.DataFrame:
    """Series by month (each month's last complete quarter), breakdown `quarter`, and measures;
    every row covers its own cohort's years (cohort_period), not the month it is reported under."""
    quarters = _quarters(ctx)
    figures = cohort_figures(ctx, [*quarters, *(quarter_end(m) for m in ctx.months)])
    years = ctx.settings.adoption.cohort_years
    rows = Rows()

    def cell(quarter: Month) -> tuple[float | None, float, float]:
        found = figures[quarter.label]
        num, den = found[f"{measure.name}_num"], found[f"{measure.name}_den"]
        return ratio(num, den, measure.scale), num, den

    for month in ctx.months:
        rows.value(cohort_period(quarter_end(month), years, month), *cell(quarter_end(month)))
    for quarter in quarters:
        label = _quarter_label(ctx, quarter)
        period = cohort_period(quarter, years, ctx.month)
        rows.breakdown("quarter", period, quarter.label, label, *cell(quarter))
    # The measures describe the report month's cohort (the threshold beside it).
    latest_period = cohort_period(quarter_end(ctx.month), years, ctx.month)
    latest = figures[quarter_end(ctx.month).label]
    rows.measure(latest_period, "cohort_children", latest["cohort_children"])
    rows.measure(latest_period, "children_with_dates", latest[f"{measure.name}_den"])
    for column, names in measure.sources:
        for source in names:
            name = f"{column}_from_{source}"
            rows.measure(latest_period, name, latest[f"{measure.name}_{name}"])
    for name, number in extra.items():
        rows.measure(latest_period, name, number)
    return rows.frame()


COHORT_DEFINITION = """The cohort is the children adopted (an episode ceased E11 or E12) in the
settings' cohort_years (3) years ending at a quarter's end. A month's value is the cohort ending at
the last complete quarter at that month's end (September 2016 -> 1 October 2013 to 30 September
2016; August 2016 -> the quarter ending 30 June 2016). Breakdown `quarter` gives the chart's points
for the report month: the cohorts ending 31 March of the three years before, then each quarter of
this financial year to date; numerator and denominator as for the value. Each row's period
(period_kind cohort_3y, period_start, period_end) is its own cohort's, so a cohort reaching before
the data starts is marked incomplete."""

_SOURCE_MEASURES = {
    **{
        f"entered_from_{s}": f"children whose entered-care date came from {s}"
        for s in ENTERED_SOURCES
    },
    **{
        f"placed_from_{s}": f"children whose placed-for-adoption date came from {s}"
        for s in PLACED_SOURCES
    },
}
_COHORT_MEASURES = {
    "cohort_children": "children adopted in the report month's cohort",
    "children_with_dates": "of those, children with both dates in order (the denominator)",
}


@indicator(
    id="adoption.a1_days",
    title="A1: average days from entering care to placement for adoption",
    unit="days",
    polarity="down",
    section="1.5",
    definition="""For each child in the cohort, the days from entering care to being placed for
    adoption; the value is their mean (numerator = total days, denominator = children with both
    dates, the placement on or after entering care). """
    + COHORT_DEFINITION,
    source=SCORECARD_SOURCE + " Threshold: settings.adoption.a1_threshold_days (14 months).",
    breakdowns=("quarter",),
    period=COHORT_PERIOD,
    measures={
        "threshold_days": "the scorecard threshold (settings.adoption.a1_threshold_days; the seed's target line)",
        **_COHORT_MEASURES,
        **_SOURCE_MEASURES,
    },
    departures="""DfE's A1 uses, for a child adopted by their foster carers, the date they moved in
    with those carers; QAF uses the date placed for adoption for every child. """
    + FALLBACK_NOTE,
)
def a1_days(ctx: Context) -> pd.DataFrame:
    return _scorecard(ctx, A1, {"threshold_days": ctx.settings.adoption.a1_threshold_days})


@indicator(
    id="adoption.a2_days",
    title="A2: average days from placement order to match with adopters",
    unit="days",
    polarity="down",
    section="1.5",
    definition="""For each child in the cohort, the days from the placement order (court authority
    to place) to the decision matching them with adopters (perm_matched_date); the value is their
    mean (numerator = total days, denominator = children with both dates in order). """
    + COHORT_DEFINITION,
    source=SCORECARD_SOURCE + " Threshold: settings.adoption.a2_threshold_days (4 months).",
    breakdowns=("quarter",),
    period=COHORT_PERIOD,
    measures={
        "threshold_days": "the scorecard threshold (settings.adoption.a2_threshold_days; the seed's target line)",
        **_COHORT_MEASURES,
        **{
            f"order_from_{s}": f"children whose placement-order date came from {s}"
            for s in ORDER_SOURCES
        },
    },
    departures="""The match date has no fallback: a child with no perm_matched_date is left out
    (cohort_children minus children_with_dates). """
    + FALLBACK_NOTE,
)
def a2_days(ctx: Context) -> pd.DataFrame:
    return _scorecard(ctx, A2, {"threshold_days": ctx.settings.adoption.a2_threshold_days})


@indicator(
    id="adoption.a3_pct",
    title="A3: children placed for adoption within 16 months of entering care",
    unit="percent",
    polarity="up",
    section="1.5",
    definition="""Of the children in the cohort with an entered-care date and a placed-for-adoption
    date on or after it (denominator), % placed before entering care + settings.adoption.a3_months
    (16) calendar months (numerator). """
    + COHORT_DEFINITION,
    source=SCORECARD_SOURCE
    + " The seed uses 16 months (reduced from 18); later DfE scorecards use 14.",
    breakdowns=("quarter",),
    period=COHORT_PERIOD,
    measures={
        "threshold_months": "the months a child may wait (settings.adoption.a3_months)",
        **_COHORT_MEASURES,
        **_SOURCE_MEASURES,
    },
    departures=FALLBACK_NOTE,
)
def a3_pct(ctx: Context) -> pd.DataFrame:
    return _scorecard(ctx, A3, {"threshold_months": ctx.settings.adoption.a3_months})


# --- the adopted and special-guardianship shares of children leaving care ---


@dataclass(frozen=True)
class LeaversKey:
    """Children leaving care, adopted and on special guardianship, FY to date at these months."""

    months: tuple[Month, ...]


def _leavers(ctx: Context) -> pd.DataFrame:
    """month, left, adopted, sgo: distinct children whose period of care ended FY to date."""

    def build() -> pd.DataFrame:
        eps = ctx.table("ssd_cla_episodes")
        reason = eps.clae_cla_episode_ceased_reason
        ended = eps.filter(
            eps.clae_cla_episode_ceased_date.notnull()
            & reason.notnull()
            & (reason != EPISODE_CONTINUES)
        )
        joined = fy_to_date(ended, "clae_cla_episode_ceased_date", ctx.grid())
        person = joined.clae_person_id
        none = ibis.null("string")
        counts = joined.group_by("month").aggregate(
            left=person.nunique(),
            adopted=ibis.ifelse(
                joined.clae_cla_episode_ceased_reason.isin(ADOPTED_REASONS), person, none
            ).nunique(),
            sgo=ibis.ifelse(
                joined.clae_cla_episode_ceased_reason.isin(SGO_REASONS), person, none
            ).nunique(),
        )
        return ctx.execute(counts)

    return ctx.once(LeaversKey(tuple(sorted(set(ctx.months)))), build)


def _share(ctx: Context, column: str) -> pd.DataFrame:
    found = {str(row["month"]): row for row in _leavers(ctx).to_dict("records")}
    rows = Rows()
    for month in ctx.months:
        row = found.get(month.label, {})
        rows.ratio(month, float(row.get(column, 0)), float(row.get("left", 0)))
    return rows.frame()


LEAVERS_DEFINITION = """Denominator: distinct children with a looked-after episode that ceased in the
financial year to date with a reason other than X1 (so the period of care ended; an episode with a
ceased date but no reason is not counted). Numerator: those of them with such an episode ceased"""


@indicator(
    id="adoption.adopted_pct",
    title="Children leaving care who were adopted",
    unit="percent",
    polarity="up",
    section="1.5",
    period="fytd",
    definition=LEAVERS_DEFINITION + " E11 or E12 (adopted).",
    source="""DfE children looked after statistics (Adoption 1 in the seed's scorecard: % of children
    who ceased to be looked after who were adopted); the seed report's item 24.""",
    departures="""Counted over the financial year to date rather than the DfE's whole year ending 31
    March; a child leaving care twice in the year counts once.""",
)
def adopted_pct(ctx: Context) -> pd.DataFrame:
    return _share(ctx, "adopted")


@indicator(
    id="adoption.sgo_pct",
    title="Children leaving care on a special guardianship order",
    unit="percent",
    polarity="up",
    section="1.5",
    period="fytd",
    definition=LEAVERS_DEFINITION
    + """ E43 to E48 (special guardianship order: E45-E48 in the current DfE code set, by who the
    special guardian is; E43 and E44 in earlier code sets).""",
    source="""DfE children looked after statistics (Adoption 2 in the seed's scorecard: % of children
    who ceased to be looked after because of a special guardianship order); the seed's item 24.""",
    departures="""Counted over the financial year to date rather than the DfE's whole year ending 31
    March; a child leaving care twice in the year counts once.""",
)
def sgo_pct(ctx: Context) -> pd.DataFrame:
    return _share(ctx, "sgo")
