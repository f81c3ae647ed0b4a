"""Hand-worked cases for section 1.3's section 47 and initial conference indicators."""

from __future__ import annotations

from itertools import count

import pandas as pd
import pytest

from tests.indicators.cases import breakdown, measure, run, value

TEAMS = [{"team_id": "T1", "team_name": "Team One", "service": "C&F", "area": "Exeter"}]
_ids = count(1)

ICPC_IDS = [
    "cp.icpcs",
    "cp.icpc_to_plan",
    "cp.icpc_no_outcome",
    "cp.icpc_to_plan_pct",
]


def s47(start: str, team: str | None = "T1", sid: str | None = None) -> dict:
    return {
        "s47e_s47_enquiry_id": sid or f"S{next(_ids)}",
        "s47e_person_id": "P1",
        "s47e_s47_start_date": start,
        "s47e_s47_completed_by_team": team,
    }


def icpc(person: str, day: str, flag: bool | None = None, **extra) -> dict:
    return {
        "icpc_icpc_id": f"C{next(_ids)}",
        "icpc_person_id": person,
        "icpc_icpc_date": day,
        "icpc_icpc_outcome_cp_flag": flag,
        **extra,
    }


def test_s47_enquiries_by_team(backend):
    rows = [
        s47("2016-09-01"),
        s47("2016-09-30"),
        s47("2016-09-15", team=None),
        s47("2016-08-31"),
        s47("2016-10-01"),  # next month
    ]
    r = run(backend, {"ssd_s47_enquiry": rows, "qaf_teams": TEAMS}, "2016-09", "cp.s47_enquiries")
    assert value(r, "cp.s47_enquiries", "2016-09").value == 3
    assert value(r, "cp.s47_enquiries", "2016-08").value == 1
    assert value(r, "cp.s47_enquiries", "2016-04").value == 0
    teams = breakdown(r, "cp.s47_enquiries", "team", "2016-09")
    assert teams["T1"].value == 2 and teams["none"].value == 1
    assert breakdown(r, "cp.s47_enquiries", "area", "2016-09")["Exeter"].value == 2


ICPCS = [
    icpc("P1", "2016-09-01", True),  # to plan
    icpc("P2", "2016-09-05", False),  # P2 twice in the month: counted once,
    icpc("P2", "2016-09-20", True),  # to plan because one conference was
    icpc("P3", "2016-09-06", None, icpc_cp_plan_id="CP9"),  # flag empty, plan named: to plan
    icpc("P4", "2016-09-07", None, icpc_icpc_outcome_json='{"OUTCOME_CP_FLAG": "Y"}'),  # to plan
    icpc("P5", "2016-09-08", False),  # outcome recorded, not a plan
    icpc("P6", "2016-09-09"),  # nothing recorded: no outcome
    icpc(
        "P7",
        "2016-09-10",
        None,
        icpc_icpc_outcome_json='{"OUTCOME_NFA_FLAG": "N", "OUTCOME_CP_FLAG": ""}',
    ),  # JSON sets no flag to yes: no outcome
    icpc("P8", "2016-09-30", None, icpc_icpc_outcome_json='{"OUTCOME_NFA_FLAG": "Y"}'),  # other
    icpc("P9", "2016-10-01", True),  # next month
]


def test_icpcs_one_per_child_outcomes_and_pct(backend):
    r = run(backend, {"ssd_initial_cp_conference": ICPCS}, "2016-09", ICPC_IDS)
    # Children P1..P8 = 8; to plan P1, P2, P3, P4 = 4; no outcome P6, P7 = 2.
    assert value(r, "cp.icpcs", "2016-09").value == 8
    assert value(r, "cp.icpc_to_plan", "2016-09").value == 4
    assert value(r, "cp.icpc_no_outcome", "2016-09").value == 2
    pct = value(r, "cp.icpc_to_plan_pct", "2016-09")
    assert (pct.numerator, pct.denominator) == (4, 8)
    assert pct.value == pytest.approx(50.0)
    # August: no conferences, counts 0 and the % null.
    assert value(r, "cp.icpcs", "2016-08").value == 0
    assert value(r, "cp.icpc_to_plan", "2016-08").value == 0
    assert pd.isna(value(r, "cp.icpc_to_plan_pct", "2016-08").value)


def test_icpc_within_15_working_days_across_a_bank_holiday(backend):
    # From Fri 19 Aug 2016: 22-26 Aug are days 1-5, Mon 29 Aug is a bank holiday, 30 Aug-2 Sep are
    # 6-9, 5-9 Sep are 10-14, Mon 12 Sep is day 15 (within) and Tue 13 Sep day 16 (late).
    enquiries = [s47("2016-08-19", sid="SA"), s47("2016-08-19", sid="SB")]
    conferences = [
        icpc("P1", "2016-09-12", True, icpc_s47_enquiry_id="SA"),  # 15: within
        icpc("P2", "2016-09-13", True, icpc_s47_enquiry_id="SB"),  # 16: late
        icpc("P3", "2016-09-14", True, icpc_s47_enquiry_id="NOPE"),  # no such enquiry
        icpc("P4", "2016-09-14", True),  # no enquiry named
    ]
    r = run(
        backend,
        {"ssd_s47_enquiry": enquiries, "ssd_initial_cp_conference": conferences},
        "2016-09",
        "cp.icpc_within_15_days_pct",
    )
    sep = value(r, "cp.icpc_within_15_days_pct", "2016-09")
    assert (sep.numerator, sep.denominator) == (1, 2)
    assert sep.value == pytest.approx(50.0)
    assert measure(r, "cp.icpc_within_15_days_pct", "unlinked", "2016-09") == 2
    assert pd.isna(value(r, "cp.icpc_within_15_days_pct", "2016-08").value)
