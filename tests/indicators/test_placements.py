"""Hand-worked cases for section 1.4's placement and provider indicators (placements.py).

Month end of the report month: 2016-09-30; its financial year starts 2016-04-01."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.indicators.cases import breakdown, measure, person, run, value
from tests.indicators.test_front_door import referral
from tests.indicators.test_looked_after import TEAMS, case_worker, episode, placement

SEP = "2016-09"
ID_3PLUS = "cla.placements_3plus_ytd_pct"


def urn_placement(plid: str, pid: str, urn: str | None, kind: str = "K2") -> dict:
    return {**placement(plid, pid, "2016-01-01", kind=kind), "clap_cla_placement_urn": urn}


# A: in care since 2015; the placement open on 1 April (ending that day) plus two more: 3 by
# June. B: a placement that ended 31 March (before the year), one T0 temporary move (not
# counted) and two others: 2. C: 3 placements this year but left care in August. D, E: in care,
# no placements recorded (0). C's ended episode is the earliest: no earlier FY is covered whole.
YTD = {
    "ssd_person": [person(p) for p in "ABCDE"],
    "ssd_cla_episodes": [
        episode("ea", "A", "2015-01-01"),
        episode("eb", "B", "2015-01-01"),
        episode("ec", "C", "2016-04-01", "2016-08-15"),
        episode("ed", "D", "2016-01-01"),
        episode("ee", "E", "2016-01-01"),
    ],
    "ssd_cla_placement": [
        placement("a1", "A", "2015-01-01", "2016-04-01"),
        placement("a2", "A", "2016-04-01", "2016-06-01"),
        placement("a3", "A", "2016-06-01"),
        placement("b1", "B", "2015-01-01", "2016-03-31"),
        placement("b2", "B", "2016-03-31", "2016-05-01"),
        placement("b3", "B", "2016-05-01", "2016-07-01", kind="T0"),
        placement("b4", "B", "2016-07-01"),
        placement("c1", "C", "2016-04-01", "2016-05-01"),
        placement("c2", "C", "2016-05-01", "2016-06-01"),
        placement("c3", "C", "2016-06-01", "2016-08-15"),
    ],
    "ssd_involvements": [case_worker("i1", "A", "T1")],
    "qaf_teams": TEAMS,
}


def test_three_or_more_placements_ytd(backend):
    results = run(backend, YTD, SEP, ID_3PLUS)
    row = value(results, ID_3PLUS, SEP)
    # Sep: denominator A, B, D, E (C has left); A has 3 (a1 open on 1 April, a2, a3): 1 / 4.
    assert (row.numerator, row.denominator) == (1, 4)
    assert row.value == pytest.approx(25.0)
    # May: A has a1, a2 only; C has c1, c2: none yet.
    assert value(results, ID_3PLUS, "2016-05").numerator == 0
    # July: A (3) and C (3, still in care then): 2 of A, B, C, D, E.
    july = value(results, ID_3PLUS, "2016-07")
    assert (july.numerator, july.denominator) == (2, 5)


def test_current_temporary_codes_are_not_placements(backend):
    # B's temporary move coded as the current guides code it (T1 to T4, not T0) still does not
    # count: B stays at 2 placements, so September is still A alone, 1 / 4.
    for code in ("T1", "T2", "T3", "T4"):
        rows = [
            {**p, "clap_cla_placement_type": code} if p["clap_cla_placement_id"] == "b3" else p
            for p in YTD["ssd_cla_placement"]
        ]
        results = run(backend, {**YTD, "ssd_cla_placement": rows}, SEP, ID_3PLUS)
        row = value(results, ID_3PLUS, SEP)
        assert (row.numerator, row.denominator) == (1, 4), code


def test_three_or_more_by_service(backend):
    results = run(backend, YTD, SEP, ID_3PLUS)
    service = breakdown(results, ID_3PLUS, "service", SEP)
    # A (T1, Children and Families): 1/1. B, D, E have no team: 0/3.
    assert (
        service["Children and Families"].numerator,
        service["Children and Families"].denominator,
    ) == (1, 1)
    assert (service["none"].numerator, service["none"].denominator) == (0, 3)


def test_forecast_is_linear_without_last_year(backend):
    results = run(backend, YTD, SEP, ID_3PLUS)
    # No earlier FY is covered whole (the earliest ended episode is August 2016): 25% x 12 / 6.
    assert measure(results, ID_3PLUS, "forecast_year_end", SEP) == pytest.approx(50.0)
    assert measure(results, ID_3PLUS, "forecast_uses_previous_year", SEP) == 0
    assert not results["key"].astype(str).str.startswith("outturn_").any()


# Outturns and the forecast from last year's profile. Z's period ended 1 May 2013: FYs from
# 2014-15 are covered whole (the 6-year window alone would allow 2011-12).
# X: placements 2013-01-01..2015-01-01, ..2015-06-01, ..2015-09-01, then open.
# Y: one placement since 2013. V: in care from 1 Oct 2015, 3 placements by 1 Jan 2016.
# W: in care from 10 April 2016, 3 placements by 1 June 2016.
HISTORY = {
    "ssd_person": [person(p) for p in "XYVWZ"],
    "ssd_cla_episodes": [
        episode("ex", "X", "2013-01-01"),
        episode("ey", "Y", "2013-01-01"),
        episode("ev", "V", "2015-10-01"),
        episode("ew", "W", "2016-04-10"),
        episode("ez", "Z", "2012-01-01", "2013-05-01"),
    ],
    "ssd_cla_placement": [
        placement("x0", "X", "2013-01-01", "2015-01-01"),
        placement("x1", "X", "2015-01-01", "2015-06-01"),
        placement("x2", "X", "2015-06-01", "2015-09-01"),
        placement("x3", "X", "2015-09-01"),
        placement("y1", "Y", "2013-01-01"),
        placement("v1", "V", "2015-10-01", "2015-11-01"),
        placement("v2", "V", "2015-11-01", "2016-01-01"),
        placement("v3", "V", "2016-01-01"),
        placement("w1", "W", "2016-04-10", "2016-05-01"),
        placement("w2", "W", "2016-05-01", "2016-06-01"),
        placement("w3", "W", "2016-06-01"),
    ],
}


def test_outturns_of_each_covered_year(backend):
    results = run(backend, HISTORY, SEP, ID_3PLUS)
    # 31 Mar 2015: X (x0, x1: 2) and Y (1): 0 / 2. 31 Mar 2016: X (x1, x2, x3) and V (v1-v3)
    # of X, Y, V: 2 / 3.
    assert measure(results, ID_3PLUS, "outturn_2014-15", SEP) == pytest.approx(0.0)
    assert measure(results, ID_3PLUS, "outturn_2015-16", SEP) == pytest.approx(200 / 3)
    assert not (results["key"] == "outturn_2013-14").any()


# HISTORY with referrals recorded in full only from April 2015 (three a month; a lone referral
# of January 2013 is under half a typical month's): the data's start (Coverage.start) is 1 April
# 2015, later than Z's ended period, so only 2015-16 is covered whole.
LATE_RECORDING = {
    **HISTORY,
    "ssd_cin_episodes": [referral("r0", "X", "2013-01-15")]
    + [
        referral(f"r{year}{month:02d}{day}", "Y", f"{year}-{month:02d}-{day}")
        for year, month in [(2015, m) for m in range(4, 13)] + [(2016, m) for m in range(1, 10)]
        for day in (10, 11, 12)
    ],
}


def test_outturns_start_with_the_data_recording_in_full(backend):
    results = run(backend, LATE_RECORDING, SEP, ID_3PLUS)
    assert measure(results, ID_3PLUS, "outturn_2015-16", SEP) == pytest.approx(200 / 3)
    assert not (results["key"] == "outturn_2014-15").any()


def test_forecast_by_last_years_profile(backend):
    results = run(backend, HISTORY, SEP, ID_3PLUS)
    # Sep 2015: X (x1, x2, x3) of X, Y: 50%. Sep 2016: W of X, Y, V, W: 25%.
    assert value(results, ID_3PLUS, "2015-09").value == pytest.approx(50.0)
    assert value(results, ID_3PLUS, SEP).value == pytest.approx(25.0)
    # 25% x (66.67% / 50%) = 33.33%.
    assert measure(results, ID_3PLUS, "forecast_year_end", SEP) == pytest.approx(100 / 3)
    assert measure(results, ID_3PLUS, "forecast_uses_previous_year", SEP) == 1


def test_three_or_more_zero_denominator_is_null(backend):
    results = run(backend, {"ssd_person": [person("A")]}, SEP, ID_3PLUS)
    assert pd.isna(value(results, ID_3PLUS, SEP).value)
    assert measure(results, ID_3PLUS, "forecast_year_end", SEP) is None


# Long-term stability at 30 Sep 2016: 2.5 years before is 30 Mar 2014, 2 years 30 Sep 2014.
STABILITY = {
    "ssd_person": [
        person("A", "2005-01-01"),
        person("B", "2005-01-01"),
        person("C", "2000-09-30"),  # 16 on the month's last day: too old
        person("D", "2006-01-01"),
        person("E", "2010-01-01"),
        person("F", "2010-01-01"),
    ],
    "ssd_cla_episodes": [
        episode("ea", "A", "2014-03-30"),  # exactly 2.5 years
        # B: a day short (from 31 March, 30 calendar months would end on 30 September: month
        # ends clamp, so the first start that falls short is 1 April).
        episode("eb", "B", "2014-04-01"),
        episode("ec", "C", "2012-01-01"),
        episode("ed", "D", "2012-01-01"),
        episode("ee", "E", "2012-01-01"),
        episode("ef", "F", "2012-01-01"),
    ],
    "ssd_cla_placement": [
        placement("a1", "A", "2014-09-30"),  # exactly 2 years: stable
        placement("b1", "B", "2014-04-01"),
        placement("c1", "C", "2012-01-01"),
        placement("d1", "D", "2015-01-01"),  # 1.75 years: not stable
        # E: placed for adoption 1 Mar 2016, straight from a placement begun 1 Jan 2013: stable.
        placement("e1", "E", "2013-01-01", "2016-03-01"),
        placement("e2", "E", "2016-03-01", kind="A5"),
        # F: the same, but a month's gap between the two placements: not stable.
        placement("f1", "F", "2013-01-01", "2016-02-01"),
        placement("f2", "F", "2016-03-01", kind="A6"),
    ],
}


def test_long_term_stability(backend):
    results = run(backend, STABILITY, SEP, "cla.long_term_stability_pct")
    row = value(results, "cla.long_term_stability_pct", SEP)
    # Denominator A, D, E, F; stable A and E: 2 / 4.
    assert (row.numerator, row.denominator) == (2, 4)
    assert row.value == pytest.approx(50.0)


def test_long_term_stability_zero_denominator_is_null(backend):
    results = run(backend, STABILITY, "2013-09", "cla.long_term_stability_pct")
    row = value(results, "cla.long_term_stability_pct", "2013-09")
    assert row.denominator == 0
    assert pd.isna(row.value)


PROVIDERS = [
    {
        "urn": "SC1",
        "provider_type": "Children's home",
        "ofsted_grade": "Good",
        "local_authority": "Testshire",
    },
    {
        "urn": "SC2",
        "provider_type": "Children's Home",
        "ofsted_grade": "Outstanding",
        "local_authority": "Elsewhere",
    },
    {
        "urn": "SC3",
        "provider_type": "Independent Fostering Agency",
        "ofsted_grade": "Requires improvement to be good",
        "local_authority": "Testshire County Council",
    },
    {
        "urn": "SC4",
        "provider_type": "Children's home",
        "ofsted_grade": None,
        "local_authority": "Other",
    },
]
# A and G at SC1 (good, in area); B at " sc2" (outstanding, out of area; URN spelt loosely);
# C at SC3 (requires improvement, in area); D at SC4 (no grade yet); E at SC9 (not in the list);
# F placed with parents, no URN.
GRADED = {
    "ssd_person": [person(p) for p in "ABCDEFG"],
    "ssd_cla_episodes": [episode(f"e{p}", p, "2016-01-01") for p in "ABCDEFG"],
    "ssd_cla_placement": [
        urn_placement("pa", "A", "SC1"),
        urn_placement("pb", "B", " sc2"),
        urn_placement("pc", "C", "SC3", kind="U6"),
        urn_placement("pd", "D", "SC4"),
        urn_placement("pe", "E", "SC9"),
        urn_placement("pf", "F", None, kind="P1"),
        urn_placement("pg", "G", "SC1"),
    ],
    "qaf_providers": PROVIDERS,
}
GRADE_ID = "cla.placements_by_provider_grade"


def test_placements_by_provider_grade(backend):
    results = run(backend, GRADED, SEP, GRADE_ID)
    assert value(results, GRADE_ID, SEP).value == 7
    grades = {k: r.value for k, r in breakdown(results, GRADE_ID, "grade", SEP).items()}
    assert grades == {
        "good": 2,
        "outstanding": 1,
        "requires_improvement": 1,
        "not_yet_inspected": 1,
        "unknown": 1,
        "not_applicable": 1,
    }
    # Inside: A, G, C ("Testshire County Council" is Testshire). Outside: B, D. Not known: E, F.
    location = {k: r.value for k, r in breakdown(results, GRADE_ID, "location", SEP).items()}
    assert location == {"inside": 3, "outside": 2, "unknown": 2}
    cross = breakdown(results, GRADE_ID, "location+grade", SEP)
    assert cross["inside|good"].value == 2
    assert cross["inside|good"].parent == "inside"


def test_placements_with_no_urn_or_no_grade(backend):
    results = run(backend, GRADED, SEP, GRADE_ID)
    assert measure(results, GRADE_ID, "placements_no_urn", SEP) == 1  # F
    assert measure(results, GRADE_ID, "placements_urn_no_grade", SEP) == 2  # D, E
    assert measure(results, GRADE_ID, "placements_urn_not_matched", SEP) == 1  # E
    # Graded: A, G, B, C; good or outstanding A, G, B: 3 / 4.
    assert measure(results, GRADE_ID, "good_or_outstanding_pct", SEP) == pytest.approx(75.0)
    assert measure(results, GRADE_ID, "provider_list_is_ofsted_extract", SEP) == 0


def test_grades_fall_back_to_the_ofsted_extract(backend):
    # No qaf_providers: Ofsted's 2023 file. SC009423 was graded inadequate (Bolton); 2611536 good
    # (Devon). Both are outside Testshire.
    rows = {
        "ssd_person": [person("A"), person("B")],
        "ssd_cla_episodes": [episode("ea", "A", "2016-01-01"), episode("eb", "B", "2016-01-01")],
        "ssd_cla_placement": [
            urn_placement("pa", "A", "SC009423"),
            urn_placement("pb", "B", "2611536"),
        ],
    }
    results = run(backend, rows, SEP, [GRADE_ID, "providers.by_type_and_grade"])
    grades = {k: r.value for k, r in breakdown(results, GRADE_ID, "grade", SEP).items()}
    assert grades == {"inadequate": 1, "good": 1}
    assert breakdown(results, GRADE_ID, "location", SEP)["outside"].value == 2
    assert measure(results, GRADE_ID, "provider_list_is_ofsted_extract", SEP) == 1
    types = breakdown(results, "providers.by_type_and_grade", "type", SEP)
    assert (types["children's home"].numerator, types["children's home"].denominator) == (1, 1)
    assert types["boarding school"].value == 0


def test_providers_by_type_and_grade(backend):
    results = run(backend, GRADED, SEP, "providers.by_type_and_grade")
    row = value(results, "providers.by_type_and_grade", SEP)
    # In use and listed: SC1 (A and G: once), SC2, SC3, SC4; good or outstanding SC1, SC2: 2 / 4.
    assert (row.numerator, row.denominator) == (2, 4)
    assert row.value == pytest.approx(50.0)
    types = breakdown(results, "providers.by_type_and_grade", "type", SEP)
    # Children's homes SC1, SC2 ("Children's Home" is the same type), SC4: 2 / 3.
    assert (types["children's home"].numerator, types["children's home"].denominator) == (2, 3)
    assert types["independent fostering agency"].value == 0
    grades = {
        k: r.value
        for k, r in breakdown(results, "providers.by_type_and_grade", "grade", SEP).items()
    }
    assert grades == {
        "good": 1,
        "outstanding": 1,
        "requires_improvement": 1,
        "not_yet_inspected": 1,
    }
    cross = breakdown(results, "providers.by_type_and_grade", "type+grade", SEP)
    assert cross["children's home|good"].parent == "children's home"
    assert measure(results, "providers.by_type_and_grade", "providers_urn_not_matched", SEP) == 1


def test_providers_zero_denominator_is_null(backend):
    results = run(backend, {"ssd_person": [person("A")]}, SEP, "providers.by_type_and_grade")
    assert pd.isna(value(results, "providers.by_type_and_grade", SEP).value)


def test_ofsted_extract_reads_in_the_shape_of_qaf_providers():
    from qaf.indicators.providers_ofsted import PROVIDER_COLUMNS, reference_providers

    extract = reference_providers()
    assert tuple(extract.columns) == PROVIDER_COLUMNS
    # 3,546 providers at 31 March 2023, each URN once, every grade one of the four judgements.
    assert len(extract) == 3546
    assert extract["urn"].is_unique
    assert set(extract["ofsted_grade"]) == {
        "Outstanding",
        "Good",
        "Requires improvement",
        "Inadequate",
    }
    row = extract.set_index("urn").loc["SC009423"]
    assert (row.provider_type, row.local_authority, row.ofsted_grade) == (
        "Boarding School",
        "Bolton",
        "Inadequate",
    )


def test_urns_and_grades_are_normalised():
    from qaf.indicators.providers_ofsted import normalise_grade, normalise_urn

    assert normalise_urn(pd.Series([" sc1 ", "2611190.0", "", None])).tolist() == [
        "SC1",
        "2611190",
        None,
        None,
    ]
    assert normalise_grade(
        pd.Series(["Requires improvement to be good", "good", "2", None])
    ).tolist() == [
        "Requires improvement",
        "Good",
        "Good",
        None,
    ]
