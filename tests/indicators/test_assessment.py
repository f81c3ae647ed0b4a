"""Hand-worked cases for section 1.2's assessment indicators."""

from __future__ import annotations

from dataclasses import replace
from itertools import count

import pandas as pd
import pytest

from qaf.config import Settings
from tests.indicators.cases import breakdown, measure, run, value

TEAMS = [
    {"team_id": "T1", "team_name": "Team One", "service": "C&F", "area": "Exeter"},
    {"team_id": "T2", "team_name": "Team Two", "service": "C&F", "area": "North"},
]
_ids = count(1)


def sa(start: str, auth: str | None = None, team: str | None = "T1", **extra) -> dict:
    return {
        "cina_assessment_id": f"A{next(_ids)}",
        "cina_person_id": "P1",
        "cina_assessment_start_date": start,
        "cina_assessment_auth_date": auth,
        "cina_assessment_team": team,
        **extra,
    }


def monthly(first: str, months: int, per_month: int, day: int = 10) -> list[dict]:
    """per_month starts on the given day of each of `months` months from `first` (YYYY-MM)."""
    year, month = (int(x) for x in first.split("-"))
    rows = []
    for i in range(months):
        y, m = year + (month - 1 + i) // 12, (month - 1 + i) % 12 + 1
        rows += [sa(f"{y:04d}-{m:02d}-{day:02d}") for _ in range(per_month)]
    return rows


def test_started_series_fy_totals_and_change(backend):
    rows = [
        # 2014-15: 2 a month = 24.
        *monthly("2014-04", 12, 2),
        # 2015-16: 1 a month and 6 more on 31 Mar 2016 = 18, so (18 - 24) / 24 = -25%.
        *monthly("2015-04", 12, 1),
        *[sa("2016-03-31") for _ in range(6)],
        # 2016-17 to Sep: Apr 1, Aug 1, Sep 3 (two T1, one with no team).
        sa("2016-04-01"),
        sa("2016-08-31"),
        sa("2016-09-01"),
        sa("2016-09-30"),
        sa("2016-09-15", team=None),
    ]
    r = run(
        backend,
        {"ssd_cin_assessments": rows, "qaf_teams": TEAMS},
        "2016-09",
        "assessment.started",
    )
    ind = "assessment.started"
    assert value(r, ind, "2016-09").value == 3
    assert value(r, ind, "2016-08").value == 1
    assert value(r, ind, "2016-05").value == 0  # no starts: 0, not missing
    assert measure(r, ind, "fy_to_date_total", "2016-09") == 5  # 1 + 1 + 3
    assert measure(r, ind, "fy_to_date_monthly_average", "2016-09") == pytest.approx(5 / 6)
    # Median month over Apr-14..Sep-16 is 1 (three 0s, thirteen 1s, twelve 2s, a 3, a 7), so
    # every month of 2014-15 and 2015-16 is covered.
    assert measure(r, ind, "fy_2014_15_total", "2016-09") == 24
    assert measure(r, ind, "fy_2014_15_monthly_average", "2016-09") == pytest.approx(2.0)
    assert measure(r, ind, "fy_2015_16_total", "2016-09") == 18
    assert measure(r, ind, "fy_2015_16_monthly_average", "2016-09") == pytest.approx(1.5)
    assert measure(r, ind, "fy_2015_16_change_pct", "2016-09") == pytest.approx(-25.0)
    names = set(r[(r.kind == "measure")].key)
    assert "fy_2014_15_change_pct" not in names  # 2013-14 is not covered
    teams = breakdown(r, ind, "team", "2016-09")
    assert teams["T1"].value == 2 and teams["T1"].parent == "Exeter"
    assert teams["none"].value == 1 and teams["none"].label == "No assigned team"


def test_started_skips_partial_and_thin_years(backend):
    # A thin tail in 2013-14 (1 a month), then 4 a month from Apr-14: the median month is 4, so a
    # month needs 2 to count; 2013-14 is not complete, 2014-15 and 2015-16 are (48 each, 0% change).
    rows = [*monthly("2013-04", 12, 1), *monthly("2014-04", 30, 4)]
    r = run(backend, {"ssd_cin_assessments": rows}, "2016-09", "assessment.started")
    names = set(r[(r.kind == "measure")].key)
    assert not any(n.startswith("fy_2013_14") for n in names)
    assert measure(r, "assessment.started", "fy_2014_15_total", "2016-09") == 48
    assert measure(r, "assessment.started", "fy_2015_16_change_pct", "2016-09") == 0
    # Data from June 2014: April and May 2014 are empty, so 2014-15 is not complete.
    rows = monthly("2014-06", 28, 1)
    r = run(backend, {"ssd_cin_assessments": rows}, "2016-09", "assessment.started")
    names = set(r[(r.kind == "measure")].key)
    assert "fy_2014_15_total" not in names
    assert measure(r, "assessment.started", "fy_2015_16_total", "2016-09") == 12
    assert "fy_2015_16_change_pct" not in names
    # As rows of period fy: 2014-15 is there, marked incomplete (it starts before the data).
    fy = r[(r.period_kind == "fy") & (r.kind == "value")]
    outturns = {m: (v, bool(c)) for m, v, c in zip(fy.month, fy.value, fy.complete, strict=True)}
    assert outturns == {"2015-03": (10, False), "2016-03": (12, True)}
    assert str(fy.iloc[0].period_start) == "2014-04-01"


NFA_ROWS = [
    # Authorised in Sep-16:
    sa("2016-09-01", "2016-09-05", "T1", cina_assessment_outcome_nfa=True),  # NFA (flag)
    sa(
        "2016-09-01",
        "2016-09-30",
        "T1",
        cina_assessment_outcome_nfa=False,  # the flag wins over the JSON: not NFA
        cina_assessment_outcome_json='{"NFA_FLAG": "Y"}',
    ),
    sa("2016-08-01", "2016-09-12", None, cina_assessment_outcome_json='{"NFA_FLAG": "Y"}'),  # NFA
    sa("2016-08-01", "2016-09-12", "T2", cina_assessment_outcome_json='{"OUTCOME_NFA_FLAG":"N"}'),
    sa("2016-08-01", "2016-09-12", "T2"),  # nothing recorded: not NFA
    # Authorised in Oct-16: outside the month.
    sa("2016-09-01", "2016-10-01", "T1", cina_assessment_outcome_nfa=True),
    # Not authorised.
    sa("2016-09-01", None, "T1"),
]


def test_completed_counts_authorisations_in_month(backend):
    r = run(
        backend,
        {"ssd_cin_assessments": NFA_ROWS, "qaf_teams": TEAMS},
        "2016-09",
        "assessment.completed",
    )
    assert value(r, "assessment.completed", "2016-09").value == 5
    assert value(r, "assessment.completed", "2016-08").value == 0
    teams = breakdown(r, "assessment.completed", "team", "2016-09")
    assert (teams["T1"].value, teams["T2"].value, teams["none"].value) == (2, 2, 1)
    areas = breakdown(r, "assessment.completed", "area", "2016-09")
    assert areas["Exeter"].value == 2 and areas["North"].value == 2


def test_case_closed_pct_flag_then_json(backend):
    r = run(
        backend,
        {"ssd_cin_assessments": NFA_ROWS, "qaf_teams": TEAMS},
        "2016-09",
        "assessment.case_closed_pct",
    )
    ind = "assessment.case_closed_pct"
    sep = value(r, ind, "2016-09")
    # NFA: the True flag and the JSON-only Y; 2 of 5 = 40%.
    assert (sep.numerator, sep.denominator) == (2, 5)
    assert sep.value == pytest.approx(40.0)
    # Nothing authorised in Aug-16: zero denominator gives null.
    assert pd.isna(value(r, ind, "2016-08").value)
    teams = breakdown(r, ind, "team", "2016-09")
    assert teams["T1"].value == pytest.approx(50.0)  # 1 of 2
    assert teams["T2"].value == 0  # 0 of 2
    assert teams["none"].value == pytest.approx(100.0)  # 1 of 1


def test_within_45_working_days_across_a_bank_holiday(backend):
    # From Thu 21 Jul 2016: Fri 22 Jul is working day 1; 29 Aug (late summer bank holiday) is skipped;
    # Fri 23 Sep is working day 45 (within), Mon 26 Sep is 46 (not within). Without the bank
    # holiday 23 Sep would be day 46.
    rows = [
        sa("2016-07-21", "2016-09-23"),  # 45: within
        sa("2016-07-21", "2016-09-26"),  # 46: late
        sa("2016-09-01", "2016-09-01", team=None),  # 0: within
    ]
    r = run(backend, {"ssd_cin_assessments": rows}, "2016-09", "assessment.within_45_days_pct")
    sep = value(r, "assessment.within_45_days_pct", "2016-09")
    assert (sep.numerator, sep.denominator) == (2, 3)
    assert sep.value == pytest.approx(200 / 3)
    teams = breakdown(r, "assessment.within_45_days_pct", "team", "2016-09")
    assert teams["T1"].value == pytest.approx(50.0)
    assert teams["none"].value == pytest.approx(100.0)


def test_working_days_skip_the_bank_holiday_monday(backend):
    # Fri 26 Aug 2016 to Tue 30 Aug: Sat, Sun and bank holiday Mon 29 Aug skipped, so 1 working day;
    # to Wed 31 Aug is 2. With a 1-working-day limit only the first is within.
    settings = Settings()
    settings = replace(settings, timeliness=replace(settings.timeliness, assessment_working_days=1))
    rows = [sa("2016-08-26", "2016-08-30"), sa("2016-08-26", "2016-08-31")]
    r = run(
        backend, {"ssd_cin_assessments": rows}, "2016-08", "assessment.within_45_days_pct", settings
    )
    aug = value(r, "assessment.within_45_days_pct", "2016-08")
    assert (aug.numerator, aug.denominator) == (1, 2)
