"""Hand-worked cases for section 4 (Independent Reviewing Unit), reproducing the seed's Sep-16 forms."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.indicators.cases import measure, run, value
from tests.indicators.cells import cells, values

IDS = [
    "iru.meetings_held",
    "iru.meeting_attendance_pct",
    "iru.review_reports_on_time_pct",
    "iru.sw_change_pct",
]


def review_forms():
    """169 September forms: 29 record no number of changes; of the 140 that do, 98 none, 35 one,
    7 two (the seed's 42 / 140 = 30.0%). Reports: 100 on time, 50 late, 19 not recorded."""
    changes = [None] * 29 + [0] * 98 + [1] * 35 + [2] * 7
    on_time = [True] * 100 + [False] * 50 + [None] * 19
    out = [
        {
            "form_id": f"R{i}",
            "review_date": "2016-09-30" if i % 2 else "2016-09-01",
            "person_id": f"C{i}",
            "report_on_time": on_time[i],
            "sw_changes": changes[i],
        }
        for i in range(169)
    ]
    # August: 4 forms, 1 with 3 changes and 1 with 5 (both "3+"), 2 with none; 1 of 2 reports on time.
    for i, n in enumerate([3, 5, 0, 0]):
        out.append(
            {
                "form_id": f"A{i}",
                "review_date": "2016-08-15",
                "report_on_time": [True, False, None, None][i],
                "sw_changes": n,
            }
        )
    return out


def meeting(mid, kind, day, group, invited, attended):
    return {
        "meeting_id": mid,
        "meeting_type": kind,
        "meeting_date": day,
        "professional_group": group,
        "invited": invited,
        "attended": attended,
    }


MEETINGS = [
    # Two ICPCs: health 2 of 3, 1 of 2; other 4 of 5, 3 of 6.
    meeting("M1", "ICPC", "2016-09-01", "HEALTH", 3, 2),
    meeting("M1", "ICPC", "2016-09-01", "OTHER", 5, 4),
    meeting("M2", "ICPC", "2016-09-30", "HEALTH", 2, 1),
    meeting("M2", "ICPC", "2016-09-30", "OTHER", 6, 3),
    # A core group: health 1 of 1; other attendance not recorded, so that row is left out.
    meeting("M3", "CORE_GROUP", "2016-09-12", "HEALTH", 1, 1),
    meeting("M3", "CORE_GROUP", "2016-09-12", "OTHER", 4, None),
    # A CP review in August only.
    meeting("M4", "CP_REVIEW", "2016-08-12", "OTHER", 2, 2),
]


@pytest.fixture
def results(backend):
    tables = {"qaf_iru_reviews": review_forms(), "qaf_iru_meetings": MEETINGS}
    return run(backend, tables, "2016-09", IDS)


def test_change_of_social_worker_reproduces_the_seed(results):
    head = value(results, "iru.sw_change_pct", "2016-09")
    # 35 + 7 = 42 of the 140 forms that record changes: 30.0%.
    assert (head.numerator, head.denominator) == (42, 140)
    assert head.value == pytest.approx(30.0)
    bands = cells(results, "iru.sw_change_pct", "2016-09", "sw_changes")
    assert values(bands, "numerator") == {"0": 98, "1": 35, "2": 7, "3+": 0}
    assert bands["1"].value == pytest.approx(25.0)  # 35 / 140
    assert measure(results, "iru.sw_change_pct", "forms_received", "2016-09") == 169
    assert measure(results, "iru.sw_change_pct", "not_recorded", "2016-09") == 29
    # August: 3 and 5 changes are both "3+": 2 of 4.
    august = cells(results, "iru.sw_change_pct", "2016-08", "sw_changes")
    assert august["3+"].numerator == 2
    assert value(results, "iru.sw_change_pct", "2016-08").value == pytest.approx(50.0)
    # No forms in April: null, not 0.
    assert pd.isna(value(results, "iru.sw_change_pct", "2016-04").value)


def test_reports_on_time_leave_out_forms_not_recording_it(results):
    head = value(results, "iru.review_reports_on_time_pct", "2016-09")
    assert (head.numerator, head.denominator) == (100, 150)
    assert measure(results, "iru.review_reports_on_time_pct", "not_recorded", "2016-09") == 19
    assert value(results, "iru.review_reports_on_time_pct", "2016-08").value == 50.0


def test_attendance_by_meeting_type_and_group(results):
    both = cells(
        results,
        "iru.meeting_attendance_pct",
        "2016-09",
        ("meeting_type", "professional_group"),
    )
    # ICPC health: (2 + 1) / (3 + 2); other: (4 + 3) / (5 + 6).
    assert (both["ICPC", "HEALTH"].numerator, both["ICPC", "HEALTH"].denominator) == (3, 5)
    assert (both["ICPC", "OTHER"].numerator, both["ICPC", "OTHER"].denominator) == (7, 11)
    # No CP review this month: 0 / 0 is null.
    assert both["CP_REVIEW", "OTHER"].denominator == 0
    assert pd.isna(both["CP_REVIEW", "OTHER"].value)
    by_type = cells(results, "iru.meeting_attendance_pct", "2016-09", "meeting_type")
    # ICPC total: 10 / 16 = 62.5%; core group: only the health row counts, 1 / 1.
    assert by_type["ICPC"].value == pytest.approx(62.5)
    assert (by_type["CORE_GROUP"].numerator, by_type["CORE_GROUP"].denominator) == (1, 1)
    by_group = cells(results, "iru.meeting_attendance_pct", "2016-09", "professional_group")
    assert (by_group["HEALTH"].numerator, by_group["HEALTH"].denominator) == (4, 6)
    head = value(results, "iru.meeting_attendance_pct", "2016-09")
    assert (head.numerator, head.denominator) == (11, 17)
    assert measure(results, "iru.meeting_attendance_pct", "meetings_held", "2016-09") == 3


def test_meetings_held_by_type(results):
    assert value(results, "iru.meetings_held", "2016-09").value == 3
    held = values(cells(results, "iru.meetings_held", "2016-09", "meeting_type"))
    assert held == {"ICPC": 2, "CORE_GROUP": 1, "CP_REVIEW": 0}
    assert value(results, "iru.meetings_held", "2016-08").value == 1
