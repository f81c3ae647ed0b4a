"""Section 1.6: workforce and caseloads (the seed's table 25), agency share, open cases by status.

The staff list and the open cases behind them are in workforce_data.py."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from qaf.indicators.breakdowns import pct_value, ratio_value, team_breakdowns
from qaf.indicators.context import Context
from qaf.indicators.models import NAMED_WORKER_DOC
from qaf.indicators.months import Month
from qaf.indicators.registry import indicator
from qaf.indicators.rows import NO_TEAM_KEY, NO_TEAM_LABEL, Rows, ratio
from qaf.indicators.sections.workforce_data import STATUS_LABELS, open_cases
from qaf.indicators.staff import staff, staff_counts

TABLE_25_SOURCE = """The seed report's table 25 (worker case allocation and FTE by service and team)
and its footnotes, which are QAF's caseload settings (settings.caseload)."""

# The staff list's counts (staff.staff_counts) each reported as the measure staff_<name>.
STAFF_MEASURES = (
    "from_qaf_staff", "from_ssd_professionals", "counted", "long_term_absent", "without_team",
    "not_current",
)  # fmt: skip
STAFF_DEPARTURE = """Staff (qaf_staff, or ssd_professionals where qaf_staff is empty) are as at the
extract date: the FTE for earlier months of the series uses today's staff list, since neither
table records who was in which team when. ssd_professionals records no absence, so the long-term
absence rule applies only with qaf_staff; and it keeps leavers with no end date, so from it a
worker counts only while holding an involvement open at the report month's end (a new starter with
no cases yet is missed)."""

RULES = """Caseload FTE (settings.caseload): a worker's FTE, except that team managers and
assistant team managers add none unless their team is flagged manager_holds_cases; ASYE and
newly qualified social workers count at newly_qualified_weight (0.6) of their FTE; family
practitioners count only in teams flagged family_practitioners_count; staff on long-term absence
are left out; roles other than these and social workers (OTHER) add none."""

# The dimension that marks the "% allocated to a named worker" rows of workforce.caseloads.
ALLOCATION, NAMED_WORKER = "allocation", "named_worker"

TEAM_OF_CASE = (
    """A case is a child with an open children-in-need episode at month end
(cine_referral_date on or before the last day, cine_close_date empty or later). Its team is the
allocated case worker's involvement team (the open CW involvement), else that worker's own team,
else the episode's cine_referral_team; with none of these it is under "No assigned team". """
    + NAMED_WORKER_DOC
)


@dataclass(frozen=True)
class TeamSumsKey:
    months: tuple[Month, ...]


@dataclass(frozen=True)
class Team:
    key: str
    label: str
    area: str | None
    service: str | None
    finance_only: bool


def _teams(ctx: Context, keys: set[str]) -> list[Team]:
    """The lookup's teams plus any other team a case or worker names, and "No assigned team"."""
    lookup = ctx.teams()
    info: dict[str, Team] = {}
    for row in lookup.to_dict("records"):
        key = str(row["team_id"])
        name, area, service = row.get("team_name"), row.get("area"), row.get("service")
        info[key] = Team(
            key,
            str(name) if name is not None and not pd.isna(name) else key,
            str(area) if area is not None and not pd.isna(area) else None,
            str(service) if service is not None and not pd.isna(service) else None,
            bool(row.get("finance_only")) if not pd.isna(row.get("finance_only")) else False,
        )
    for key in sorted(keys - set(info) - {NO_TEAM_KEY}):
        info[key] = Team(key, key, None, None, False)
    info[NO_TEAM_KEY] = Team(NO_TEAM_KEY, NO_TEAM_LABEL, None, None, False)
    return list(info.values())


def _sums(ctx: Context, month: Month) -> pd.DataFrame:
    """Per team key: label, area, service, finance_only, holding, fte, agency_fte, and the
    month's cases and allocated cases (care leavers are not cases here)."""

    def build() -> dict[str, pd.DataFrame]:
        cases = open_cases(ctx)
        cases = cases[cases["status"] != "care_leaver"]
        cases = cases.assign(
            key=cases["team_id"].fillna(NO_TEAM_KEY),
            allocated_n=cases["n"].where(cases["allocated"], 0),
        )
        by_month = cases.groupby(["month", "key"]).agg(
            cases=("n", "sum"), allocated=("allocated_n", "sum")
        )
        workers = staff(ctx)
        by_team = workers.group_by(key=workers.team_id.fill_null(NO_TEAM_KEY)).aggregate(
            fte=workers.caseload_fte.sum(), agency_fte=workers.agency_fte.sum()
        )
        fte = ctx.execute(by_team).set_index("key").astype(float)
        keys = {str(k) for k in cases["key"]} | {str(k) for k in fte.index}
        teams = _teams(ctx, keys)
        base = pd.DataFrame(
            {
                "key": [t.key for t in teams],
                "label": [t.label for t in teams],
                "area": [t.area for t in teams],
                "service": [t.service for t in teams],
                "finance_only": [t.finance_only for t in teams],
            }
        ).set_index("key")
        # Case-holding teams: every team but the finance-only ones and "No assigned team".
        base["holding"] = ~base["finance_only"] & (base.index != NO_TEAM_KEY)
        base = base.join(fte).fillna({"fte": 0.0, "agency_fte": 0.0})
        months = set(by_month.index.get_level_values("month"))
        out = {}
        for m in ctx.months:
            found = by_month.xs(m.label, level="month") if m.label in months else None
            frame = base.join(found) if found is not None else base.assign(cases=0, allocated=0)
            out[m.label] = frame.fillna({"cases": 0, "allocated": 0})
        return out

    return ctx.once(TeamSumsKey(tuple(ctx.months)), build)[month.label]


@indicator(
    id="workforce.caseloads",
    title="Cases per caseload FTE",
    unit="ratio",
    polarity="neutral",
    section="1.6",
    definition=f"""At month end, per team: caseload FTE, open cases, cases allocated to a named
    worker, and cases per caseload FTE. {RULES} {TEAM_OF_CASE} The headline value is the council's
    open cases in case-holding teams (every team except those flagged finance_only, and not "No
    assigned team") per caseload FTE of those teams (numerator cases, denominator FTE; the seed's
    "Total (excluding FOC cases)"). For the report month, rows with dims {{team}} (parent: the
    team's area), {{area}} and {{service}}: cases per caseload FTE, numerator open cases, denominator
    caseload FTE (a team with no FTE: null); and the same dims plus allocation=named_worker: %
    allocated to a named worker, numerator allocated cases, denominator open cases. Areas and
    services are rolled up from their teams by the team hierarchy's one rule (finance-only teams in
    their own service; "No assigned team" on its own), so the seed's table 25 is
    `pivot(rows, "team")` of this indicator, its service-and-area subtotals made by the pivot. The
    measures give the totals with and without finance-only teams and "No assigned team".""",
    source=TABLE_25_SOURCE,
    breakdowns=("team", "area", "service", ALLOCATION),
    measures={
        "fte_excl_finance_only": "caseload FTE of case-holding teams (the headline's denominator)",
        "cases_excl_finance_only": "open cases in case-holding teams (the headline's numerator)",
        "allocated_excl_finance_only": "of those, allocated to a named worker",
        "allocated_pct_excl_finance_only": "% of those allocated to a named worker",
        "finance_only_cases": "open cases in teams flagged finance_only",
        "no_team_cases": "open cases with no team and no case worker",
        "cases_incl_finance_only": "all open cases (case-holding, finance-only and no team)",
        "allocated_incl_finance_only": "of all open cases, allocated to a named worker",
        "staff_from_qaf_staff": "workers whose status came from qaf_staff",
        "staff_from_ssd_professionals": "workers whose status was derived from ssd_professionals",
        "staff_counted": "workers adding caseload FTE",
        "staff_long_term_absent": "workers left out as on long-term absence",
        "staff_without_team": "workers with no team (their FTE is under No assigned team)",
        "staff_not_current": "ssd_professionals workers left out as holding no involvement open at the report month's end (leavers)",
    },
    departures=STAFF_DEPARTURE,
)
def caseloads(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    for month in ctx.months:
        sums = _sums(ctx, month)
        holding = sums[sums["holding"]]
        cases, fte = float(holding["cases"].sum()), float(holding["fte"].sum())
        rows.value(month, ratio(cases, fte, 1.0), cases, fte)
        if month != ctx.month:
            continue
        # Teams and their roll-up to area and service (breakdowns.roll_up, the one rule):
        # cases per caseload FTE, then % allocated to a named worker under allocation=named_worker.
        per_team = sums.reset_index()
        team_breakdowns(
            ctx,
            rows,
            month,
            per_team,
            ratio_value,
            team_col="key",
            numerator="cases",
            denominator="fte",
        )
        team_breakdowns(
            ctx, rows, month, per_team, pct_value, team_col="key", numerator="allocated",
            denominator="cases", extra_dims={ALLOCATION: NAMED_WORKER},
        )  # fmt: skip
        allocated = float(holding["allocated"].sum())
        counts = staff_counts(ctx)
        figures = {
            "fte_excl_finance_only": fte,
            "cases_excl_finance_only": cases,
            "allocated_excl_finance_only": allocated,
            "allocated_pct_excl_finance_only": ratio(allocated, cases),
            "finance_only_cases": float(sums.loc[sums["finance_only"], "cases"].sum()),
            "no_team_cases": float(sums["cases"].loc[NO_TEAM_KEY]),
            "cases_incl_finance_only": float(sums["cases"].sum()),
            "allocated_incl_finance_only": float(sums["allocated"].sum()),
            **{f"staff_{name}": counts[name] for name in STAFF_MEASURES},
        }
        for name, number in figures.items():
            rows.measure(month, name, number)
    return rows.frame()


def _not_recorded(numerator: float, denominator: float | None) -> float | None:
    """A share whose numerator is not recorded: no value, never 0%."""
    return None


@indicator(
    id="workforce.agency_pct",
    title="Caseload FTE held by agency staff",
    unit="percent",
    polarity="down",
    section="1.6",
    definition=f"""Agency workers' caseload FTE as a % of all caseload FTE (numerator agency FTE,
    denominator caseload FTE), for the council and, for the report month, by `team` (parent: area),
    `area` and `service`; a team with no caseload FTE is null. Agency: qaf_staff.agency, else
    ssd_professionals.prof_agency_worker_flag; a worker with neither is counted as not agency, and
    when no worker has the flag at all the share is not recorded: value and numerator null,
    measure agency_recorded 0. {RULES}""",
    source=TABLE_25_SOURCE + " (the seed marks agency staff in red).",
    breakdowns=("team", "area", "service"),
    measures={
        "agency_fte": "caseload FTE of agency workers",
        "caseload_fte": "caseload FTE of all workers",
        "agency_recorded": "1 when any worker's agency flag is recorded, 0 when none is (the share is then null, not 0%)",
        "staff_agency_not_recorded": "workers whose agency flag is empty in qaf_staff and ssd_professionals",
    },
    departures=STAFF_DEPARTURE,
)
def agency_pct(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    sums = _sums(ctx, ctx.month)
    counts = staff_counts(ctx)
    # With no agency flag anywhere the share is "not recorded" (null), never 0%.
    recorded = counts["agency_recorded"] > 0

    total_agency, total_fte = float(sums["agency_fte"].sum()), float(sums["fte"].sum())
    for month in ctx.months:
        if recorded:
            rows.value(month, ratio(total_agency, total_fte), total_agency, total_fte)
        else:
            rows.value(month, None, None, total_fte)
    per_team = sums.reset_index()
    team_breakdowns(
        ctx, rows, ctx.month, per_team, pct_value if recorded else _not_recorded,
        team_col="key", numerator="agency_fte", denominator="fte",
    )  # fmt: skip
    rows.measure(ctx.month, "agency_fte", total_agency if recorded else None)
    rows.measure(ctx.month, "caseload_fte", total_fte)
    rows.measure(ctx.month, "agency_recorded", 1.0 if recorded else 0.0)
    rows.measure(ctx.month, "staff_agency_not_recorded", counts["agency_not_recorded"])
    return rows.frame()


@indicator(
    id="allocations.by_status",
    title="Open cases by status",
    unit="count",
    polarity="neutral",
    section="1.6",
    definition=f"""Open cases at month end by status: looked after (an open looked-after
    episode, unless the legal status open then is V3 or V4, short-break care, as in cla.children), else on a child protection plan (an open plan), else children in need; plus care
    leavers (children in ssd_care_leavers with no open children-in-need episode that month). The
    headline value is all of them. {TEAM_OF_CASE} A care leaver's team is
    clea_care_leaver_allocated_team, else their worker's team. Breakdowns for the report month:
    dims {{status}}; {{service}} (the team's service as the team hierarchy places it: "none" = No
    assigned team, "no_service" = a team with no service recorded); and {{service, status}}.""",
    source="""The seed report's CIN summary (5,149 open cases including 710 looked after and 482
    on a plan) and table 25; care leavers from the SSD's ssd_care_leavers.""",
    breakdowns=("status", "service"),
    measures={key: f"open cases: {label.lower()}" for key, label in STATUS_LABELS.items()},
    departures="""ssd_care_leavers has no dates, so care leavers are as at the extract date in
    every month of the series. A child looked after or on a plan without an open children-in-need
    episode is not counted (the SSD records every such child's episode).""",
)
def by_status(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    cases = open_cases(ctx)
    for month in ctx.months:
        these = cases[cases["month"] == month.label]
        rows.value(month, float(these["n"].sum()))
        if month != ctx.month:
            continue
        by = these.groupby("status")["n"].sum()
        for status, label in STATUS_LABELS.items():
            n = float(by.get(status, 0))
            rows.breakdown("status", month, status, label, n, n)
            rows.measure(month, status, n)
        team_breakdowns(ctx, rows, month, these, dimensions=("service",))
        for status in STATUS_LABELS:
            team_breakdowns(
                ctx, rows, month, these[these["status"] == status], dimensions=("service",),
                extra_dims={"status": status},
            )  # fmt: skip
    return rows.frame()
