"""The seed's table 25 (caseloads by team with area and service subtotals) is a pivot of one
indicator, workforce.caseloads; its subtotals follow the team hierarchy's one roll-up rule."""

from __future__ import annotations

import pandas as pd
import pytest

from qaf.indicators.hierarchy import TeamHierarchy
from qaf.indicators.pivot import pivot
from tests.indicators.cases import run


def team(tid: str, service: str, area: str) -> dict:
    return {"team_id": tid, "team_name": f"Team {tid}", "service": service, "area": area}


def worker(pid: str, tid: str) -> dict:
    return {"prof_professional_id": pid, "team_id": tid, "role": "SW", "fte": 1.0}


def cases(prefix: str, n: int, worker_id: str, team_id: str) -> dict[str, list[dict]]:
    """n children, each with an open CIN episode and an open case-worker involvement."""
    people = [f"{prefix}{i}" for i in range(n)]
    return {
        "ssd_cin_episodes": [
            {"cine_referral_id": f"r{p}", "cine_person_id": p, "cine_referral_date": "2016-01-01"}
            for p in people
        ],
        "ssd_involvements": [
            {
                "invo_involvements_id": f"i{p}",
                "invo_professional_id": worker_id,
                "invo_professional_role_id": "CW",
                "invo_professional_team": team_id,
                "invo_person_id": p,
                "invo_involvement_start_date": "2016-01-01",
            }
            for p in people
        ],
    }


def merge(*parts: dict[str, list[dict]]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for part in parts:
        for table, rows in part.items():
            out.setdefault(table, []).extend(rows)
    return out


TEAMS = [
    team("T1", "Initial Response", "Exeter"),
    team("T2", "Initial Response", "North"),
    team("T3", "Children and Families", "Exeter"),
]
STAFF = [
    worker("a", "T1"),
    worker("b", "T1"),  # T1: 2.0 FTE
    worker("c", "T2"),  # T2: 1.0
    worker("d", "T3"),  # T3: 1.0
]
DATA = merge(
    {"qaf_teams": TEAMS, "qaf_staff": STAFF},
    cases("x", 30, worker_id="a", team_id="T1"),  # T1: 30 cases, 15 per FTE
    cases("y", 10, worker_id="c", team_id="T2"),  # T2: 10
    cases("z", 20, worker_id="d", team_id="T3"),  # T3: 20
)


def test_table_25_is_a_pivot_of_workforce_caseloads(backend):
    results = run(backend, DATA, "2016-09", "workforce.caseloads")
    rows = results[(results.month == "2016-09") & (results.period_kind == "month")]
    table = pivot(
        rows, "team", hierarchy=TeamHierarchy.from_frame(pd.DataFrame(TEAMS)), unit="ratio"
    )
    assert list(table.index) == [
        ("team", "T1"),
        ("service_area", "Initial Response|Exeter"),
        ("team", "T2"),
        ("service_area", "Initial Response|North"),
        ("service", "Initial Response"),
        ("team", "T3"),
        ("service_area", "Children and Families|Exeter"),
        ("service", "Children and Families"),
        ("team", "none"),  # No assigned team: no cases here, no FTE, no value
        ("total", "total"),
    ]
    column = table["2016-09"]
    assert column[("team", "T1")] == pytest.approx(15.0)
    assert column[("service_area", "Initial Response|North")] == pytest.approx(10.0)
    assert column[("service", "Initial Response")] == pytest.approx(40 / 3)  # 40 cases, 3 FTE
    assert column[("service", "Children and Families")] == pytest.approx(20.0)
    assert column[("total", "total")] == pytest.approx(15.0)  # 60 cases, 4 FTE
    assert pd.isna(column[("team", "none")])
    cases_table = pivot(
        rows,
        "team",
        hierarchy=TeamHierarchy.from_frame(pd.DataFrame(TEAMS)),
        unit="ratio",
        show="numerator",
    )
    assert cases_table["2016-09"][("service", "Initial Response")] == 40


def test_a_cross_table_labels_each_line_by_its_own_member_not_the_row_label():
    # Rows of two dimensions carry a label naming both ("1 to 4, 1 to 2 years"): a line of age
    # band down is labelled by its age band alone; a row of one dimension keeps its own label.
    def row(dims: dict, label: str, value: float) -> dict:
        return {
            "kind": "breakdown", "dims": dims, "month": "2016-09", "period_kind": "month",
            "value": value, "numerator": None, "denominator": None, "label": label,
        }  # fmt: skip

    rows = pd.DataFrame(
        [
            row({"age_band": "1-4", "duration_band": "1_2"}, "1 to 4, 1 to 2 years", 3),
            row({"age_band": "1-4", "duration_band": "under_1"}, "1 to 4, Under 1 year", 2),
            row({"age_band": "5-9", "duration_band": "1_2"}, "5 to 9, 1 to 2 years", 4),
        ]
    )
    table = pivot(rows, "age_band", ("duration_band",))
    assert list(table["label"]) == ["1 to 4", "5 to 9"]
    assert table.at[("age_band", "1-4"), "1_2"] == 3
    alone = pivot(pd.DataFrame([row({"age_band": "1-4"}, "Toddlers", 5)]), "age_band")
    assert list(alone["label"]) == ["Toddlers"]


def test_lines_that_do_not_add_up_get_no_total_line():
    # The scorecard's cohorts by quarter overlap: the council's row is the latest cohort, not
    # their total, so no "Total" line repeats it. Age bands add up: theirs stays.
    def row(dims: dict, value: float) -> dict:
        return {
            "kind": "breakdown" if dims else "value", "dims": dims, "month": "2016-09",
            "period_kind": "cohort_3y", "value": value, "numerator": None, "denominator": None,
            "label": None,
        }  # fmt: skip

    cohorts = pd.DataFrame(
        [row({"quarter": "2016-06"}, 59.0), row({"quarter": "2016-09"}, 58.5), row({}, 58.5)]
    )
    assert "Total" not in list(pivot(cohorts, "quarter", unit="percent")["label"])
    bands = pd.DataFrame([row({"age_band": "1-4"}, 3), row({"age_band": "5-9"}, 4), row({}, 7)])
    assert list(pivot(bands, "age_band")["label"])[-1] == "Total"
