"""Hand-worked cases for section 1.1, the front door."""

from __future__ import annotations

import pandas as pd
import pytest

from qaf.config import Settings, TimelinessSettings
from tests.indicators.cases import breakdown, measure, person, run, value

PEOPLE = [
    person(p) for p in ("P1", "P2", "P3", "P4", "P5", "P6", "A", "B", "C", "D", "E", "F", "G")
]


def contact(cid, day, source, outcome):
    return {
        "cont_contact_id": cid,
        "cont_person_id": "P1",
        "cont_contact_date": day,
        "cont_contact_source_code": source,
        "cont_contact_outcome_json": outcome,
    }


CONTACTS = {
    "ssd_person": PEOPLE,
    "ssd_contacts": [
        contact("K1", "2016-09-01", "2A", '{"NEW_REFERRAL_FLAG":"Y"}'),
        contact("K2", "2016-09-30", "Police", '{"NEW_REFERRAL_FLAG":"N"}'),  # a description
        contact("K3", "2016-09-15", None, None),
        contact("K4", "2016-10-01", "2A", '{"NEW_REFERRAL_FLAG":"Y"}'),  # after September
        contact("K5", "2016-08-31", "6", '{"OUTCOME_NEW_REFERRAL_FLAG":"Y"}'),
        contact("K6", "2016-09-10", "MASH", '{"NEW_REFERRAL_FLAG":"Yes"}'),  # not a DfE code
    ],
}


def test_contacts_in_month(backend):
    results = run(backend, CONTACTS, "2016-09", "front_door.contacts")
    # Sep: K1 (1st), K2 (30th), K3, K6 = 4; K4 is 1 Oct. Aug: K5 (31st) = 1. Jul: none = 0.
    assert value(results, "front_door.contacts", "2016-09").value == 4
    assert value(results, "front_door.contacts", "2016-08").value == 1
    assert value(results, "front_door.contacts", "2016-07").value == 0
    # Apr-Sep: 5 contacts over 6 months.
    assert measure(results, "front_door.contacts", "ytd_total", "2016-09") == 5
    assert measure(results, "front_door.contacts", "ytd_monthly_average", "2016-09") == (
        pytest.approx(5 / 6)
    )


def test_contacts_by_source(backend):
    results = run(backend, CONTACTS, "2016-09", "front_door.contacts")
    sources = breakdown(results, "front_door.contacts", "source", "2016-09")
    # "Police" is the description of code 6; "MASH" is kept as recorded; K3 has no source.
    assert {k: (r.label, r.value) for k, r in sources.items()} == {
        "2A": ("Schools", 1),
        "6": ("Police", 1),
        "MASH": ("MASH", 1),
        "not_recorded": ("Not recorded", 1),
    }


def test_contact_to_referral_pct(backend):
    results = run(backend, CONTACTS, "2016-09", "front_door.contact_to_referral_pct")
    # Sep: K1 (Y) and K6 (Yes) of 4 = 50%. Aug: K5 (OUTCOME_ spelling) 1 of 1 = 100%.
    sep = value(results, "front_door.contact_to_referral_pct", "2016-09")
    assert (sep.value, sep.numerator, sep.denominator) == (50, 2, 4)
    assert value(results, "front_door.contact_to_referral_pct", "2016-08").value == 100
    # Jul: no contacts -> null, never 0.
    assert pd.isna(value(results, "front_door.contact_to_referral_pct", "2016-07").value)
    # Apr-Sep: 3 of 5.
    assert measure(results, "front_door.contact_to_referral_pct", "ytd_pct", "2016-09") == 60


def referral(rid, pid, day, source=None, outcome=None, nfa=None):
    return {
        "cine_referral_id": rid,
        "cine_person_id": pid,
        "cine_referral_date": day,
        "cine_referral_source_code": source,
        "cine_referral_outcome_json": outcome,
        "cine_referral_nfa": nfa,
    }


def assessment(aid, pid, rid, start):
    return {
        "cina_assessment_id": aid,
        "cina_person_id": pid,
        "cina_referral_id": rid,
        "cina_assessment_start_date": start,
    }


REFERRALS = {
    "ssd_person": PEOPLE,
    "ssd_cin_episodes": [
        referral(
            "R1",
            "P1",
            "2016-09-05",
            "2A",
            '{"SINGLE_ASSESSMENT_FLAG":"Y","STRATEGY_DISCUSSION_FLAG":"Y"}',
        ),
        referral("R2", "P2", "2016-09-12", "6", '{"PRIVATE_FOSTERING_FLAG":"Y"}'),
        referral("R3", "P3", "2016-09-20", None, None, nfa=True),
        referral("R4", "P4", "2016-09-30", "3A", '{"OUTCOME_SINGLE_ASSESSMENT_FLAG":"Y"}'),
        referral("R5", "P5", "2016-10-01", "2A", '{"SINGLE_ASSESSMENT_FLAG":"Y"}'),
        referral("R6", "P6", "2016-08-15", "2A", "{}"),
    ],
    "ssd_cin_assessments": [
        assessment("A2", "P2", "R2", "2016-10-03"),  # linked to R2, started after September
        assessment("A9", "P3", None, "2016-09-21"),  # no referral id: not attributed to R3
    ],
}


def test_referrals_in_month(backend):
    results = run(backend, REFERRALS, "2016-09", "front_door.referrals")
    # Sep: R1, R2, R3, R4 (30th) = 4; R5 is 1 Oct. Aug: R6. Jul: 0.
    assert value(results, "front_door.referrals", "2016-09").value == 4
    assert value(results, "front_door.referrals", "2016-08").value == 1
    assert value(results, "front_door.referrals", "2016-07").value == 0
    assert measure(results, "front_door.referrals", "ytd_total", "2016-09") == 5


def test_referrals_by_source_and_outcome(backend):
    results = run(backend, REFERRALS, "2016-09", "front_door.referrals")
    sources = breakdown(results, "front_door.referrals", "source", "2016-09")
    assert {k: r.value for k, r in sources.items()} == {"2A": 1, "6": 1, "3A": 1, "not_recorded": 1}
    assert sources["3A"].label == "Health services - GP"
    outcomes = breakdown(results, "front_door.referrals", "outcome", "2016-09")
    # R1 single assessment (before its strategy discussion), R4 single assessment (OUTCOME_
    # spelling), R2 private fostering, R3 no further action.
    assert outcomes["single_assessment"].value == 2
    assert outcomes["private_fostering"].value == 1
    assert outcomes["nfa"].value == 1
    assert outcomes["strategy_discussion"].value == 0
    assert sum(r.value for r in outcomes.values()) == 4


def test_referral_to_assessment_pct(backend):
    results = run(backend, REFERRALS, "2016-09", "front_door.referral_to_assessment_pct")
    ind = "front_door.referral_to_assessment_pct"
    # Sep: R1 and R4 by flag, R2 by its linked assessment A2; R3 not (A9 has no referral id):
    # 3 of 4 = 75%.
    sep = value(results, ind, "2016-09")
    assert (sep.value, sep.numerator, sep.denominator) == (75, 3, 4)
    assert measure(results, ind, "by_flag", "2016-09") == 2
    assert measure(results, ind, "by_linked_assessment_only", "2016-09") == 1
    # Aug: R6 has neither: 0 of 1 = 0%. Jul: no referrals -> null.
    assert value(results, ind, "2016-08").value == 0
    assert pd.isna(value(results, ind, "2016-07").value)


RE_REFERRALS = {
    "ssd_person": PEOPLE,
    "ssd_cin_episodes": [
        referral("A1", "A", "2015-09-15"),
        referral("A2", "A", "2016-09-15"),  # exactly 12 months after A1: a re-referral
        referral("B1", "B", "2015-09-14"),
        referral("B2", "B", "2016-09-15"),  # 12 months and a day: not
        referral("C1", "C", "2016-09-10"),
        referral("C2", "C", "2016-09-10"),  # same child, same day: one referral, not a re-referral
        referral("D1", "D", "2016-03-01"),
        referral("D2", "D", "2016-09-01"),  # 6 months after D1: a re-referral
        referral("D3", "D", "2016-09-20"),  # 19 days after D2: a re-referral
        referral("F1", "F", "2015-05-01"),
        referral("F2", "F", "2015-06-01"),  # previous FY: a re-referral
        referral("G1", "G", "2016-04-04"),
    ],
}


def test_re_referral_12m_pct(backend):
    ind = "front_door.re_referral_12m_pct"
    results = run(backend, RE_REFERRALS, "2016-09", ind)
    # Sep-16 child-days: A 15th (re), B 15th (not), C 10th (once, not), D 1st (re), D 20th (re):
    # 3 of 5 = 60%.
    sep = value(results, ind, "2016-09")
    assert (sep.value, sep.numerator, sep.denominator) == (60, 3, 5)
    # Apr-16: G, first referral: 0 of 1. Aug-16: none: null.
    assert value(results, ind, "2016-04").value == 0
    assert pd.isna(value(results, ind, "2016-08").value)
    # FY to date: 3 of 6 = 50%. 2015-16: A1, B1, D1, F1 (not), F2 (re) = 1 of 5 = 20%.
    assert measure(results, ind, "ytd_pct", "2016-09") == 50
    assert measure(results, ind, "previous_fy_pct", "2016-09") == 20


def test_re_referral_window_is_a_setting(backend):
    ind = "front_door.re_referral_12m_pct"
    settings = Settings(timeliness=TimelinessSettings(re_referral_months=6))
    results = run(backend, RE_REFERRALS, "2016-09", ind, settings)
    # 6 months: A2 no longer; D2 exactly 6 months after D1 still is; D3 is: 2 of 5 = 40%.
    assert value(results, ind, "2016-09").value == 40


def test_re_referral_after_29_february(backend):
    ind = "front_door.re_referral_12m_pct"
    rows = {
        "ssd_person": PEOPLE,
        "ssd_cin_episodes": [referral("E1", "E", "2016-02-29"), referral("E2", "E", "2017-02-28")],
    }
    # 28 Feb 2017 less 12 calendar months is 28 Feb 2016; 29 Feb 2016 is within: 1 of 1.
    results = run(backend, rows, "2017-02", ind)
    assert value(results, ind, "2017-02").value == 100


def test_front_door_with_no_data_gives_zero_counts_and_null_percentages(backend):
    ids = [
        "front_door.contacts",
        "front_door.referrals",
        "front_door.contact_to_referral_pct",
        "front_door.referral_to_assessment_pct",
        "front_door.re_referral_12m_pct",
    ]
    results = run(backend, {"ssd_person": PEOPLE}, "2016-09", ids)
    assert value(results, "front_door.contacts", "2016-09").value == 0
    assert value(results, "front_door.referrals", "2016-09").value == 0
    for ind in ids[2:]:
        assert pd.isna(value(results, ind, "2016-09").value), ind
    outcomes = breakdown(results, "front_door.referrals", "outcome", "2016-09")
    assert outcomes["single_assessment"].value == 0
