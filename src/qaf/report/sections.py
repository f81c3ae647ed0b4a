"""The report's sections from one computation: the JSON document and the result rows beside it.

Each section holds its indicators' monthly table (the financial year's months across, as the seed
lays them out), a table by team with area and service subtotals, each other breakdown as its own
table, the "what moved" sentences, and the section's special tables (the seed's tables 12 and 25,
the adoption scorecard) from `qaf.report.special`."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from qaf.indicators.compute import Result
from qaf.indicators.dimensions import dimension
from qaf.indicators.months import Month
from qaf.indicators.pivot import pivot
from qaf.indicators.reference import SECTION_TITLES
from qaf.indicators.registry import load_all
from qaf.indicators.rows import NO_TEAM_KEY
from qaf.report import special
from qaf.report.document import Block, Cell, Column, Paragraph, Section, Signal, Table, TableRow
from qaf.report.tables import (
    LEVELS,
    figure,
    from_pivot,
    has_figures,
    lines_of,
    month_label,
    monthly_table,
    period_columns,
    reads_spc,
    rows_of,
)

TITLES = {
    **SECTION_TITLES,
    "2": "Internal case audits",
    "3": "Parent and carer feedback",
    "4": "The Independent Reviewing Unit",
}
TEAM_DIMS = frozenset({"team", "area", "service"})
# Breakdowns that a special table already lays out, so the generic tables leave them alone.
SPECIAL_DIMS = {"workforce.caseloads": {("allocation", "team")}}
# Indicators whose breakdowns are shown in full elsewhere: the population profile chart's data
# table, the adoption scorecard's counts.
SHOWN_ELSEWHERE = frozenset({"population.by_age_band", "adoption.counts_ytd"})
# Indicators whose breakdowns repeat a seed chart's data table (age and time in care; A1 and A2 by
# quarter): the HTML report keeps them, the PDF prints the chart's table only.
PRINTED_WITH_CHARTS = frozenset({"cla.time_in_care", "adoption.a1_days", "adoption.a2_days"})
# Sentences worth a reader's eye first: a special cause, or a missed target.
FINDING_WORDS = ("special cause", "missed the target")
MAX_FINDINGS = 6

# Indicators whose named extra figures the seed reports (year totals and averages, earlier
# years' outturns); the others' measures are workings, kept in the JSON.
MEASURE_TABLES = frozenset(
    {
        "early_help.assessments",
        "front_door.contacts",
        "front_door.referrals",
        "front_door.re_referral_12m_pct",
        "assessment.started",
        "cp.plan_starts",
        "cp.plan_ends_under_3m_pct",
        "cla.placements_3plus_ytd_pct",
        "cla.time_in_care",
        "cin.caseload",
        "feedback.forms",
        "iru.sw_change_pct",
        "iru.review_reports_on_time_pct",
    }
)

# The engine's standard measures (types.STANDARD_MEASURES) in a reader's words: the registry's
# descriptions name the JSON's fields, which mean nothing in print.
READER_WORDS = {
    "ytd_total": "Total for the financial year to date",
    "ytd_monthly_average": "Monthly average for the financial year to date",
    "previous_fy_same_period_total": "Total for the same months of the previous financial year",
    "ytd_change_pct": "Change on the same months of the previous financial year (none when that was 0)",
    # Measures whose registry descriptions name tables and columns.
    "fy_to_date_pct": "Share of plans ended within 3 months, financial year to date",
    "fy_to_date_monthly_average": "Monthly average for the financial year to date",
    "finance_only": "Children held by finance-only teams",
    "excluding_finance_only": "The caseload without the finance-only teams' children",
    "children_covered": "Children the month's forms cover",
    "distinct_social_workers": "Social workers the month's forms name",
}

SpecialBuilder = Callable[[Mapping[str, Any], Result, Month], list[Block]]
SPECIALS: dict[str, SpecialBuilder] = {
    "1.3": special.plan_ends_by_team,
    "1.5": special.adoption_scorecard,
    "1.6": special.caseloads_by_team,
}


def of_section(doc: Mapping[str, Any], section_id: str) -> dict[str, Mapping[str, Any]]:
    return {k: v for k, v in doc["indicators"].items() if v["section"] == section_id}


def indicator_section(
    section_id: str,
    doc: Mapping[str, Any],
    result: Result,
    finance_only: frozenset[str] = frozenset(),
) -> Section:
    """Sections 1.0 to 4: tables, special tables and sentences of the section's indicators.
    `finance_only`: the teams flagged finance-only, which table 25 lists after its total."""
    month = Month.parse(doc["month"])
    indicators = of_section(doc, section_id)
    title = TITLES.get(section_id, section_id)
    section = Section(section_id, title)
    with_figures = {k: v for k, v in indicators.items() if has_figures(v)}
    if not with_figures or not any(_nonzero(v) for v in with_figures.values()):
        section.blocks.append(
            Paragraph(
                f"This section has no data for {month_label(month.label)}: no records of "
                "this kind were in the data loaded."
            )
        )
        return section
    section.blocks.append(
        monthly_table(
            f"t{section_id}-monthly", f"{title}: each month of {month.fy}", with_figures, month
        )
    )
    # Section 1.6's lines by team are the seed's table 25 (special.caseloads_by_team).
    team = team_table(section_id, indicators, result, month) if section_id != "1.6" else None
    if team is not None:
        section.blocks.append(team)
    if section_id == "1.6":
        section.blocks += special.caseloads_by_team(doc, result, month, finance_only)
    elif section_id in SPECIALS:
        section.blocks += SPECIALS[section_id](doc, result, month)
    for ind_id, ind in indicators.items():
        section.blocks += breakdown_tables(ind_id, ind, result, month)
        measures = measures_table(ind_id, ind)
        if measures is not None:
            section.blocks.append(measures)
    for ind_id, ind in indicators.items():
        signals = ind.get("signals") or {}
        if signals.get("sentences") and reads_spc(ind_id):
            section.blocks.append(
                Signal(
                    ind_id,
                    ind["title"],
                    list(signals["sentences"]),
                    signals.get("variation"),
                    signals.get("assurance"),
                )
            )
    section.findings = findings(indicators)
    return section


def _nonzero(ind: Mapping[str, Any]) -> bool:
    return any(p.get("value") not in (None, 0) for p in ind.get("series", []))


def findings(indicators: Mapping[str, Mapping[str, Any]]) -> list[str]:
    found = []
    for ind_id, ind in indicators.items():
        if not reads_spc(ind_id):
            continue
        for sentence in (ind.get("signals") or {}).get("sentences", []):
            if any(word in sentence for word in FINDING_WORDS):
                found.append(sentence)
    return found[:MAX_FINDINGS]


def _dims_set(dims: Any) -> tuple[str, ...]:
    return tuple(sorted(dims)) if isinstance(dims, dict) else ()


def in_year(rows: pd.DataFrame, month: Month, period: str) -> pd.DataFrame:
    """Each month of the financial year to date, and the longer periods' rows of the report month
    only (each month carries its own year to date; the report shows the latest)."""
    months = {m.label for m in month.fy_to_date()}
    monthly = (rows["period_kind"] == "month") & rows["month"].isin(months)
    longer = (rows["period_kind"] != "month") & (rows["month"] == month.label)
    return rows[monthly | longer]


def team_table(
    section_id: str, indicators: Mapping[str, Mapping[str, Any]], result: Result, month: Month
) -> Table | None:
    """The report month's figure for each area within its service, each service and the council,
    for every indicator of the section broken down by team: the lines pivot() rolls up from the
    teams. Team by team is in the seed's tables 12 and 25 (and the JSON): a team line for every
    indicator would make the printed report several times longer."""
    registry = load_all()
    frames: dict[str, pd.DataFrame] = {}
    for ind_id, ind in indicators.items():
        if "team" not in ind.get("breakdowns", {}) or result.hierarchy is None:
            continue
        rows = rows_of(result, ind_id)
        rows = rows[
            (rows["month"] == month.label)
            & (rows["period_kind"] == registry[ind_id].period)
            & rows["dims"].map(lambda d: _dims_set(d) in ((), ("team",)))
        ]
        if rows.empty:
            continue
        frames[ind_id] = pivot(rows, "team", hierarchy=result.hierarchy, unit=ind["unit"])
    if not frames:
        return None
    lines: dict[Any, tuple[str, str]] = {}
    for frame in frames.values():
        for index, level, label in lines_of(frame):
            if level != "team" or index[1] == NO_TEAM_KEY:
                lines.setdefault(index, (level, label))
    columns = [Column("label", "Area or service", False)]
    columns += [Column(i, indicators[i]["title"], True) for i in frames]
    table_rows = []
    for index, (level, label) in lines.items():
        cells: dict[str, Cell] = {}
        for ind_id, frame in frames.items():
            value = frame.loc[index].iloc[1] if index in frame.index else None
            cells[ind_id] = figure(value, indicators[ind_id]["unit"], ind_id)
        table_rows.append(TableRow(cells, LEVELS.get(level, "item"), label))
    caption = (
        f"{TITLES.get(section_id, section_id)} by area and service, {month_label(month.label)}"
    )
    return Table(
        f"t{section_id}-teams",
        caption,
        columns,
        table_rows,
        [
            "Area and service lines add up their teams' counts (a rate from the sums); the "
            "total is the council's own figure for the month."
        ],
        # Beyond the seed's team tables (12 and 25, printed): the HTML report only.
        printed=False,
    )


def breakdown_tables(
    ind_id: str, ind: Mapping[str, Any], result: Result, month: Month
) -> list[Table]:
    """Each breakdown other than by team: one dimension down with the months across; two
    dimensions as a cross-table for the report month."""
    if ind_id in SHOWN_ELSEWHERE:
        return []
    registry = load_all()
    rows = rows_of(result, ind_id)
    rows = rows[rows["kind"].isin(("value", "breakdown"))]
    sets = sorted({_dims_set(d) for d in rows["dims"]} - {()}, key=lambda s: (len(s), s))
    shown = [d for d in sets if len(d) == 2 and not TEAM_DIMS & set(d)]
    tables = []
    for dims in sets:
        if TEAM_DIMS & set(dims) or dims in SPECIAL_DIMS.get(ind_id, set()) or len(dims) > 2:
            continue
        # A cross-table shows its margins as its total line and column: no table of its own.
        if len(dims) == 1 and any(dims[0] in cross for cross in shown):
            continue
        chosen = rows[rows["dims"].map(lambda d, dims=dims: _dims_set(d) in ((), dims))]
        unit = ind["unit"]
        if len(dims) == 1:
            frame = pivot(in_year(chosen, month, registry[ind_id].period), dims[0], unit=unit)
            columns = period_columns(frame)
            caption = _caption(ind["title"], _dim_label(dims[0]))
        else:
            now = chosen[
                (chosen["month"] == month.label)
                & (chosen["period_kind"] == registry[ind_id].period)
            ]
            if now.empty:
                continue
            # The dimension with fewer members goes across, so the table stays narrow.
            down, across = sorted(
                dims, key=lambda n: -now["dims"].map(lambda d: d.get(n)).nunique()
            )
            frame = pivot(now, down, (across,), unit=unit)
            columns = [(c, _member_label(across, c)) for c in frame.columns if c != "label"]
            # The title may name the dimensions already ("... by age and time in care").
            caption = (
                f"{ind['title']}, {month_label(month.label)} ({_dim_label(down)} down, "
                f"{_dim_label(across)} across)"
            )
        if frame.empty:
            continue
        tables.append(
            from_pivot(
                f"t-{ind_id}-{'-'.join(dims)}",
                caption,
                frame,
                ind_id,
                unit,
                columns,
                _dim_label(dims[0]).capitalize(),
            )
        )
        tables[-1].printed = ind_id not in PRINTED_WITH_CHARTS
    return tables


def _caption(title: str, dim: str) -> str:
    """A breakdown's caption: the title, then "by" the dimension unless the title names it."""
    return title if dim in title.lower() else f"{title} by {dim}"


def _dim_label(name: str) -> str:
    return dimension(name).label.lower()


def _member_label(name: str, key: Any) -> str:
    return dimension(name).label_of(str(key))


def _measure_words(name: str) -> str:
    """A measure's name as words: `fy_2012_13_monthly_average` -> `2012-13 monthly average`."""
    name = re.sub(r"fy_(\d{4})_(\d{2})", r"\1-\2", name)
    return name.replace("_pct", " %").replace("_", " ").replace("fy", "year").capitalize()


def measures_table(ind_id: str, ind: Mapping[str, Any]) -> Table | None:
    """The indicator's named extra figures for the report month, described from the registry."""
    if ind_id not in MEASURE_TABLES:
        return None
    described = load_all()[ind_id].measures
    rows = []
    for name, value in (ind.get("measures") or {}).items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        unit = (
            "percent"
            if name.endswith("_pct") or "_pct_" in name
            else ("count" if isinstance(value, int) else "ratio")
        )
        words = READER_WORDS.get(name) or described.get(name) or _measure_words(name)
        rows.append(TableRow({"value": figure(value, unit, ind_id)}, "item", words))
    if not rows:
        return None
    return Table(
        f"t-{ind_id}-measures",
        f"{ind['title']}: the figures behind it",
        [Column("label", "Figure", False), Column("value", "Value", True)],
        rows,
    )
