"""Hand-worked cases for section 1.5, the adoption scorecard."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd
import pytest

from qaf.config import Settings
from qaf.indicators.compute import compute
from qaf.indicators.months import Month
from qaf.warehouse.schema import source_from_rows
from tests.indicators.cases import COUNCIL, breakdown, measure, person, run, value

COUNTS = "adoption.counts_ytd"


def episode(
    eid: str,
    pid: str,
    start: str,
    ceased: str | None = None,
    reason: str | None = None,
    cla_id: str | None = None,
    start_reason: str = "S",
    entered: str | None = None,
) -> dict[str, Any]:
    return {
        "clae_cla_episode_id": eid,
        "clae_person_id": pid,
        "clae_cla_episode_start_date": start,
        "clae_cla_episode_start_reason": start_reason,
        "clae_cla_episode_ceased_date": ceased,
        "clae_cla_episode_ceased_reason": reason,
        "clae_cla_id": cla_id,
        "clae_entered_care_date": entered,
    }


def permanence(rid: str, pid: str, cla_id: str | None = None, **fields: Any) -> dict[str, Any]:
    """A permanence record; keyword names are the columns without their perm_ prefix."""
    row = {"perm_table_id": rid, "perm_person_id": pid, "perm_cla_id": cla_id}
    return {**row, **{f"perm_{k}": v for k, v in fields.items()}}


# --- the financial year's counts ---

COUNT_ROWS = {
    "ssd_person": [
        person("A", "2013-01-01"),  # aged 3 when adopted
        person("B", "2009-06-01"),  # aged 7 when adopted
        person("C", "2012-01-01"),
    ],
    "ssd_cla_episodes": [
        episode("a1", "A", "2014-01-01", "2016-05-10", "E11", "pa"),
        # Adopted on the last day of the report month: counted.
        episode("b1", "B", "2014-01-01", "2016-09-30", "E12", "pb"),
        # Adopted on the last day of the previous FY: not counted.
        episode("c1", "C", "2014-01-01", "2016-03-31", "E11", "pc"),
        episode("d1", "D", "2015-01-01", "2016-07-01", "E43", "pd"),
        # Special guardianship after the report month: not counted.
        episode("e1", "E", "2015-01-01", "2016-10-01", "E44", "pe"),
    ],
    "ssd_permanence": [
        permanence("pA", "A", part_of_sibling_group=True),
        permanence("pB", "B", part_of_sibling_group=False),
        permanence(
            "pX",
            "X",
            part_of_sibling_group=True,
            adm_decision_date="2016-04-01",
            placement_order_date="2016-06-01",
            matched_date="2016-07-01",
            placed_for_adoption_date="2016-08-01",
        ),
        permanence("pY", "Y", adm_decision_date="2016-06-15", decision_reversed_date="2016-09-01"),
        permanence("pZ", "Z", adm_decision_date="2016-03-31"),
    ],
    "ssd_legal_status": [
        # X's order is in ssd_permanence: the E1 status is not counted again.
        {
            "lega_legal_status_id": "l1",
            "lega_person_id": "X",
            "lega_legal_status": "E1",
            "lega_legal_status_start_date": "2016-06-01",
        },
        # W has no permanence record: the first E1 status is the placement order.
        {
            "lega_legal_status_id": "l2",
            "lega_person_id": "W",
            "lega_legal_status": "E1",
            "lega_legal_status_start_date": "2016-08-01",
        },
        {
            "lega_legal_status_id": "l3",
            "lega_person_id": "W",
            "lega_legal_status": "E1",
            "lega_legal_status_start_date": "2016-08-20",
        },
    ],
    "ssd_cla_placement": [
        # V has no placed-for-adoption date: the A5 placement's start is the placement.
        {
            "clap_cla_placement_id": "v1",
            "clap_person_id": "V",
            "clap_cla_placement_type": "A5",
            "clap_cla_placement_start_date": "2016-09-15",
        },
        {
            "clap_cla_placement_id": "v0",
            "clap_person_id": "V",
            "clap_cla_placement_type": "U4",
            "clap_cla_placement_start_date": "2016-04-15",
        },
    ],
}


def test_counts_of_the_financial_year(backend):
    results = run(backend, COUNT_ROWS, "2016-09", COUNTS)
    rows = breakdown(results, COUNTS, "measure", "2016-09")
    # Adopted 1 April - 30 September 2016: A (10 May) and B (30 Sep); C (31 March) is last year.
    assert value(results, COUNTS, "2016-09").value == 2
    assert (rows["adopted"].numerator, rows["adopted"].value) == (2, 100.0)
    # A was 3, B 7 when adopted: 1 of 2 each side of 5 = 50%.
    assert (rows["adopted_under_5"].numerator, rows["adopted_under_5"].value) == (1, 50.0)
    assert (rows["adopted_5_plus"].numerator, rows["adopted_5_plus"].value) == (1, 50.0)
    # A is flagged as part of a sibling group: 1 / 2.
    assert rows["adopted_sibling_group"].value == 50.0
    # Decisions this FY: X (1 Apr), Y (15 Jun); Z's (31 Mar) was last year. No percentage.
    assert rows["decisions"].value == 2 and pd.isna(rows["decisions"].denominator)
    # Placement orders: X from ssd_permanence, W from its first E1 status: 2 / 2 decisions.
    assert (rows["placement_orders"].numerator, rows["placement_orders"].value) == (2, 100.0)
    # Of the 2 children with a decision, X is in a sibling group: 1 / 2.
    assert rows["decisions_sibling_group"].value == 50.0
    # Matched: X, 1 of 2 placement orders. Matched and placed: X only (V was placed from its A5
    # placement but never matched), 1 / 2: never more than matched.
    assert (rows["matched"].numerator, rows["matched"].value) == (1, 50.0)
    assert (rows["placed"].numerator, rows["placed"].value) == (1, 50.0)
    # Placed for adoption this year, matched or not: X and V.
    assert measure(results, COUNTS, "placed_for_adoption", "2016-09") == 2
    assert rows["reversed"].value == 1  # Y
    assert rows["sgo_exits"].value == 1  # D (E's order is after the month)
    assert measure(results, COUNTS, "placement_orders_from_legal_status", "2016-09") == 1
    assert measure(results, COUNTS, "placement_orders_from_permanence", "2016-09") == 1
    assert measure(results, COUNTS, "placed_from_placement", "2016-09") == 1
    assert measure(results, COUNTS, "placed_from_permanence", "2016-09") == 1


def test_counts_series_is_each_month_year_to_date(backend):
    results = run(backend, COUNT_ROWS, "2016-09", COUNTS)
    # April: nobody yet (0, not missing); May to August: A; September: A and B.
    assert value(results, COUNTS, "2016-04").value == 0
    assert value(results, COUNTS, "2016-05").value == 1
    assert value(results, COUNTS, "2016-08").value == 1


def test_counts_with_no_adoptions_give_null_shares(backend):
    results = run(backend, {}, "2016-09", COUNTS)
    rows = breakdown(results, COUNTS, "measure", "2016-09")
    assert rows["adopted"].numerator == 0 and pd.isna(rows["adopted_5_plus"].value)
    assert value(results, COUNTS, "2016-09").value == 0


# --- A1, A2, A3 over the three-year cohort ---

COHORT_ROWS = {
    "ssd_cla_episodes": [
        # K: entered care 1 Jan 2014 (recorded); adopted on the quarter's last day, 30 Sep 2016.
        episode("k1", "K", "2014-01-01", "2016-09-30", "E11", "ck", entered="2014-01-01"),
        # L: no entered-care date; the period of care cl began 1 March 2014.
        episode("l1", "L", "2014-03-01", "2014-09-01", "X1", "cl"),
        episode("l2", "L", "2014-09-01", "2016-02-01", "E11", "cl", start_reason="P"),
        # M: adopted 30 Sep 2013, a day before the September 2016 cohort starts (1 Oct 2013).
        episode("m1", "M", "2012-01-01", "2013-09-30", "E12", "cm", entered="2012-01-01"),
    ],
    "ssd_permanence": [
        permanence(
            "pk",
            "K",
            cla_id="ck",
            placement_order_date="2014-06-01",
            matched_date="2014-11-01",
            placed_for_adoption_date="2015-01-01",
        ),
        permanence(
            "pm",
            "M",
            placement_order_date="2012-05-01",
            matched_date="2012-06-01",
            placed_for_adoption_date="2013-01-01",
        ),
    ],
    # L has no permanence record: placed from the A6 placement, order from the E1 status.
    "ssd_cla_placement": [
        {"clap_cla_placement_id": "lp", "clap_person_id": "L", "clap_cla_placement_type": "A6",
         "clap_cla_placement_start_date": "2015-09-01"},
    ],
    "ssd_legal_status": [
        {"lega_legal_status_id": "ll", "lega_person_id": "L", "lega_legal_status": "E1",
         "lega_legal_status_start_date": "2015-01-10"},
    ],
}  # fmt: skip
A1, A2, A3 = "adoption.a1_days", "adoption.a2_days", "adoption.a3_pct"
ADOPTION_IDS = [COUNTS, A1, A2, A3, "adoption.adopted_pct", "adoption.sgo_pct"]


def test_a1_average_days_entering_care_to_placed(backend):
    results = run(backend, COHORT_ROWS, "2016-09", A1)
    # Cohort to 30 Sep 2016 (1 Oct 2013 on): K and L; M (30 Sep 2013) is a day too early.
    # K: 1 Jan 2014 -> 1 Jan 2015 = 365 days. L: 1 Mar 2014 -> 1 Sep 2015 = 365 + 184 = 549.
    row = value(results, A1, "2016-09")
    assert (row.numerator, row.denominator, row.value) == (914, 2, 457)
    assert measure(results, A1, "entered_from_entered_care_date", "2016-09") == 1
    assert measure(results, A1, "entered_from_period_of_care_start", "2016-09") == 1
    assert measure(results, A1, "placed_from_permanence", "2016-09") == 1
    assert measure(results, A1, "placed_from_placement", "2016-09") == 1
    assert measure(results, A1, "threshold_days", "2016-09") == 426
    assert measure(results, A1, "cohort_children", "2016-09") == 2


def test_a1_month_maps_to_its_last_complete_quarter(backend):
    results = run(backend, COHORT_ROWS, "2016-09", A1)
    # August 2016 -> the cohort to 30 June 2016 (1 Jul 2013 on): L and M, not K (adopted 30 Sep).
    # M: 1 Jan 2012 -> 1 Jan 2013 = 366 days (2012 is a leap year). (549 + 366) / 2 = 457.5.
    assert value(results, A1, "2016-08").value == pytest.approx(457.5)
    quarters = breakdown(results, A1, "quarter", "2016-09")
    # The chart's points: 31 March of the three years before, then this FY's quarters to date.
    assert sorted(quarters) == ["2014-03", "2015-03", "2016-03", "2016-06", "2016-09"]
    assert quarters["2016-06"].value == pytest.approx(457.5)
    assert quarters["2016-09"].value == 457
    assert "2016-17 Q2" in quarters["2016-09"].label
    # The cohort to 31 March 2014 holds only M: 366 days.
    assert quarters["2014-03"].value == 366


def test_a2_average_days_order_to_match(backend):
    results = run(backend, COHORT_ROWS, "2016-09", A2)
    # K: 1 Jun -> 1 Nov 2014 = 30 + 31 + 31 + 30 + 31 = 153 days. L has no match date: left out.
    row = value(results, A2, "2016-09")
    assert (row.numerator, row.denominator, row.value) == (153, 1, 153)
    assert measure(results, A2, "cohort_children", "2016-09") == 2
    assert measure(results, A2, "children_with_dates", "2016-09") == 1
    assert measure(results, A2, "threshold_days", "2016-09") == 121
    # June 2016's cohort: L (no match) and M, 1 May -> 1 Jun 2012 = 31 days.
    assert value(results, A2, "2016-06").value == 31


def test_a3_share_placed_within_16_months(backend):
    results = run(backend, COHORT_ROWS, "2016-09", A3)
    # K: 1 Jan 2014 + 16 months = 1 May 2015; placed 1 Jan 2015: within.
    # L: 1 Mar 2014 + 16 months = 1 Jul 2015; placed 1 Sep 2015: not within. 1 / 2 = 50%.
    row = value(results, A3, "2016-09")
    assert (row.numerator, row.denominator, row.value) == (1, 2, 50.0)
    assert measure(results, A3, "threshold_months", "2016-09") == 16


def test_a3_placed_exactly_16_months_after_is_not_within(backend):
    rows = {
        "ssd_cla_episodes": [
            episode("n1", "N", "2014-01-15", "2016-01-10", "E11", "cn", entered="2014-01-15")
        ],
        "ssd_permanence": [permanence("pn", "N", placed_for_adoption_date="2015-05-15")],
    }
    results = run(backend, rows, "2016-09", A3)
    # 15 Jan 2014 + 16 months = 15 May 2015: placed that day is not "less than 16 months".
    assert value(results, A3, "2016-09").value == 0.0
    # With the later scorecards' 14 months it is not within either; with 17 it is.
    settings = replace(Settings(), adoption=replace(Settings().adoption, a3_months=17))
    results = run(backend, rows, "2016-09", A3, settings)
    assert value(results, A3, "2016-09").value == 100.0


def test_entered_care_falls_back_to_the_episode_started_with_reason_s(backend):
    rows = {
        "ssd_cla_episodes": [
            # An earlier period of care that ended, then the one that led to adoption, no cla ids.
            episode("q0", "Q", "2012-01-01", "2012-06-01", "E4A"),
            episode("q1", "Q", "2014-02-01", "2014-05-01", "X1"),
            episode("q2", "Q", "2014-05-01", "2016-06-01", "E11", start_reason="P"),
        ],
        "ssd_permanence": [permanence("pq", "Q", placed_for_adoption_date="2015-02-01")],
    }
    results = run(backend, rows, "2016-09", A1)
    # Entered 1 Feb 2014 (the latest S episode before the adoption episode) -> 1 Feb 2015: 365.
    assert value(results, A1, "2016-09").value == 365
    assert measure(results, A1, "entered_from_started_care_episode", "2016-09") == 1


def test_permanence_record_chosen_same_period_then_live_then_latest_decision(backend):
    rows = {
        "ssd_cla_episodes": [
            episode("p1", "P", "2014-01-01", "2016-06-30", "E11", "cp", entered="2014-01-01"),
            episode("q1", "Q", "2014-01-01", "2016-05-31", "E11", "cq", entered="2014-01-01"),
        ],
        "ssd_permanence": [
            # P has no record on its period of care. Live records come first (r2 was reversed,
            # though its decision is the latest); of those, the latest decision (r3 has none, so
            # it comes last); r1 and r0 tie on the date, and the higher record id, r1, wins.
            permanence("r0", "P", adm_decision_date="2015-01-01", placed_for_adoption_date="2015-05-01"),
            permanence("r1", "P", adm_decision_date="2015-01-01", placed_for_adoption_date="2015-03-01"),
            permanence("r2", "P", adm_decision_date="2015-06-01", decision_reversed_date="2015-07-01",
                       placed_for_adoption_date="2015-08-01"),
            permanence("r3", "P", placed_for_adoption_date="2015-09-01"),
            # Q's record on its own period of care wins although it was reversed and has no
            # decision date.
            permanence("q1", "Q", cla_id="cq", decision_reversed_date="2015-05-01",
                       placed_for_adoption_date="2015-02-01"),
            permanence("q2", "Q", cla_id="other", adm_decision_date="2015-01-01",
                       placed_for_adoption_date="2015-04-01"),
        ],
    }  # fmt: skip
    results = run(backend, rows, "2016-09", A1)
    # P: 1 Jan 2014 -> 1 Mar 2015 = 365 + 31 + 28 = 424 days (r1). Q: -> 1 Feb 2015 = 396 (q1).
    row = value(results, A1, "2016-09")
    assert (row.numerator, row.denominator, row.value) == (820, 2, 410)


def test_scorecard_fetches_figures_not_children(backend):
    """The rows the adoption indicators fetch follow the months and quarters, not the children:
    one adoption or forty, the same number."""

    def fetched(children: int) -> int:
        rows = {
            "ssd_person": [person(f"C{i}", "2012-01-01") for i in range(children)],
            "ssd_cla_episodes": [
                episode(f"e{i}", f"C{i}", "2014-01-01", f"2016-0{4 + i % 5}-15", "E11", f"c{i}")
                for i in range(children)
            ],
            "ssd_permanence": [
                permanence(
                    f"p{i}",
                    f"C{i}",
                    adm_decision_date="2015-06-01",
                    matched_date="2016-04-20",
                    placed_for_adoption_date="2015-09-01",
                )
                for i in range(children)
            ],
        }
        source = source_from_rows(backend, {**rows, "qaf_council": COUNCIL})
        execute, count = source.execute, [0]

        def counting(expr: Any) -> Any:
            result = execute(expr)
            count[0] += len(result) if hasattr(result, "columns") else 0
            return result

        source.execute = counting  # type: ignore[method-assign]
        compute(source, Month.parse("2016-09"), Settings(), only=ADOPTION_IDS)
        return count[0]

    assert fetched(40) == fetched(1)


def test_scorecard_with_no_adoptions_is_null(backend):
    results = run(backend, {}, "2016-09", [A1, A2, A3])
    for ind in (A1, A2, A3):
        row = value(results, ind, "2016-09")
        assert pd.isna(row.value) and row.denominator == 0


# --- shares of children leaving care ---

LEAVER_ROWS = {
    "ssd_cla_episodes": [
        episode("a1", "A", "2014-01-01", "2016-05-10", "E11"),
        episode("b1", "B", "2014-01-01", "2016-09-30", "E12"),
        episode("d1", "D", "2015-01-01", "2016-07-01", "E43"),
        episode("f1", "F", "2015-01-01", "2016-08-01", "E4A"),
        # G only changed placement (X1): still looked after, not a leaver.
        episode("g1", "G", "2015-01-01", "2016-08-01", "X1"),
        episode("g2", "G", "2016-08-01", None, None, start_reason="P"),
        # H left twice this year: counted once.
        episode("h1", "H", "2015-01-01", "2016-05-01", "E13"),
        episode("h2", "H", "2016-06-01", "2016-08-15", "E4A"),
        # J left last year.
        episode("j1", "J", "2015-01-01", "2016-03-31", "E11"),
    ]
}


def test_adopted_and_sgo_shares_of_children_leaving_care(backend):
    results = run(backend, LEAVER_ROWS, "2016-09", ["adoption.adopted_pct", "adoption.sgo_pct"])
    # Left care 1 Apr - 30 Sep 2016: A, B, D, F, H = 5 children. Adopted A, B: 2 / 5 = 40%.
    adopted = value(results, "adoption.adopted_pct", "2016-09")
    assert (adopted.numerator, adopted.denominator, adopted.value) == (2, 5, 40.0)
    # Special guardianship: D, 1 / 5 = 20%.
    sgo = value(results, "adoption.sgo_pct", "2016-09")
    assert (sgo.numerator, sgo.denominator, sgo.value) == (1, 5, 20.0)
    # By May: A adopted and H left home: 1 / 2.
    assert value(results, "adoption.adopted_pct", "2016-05").value == 50.0


def test_shares_with_nobody_leaving_are_null(backend):
    results = run(backend, LEAVER_ROWS, "2016-09", "adoption.adopted_pct")
    # Nobody left care in April 2016: a zero denominator gives null, not 0.
    april = value(results, "adoption.adopted_pct", "2016-04")
    assert april.denominator == 0 and pd.isna(april.value)


def test_current_special_guardianship_codes_e45_to_e48_count(backend):
    # The current DfE code set splits special guardianship by who the guardian is (E45-E48).
    rows = {
        "ssd_cla_episodes": [
            *LEAVER_ROWS["ssd_cla_episodes"],
            episode("k1", "K", "2015-01-01", "2016-06-01", "E45"),
            episode("m1", "M", "2015-01-01", "2016-09-01", "E48"),
        ]
    }
    results = run(backend, rows, "2016-09", ["adoption.sgo_pct", COUNTS])
    # Left care: A, B, D, F, H, K, M = 7; special guardianship D (E43), K (E45), M (E48) = 3.
    sgo = value(results, "adoption.sgo_pct", "2016-09")
    assert (sgo.numerator, sgo.denominator) == (3, 7)
    assert breakdown(results, COUNTS, "measure", "2016-09")["sgo_exits"].value == 3


def test_matched_and_placed_never_exceeds_matched(backend):
    rows = {
        "ssd_permanence": [
            # Matched this year and placed this year: counted in both.
            permanence("p1", "P", matched_date="2016-05-01", placed_for_adoption_date="2016-06-01"),
            # Matched last year, placed this year: placed for adoption, not "matched and placed".
            permanence("p2", "Q", matched_date="2016-03-01", placed_for_adoption_date="2016-04-10"),
            # Matched this year, placed after the month: matched only.
            permanence("p3", "R", matched_date="2016-08-01", placed_for_adoption_date="2016-10-01"),
        ]
    }
    results = run(backend, rows, "2016-09", COUNTS)
    counts = breakdown(results, COUNTS, "measure", "2016-09")
    assert counts["matched"].numerator == 2  # P, R
    assert counts["placed"].numerator == 1  # P
    assert measure(results, COUNTS, "placed_for_adoption", "2016-09") == 2  # P, Q


# --- the periods the figures cover ---


def span(row: pd.Series) -> tuple[str, str, str]:
    """A row's period: its kind, first and last day."""
    return (row.period_kind, str(row.period_start), str(row.period_end))


# The data starts on 1 June 2016 (A's episode, the first event of any table) and runs into 2017.
LATE_START_ROWS = {
    "ssd_cla_episodes": [
        episode("a1", "A", "2016-06-01", "2016-08-10", "E11"),
        episode("b1", "B", "2016-06-15", "2017-05-20", "E12"),
    ]
}
YEAR_TO_DATE = [COUNTS, "adoption.adopted_pct", "adoption.sgo_pct"]


def test_a_year_to_date_starting_before_the_data_is_incomplete(backend):
    results = run(backend, LATE_START_ROWS, "2016-09", YEAR_TO_DATE)
    for ind in YEAR_TO_DATE:
        row = value(results, ind, "2016-09")
        # 1 April to 30 September 2016: April and May are before the data (from 1 June).
        assert span(row) == ("fytd", "2016-04-01", "2016-09-30")
        assert not row.complete
        # Each month of the series is its own year to date, all from 1 April: all short.
        assert span(value(results, ind, "2016-06")) == ("fytd", "2016-04-01", "2016-06-30")
        assert not value(results, ind, "2016-06").complete
    # The figure is still given (A adopted 10 August), marked short rather than left out.
    assert value(results, COUNTS, "2016-09").value == 1
    assert breakdown(results, COUNTS, "measure", "2016-09")["adopted"].complete is False
    # The next year starts within the data: 1 April to 31 May 2017 is whole; B adopted 20 May.
    later = run(backend, LATE_START_ROWS, "2017-05", YEAR_TO_DATE)
    row = value(later, COUNTS, "2017-05")
    assert span(row) == ("fytd", "2017-04-01", "2017-05-31") and row.complete
    assert row.value == 1
    assert value(later, "adoption.adopted_pct", "2017-05").complete


def test_each_cohort_row_covers_its_own_three_years(backend):
    results = run(backend, COHORT_ROWS, "2016-09", A1)
    # September 2016: the cohort to 30 September 2016. August 2016: the cohort to the last
    # complete quarter, 1 July 2013 to 30 June 2016, reported under August.
    assert span(value(results, A1, "2016-09")) == ("cohort_3y", "2013-10-01", "2016-09-30")
    assert span(value(results, A1, "2016-08")) == ("cohort_3y", "2013-07-01", "2016-06-30")
    quarters = breakdown(results, A1, "quarter", "2016-09")
    assert span(quarters["2014-03"]) == ("cohort_3y", "2011-04-01", "2014-03-31")
    assert span(quarters["2016-06"]) == ("cohort_3y", "2013-07-01", "2016-06-30")
    # The data starts on 1 January 2012 (M's episode): the cohort to March 2014 (from April
    # 2011) reaches before it; the one to March 2015 (from April 2012) does not.
    assert not quarters["2014-03"].complete
    assert quarters["2015-03"].complete and value(results, A1, "2016-09").complete
    # The measures describe the report month's cohort.
    threshold = results[(results.indicator_id == A1) & (results.key == "threshold_days")]
    assert span(threshold.iloc[0]) == ("cohort_3y", "2013-10-01", "2016-09-30")


def test_a_cohort_reaching_before_the_data_is_incomplete(backend):
    # Without M the data starts on 1 January 2014 (K's episode): September 2016's cohort, from
    # 1 October 2013, reaches three months before it.
    rows = {
        "ssd_cla_episodes": [
            e for e in COHORT_ROWS["ssd_cla_episodes"] if e["clae_person_id"] != "M"
        ],
        "ssd_permanence": [p for p in COHORT_ROWS["ssd_permanence"] if p["perm_person_id"] != "M"],
        "ssd_cla_placement": COHORT_ROWS["ssd_cla_placement"],
        "ssd_legal_status": COHORT_ROWS["ssd_legal_status"],
    }
    results = run(backend, rows, "2016-09", [A1, A2, A3])
    for ind in (A1, A2, A3):
        assert not value(results, ind, "2016-09").complete
    # The figure is still K's and L's (as test_a1_average_days_entering_care_to_placed).
    assert value(results, A1, "2016-09").value == 457
    # With 2-year cohorts September's starts on 1 October 2014, within the data: complete, and
    # the period says so (the kind keeps its name, the dates follow the setting).
    two = replace(Settings(), adoption=replace(Settings().adoption, cohort_years=2))
    row = value(run(backend, rows, "2016-09", A1, two), A1, "2016-09")
    assert span(row) == ("cohort_3y", "2014-10-01", "2016-09-30") and row.complete
