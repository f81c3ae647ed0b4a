"""Hand-worked cases for section 1.0's demand indicators: children in need and early help."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.indicators.cases import breakdown, measure, person, run, value

CHILDREN = [person(p) for p in ("C1", "C2", "C3", "C4", "C5", "C6")]
TEAMS = [
    {
        "team_id": "T1",
        "team_name": "Exeter 1",
        "service": "Children & Families",
        "area": "Exeter",
        "finance_only": False,
    },
    {
        "team_id": "T2",
        "team_name": "North 1",
        "service": "Children & Families",
        "area": "North",
        "finance_only": False,
    },
    {
        "team_id": "TF",
        "team_name": "Finance only",
        "service": "Finance only cases",
        "area": None,
        "finance_only": True,
    },
]


def cin(rid, pid, start, end=None):
    return {
        "cine_referral_id": rid,
        "cine_person_id": pid,
        "cine_referral_date": start,
        "cine_close_date": end,
    }


def cw(iid, pid, team, start, end=None):
    return {
        "invo_involvements_id": iid,
        "invo_professional_id": f"W{iid}",
        "invo_professional_role_id": "CW",
        "invo_professional_team": team,
        "invo_person_id": pid,
        "invo_involvement_start_date": start,
        "invo_involvement_end_date": end,
    }


CASELOAD = {
    "ssd_person": CHILDREN,
    "qaf_teams": TEAMS,
    "ssd_cin_episodes": [
        cin("R1", "C1", "2016-01-10"),  # open throughout
        # Closed on Sep's last day: not open at Sep end.
        cin("R2", "C2", "2016-05-03", "2016-09-30"),
        cin("R3", "C3", "2016-09-30"),  # referred on Sep's last day: open at Sep end
        cin("R4a", "C4", "2016-04-01"),  # two open episodes for one child count once
        cin("R4b", "C4", "2016-06-01"),
        cin("R5", "C5", "2016-02-01", "2016-10-01"),  # closes after Sep: open at Sep end
        cin("R6", "C6", "2016-09-01"),  # in short-break care: not "looked after"
    ],
    "ssd_cla_episodes": [
        {
            "clae_cla_episode_id": "E1",
            "clae_person_id": "C1",
            "clae_cla_episode_start_date": "2016-08-01",
        },
        {
            "clae_cla_episode_id": "E6",
            "clae_person_id": "C6",
            "clae_cla_episode_start_date": "2016-09-02",
        },
    ],
    "ssd_legal_status": [
        {
            "lega_legal_status_id": "L6",
            "lega_person_id": "C6",
            "lega_legal_status": "V3",
            "lega_legal_status_start_date": "2016-09-02",
        },
    ],
    "ssd_cp_plans": [
        {"cppl_cp_plan_id": "P1", "cppl_person_id": "C1", "cppl_cp_plan_start_date": "2016-07-01"},
        {"cppl_cp_plan_id": "P3", "cppl_person_id": "C3", "cppl_cp_plan_start_date": "2016-09-30"},
        {
            "cppl_cp_plan_id": "P5",
            "cppl_person_id": "C5",
            "cppl_cp_plan_start_date": "2016-03-01",
            "cppl_cp_plan_end_date": "2016-09-30",
        },  # ended on the last day: not on a plan
    ],
    "ssd_involvements": [
        cw("1", "C1", "T1", "2016-01-10"),
        cw("4", "C4", "TF", "2016-04-01"),
        cw("5a", "C5", "T2", "2016-02-01", "2016-09-30"),  # ended on the last day: not current
        cw("5b", "C5", "T1", "2016-09-20"),
        # C3 and C6 have no case worker: "No assigned team"
    ],
}


def test_cin_caseload_series_counts_children_open_at_month_end(backend):
    results = run(backend, CASELOAD, "2016-09", "cin.caseload")
    # Apr: C1, C4 (R4a from 1 Apr), C5 = 3. May-Aug: + C2 = 4.
    # Sep: C1, C3 (referred on the 30th), C4 (once), C5, C6 = 5; C2 closed on the 30th is out.
    expected = {"2016-04": 3, "2016-05": 4, "2016-06": 4, "2016-07": 4, "2016-08": 4, "2016-09": 5}
    for month, n in expected.items():
        assert value(results, "cin.caseload", month).value == n, month


def test_cin_caseload_by_status(backend):
    results = run(backend, CASELOAD, "2016-09", "cin.caseload")
    status = breakdown(results, "cin.caseload", "status", "2016-09")
    # C1 looked after and on a plan -> looked after; C3 on a plan; C4 and C5 (plan ended on the
    # 30th) and C6 (short-break care V3 is not looked after, as in cla.children) other CIN.
    assert status["looked_after"].value == 1
    assert status["cp_plan"].value == 1
    assert status["other_cin"].value == 3


def test_cin_caseload_by_team_keeps_no_assigned_team(backend):
    results = run(backend, CASELOAD, "2016-09", "cin.caseload")
    teams = breakdown(results, "cin.caseload", "team", "2016-09")
    # T1: C1, C5 (5b current; 5a with T2 ended on the 30th); TF: C4; none: C3, C6. T2: no one.
    assert {k: r.value for k, r in teams.items()} == {"T1": 2, "TF": 1, "none": 2}
    assert teams["T1"].parent == "Exeter"
    assert teams["none"].label == "No assigned team"
    services = breakdown(results, "cin.caseload", "service", "2016-09")
    assert services["Children & Families"].value == 2
    assert services["Finance only cases"].value == 1


def test_cin_caseload_finance_only_measures(backend):
    results = run(backend, CASELOAD, "2016-09", "cin.caseload")
    # C4 is allocated to TF, flagged finance_only: 1 of 5.
    assert measure(results, "cin.caseload", "finance_only", "2016-09") == 1
    assert measure(results, "cin.caseload", "excluding_finance_only", "2016-09") == 4


def test_cin_caseload_with_no_episodes_is_zero(backend):
    results = run(backend, {"ssd_person": CHILDREN}, "2016-09", "cin.caseload")
    assert value(results, "cin.caseload", "2016-09").value == 0
    status = breakdown(results, "cin.caseload", "status", "2016-09")
    assert status["other_cin"].value == 0


def test_cin_rate_per_10k(backend):
    results = run(backend, CASELOAD, "2016-09", "cin.rate_per_10k")
    # 5 children / 10,000 children x 10,000 = 5.0; Apr 3 / 10,000 x 10,000 = 3.0.
    sep = value(results, "cin.rate_per_10k", "2016-09")
    assert sep.value == pytest.approx(5.0)
    assert (sep.numerator, sep.denominator) == (5, 10_000)
    assert value(results, "cin.rate_per_10k", "2016-04").value == pytest.approx(3.0)


def test_cin_rate_without_population_is_null(backend):
    results = run(backend, {**CASELOAD, "qaf_population": []}, "2016-09", "cin.rate_per_10k")
    assert pd.isna(value(results, "cin.rate_per_10k", "2016-09").value)


def test_caseload_and_rate_together_agree(backend):
    results = run(backend, CASELOAD, "2016-09", ["cin.rate_per_10k", "cin.caseload"])
    assert value(results, "cin.caseload", "2016-06").value == 4
    assert value(results, "cin.rate_per_10k", "2016-06").numerator == 4


def eh(eid, start):
    return {"earl_episode_id": eid, "earl_person_id": "C1", "earl_episode_start_date": start}


EARLY_HELP = {
    "ssd_person": CHILDREN,
    "ssd_early_help_episodes": [
        eh("1", "2016-09-01"),
        eh("2", "2016-09-30"),
        eh("3", "2016-10-01"),  # after the report month
        eh("4", "2016-04-05"),
        eh("5", "2015-09-15"),  # Sep of the previous FY
        eh("6", "2014-09-10"),  # Sep two FYs back
    ],
}


def test_early_help_assessments_started_in_month_with_two_years_history(backend):
    results = run(backend, EARLY_HELP, "2016-09", "early_help.assessments")
    # Sep-16: 1st and 30th = 2 (1 Oct is not Sep). Apr-16: 1. May-16: none -> 0.
    assert value(results, "early_help.assessments", "2016-09").value == 2
    assert value(results, "early_help.assessments", "2016-04").value == 1
    assert value(results, "early_help.assessments", "2016-05").value == 0
    # The same months of 2015-16 and 2014-15.
    assert value(results, "early_help.assessments", "2015-09").value == 1
    assert value(results, "early_help.assessments", "2014-09").value == 1
    assert value(results, "early_help.assessments", "2014-04").value == 0


def test_early_help_year_to_date_measures(backend):
    results = run(backend, EARLY_HELP, "2016-09", "early_help.assessments")
    # Apr-Sep 16: 3; Apr-Sep 15: 1; change (3 - 1) / 1 = +200%.
    assert measure(results, "early_help.assessments", "ytd_total", "2016-09") == 3
    assert (
        measure(results, "early_help.assessments", "previous_fy_same_period_total", "2016-09") == 1
    )
    assert measure(results, "early_help.assessments", "ytd_change_pct", "2016-09") == 200


def test_early_help_change_with_nothing_last_year_is_null(backend):
    rows = {"ssd_person": CHILDREN, "ssd_early_help_episodes": [eh("1", "2016-09-01")]}
    results = run(backend, rows, "2016-09", "early_help.assessments")
    assert measure(results, "early_help.assessments", "ytd_change_pct", "2016-09") is None
