"""Hand-worked cases for section 1.3's child protection plan indicators.

The test council has 10,000 children (cases.POPULATION), so a rate per 10,000 equals the count."""

from __future__ import annotations

from itertools import count

import pandas as pd
import pytest

from tests.indicators.cases import breakdown, measure, run, value
from tests.indicators.cells import cells, values

SERVICE = "C&F"
TEAMS = [
    {"team_id": "T1", "team_name": "Team One", "service": SERVICE, "area": "Exeter"},
    {"team_id": "T2", "team_name": "Team Two", "service": SERVICE, "area": "North"},
]
_ids = count(1)


def plan(person: str, start: str, end: str | None = None, category: str | None = None) -> dict:
    return {
        "cppl_cp_plan_id": f"CP{next(_ids)}",
        "cppl_person_id": person,
        "cppl_cp_plan_start_date": start,
        "cppl_cp_plan_end_date": end,
        "cppl_cp_plan_latest_category": category,
    }


def cw(person: str, team: str, start: str, end: str | None = None) -> dict:
    return {
        "invo_involvements_id": f"I{next(_ids)}",
        "invo_professional_id": f"W{team}",
        "invo_professional_role_id": "CW",
        "invo_professional_team": team,
        "invo_person_id": person,
        "invo_involvement_start_date": start,
        "invo_involvement_end_date": end,
    }


OPEN_PLANS = [
    plan("P1", "2016-01-01", None, "NEG"),  # open throughout
    plan("P2", "2016-03-01", "2016-09-30", "PHY"),  # ends on Sep's last day: not open at Sep end
    plan("P3", "2015-06-01", None, "PHY"),  # P3 has two open plans: counted once,
    plan("P3", "2016-05-01", None, "EMO"),  # with the later-started plan's category
    plan("P4", "2016-09-30", None, None),  # starts on the last day: open; no category
]
OPEN_INVOLVEMENTS = [cw("P1", "T1", "2015-01-01"), cw("P4", "T2", "2016-09-30")]


def test_plans_at_month_end_by_category_and_team(backend):
    r = run(
        backend,
        {"ssd_cp_plans": OPEN_PLANS, "ssd_involvements": OPEN_INVOLVEMENTS, "qaf_teams": TEAMS},
        "2016-09",
        "cp.plans",
    )
    assert value(r, "cp.plans", "2016-09").value == 3  # P1, P3, P4
    assert value(r, "cp.plans", "2016-08").value == 3  # P1, P2, P3
    assert value(r, "cp.plans", "2016-04").value == 3  # P1, P2, P3
    cats = breakdown(r, "cp.plans", "category", "2016-09")
    assert {k: v.value for k, v in cats.items()} == {"NEG": 1, "EMO": 1, "none": 1}
    assert cats["EMO"].label == "Emotional abuse" and cats["none"].label == "Not recorded"
    teams = breakdown(r, "cp.plans", "team", "2016-09")
    assert {k: v.value for k, v in teams.items()} == {"T1": 1, "T2": 1, "none": 1}
    assert teams["T2"].parent == "North"


def test_rate_per_10k_with_last_year(backend):
    r = run(backend, {"ssd_cp_plans": OPEN_PLANS}, "2016-09", "cp.rate_per_10k")
    sep = value(r, "cp.rate_per_10k", "2016-09")
    assert (sep.numerator, sep.denominator) == (3, 10_000)
    assert sep.value == pytest.approx(3.0)  # 3 / 10,000 x 10,000
    assert value(r, "cp.rate_per_10k", "2015-09").value == pytest.approx(1.0)  # P3's first plan


STARTS = [
    # A: earlier plan ended 1 Sep 2014, within 2 years of 10 Apr 2016 (ends + 24m = 1 Sep 2016).
    plan("PA", "2014-04-01", "2014-09-01"),
    plan("PA", "2016-04-10"),
    # B: earlier plan ended exactly 2 years before (10 May 2014 + 24m = 10 May 2016): within.
    plan("PB", "2014-01-01", "2014-05-10"),
    plan("PB", "2016-05-10"),
    # C: ended 2 years and a day before: a repeat ever, not within 2 years.
    plan("PC", "2013-01-01", "2014-05-09"),
    plan("PC", "2016-05-10"),
    # D: a first plan.
    plan("PD", "2016-09-05"),
    # E: an earlier plan that has not ended: a repeat ever, not within 2 years.
    plan("PE", "2016-01-01"),
    plan("PE", "2016-09-20"),
]
START_IDS = ["cp.plan_starts", "cp.repeat_plan_ytd_pct", "cp.repeat_plan_2y_ytd_pct"]


def test_plan_starts_and_repeats_fy_to_date(backend):
    r = run(backend, {"ssd_cp_plans": STARTS}, "2016-09", START_IDS)
    # Starts in FY 2016-17: Apr A; May B, C; Sep D, E (PE's first plan started in 2015-16).
    starts = {m: value(r, "cp.plan_starts", m).value for m in ("2016-04", "2016-05", "2016-06")}
    assert starts == {"2016-04": 1, "2016-05": 2, "2016-06": 0}
    assert value(r, "cp.plan_starts", "2016-09").value == 2
    assert measure(r, "cp.plan_starts", "fy_to_date_total", "2016-09") == 5
    ever = value(r, "cp.repeat_plan_ytd_pct", "2016-09")
    assert (ever.numerator, ever.denominator) == (4, 5)  # A, B, C, E
    assert ever.value == pytest.approx(80.0)
    assert value(r, "cp.repeat_plan_ytd_pct", "2016-05").value == pytest.approx(100.0)  # 3 of 3
    recent = value(r, "cp.repeat_plan_2y_ytd_pct", "2016-09")
    assert (recent.numerator, recent.denominator) == (2, 5)  # A, B
    may = value(r, "cp.repeat_plan_2y_ytd_pct", "2016-05")
    assert (may.numerator, may.denominator) == (2, 3)


def test_repeats_with_no_starts_are_null(backend):
    r = run(backend, {"ssd_cp_plans": [plan("PZ", "2015-01-01")]}, "2016-09", START_IDS)
    assert value(r, "cp.plan_starts", "2016-09").value == 0
    assert pd.isna(value(r, "cp.repeat_plan_ytd_pct", "2016-09").value)
    assert pd.isna(value(r, "cp.repeat_plan_2y_ytd_pct", "2016-09").value)


ENDS = [
    # September 2016
    plan("E1", "2016-06-30", "2016-09-29"),  # + 3 months = 30 Sep > 29 Sep: 0-2 months; T1
    plan("E2", "2016-06-15", "2016-09-15"),  # exactly 3 months: 3+; T1
    plan("E3", "2014-09-01", "2016-09-30"),  # last day of the month; 2 years+; 3+; T2 (see below)
    plan("E4", "2016-09-01", "2016-09-01"),  # ended the day it began: 0-2; no team
    # April 2016
    plan("E5", "2016-01-15", "2016-04-15"),  # the catalogue's example: lasted 3 months; T1
    plan("E6", "2016-02-01", "2016-04-20"),  # 0-2; no team
    # July 2016
    plan("E7", "2016-01-01", "2016-07-01"),  # 3+; T2
    # March 2016: the previous FY, not in the FY to date
    plan("E8", "2014-04-01", "2016-03-31"),
]
END_INVOLVEMENTS = [
    cw("E1", "T1", "2016-06-30"),
    cw("E2", "T1", "2016-06-15"),
    # E3 moves from T2 to T1 on the plan's end date: its team is T2, the team on the last full day.
    cw("E3", "T2", "2014-09-01", "2016-09-30"),
    cw("E3", "T1", "2016-09-30"),
    cw("E5", "T1", "2016-01-15"),
    cw("E7", "T2", "2016-01-01"),
]
END_IDS = ["cp.plan_ends", "cp.plan_ends_under_3m_pct", "cp.plans_2y_plus_pct"]


@pytest.fixture
def ends(backend):
    rows = {"ssd_cp_plans": ENDS, "ssd_involvements": END_INVOLVEMENTS, "qaf_teams": TEAMS}
    return run(backend, rows, "2016-09", END_IDS)


def test_plan_ends_split_and_measures(ends):
    assert value(ends, "cp.plan_ends", "2016-09").value == 4
    assert value(ends, "cp.plan_ends", "2016-04").value == 2
    assert value(ends, "cp.plan_ends", "2016-05").value == 0
    assert measure(ends, "cp.plan_ends", "ended_0_2_months", "2016-09") == 2  # E1, E4
    assert measure(ends, "cp.plan_ends", "ended_3_plus_months", "2016-09") == 2  # E2, E3
    assert measure(ends, "cp.plan_ends", "fy_to_date_total", "2016-09") == 7  # E1-E7
    assert measure(ends, "cp.plan_ends", "fy_to_date_ended_0_2_months", "2016-09") == 3
    assert measure(ends, "cp.plan_ends", "fy_to_date_ended_3_plus_months", "2016-09") == 4


def test_plan_ends_by_team_and_area(ends):
    def sep(by: str, **fixed: str) -> dict:
        return values(cells(ends, "cp.plan_ends", "2016-09", by, **fixed))

    assert sep("team") == {"T1": 2, "T2": 1, "none": 1}
    assert sep("team", plan_length="0-2") == {"T1": 1, "T2": 0, "none": 1}
    assert sep("team", plan_length="3+") == {"T1": 1, "T2": 1, "none": 0}
    assert sep("area") == {"Exeter": 2, "North": 1, "none": 1}  # area subtotals
    assert sep("area", plan_length="0-2") == {"Exeter": 1, "North": 0, "none": 1}
    assert sep("plan_length") == {"0-2": 2, "3+": 2}
    assert cells(ends, "cp.plan_ends", "2016-09", "team")["T1"].parent == "Exeter"
    # The year to date (table 12's Grand Total): E1-E7 by team and plan length.
    ytd = cells(ends, "cp.plan_ends", "2016-09", ("team", "plan_length"), "fytd")
    assert values(ytd) == {
        ("T1", "0-2"): 1,  # E1
        ("T1", "3+"): 2,  # E2, E5
        ("T2", "0-2"): 0,
        ("T2", "3+"): 2,  # E3, E7
        ("none", "0-2"): 2,  # E4, E6
        ("none", "3+"): 0,
    }
    row = ytd[("T1", "0-2")]
    assert (str(row.period_start), str(row.period_end)) == ("2016-04-01", "2016-09-30")


def test_plan_ends_under_3_months_pct(ends):
    ind = "cp.plan_ends_under_3m_pct"
    sep = value(ends, ind, "2016-09")
    assert (sep.numerator, sep.denominator) == (2, 4)
    assert value(ends, ind, "2016-04").value == pytest.approx(50.0)  # E6 of E5, E6
    assert pd.isna(value(ends, ind, "2016-05").value)  # no ends: null
    assert measure(ends, ind, "fy_to_date_pct", "2016-09") == pytest.approx(300 / 7)  # 3 of 7
    teams = cells(ends, ind, "2016-09", "team")
    assert teams["T1"].value == pytest.approx(50.0)
    assert teams["T2"].value == 0
    assert teams["none"].value == pytest.approx(100.0)
    ytd = cells(ends, ind, "2016-09", "team", "fytd")
    # T1: E1, E2, E5 (1 short); T2: E3, E7 (none short); no team: E4, E6 (both short).
    assert (ytd["T1"].numerator, ytd["T1"].denominator) == (1, 3)
    assert (ytd["T2"].numerator, ytd["T2"].denominator) == (0, 2)
    assert (ytd["none"].numerator, ytd["none"].denominator) == (2, 2)
    area_ytd = cells(ends, ind, "2016-09", "area", "fytd")
    assert area_ytd["Exeter"].value == pytest.approx(100 / 3)


def test_plans_lasting_2_years_or_more(ends):
    sep = value(ends, "cp.plans_2y_plus_pct", "2016-09")
    assert (sep.numerator, sep.denominator) == (1, 4)  # E3: 1 Sep 2014 to 30 Sep 2016
    assert value(ends, "cp.plans_2y_plus_pct", "2016-04").value == 0
    assert pd.isna(value(ends, "cp.plans_2y_plus_pct", "2016-05").value)


def test_table_12_has_team_columns_for_every_month_of_the_year(ends):
    # April: E5 (3+, T1) and E6 (0-2, no team). May: no ends, so no team rows at all.
    april = cells(ends, "cp.plan_ends", "2016-04", "team", plan_length="0-2")
    assert values(april) == {"T1": 0, "none": 1}
    assert cells(ends, "cp.plan_ends", "2016-05", "team") == {}
    july = cells(ends, "cp.plan_ends_under_3m_pct", "2016-07", "team")
    assert (july["T2"].numerator, july["T2"].denominator) == (0, 1)  # E7


def test_json_carries_every_months_rows_with_named_dimensions(ends):
    from qaf.indicators.months import Month
    from qaf.indicators.output import to_json

    doc = to_json(ends, Month.parse("2016-09"), "test")["indicators"]["cp.plan_ends"]
    assert {r["key"] for r in doc["breakdowns"]["team"]} == {"T1", "T2", "none"}
    assert "breakdowns_by_month" not in doc
    april = [
        r
        for r in doc["rows"]
        if r["month"] == "2016-04" and r["dims"].keys() == {"team", "plan_length"}
    ]
    assert {(r["dims"]["team"], r["dims"]["plan_length"]): r["value"] for r in april} == {
        ("T1", "0-2"): 0,
        ("T1", "3+"): 1,
        ("none", "0-2"): 1,
        ("none", "3+"): 0,
    }
    assert {r["period_kind"] for r in doc["rows"]} == {"month", "fytd"}
    # Plan lengths in natural order: shortest first.
    sep = [r["dims"]["plan_length"] for r in doc["rows"] if r["dims"].keys() == {"plan_length"}]
    assert sep[:2] == ["0-2", "3+"]


def test_table_12_is_a_pivot_of_plan_ends(ends):
    from qaf.indicators.hierarchy import TeamHierarchy
    from qaf.indicators.pivot import pivot

    hierarchy = TeamHierarchy.from_frame(pd.DataFrame(TEAMS))
    rows = ends[ends.indicator_id == "cp.plan_ends"]
    table = pivot(rows, "team", ("period", "plan_length"), hierarchy=hierarchy)
    # Columns: each month of the FY to date, then the year to date, each split by plan length.
    assert list(table.columns[1:4]) == [("2016-04", "0-2"), ("2016-04", "3+"), ("2016-05", "0-2")]
    assert len(table.columns) == 1 + 2 * 7  # six months and the year to date
    assert list(table.columns[-2:]) == [("fytd", "0-2"), ("fytd", "3+")]
    assert table.loc[("team", "T1"), ("2016-09", "0-2")] == 1  # E1
    assert table.loc[("team", "none"), ("fytd", "0-2")] == 2  # E4, E6
    # Subtotals by the hierarchy: T1 in Exeter, T2 in North, both in one service.
    assert table.loc[("service_area", f"{SERVICE}|Exeter"), ("fytd", "3+")] == 2
    assert table.loc[("service", SERVICE), ("fytd", "3+")] == 4
    assert ("service", "none") not in table.index  # one line, no subtotal repeating it
    assert table.loc[("total", "total"), ("fytd", "0-2")] == 3
    assert table.loc[("total", "total"), ("2016-09", "3+")] == 2
    levels = list(table.index.get_level_values("level"))
    assert levels[-1] == "total" and levels.index("service_area") > levels.index("team")
