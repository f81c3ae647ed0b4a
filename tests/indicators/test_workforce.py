"""Hand-worked cases for section 1.6: caseloads (the seed's table 25), agency share, cases by status."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd
import pytest

from qaf.config import Settings
from qaf.indicators.compute import compute
from qaf.indicators.months import Month
from qaf.indicators.staff import role_from_title
from qaf.warehouse.schema import source_from_rows
from tests.indicators.cases import COUNCIL, POPULATION, breakdown, measure, run, value

CASELOADS = "workforce.caseloads"
TEAM_ALLOCATED = "team+allocation"
AGENCY = "workforce.agency_pct"
BY_STATUS = "allocations.by_status"


def team(tid: str, service: str = "Initial Response", area: str = "Exeter", **flags: Any) -> dict:
    return {"team_id": tid, "team_name": f"Team {tid}", "service": service, "area": area, **flags}


def worker(pid: str, tid: str | None, role: str = "SW", fte: float = 1.0, **more: Any) -> dict:
    return {"prof_professional_id": pid, "team_id": tid, "role": role, "fte": fte, **more}


def cases(
    prefix: str,
    n: int,
    worker_id: str | None = None,
    team_id: str | None = None,
    referral_team: str | None = None,
) -> dict[str, list[dict]]:
    """n children, each with an open CIN episode and (with a worker) an open CW involvement."""
    cin = [
        {
            "cine_referral_id": f"r{prefix}{i}",
            "cine_person_id": f"{prefix}{i}",
            "cine_referral_date": "2016-01-01",
            "cine_referral_team": referral_team,
        }
        for i in range(n)
    ]
    inv = [
        {
            "invo_involvements_id": f"i{prefix}{i}",
            "invo_professional_id": worker_id,
            "invo_professional_role_id": "CW",
            "invo_professional_team": team_id,
            "invo_person_id": f"{prefix}{i}",
            "invo_involvement_start_date": "2016-01-01",
        }
        for i in range(n)
        if worker_id
    ]
    return {"ssd_cin_episodes": cin, "ssd_involvements": inv}


def merge(*parts: dict[str, list[dict]]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for part in parts:
        for table, rows in part.items():
            out.setdefault(table, []).extend(rows)
    return out


# The seed's row IRCX1: 5.5 caseload FTE, 78 cases, all allocated, 14.2 per FTE.
IRCX1_STAFF = [
    *(worker(f"sw{i}", "IRCX1") for i in range(4)),  # 4 x 1.0 = 4.0
    worker("asye", "IRCX1", "ASYE"),  # 1.0 x 0.6 = 0.6
    worker("sw9", "IRCX1", fte=0.9),  # 0.9
    worker("tm", "IRCX1", "TM"),  # a team manager adds nothing
    worker("sick", "IRCX1", long_term_absence=True),  # long-term absent: left out
]
IRCX1 = merge(
    {"qaf_teams": [team("IRCX1")], "qaf_staff": IRCX1_STAFF},
    cases("x", 78, worker_id="sw0", team_id="IRCX1"),
)


def test_hand_worked_team_reproduces_the_seed(backend):
    results = run(backend, IRCX1, "2016-09", CASELOADS)
    row = breakdown(results, CASELOADS, "team", "2016-09")["IRCX1"]
    # 4.0 + 0.6 + 0.9 = 5.5 FTE; 78 / 5.5 = 14.18 (the seed shows 14.2).
    assert row.denominator == pytest.approx(5.5)
    assert row.numerator == 78
    assert round(row.value, 1) == 14.2
    assert row.parent == "Exeter"
    allocated = breakdown(results, CASELOADS, TEAM_ALLOCATED, "2016-09")["IRCX1|named_worker"]
    assert (allocated.numerator, allocated.denominator, allocated.value) == (78, 78, 100.0)
    headline = value(results, CASELOADS, "2016-09")
    assert (headline.numerator, headline.denominator) == (78, pytest.approx(5.5))
    assert measure(results, CASELOADS, "staff_long_term_absent", "2016-09") == 1
    # The series uses today's staff list for every month: the same 14.2 in April.
    assert value(results, CASELOADS, "2016-04").value == pytest.approx(78 / 5.5)


def _team_fte(backend, rows: dict, settings: Settings | None = None, tid: str = "T") -> float:
    results = run(backend, rows, "2016-09", CASELOADS, settings)
    return float(breakdown(results, CASELOADS, "team", "2016-09")[tid].denominator)


def test_rule_managers_hold_cases_only_in_flagged_teams(backend):
    staff = [worker("tm", "T", "TM"), worker("atm", "T", "ATM", 0.5), worker("sw", "T")]
    # Not flagged: TM and ATM add nothing; the social worker's 1.0 remains.
    assert _team_fte(backend, {"qaf_teams": [team("T")], "qaf_staff": staff}) == 1.0
    # Flagged "manager holds cases" (the seed's private fostering team): 1.0 + 0.5 + 1.0.
    flagged = [team("T", manager_holds_cases=True)]
    assert _team_fte(backend, {"qaf_teams": flagged, "qaf_staff": staff}) == 2.5


def test_rule_newly_qualified_count_at_six_tenths(backend):
    staff = [worker("a", "T", "ASYE", 0.5), worker("n", "T", "NQSW", 1.0)]
    rows = {"qaf_teams": [team("T")], "qaf_staff": staff}
    # 0.5 x 0.6 + 1.0 x 0.6 = 0.9.
    assert _team_fte(backend, rows) == pytest.approx(0.9)
    # The weight is a setting: at 0.5, 0.25 + 0.5 = 0.75.
    settings = replace(
        Settings(), caseload=replace(Settings().caseload, newly_qualified_weight=0.5)
    )
    assert _team_fte(backend, rows, settings) == pytest.approx(0.75)


def test_rule_family_practitioners_count_only_in_flagged_teams(backend):
    teams = [team("T"), team("PT", "Permanency & Transition", family_practitioners_count=True)]
    staff = [worker("f1", "T", "FP"), worker("f2", "PT", "FP", 0.8), worker("s", "T", fte=0.5)]
    rows = {"qaf_teams": teams, "qaf_staff": staff}
    assert _team_fte(backend, rows) == 0.5  # the FP in an unflagged team adds nothing
    assert _team_fte(backend, rows, tid="PT") == 0.8


def test_rule_long_term_absent_staff_are_left_out(backend):
    staff = [worker("s1", "T"), worker("s2", "T", long_term_absence=True)]
    rows = {"qaf_teams": [team("T")], "qaf_staff": staff}
    assert _team_fte(backend, rows) == 1.0
    settings = replace(
        Settings(), caseload=replace(Settings().caseload, exclude_long_term_absent=False)
    )
    assert _team_fte(backend, rows, settings) == 2.0


def test_rule_case_with_no_team_counts_in_its_workers_team(backend):
    # The CW involvement names no team; the worker is in team B in qaf_staff.
    rows = merge(
        {"qaf_teams": [team("A"), team("B")], "qaf_staff": [worker("w", "B")]},
        cases("c", 3, worker_id="w"),
    )
    results = run(backend, rows, "2016-09", CASELOADS)
    teams = breakdown(results, CASELOADS, "team", "2016-09")
    assert teams["B"].numerator == 3
    assert teams["A"].numerator == 0
    assert teams["none"].numerator == 0


def test_team_with_cases_and_no_fte_and_a_child_with_no_team(backend):
    rows = merge(
        {"qaf_teams": [team("T"), team("EMPTY")], "qaf_staff": [worker("w", "T")]},
        cases("t", 2, worker_id="w", team_id="T"),
        # Unallocated, but the episode names team EMPTY, which has no staff.
        cases("e", 2, referral_team="EMPTY"),
        # No involvement and no team anywhere: "No assigned team".
        cases("n", 1),
    )
    results = run(backend, rows, "2016-09", CASELOADS)
    teams = breakdown(results, CASELOADS, "team", "2016-09")
    # EMPTY: 2 cases / 0 FTE: null, never an error or 0.
    assert teams["EMPTY"].numerator == 2 and teams["EMPTY"].denominator == 0
    assert pd.isna(teams["EMPTY"].value)
    allocated = breakdown(results, CASELOADS, TEAM_ALLOCATED, "2016-09")
    assert allocated["EMPTY|named_worker"].value == 0.0  # 0 of 2 allocated to a named worker
    assert teams["none"].label == "No assigned team" and teams["none"].numerator == 1
    assert pd.isna(teams["none"].value)
    # Headline: case-holding teams only: (2 + 2) / 1.0; the no-team child is in the totals.
    assert value(results, CASELOADS, "2016-09").value == 4.0
    assert measure(results, CASELOADS, "no_team_cases", "2016-09") == 1
    assert measure(results, CASELOADS, "cases_incl_finance_only", "2016-09") == 5
    # Area Exeter (T and EMPTY, both Initial Response): 4 cases, 2 of 4 allocated.
    subtotal = breakdown(results, CASELOADS, "area+allocation", "2016-09")
    assert subtotal["Exeter|named_worker"].value == 50.0


def test_subtotals_and_totals_with_and_without_finance_only(backend):
    teams = [
        team("A1", "Children and Families", "Exeter"),
        team("A2", "Children and Families", "Exeter"),
        team("B1", "Children and Families", "North"),
        team("FOC", "Finance only", None, finance_only=True),
    ]
    staff = [worker("a1", "A1"), worker("a2", "A2", fte=0.5), worker("b1", "B1")]
    rows = merge(
        {"qaf_teams": teams, "qaf_staff": staff},
        cases("a", 10, "a1", "A1"),
        cases("b", 5, "a2", "A2"),
        cases("c", 20, "b1", "B1"),
        cases("f", 7, referral_team="FOC"),
    )
    results = run(backend, rows, "2016-09", CASELOADS)
    # Area Exeter: (10 + 5) / (1.0 + 0.5) = 10.0 (table 25's service-and-area subtotal is the
    # pivot's, from the same team rows).
    exeter = breakdown(results, CASELOADS, "area", "2016-09")["Exeter"]
    assert (exeter.numerator, exeter.denominator, exeter.value) == (15, 1.5, 10.0)
    services = breakdown(results, CASELOADS, "service", "2016-09")
    assert (
        services["Children and Families"].numerator,
        services["Children and Families"].denominator,
    ) == (35, 2.5)
    # The finance-only team rolls up into its own service, by the hierarchy's one rule.
    assert services["Finance only"].numerator == 7
    # Headline excludes finance-only cases: 35 / 2.5 = 14.0; with them 42 open cases.
    assert value(results, CASELOADS, "2016-09").value == 14.0
    assert measure(results, CASELOADS, "cases_excl_finance_only", "2016-09") == 35
    assert measure(results, CASELOADS, "finance_only_cases", "2016-09") == 7
    assert measure(results, CASELOADS, "cases_incl_finance_only", "2016-09") == 42
    assert measure(results, CASELOADS, "fte_excl_finance_only", "2016-09") == 2.5


def test_case_closed_on_the_last_day_is_not_open(backend):
    rows = merge(
        {"qaf_teams": [team("T")], "qaf_staff": [worker("w", "T")]}, cases("c", 2, "w", "T")
    )
    rows["ssd_cin_episodes"][0]["cine_close_date"] = "2016-09-30"  # closed at month end
    rows["ssd_cin_episodes"][1]["cine_close_date"] = "2016-10-01"  # still open on the 30th
    results = run(backend, rows, "2016-09", CASELOADS)
    assert value(results, CASELOADS, "2016-09").numerator == 1
    assert value(results, CASELOADS, "2016-08").numerator == 2


def test_staff_derived_from_ssd_professionals_when_qaf_staff_is_empty(backend):
    prof = [
        {
            "prof_professional_id": "p1",
            "prof_professional_job_title": "Senior Social Worker",
            "prof_professional_department": "Team T",
            "prof_full_time_equivalency": 1.0,
            "prof_agency_worker_flag": True,
        },
        {
            "prof_professional_id": "p2",
            "prof_professional_job_title": "Social Worker (ASYE)",
            "prof_professional_department": "T",
            "prof_full_time_equivalency": 1.0,
        },
        {
            "prof_professional_id": "p3",
            "prof_professional_job_title": "Practice Manager",
            "prof_professional_department": "T",
            "prof_full_time_equivalency": 1.0,
        },
        # No department: not staff of any team.
        {
            "prof_professional_id": "p4",
            "prof_professional_job_title": "Social Worker",
            "prof_full_time_equivalency": 1.0,
        },
        # A leaver: still listed, but holds no involvement open at the month end.
        {
            "prof_professional_id": "p5",
            "prof_professional_job_title": "Social Worker",
            "prof_professional_department": "T",
            "prof_full_time_equivalency": 1.0,
        },
    ]
    rows = merge(
        {"qaf_teams": [team("T")], "ssd_professionals": prof},
        cases("c", 8, "p1"),
        cases("d", 2, "p2"),
    )
    results = run(backend, rows, "2016-09", [CASELOADS, AGENCY])
    # p1 1.0 (department given by team name) + p2 0.6 + p3 (manager) 0 + p5 (leaver) 0 = 1.6;
    # the cases' team is their worker's department: 10 / 1.6 = 6.25.
    row = breakdown(results, CASELOADS, "team", "2016-09")["T"]
    assert (row.numerator, row.denominator, row.value) == (10, pytest.approx(1.6), 6.25)
    assert measure(results, CASELOADS, "staff_from_ssd_professionals", "2016-09") == 4
    assert measure(results, CASELOADS, "staff_not_current", "2016-09") == 2  # p3 and p5
    # Agency from prof_agency_worker_flag: 1.0 of 1.6 = 62.5%.
    assert value(results, AGENCY, "2016-09").value == pytest.approx(62.5)


def test_roles_from_job_titles():
    assert role_from_title("Assistant Team Manager") == "ATM"
    assert role_from_title("Team Manager") == "TM"
    assert role_from_title("Newly Qualified Social Worker") == "NQSW"
    assert role_from_title("Family Practitioner") == "FP"
    assert role_from_title("Senior Practitioner") == "SW"
    assert role_from_title("Business Support Officer") == "OTHER"
    assert role_from_title(None) == "OTHER"


def test_agency_share_of_caseload_fte(backend):
    teams = [team("T"), team("U", "Children and Families", "North")]
    staff = [
        worker("a", "T", agency=True),
        worker("b", "T"),
        worker("c", "T", "ASYE", agency=True),  # 0.6, agency
        worker("m", "U", "TM", agency=True),  # adds no FTE: U has none
    ]
    results = run(backend, {"qaf_teams": teams, "qaf_staff": staff}, "2016-09", AGENCY)
    # T: agency 1.0 + 0.6 = 1.6 of 2.6 FTE = 61.5%.
    rows = breakdown(results, AGENCY, "team", "2016-09")
    assert rows["T"].value == pytest.approx(1.6 / 2.6 * 100)
    assert rows["T"].parent == "Exeter"
    assert pd.isna(rows["U"].value) and rows["U"].denominator == 0
    assert breakdown(results, AGENCY, "service", "2016-09")["Initial Response"].numerator == 1.6
    assert value(results, AGENCY, "2016-04").value == pytest.approx(1.6 / 2.6 * 100)


def test_open_cases_by_status(backend):
    teams = [team("T"), team("L", "Permanency & Transition", "Exeter")]
    rows = merge(
        {"qaf_teams": teams, "qaf_staff": [worker("w", "T"), worker("lw", "L")]},
        cases("c", 4, "w", "T"),
        cases("z", 1),
    )
    rows["ssd_cla_episodes"] = [
        # c0 looked after and also on a plan: looked after wins.
        {
            "clae_cla_episode_id": "e0",
            "clae_person_id": "c0",
            "clae_cla_episode_start_date": "2016-01-01",
        },
        # c3's care ended on 30 September: not looked after at month end.
        {
            "clae_cla_episode_id": "e3",
            "clae_person_id": "c3",
            "clae_cla_episode_start_date": "2016-01-01",
            "clae_cla_episode_ceased_date": "2016-09-30",
            "clae_cla_episode_ceased_reason": "E4A",
        },
    ]
    rows["ssd_cp_plans"] = [
        {"cppl_cp_plan_id": "p0", "cppl_person_id": "c0", "cppl_cp_plan_start_date": "2016-02-01"},
        {"cppl_cp_plan_id": "p1", "cppl_person_id": "c1", "cppl_cp_plan_start_date": "2016-02-01"},
    ]
    rows["ssd_care_leavers"] = [
        {"clea_table_id": "k1", "clea_person_id": "cl1", "clea_care_leaver_worker_id": "lw"},
        {"clea_table_id": "k2", "clea_person_id": "cl2", "clea_care_leaver_allocated_team": "L"},
        # Also open as a child in need: counted once, as in need.
        {"clea_table_id": "k3", "clea_person_id": "c2", "clea_care_leaver_allocated_team": "L"},
    ]
    results = run(backend, rows, "2016-09", BY_STATUS)
    status = breakdown(results, BY_STATUS, "status", "2016-09")
    # c0 looked after; c1 on a plan; c2, c3 and z0 in need; cl1 and cl2 care leavers.
    assert {k: r.value for k, r in status.items()} == {
        "looked_after": 1,
        "cp_plan": 1,
        "children_in_need": 3,
        "care_leaver": 2,
    }
    assert value(results, BY_STATUS, "2016-09").value == 7
    services = breakdown(results, BY_STATUS, "service", "2016-09")
    assert services["Initial Response"].value == 4
    assert services["Permanency & Transition"].value == 2  # cl1 via their worker, cl2 via team
    assert services["none"].value == 1  # z0: no team
    cross = breakdown(results, BY_STATUS, "service+status", "2016-09")
    assert cross["Initial Response|looked_after"].value == 1
    assert measure(results, BY_STATUS, "care_leaver", "2016-09") == 2


def _rows_fetched(backend, rows: dict[str, list[dict]]) -> int:
    """Rows section 1.6 fetches into Python for these tables."""
    tables: dict[str, Any] = {"qaf_council": COUNCIL, "qaf_population": POPULATION, **rows}
    source = source_from_rows(backend, tables)
    execute, fetched = source.execute, [0]

    def counting(expr: Any) -> Any:
        result = execute(expr)
        fetched[0] += len(result) if isinstance(result, pd.DataFrame) else 0
        return result

    source.execute = counting  # type: ignore[method-assign]
    compute(source, Month.parse("2016-09"), Settings(), only=[CASELOADS, AGENCY, BY_STATUS])
    return fetched[0]


def _professionals(n: int) -> list[dict]:
    # One manager (managers' ids are fetched: a few per team), the rest two other titles.
    titles = ("Social Worker", "Family Practitioner")
    return [
        {
            "prof_professional_id": f"p{i}",
            "prof_professional_job_title": "Team Manager" if i == 1 else titles[i % 2],
            "prof_professional_department": "Team T" if i % 2 else "T",
            "prof_full_time_equivalency": 1.0,
        }
        for i in range(n)
    ]


@pytest.mark.parametrize("listing", ["qaf_staff", "ssd_professionals"])
def test_the_staff_list_stays_in_the_engine(backend, listing):
    # Ten times the workers, the same teams, titles, managers and cases: the rows fetched do not
    # change (the staff list is built and read in the engine).
    def rows(n: int) -> dict[str, list[dict]]:
        if listing == "qaf_staff":
            staff = {
                "qaf_staff": [worker(f"w{i}", "T", "TM" if i == 1 else "SW") for i in range(n)]
            }
        else:
            staff = {"ssd_professionals": _professionals(n)}
        return merge(
            {"qaf_teams": [team("T")], **staff},
            cases("c", 3, "w0" if listing == "qaf_staff" else "p0"),
        )

    assert _rows_fetched(backend, rows(6)) == _rows_fetched(backend, rows(60))
