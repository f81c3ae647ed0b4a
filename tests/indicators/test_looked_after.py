"""Hand-worked cases for section 1.4's children-looked-after indicators (looked_after.py).

Month end of the report month: 2016-09-30. The test council has 10,000 children, so a rate per
10,000 equals the count."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import pytest

from tests.indicators.cases import breakdown, measure, person, run, value

SEP = "2016-09"
TEAMS = [
    {
        "team_id": "T1",
        "team_name": "Team One",
        "service": "Children and Families",
        "area": "Exeter",
    }
]


def episode(eid: str, pid: str, start: str, end: str | None = None, **extra: Any) -> dict:
    return {
        "clae_cla_episode_id": eid,
        "clae_person_id": pid,
        "clae_cla_episode_start_date": start,
        "clae_cla_episode_ceased_date": end,
        **extra,
    }


def legal(lid: str, pid: str, status: str, start: str, end: str | None = None) -> dict:
    return {
        "lega_legal_status_id": lid,
        "lega_person_id": pid,
        "lega_legal_status": status,
        "lega_legal_status_start_date": start,
        "lega_legal_status_end_date": end,
    }


def placement(plid: str, pid: str, start: str, end: str | None = None, kind: str = "U4") -> dict:
    return {
        "clap_cla_placement_id": plid,
        "clap_person_id": pid,
        "clap_cla_placement_start_date": start,
        "clap_cla_placement_end_date": end,
        "clap_cla_placement_type": kind,
    }


def case_worker(iid: str, pid: str, team: str, start: str = "2015-01-01") -> dict:
    return {
        "invo_involvements_id": iid,
        "invo_professional_id": "W1",
        "invo_professional_role_id": "CW",
        "invo_professional_team": team,
        "invo_person_id": pid,
        "invo_involvement_start_date": start,
    }


def visit(vid: str, pid: str, day: str, seen: bool | None = None) -> dict:
    return {
        "clav_cla_visit_id": vid,
        "clav_person_id": pid,
        "clav_cla_visit_date": day,
        "clav_cla_visit_seen": seen,
    }


# A: looked after all year (C2, foster care, team T1). B: ceased on 30 Sep, the last day of the
# month, so not looked after at the end of September. C: started on 30 Sep (counts), legal
# status given as its description. D: short-break care (V3), never counted. E: ceased 30 April.
COUNTS = {
    "ssd_person": [
        person("A", "2005-03-10", "M"),
        person("B", "2008-01-01", "F"),
        person("C", "2010-06-01", "F"),
        person("D", "2009-01-01", "M"),
        person("E", "2004-01-01", "M"),
    ],
    "ssd_cla_episodes": [
        episode("e1", "A", "2016-01-01"),
        episode("e2", "B", "2016-08-01", "2016-09-30"),
        episode("e3", "C", "2016-09-30"),
        episode("e4", "D", "2016-01-01"),
        episode("e5", "E", "2015-06-01", "2016-04-30"),
    ],
    "ssd_legal_status": [
        legal("l1", "A", "C1", "2016-01-01", "2016-03-01"),
        legal("l2", "A", "C2", "2016-03-01"),
        legal("l3", "C", "Single period of accommodation under section 20", "2016-09-30"),
        legal("l4", "D", "V3", "2016-01-01"),
    ],
    "ssd_cla_placement": [placement("p1", "A", "2016-01-01", kind="U4")],
    "ssd_involvements": [case_worker("i1", "A", "T1")],
    "qaf_teams": TEAMS,
}


def test_children_looked_after_at_month_end(backend):
    results = run(backend, COUNTS, SEP, "cla.children")
    # Sep: A and C (B ceased on the last day; D is short-break care).
    assert value(results, "cla.children", SEP).value == 2
    # Aug: A and B. Apr: A only (E ceased on 30 April, the month's last day).
    assert value(results, "cla.children", "2016-08").value == 2
    assert value(results, "cla.children", "2016-04").value == 1


def test_children_by_legal_status_placement_and_service(backend):
    results = run(backend, COUNTS, SEP, "cla.children")
    status = breakdown(results, "cla.children", "legal_status", SEP)
    # A's latest status is C2; C's description maps to V2.
    assert {k: r.value for k, r in status.items()} == {"C2": 1, "V2": 1}
    assert status["V2"].label == "Single period of accommodation under section 20"
    types = breakdown(results, "cla.children", "placement_type", SEP)
    # C has no placement row: "unknown".
    assert {k: r.value for k, r in types.items()} == {"U4": 1, "unknown": 1}
    assert types["U4"].parent == "Foster placements"
    groups = breakdown(results, "cla.children", "placement_group", SEP)
    assert groups["Foster placements"].value == 1
    service = breakdown(results, "cla.children", "service", SEP)
    # A's team T1 is in Children and Families; C has no team and is kept.
    assert service["Children and Families"].value == 1
    assert service["none"].value == 1
    assert service["none"].label == "No assigned team"


def test_rate_per_10k(backend):
    results = run(backend, COUNTS, SEP, "cla.rate_per_10k")
    row = value(results, "cla.rate_per_10k", SEP)
    # 2 / 10,000 x 10,000 = 2.0
    assert (row.value, row.numerator, row.denominator) == (2, 2, 10_000)


def test_rate_without_population_is_null(backend):
    results = run(backend, {**COUNTS, "qaf_population": []}, SEP, "cla.rate_per_10k")
    assert pd.isna(value(results, "cla.rate_per_10k", SEP).value)


def test_s20_share(backend):
    results = run(backend, COUNTS, SEP, "cla.s20_pct")
    row = value(results, "cla.s20_pct", SEP)
    # C (V2) of A and C: 1 / 2 = 50%.
    assert (row.numerator, row.denominator) == (1, 2)
    assert row.value == pytest.approx(50.0)
    assert measure(results, "cla.s20_pct", "no_legal_status", SEP) == 0


def test_s20_zero_denominator_is_null(backend):
    results = run(backend, {"ssd_person": [person("A")]}, SEP, "cla.s20_pct")
    row = value(results, "cla.s20_pct", SEP)
    assert pd.isna(row.value)
    assert row.denominator == 0


# Visits, September (month end 30 Sep; 42 days before is 19 Aug).
VISITS = {
    "ssd_person": [person(p) for p in "AFGHI"],
    "ssd_cla_episodes": [
        episode("e1", "A", "2016-01-01"),
        episode("e2", "F", "2016-08-19"),  # looked after exactly 42 days: in the denominator
        episode("e3", "G", "2016-08-20"),  # 41 days: not yet due a visit
        episode("e4", "H", "2016-01-01"),
        episode("e5", "I", "2016-01-01"),
    ],
    "ssd_cla_visits": [
        visit("v1", "A", "2016-08-19"),  # exactly 42 days before month end: counts
        visit("v2", "H", "2016-08-18"),  # 43 days: too old
        visit("v3", "H", "2016-09-10", seen=False),  # not seen: does not count
        visit("v4", "I", "2016-09-15", seen=None),  # seen not recorded: counts
        visit("v5", "G", "2016-09-01"),
    ],
    "ssd_involvements": [case_worker("i1", "A", "T1")],
    "qaf_teams": TEAMS,
}


def test_visited_within_six_weeks(backend):
    results = run(backend, VISITS, SEP, "cla.visited_6w_pct")
    row = value(results, "cla.visited_6w_pct", SEP)
    # Denominator A, F, H, I (G is 41 days in); visited A and I: 2 / 4 = 50%.
    assert (row.numerator, row.denominator) == (2, 4)
    assert row.value == pytest.approx(50.0)


def test_visited_by_team_keeps_children_with_no_team(backend):
    results = run(backend, VISITS, SEP, "cla.visited_6w_pct")
    teams = breakdown(results, "cla.visited_6w_pct", "team", SEP)
    # T1: A, visited (1/1). No team: F, H, I; I visited (1/3).
    assert (teams["T1"].numerator, teams["T1"].denominator) == (1, 1)
    assert teams["T1"].parent == "Exeter"
    assert (teams["none"].numerator, teams["none"].denominator) == (1, 3)
    assert teams["none"].value == pytest.approx(100 / 3)


def test_visits_zero_denominator_is_null(backend):
    # The only child has been looked after 29 days at the end of September: nobody is due a visit.
    rows = {
        "ssd_person": [person("F")],
        "ssd_cla_episodes": [episode("e2", "F", "2016-09-01")],
    }
    results = run(backend, rows, SEP, "cla.visited_6w_pct")
    assert pd.isna(value(results, "cla.visited_6w_pct", SEP).value)


def _years(born: date, at: date) -> float:
    return (at - born).days / 365.25


def test_average_age_by_gender(backend):
    results = run(backend, COUNTS, SEP, "cla.average_age")
    end = date(2016, 9, 30)
    a, c = _years(date(2005, 3, 10), end), _years(date(2010, 6, 1), end)  # 4,222 and 2,313 days
    row = value(results, "cla.average_age", SEP)
    assert row.value == pytest.approx((a + c) / 2)  # (11.559 + 6.333) / 2 = 8.946
    assert row.denominator == 2
    gender = breakdown(results, "cla.average_age", "gender", SEP)
    assert gender["M"].value == pytest.approx(a)
    assert gender["F"].value == pytest.approx(c)
    assert gender["F"].label == "Female"


def test_average_age_zero_denominator_is_null(backend):
    results = run(backend, {"ssd_person": [person("A")]}, SEP, "cla.average_age")
    assert pd.isna(value(results, "cla.average_age", SEP).value)


# Time in care at 30 Sep 2016, and how the start of the current period is found.
PERIODS = {
    "ssd_person": [
        person("A", "2005-03-10"),  # 11
        person("J", "2000-10-01"),  # 15 (16 on 1 October)
        person("K", "2015-12-01"),  # 0
        person("L", "2013-01-01"),  # 3
        person("M", "2009-01-01"),  # 7
    ],
    "ssd_cla_episodes": [
        # A: one episode since 1 Jan 2016: under 1 year.
        episode("a1", "A", "2016-01-01"),
        # J: entered care 30 Sep 2014 (the episode starts later): exactly 2 years, "over 2".
        episode("j1", "J", "2015-05-01", clae_entered_care_date="2014-09-30"),
        # K: an unbroken run (the second episode starts the day the first ceased): since 1 Dec 2015.
        episode("k1", "K", "2015-12-01", "2016-02-01"),
        episode("k2", "K", "2016-02-01"),
        # L: a gap between periods: the current one started 1 Jan 2015: 1 to 2 years.
        episode("l1", "L", "2013-01-01", "2014-01-01"),
        episode("l2", "L", "2015-01-01"),
        # M: the same period of care (clae_cla_id) despite a gap in the episodes: since 1 May 2011.
        episode("m1", "M", "2011-05-01", "2011-06-01", clae_cla_id="P9"),
        episode("m2", "M", "2014-01-01", clae_cla_id="P9"),
    ],
}


def test_time_in_care_by_age_and_duration(backend):
    results = run(backend, PERIODS, SEP, "cla.time_in_care")
    assert value(results, "cla.time_in_care", SEP).value == 5
    ages = breakdown(results, "cla.time_in_care", "age_band", SEP)
    assert {k: r.value for k, r in ages.items()} == {"0": 1, "1-4": 1, "5-9": 1, "10-15": 2}
    durations = breakdown(results, "cla.time_in_care", "duration_band", SEP)
    # Under 1: A, K. 1-2 years: L. Over 2: J (exactly 2), M.
    assert {k: r.value for k, r in durations.items()} == {"under_1": 2, "1_2": 1, "over_2": 2}
    cross = breakdown(results, "cla.time_in_care", "age_band+duration_band", SEP)
    assert cross["10-15|over_2"].value == 1
    assert cross["10-15|over_2"].parent == "10-15"


def test_longest_current_period(backend):
    results = run(backend, PERIODS, SEP, "cla.time_in_care")
    # M: 1 May 2011 to 30 Sep 2016 = 1,979 days / 365.25 = 5.418 years.
    longest = measure(results, "cla.time_in_care", "longest_period_years", SEP)
    assert longest == pytest.approx((date(2016, 9, 30) - date(2011, 5, 1)).days / 365.25)


def test_team_is_the_one_allocated_at_gives(backend):
    # The shared model picks the case worker's team; it must agree with models.allocated_at.
    # P: two open case-worker involvements, the later started wins (T2). Q: same start, the higher
    # id wins (T1). R: a blank involvement team, so the worker's team in qaf_staff (T2). S: only a
    # closed involvement and a non-case-worker one: no team.
    from qaf.config import Settings
    from qaf.indicators import models
    from qaf.indicators.context import Context
    from qaf.indicators.months import Month
    from qaf.indicators.sections._cla_snapshot import snapshot
    from qaf.warehouse.schema import source_from_rows

    def involvement(iid, pid, team, start, end=None, role="CW", worker="W1"):
        return {
            **case_worker(iid, pid, team, start),
            "invo_involvement_end_date": end,
            "invo_professional_role_id": role,
            "invo_professional_id": worker,
        }

    rows = {
        "ssd_person": [person(p) for p in "PQRS"],
        "ssd_cla_episodes": [episode(f"e{p}", p, "2016-01-01") for p in "PQRS"],
        "ssd_involvements": [
            involvement("i1", "P", "T1", "2016-01-01"),
            involvement("i2", "P", "T2", "2016-05-01"),
            involvement("i3", "Q", "T2", "2016-01-01"),
            involvement("i4", "Q", "T1", "2016-01-01"),
            involvement("i5", "R", " ", "2016-01-01", worker="W2"),
            involvement("i6", "S", "T1", "2016-01-01", end="2016-09-01"),
            involvement("i7", "S", "T2", "2016-01-01", role="IRO"),
        ],
        "qaf_staff": [{"prof_professional_id": "W2", "team_id": "T2", "role": "SW", "fte": 1.0}],
    }
    month = Month.parse(SEP)
    ctx = Context(source_from_rows(backend, rows), month, tuple(month.fy_to_date()), Settings())
    snap = snapshot(ctx)
    ours = ctx.execute(snap.select("person_id", "month", "team_id"))
    ours = ours.set_index(["person_id", "month"])["team_id"].sort_index()
    engine = ctx.execute(models.allocated_at(ctx, ctx.grid())).set_index(["a_person", "a_month"])
    theirs = engine["team_id"].reindex(ours.index)
    september = {k: (None if pd.isna(v) else v) for k, v in ours.xs(SEP, level="month").items()}
    assert september == {"P": "T2", "Q": "T1", "R": "T2", "S": None}

    def plain(series: pd.Series) -> pd.Series:
        return series.astype(object).where(series.notna(), None)

    pd.testing.assert_series_equal(plain(ours), plain(theirs), check_names=False)
