"""Hand-worked cases for "allocated to a named worker", the case-worker roles and the agency flag
(issue 8 item 6, issue 7), on DuckDB and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from qaf.config import Settings
from tests.indicators.cases import breakdown, measure, run, value
from tests.indicators.test_workforce import AGENCY, CASELOADS, cases, merge, team, worker


def _involvement(iid: str, person: str, professional: str | None, role: str = "CW") -> dict:
    return {
        "invo_involvements_id": iid,
        "invo_professional_id": professional,
        "invo_professional_role_id": role,
        "invo_professional_team": "T",
        "invo_person_id": person,
        "invo_involvement_start_date": "2016-01-01",
    }


def _cin(person: str) -> dict:
    return {
        "cine_referral_id": f"r{person}",
        "cine_person_id": person,
        "cine_referral_date": "2016-01-01",
    }


def test_cases_held_by_a_manager_or_the_team_are_not_allocated_to_a_named_worker(backend):
    # Four open cases in team T: two with social worker sw, one held by the team manager tm,
    # one whose case-worker involvement names no worker (held by the team).
    staff = [worker("sw", "T"), worker("tm", "T", "TM")]
    rows = {
        "qaf_teams": [team("T")],
        "qaf_staff": staff,
        "ssd_cin_episodes": [_cin(p) for p in ("a", "b", "c", "d")],
        "ssd_involvements": [
            _involvement("i1", "a", "sw"),
            _involvement("i2", "b", "sw"),
            _involvement("i3", "c", "tm"),
            _involvement("i4", "d", ""),
        ],
    }
    results = run(backend, rows, "2016-09", CASELOADS)
    allocated = breakdown(results, CASELOADS, "team+allocation", "2016-09")["T|named_worker"]
    # 2 of 4 by hand: all four are T's cases, only a and b have a named worker.
    assert (allocated.numerator, allocated.denominator, allocated.value) == (2, 4, 50.0)
    assert breakdown(results, CASELOADS, "team", "2016-09")["T"].numerator == 4


def test_a_manager_in_a_team_flagged_manager_holds_cases_is_a_named_worker(backend):
    rows = {
        "qaf_teams": [team("T", manager_holds_cases=True)],
        "qaf_staff": [worker("tm", "T", "TM")],
        "ssd_cin_episodes": [_cin("a")],
        "ssd_involvements": [_involvement("i1", "a", "tm")],
    }
    results = run(backend, rows, "2016-09", CASELOADS)
    allocated = breakdown(results, CASELOADS, "team+allocation", "2016-09")["T|named_worker"]
    assert (allocated.numerator, allocated.denominator) == (1, 1)


def test_ssd_1_4_4_role_spelling_is_a_case_worker_by_default(backend):
    rows = {
        "qaf_teams": [team("T"), team("U")],
        "qaf_staff": [worker("sw", "U")],
        "ssd_cin_episodes": [_cin("a")],
        # Older SSD spelling, any case and spaces; the involvement names no team, so the case
        # goes to the worker's team U only if the role is recognised.
        "ssd_involvements": [
            {
                **_involvement("i1", "a", "sw", " allocated case worker "),
                "invo_professional_team": None,
            }
        ],
    }
    results = run(backend, rows, "2016-09", CASELOADS)
    assert breakdown(results, CASELOADS, "team", "2016-09")["U"].numerator == 1
    # A council whose system writes another role sets the list.
    only_key = replace(Settings(), casework=replace(Settings().casework, case_worker_roles=("KW",)))
    results = run(backend, rows, "2016-09", CASELOADS, only_key)
    assert breakdown(results, CASELOADS, "team", "2016-09")["none"].numerator == 1


def test_agency_share_not_recorded_when_no_flag_is_recorded(backend):
    staff = [worker("a", "T"), worker("b", "T", fte=0.5)]  # no agency flag anywhere
    rows = merge({"qaf_teams": [team("T")], "qaf_staff": staff}, cases("x", 1, "a", "T"))
    results = run(backend, rows, "2016-09", AGENCY)
    headline = value(results, AGENCY, "2016-09")
    assert pd.isna(headline.value) and pd.isna(headline.numerator)
    assert headline.denominator == 1.5
    assert measure(results, AGENCY, "agency_recorded", "2016-09") == 0
    assert pd.isna(breakdown(results, AGENCY, "team", "2016-09")["T"].value)
    # One flag recorded (not agency) is enough for a real 0%.
    staff[0]["agency"] = False
    results = run(backend, rows, "2016-09", AGENCY)
    assert value(results, AGENCY, "2016-09").value == 0.0
    assert measure(results, AGENCY, "agency_recorded", "2016-09") == 1
    assert measure(results, AGENCY, "staff_agency_not_recorded", "2016-09") == 1
