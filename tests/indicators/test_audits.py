"""Hand-worked cases for section 2 (internal case audits), reproducing the seed's CIN table."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.indicators.cases import measure, run
from tests.indicators.cells import cells, values

IDS = ["audit.completed", "audit.standard_3plus_pct", "audit.overall_3plus_pct"]
STANDARDS = ("1a", "2", "3", "4", "5", "6")
# The seed's CIN table, Sept 2016: audits scoring 3+ of 16 per standard (14+14+10+12+10+11 = 71).
CIN_GOOD = {"1a": 14, "2": 14, "3": 10, "4": 12, "5": 10, "6": 11}


def audit_rows(prefix, case_type, day, scores_by_standard):
    """One audit per position: scores_by_standard maps a standard to each audit's score."""
    n = len(next(iter(scores_by_standard.values())))
    return [
        {
            "audit_id": f"{prefix}{i}",
            "case_type": case_type,
            "audit_date": day,
            "standard": standard,
            "score": scores[i],
        }
        for i in range(n)
        for standard, scores in scores_by_standard.items()
    ]


def cin_september():
    # Audit i scores 4 on a standard when i < that standard's count of good audits, else 2.
    return audit_rows(
        "CIN",
        "CIN",
        "2016-09-14",
        {s: ["4" if i < CIN_GOOD[s] else "2" for i in range(16)] for s in STANDARDS},
    )


ROWS = [
    *cin_september(),
    # A CP audit on the month's last day: standard 6 not applicable, 3 of 5 scored 3+ (5, 3, 3).
    *audit_rows(
        "CP",
        "CP",
        "2016-09-30",
        {"1a": ["5"], "2": ["3"], "3": ["1"], "4": ["2"], "5": ["3"], "6": ["NA"]},
    ),
    # August: two CIN audits, 12 dimensions, 9 of them 3+ = 75%.
    *audit_rows(
        "AUG",
        "CIN",
        "2016-08-01",
        {
            "1a": ["3", "3"],
            "2": ["3", "1"],
            "3": ["4", "4"],
            "4": ["5", "2"],
            "5": ["3", "3"],
            "6": ["3", "1"],
        },
    ),
    # October: outside the series.
    *audit_rows("OCT", "CIN", "2016-10-01", {s: ["1"] for s in STANDARDS}),
]


def value(results, indicator_id, month, period_kind="month"):
    """The whole-council row of one period (this indicator also has year-to-date rows)."""
    rows = results[
        (results.indicator_id == indicator_id)
        & (results.kind == "value")
        & (results.month == month)
        & (results.period_kind == period_kind)
    ]
    assert len(rows) == 1
    return rows.iloc[0]


@pytest.fixture
def results(backend):
    return run(backend, {"qaf_audits": ROWS}, "2016-09", IDS)


def test_cin_overall_reproduces_the_seed(results):
    by_type = cells(results, "audit.overall_3plus_pct", "2016-09", "case_type")
    # 71 of 96 = 73.96% (the seed's 74%).
    cin = by_type["CIN"]
    assert (cin.numerator, cin.denominator) == (71, 96)
    assert cin.value == pytest.approx(100 * 71 / 96)
    # CP: NA is left out of both sides: 3 of 5.
    assert (by_type["CP"].numerator, by_type["CP"].denominator) == (3, 5)
    # No care-leaver audits: a zero denominator gives null, not 0.
    assert by_type["CL"].denominator == 0 and pd.isna(by_type["CL"].value)
    # All case types: (71 + 3) / (96 + 5).
    head = value(results, "audit.overall_3plus_pct", "2016-09")
    assert (head.numerator, head.denominator) == (74, 101)


def test_year_to_date_and_change_on_previous_month(results):
    ytd = cells(results, "audit.overall_3plus_pct", "2016-09", "case_type", period_kind="fytd")
    # CIN April-September: (71 + 9) / (96 + 12) = 80 / 108.
    assert (ytd["CIN"].numerator, ytd["CIN"].denominator) == (80, 108)
    # August: 9 / 12 = 75%; September: 74 / 101. Change in percentage points.
    change = measure(results, "audit.overall_3plus_pct", "change_on_previous_month_pp", "2016-09")
    assert change == pytest.approx(100 * 74 / 101 - 75.0)
    assert measure(results, "audit.overall_3plus_pct", "dimensions_scored", "2016-09") == 101
    april = value(results, "audit.overall_3plus_pct", "2016-04")
    assert april.denominator == 0 and pd.isna(april.value)


def test_per_standard_reproduces_the_seed(results):
    cin = cells(results, "audit.standard_3plus_pct", "2016-09", "standard", case_type="CIN")
    assert list(cin) == list(STANDARDS)  # the seed's order
    assert values(cin, "numerator") == CIN_GOOD
    assert set(values(cin, "denominator").values()) == {16}
    # 1a: 14 / 16 = 87.5% (the seed's 88%); 3: 10 / 16 = 62.5% (63%).
    assert cin["1a"].value == pytest.approx(87.5)
    assert cin["3"].value == pytest.approx(62.5)
    every_type = cells(results, "audit.standard_3plus_pct", "2016-09", "standard")
    # Standard 6 over CIN and CP: the CP audit's NA is not scored: 11 / 16.
    assert (every_type["6"].numerator, every_type["6"].denominator) == (11, 16)
    assert (every_type["1a"].numerator, every_type["1a"].denominator) == (15, 17)


def test_audits_completed_by_case_type(results):
    assert value(results, "audit.completed", "2016-09").value == 17
    assert value(results, "audit.completed", "2016-08").value == 2
    assert value(results, "audit.completed", "2016-05").value == 0
    by_type = values(cells(results, "audit.completed", "2016-09", "case_type"))
    assert by_type == {"CIN": 16, "CP": 1, "CIC": 0, "CL": 0, "ASSESSMENT": 0}
