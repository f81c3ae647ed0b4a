"""The report's charts: `figures_for(section_id, results, month)` gives each section's figures from
the `qaf indicators` JSON (docs/output.md), where the seed report has a chart, plus an XmR chart for
each section's headline indicators. Data that is absent gives no figure, never an empty chart."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qaf.indicators.months import Month
from qaf.report.chart_bars import population_figure, time_in_care_figure
from qaf.report.chart_measures import (
    adoption_figure,
    caseloads_figure,
    placements_figure,
)
from qaf.report.chart_spc import spc_figure
from qaf.report.chart_style import Draft, render_all, render_later, warm_up
from qaf.report.chart_trend import trend_figure
from qaf.report.document import Figure

FigureMaker = Callable[[dict[str, Any], Month], "Draft | None"]


def _trend(indicator_id: str) -> FigureMaker:
    def make(results: dict[str, Any], month: Month) -> Draft | None:
        entry = results["indicators"].get(indicator_id)
        return trend_figure(indicator_id, entry, month) if entry else None

    return make


# The seed report's charts, by section, in the order they appear there.
SEED_CHARTS: dict[str, tuple[FigureMaker, ...]] = {
    "1.0": (population_figure,),
    "1.3": (_trend("cp.rate_per_10k"),),
    "1.4": (
        placements_figure,
        _trend("cla.long_term_stability_pct"),
        time_in_care_figure,
    ),
    "1.5": (adoption_figure,),
    "1.6": (caseloads_figure,),
}

# Headline indicators drawn as XmR charts: the figures leaders follow month by month. Adoption's
# measures are 3-year cohorts, whose months overlap, so they get no XmR chart.
SPC_HEADLINES: dict[str, tuple[str, ...]] = {
    "1.0": ("cin.caseload",),
    "1.1": ("front_door.referrals", "front_door.re_referral_12m_pct"),
    "1.2": ("assessment.within_45_days_pct",),
    "1.3": ("cp.plans",),
    "1.4": ("cla.children", "cla.visited_6w_pct"),
    "1.6": ("workforce.caseloads",),
    "2": ("audit.overall_3plus_pct",),
    "3": ("feedback.positive_pct",),
    "4": ("iru.review_reports_on_time_pct",),
}


def drafts_for(section_id: str, results: dict[str, Any], month: Month) -> list[Draft]:
    """The figures of one section, not yet rendered."""
    results = {**results, "indicators": results.get("indicators") or {}}
    drafts: list[Draft] = []
    for make in SEED_CHARTS.get(section_id, ()):
        made = make(results, month)
        if made is not None:
            drafts.append(made)
    for indicator_id in SPC_HEADLINES.get(section_id, ()):
        entry = results["indicators"].get(indicator_id)
        spc = spc_figure(indicator_id, entry) if entry else None
        if spc is not None:
            drafts.append(spc)
    return drafts


def figures_for(section_id: str, results: dict[str, Any], month: Month) -> list[Figure]:
    """Every figure of one section (none for a section without charts or without data)."""
    return render_all(drafts_for(section_id, results, month))


def all_figures(
    results: dict[str, Any], month: Month, section_ids: list[str] | tuple[str, ...]
) -> dict[str, list[Figure]]:
    """Every section's figures, rendered together (faster than section by section)."""
    return figures_later(results, month, section_ids)()


def figures_later(
    results: dict[str, Any], month: Month, section_ids: list[str] | tuple[str, ...]
) -> Callable[[], dict[str, list[Figure]]]:
    """Start drawing every section's figures in the background; calling the result waits for
    them (build draws the charts while it builds the tables)."""
    drafts = {s: drafts_for(s, results, month) for s in section_ids}
    pending = render_later([d for s in section_ids for d in drafts[s]])

    def figures() -> dict[str, list[Figure]]:
        rendered = iter(pending())
        return {s: [next(rendered) for _ in drafts[s]] for s in section_ids}

    return figures


__all__ = ["all_figures", "drafts_for", "figures_for", "figures_later", "warm_up"]
