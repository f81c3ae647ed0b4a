"""Hand-worked cases for the declared indicator types (types.py) and the team hierarchy's one
roll-up rule, on both engines."""

from __future__ import annotations

import pandas as pd
import pytest

from qaf.config import Settings
from qaf.indicators.context import Context
from qaf.indicators.hierarchy import NO_AREA_KEY, TeamHierarchy
from qaf.indicators.months import Month
from qaf.indicators.pivot import pivot
from qaf.indicators.rows import fill_periods
from qaf.indicators.types import (
    Compute,
    Count,
    Events,
    OpenAtMonthEnd,
    RatePer10k,
    Ratio,
)
from qaf.warehouse.schema import source_from_rows
from tests.indicators.cases import COUNCIL, POPULATION
from tests.indicators.cells import cells, values

TEAMS = [
    {"team_id": "A1", "team_name": "Alpha", "service": "Help", "area": "East"},
    {"team_id": "A2", "team_name": "Beta", "service": "Help", "area": None},  # no area
]


def s47(sid: str, start: str, team: str | None, person: str = "P") -> dict:
    return {
        "s47e_s47_enquiry_id": sid,
        "s47e_person_id": person,
        "s47e_s47_start_date": start,
        "s47e_s47_completed_by_team": team,
    }


ENQUIRIES = [
    s47("S1", "2016-04-10", "A1"),
    s47("S2", "2016-08-01", "A1"),
    s47("S3", "2016-09-01", "A1", "Q"),
    s47("S4", "2016-09-30", "A2", "Q"),  # last day of the month
    s47("S5", "2016-10-01", "A2"),  # after the month
    s47("S6", "2016-03-31", None),  # the previous FY
]
# "Outcome": the enquiries that led to a conference (a second counted thing for a ratio).
HELD = Events(
    "ssd_s47_enquiry",
    "s47e_s47_start_date",
    team="s47e_s47_completed_by_team",
    where=lambda t: t.s47e_s47_enquiry_id.isin(["S1", "S3"]),
)
ALL = Events("ssd_s47_enquiry", "s47e_s47_start_date", team="s47e_s47_completed_by_team")


def _run(backend, shape, period="month", unit="count", tables=None, history=()):
    data = {
        "qaf_council": COUNCIL,
        "qaf_population": POPULATION,
        "qaf_teams": TEAMS,
        "ssd_s47_enquiry": ENQUIRIES,
        **(tables or {}),
    }
    source = source_from_rows(backend, data)
    month = Month.parse("2016-09")
    months = (*month.fy_to_date(), *history)
    ctx = Context(source, month, months, Settings(), {})
    frame = Compute(shape, period, unit)(ctx)
    frame = fill_periods(frame, period)
    frame.insert(0, "indicator_id", "x")
    return frame


def _heads(frame: pd.DataFrame) -> dict[str, float]:
    heads = frame[frame.kind == "value"]
    return dict(zip(heads.month, heads.value, strict=True))


def test_events_in_each_month(backend):
    frame = _run(backend, Count(ALL))
    heads = _heads(frame)
    assert (heads["2016-04"], heads["2016-05"], heads["2016-08"], heads["2016-09"]) == (1, 0, 1, 2)
    assert values(cells(frame, "x", "2016-09", "team")) == {"A1": 1, "A2": 1}
    # The one roll-up rule: a team with no area is under "No area" in its own service.
    assert values(cells(frame, "x", "2016-09", "area")) == {"East": 1, NO_AREA_KEY: 1}
    assert values(cells(frame, "x", "2016-09", "service")) == {"Help": 2}


def test_events_year_to_date(backend):
    frame = _run(backend, Count(ALL), period="fytd")
    heads = _heads(frame)
    assert (heads["2016-04"], heads["2016-08"], heads["2016-09"]) == (1, 2, 4)  # S6 is 2015-16
    row = frame[(frame.kind == "value") & (frame.month == "2016-09")].iloc[0]
    assert (row.period_kind, str(row.period_start)) == ("fytd", "2016-04-01")
    ytd = cells(frame, "x", "2016-09", "team", "fytd")
    assert values(ytd) == {"A1": 3, "A2": 1}


def test_distinct_people_count_once(backend):
    frame = _run(backend, Count(Events("ssd_s47_enquiry", "s47e_s47_start_date", "s47e_person_id")))
    assert _heads(frame)["2016-09"] == 1  # S3 and S4 are both Q's


def test_ratio_of_two_counts_with_team_rows(backend):
    frame = _run(backend, Ratio(HELD, ALL), period="fytd", unit="percent")
    row = frame[(frame.kind == "value") & (frame.month == "2016-09")].iloc[0]
    assert (row.numerator, row.denominator) == (2, 4)  # S1, S3 of S1-S4
    assert row.value == pytest.approx(50.0)
    teams = cells(frame, "x", "2016-09", "team", "fytd")
    assert (teams["A1"].numerator, teams["A1"].denominator) == (2, 3)
    assert teams["A2"].value == 0


def test_rate_per_10k_and_same_months_last_year(backend):
    plans = [
        {
            "cppl_cp_plan_id": "C1",
            "cppl_person_id": "P1",
            "cppl_cp_plan_start_date": "2015-09-01",
            "cppl_cp_plan_end_date": None,
        },
        {
            "cppl_cp_plan_id": "C2",
            "cppl_person_id": "P1",  # a second open plan: the child counts once
            "cppl_cp_plan_start_date": "2016-01-01",
            "cppl_cp_plan_end_date": None,
        },
        {
            "cppl_cp_plan_id": "C3",
            "cppl_person_id": "P2",
            "cppl_cp_plan_start_date": "2016-06-01",
            "cppl_cp_plan_end_date": "2016-09-30",  # closed on the last day: not open
        },
    ]
    shape = RatePer10k(
        OpenAtMonthEnd(
            "ssd_cp_plans", "cppl_person_id", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date"
        )
    )
    last_year = tuple(m.shift(-12) for m in Month.parse("2016-09").fy_to_date())
    frame = _run(backend, shape, "month", "rate_per_10k", {"ssd_cp_plans": plans}, last_year)
    heads = _heads(frame)
    # 10,000 children: the rate equals the count.
    assert (heads["2015-09"], heads["2016-08"], heads["2016-09"]) == (1, 2, 1)
    assert pd.isna(heads["2015-04"]) is False and heads["2015-04"] == 0


def test_table_25_shape_is_a_pivot_with_area_and_service_subtotals(backend):
    frame = _run(backend, Ratio(HELD, ALL), period="fytd", unit="percent")
    hierarchy = TeamHierarchy.from_frame(pd.DataFrame(TEAMS))
    table = pivot(frame[frame.period_kind == "fytd"], "team", hierarchy=hierarchy, unit="percent")
    assert list(table.index) == [
        ("team", "A1"),
        ("service_area", "Help|East"),
        ("team", "A2"),
        ("service_area", f"Help|{NO_AREA_KEY}"),
        ("service", "Help"),
        ("total", "total"),
    ]
    assert table.loc[("service_area", "Help|East"), "fytd"] == pytest.approx(200 / 3)
    assert table.loc[("service", "Help"), "fytd"] == pytest.approx(50.0)
    assert table.loc[("total", "total"), "fytd"] == pytest.approx(50.0)
    assert table.loc[("service_area", f"Help|{NO_AREA_KEY}"), "label"] == "Help - No area"


def test_a_rate_counts_without_teams_only_where_the_totals_stay_the_same():
    from qaf.indicators.types import Events, OpenAtMonthEnd, without_team

    plans = OpenAtMonthEnd("ssd_cp_plans", "cppl_person_id", "start", "end")
    assert without_team(plans).has_team is False
    rows = Events("ssd_contacts", "cont_contact_date", team="team")
    assert without_team(rows).has_team is False
    # Distinct people under two teams in one month count once per team: kept as declared.
    people = Events("ssd_contacts", "cont_contact_date", distinct="cont_person_id", team="team")
    assert without_team(people) is people
