"""Section 1.0 (part): the population profile, from ONS mid-year estimates in qaf_population."""

from __future__ import annotations

import pandas as pd

from qaf.indicators.context import ENGLAND, Context
from qaf.indicators.registry import indicator
from qaf.indicators.rows import Rows, ratio

BANDS = ("0", "1-4", "5-9", "10-15", "16-17", "18-25")
ONS_SOURCE = (
    "ONS mid-year population estimates (qaf_population); the seed's population profile table."
)


def _latest(pop: pd.DataFrame, area: str, year: int) -> pd.DataFrame:
    rows = pop[(pop["area_code"] == area) & (pop["mid_year"] <= year)]
    return rows[rows["mid_year"] == rows["mid_year"].max()] if len(rows) else rows


@indicator(
    id="population.by_age_band",
    title="Population by age band",
    unit="count",
    polarity="neutral",
    section="1.0",
    definition="""Population in the bands 0, 1-4, 5-9, 10-15, 16-17 and 18-25 for the council and for
    England, from the latest mid-year estimate whose year is no later than the month's year; each band
    also as a percentage of the area's all-age population. The headline value is the council's
    all-age population (null before the first estimate). Rows by area_code and age_band carry the
    count as numerator and the area's all-age population as denominator.""",
    source=ONS_SOURCE,
    breakdowns=("area_code+age_band", "band", "band_pct"),
)
def population_by_age_band(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    pop = ctx.population()
    la = ctx.la_area_code()
    for month in ctx.months:
        # A month with no estimate yet (before the first mid-year) still has its row: null.
        council = _latest(pop, la, month.year) if la is not None else pop.iloc[0:0]
        totals = council[council["age_band"] == "all"]["population"]
        rows.value(month, float(totals.iloc[0]) if len(totals) else None)
    for area in (la, ENGLAND):
        if area is None:
            continue
        latest = _latest(pop, area, ctx.month.year)
        by_band = dict(zip(latest["age_band"], latest["population"], strict=False))
        total = by_band.get("all")
        name = (
            str(latest["area_name"].dropna().iloc[0]) if latest["area_name"].notna().any() else area
        )
        for band in BANDS:
            count = by_band.get(band)
            if count is None:
                continue
            label = f"{name} {band}"
            dims = {"area_code": area, "age_band": band}
            # One row per area and band: the count, with the area's all-age total as denominator
            # (the percentage is numerator / denominator x 100).
            rows.cell(ctx.month, dims, count, count, total, label, parent=area)
            # The older flat breakdowns `band` and `band_pct` (keys "area:band"), kept for readers
            # of interfaces.md section 3.
            key = f"{area}:{band}"
            rows.breakdown("band", ctx.month, key, label, count, parent=area)
            pct = ratio(count, total)
            rows.breakdown("band_pct", ctx.month, key, label, pct, count, total, parent=area)
    return rows.frame()


@indicator(
    id="population.under_18",
    title="Children aged 0 to 17",
    unit="count",
    polarity="neutral",
    section="1.0",
    definition="""The council's population aged 0 to 17 (the sum of bands 0, 1-4, 5-9, 10-15 and
    16-17) from the latest mid-year estimate whose year is no later than the month's year: the
    denominator of every rate per 10,000 children.""",
    source=ONS_SOURCE + " Seed check: mid-2015 Devon 142,591.",
)
def population_under_18(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    for month in ctx.months:
        rows.value(month, ctx.under_18_population(month))
    return rows.frame()
