"""Profiles of synthetic councils: the volumes and rates the generator draws from, and the
calibration targets a generated folder is checked against (tests/synth/test_calibration.py).

Every number here is either read from the seed report (the Devon September 2016 QAF, cited as
"seed" with its table number) or a rate chosen so the seed's figures come out; the second kind is
marked "tuned". National figures (DfE statistical releases) are marked "DfE"."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from qaf.errors import QafError

# Financial years by their April, e.g. 2015 = 2015-16.
FyRates = dict[int, float]


@dataclass(frozen=True)
class Target:
    """A calibration target for the profile's last month: a plain count or percentage, checked
    by counting rows of the written CSVs (never through the indicator engine)."""

    low: float
    high: float
    seed_value: float | None = None
    doc: str = ""


@dataclass(frozen=True)
class Profile:
    name: str
    la_code: str
    ons_code: str
    la_name: str
    region: str
    # Data window written to the folder: records dated from window_start; the extract date is end.
    window_start: date
    end: date
    # The flow is simulated from here so that the window opens with a realistic open caseload.
    burn_in_start: date

    # --- the front door (seed tables 3-5) ---
    contacts_per_month: FyRates
    referrals_per_month: FyRates
    # Month overrides "YYYY-MM" -> count, from the seed's Apr-Sep 2016 columns.
    contacts_by_month: dict[str, int]
    referrals_by_month: dict[str, int]
    # Relative volume by calendar month (August holidays, December).
    seasonality: dict[int, float]
    p_single_assessment: float
    p_assessment_nfa: float
    # Share of referrals picked from children referred in the previous 12 months (tuned: seed 22%).
    p_re_referral: float
    # Share of referrals from a child already known before (older than 12 months); only used to
    # pick among known children, so it never raises the 12-month rate.
    contact_known_child: float

    # --- child protection (seed tables 8-13) ---
    p_s47: float
    p_icpc_given_s47: FyRates
    p_plan_given_icpc: float
    p_icpc_no_outcome: float
    # Of plan starts, the share for a child with an earlier plan (tuned: seed 22.9% YTD).
    p_repeat_plan: float
    plan_median_months: float
    p_plan_under_3m: float
    # The seed's 2016 review of plans: a share of plans open at the start ended in the window.
    plan_review_start: date
    plan_review_end: date
    plan_review_share: float

    # --- children looked after (seed tables 14-24) ---
    p_cla_from_plan: float
    # By FY: 2016's referrals fall (seed table 3) while children keep entering care.
    p_cla_direct: FyRates
    cla_stock_at_burn_in: int
    placement_moves_per_year: float
    p_visit_late: FyRates
    s20_share_of_entrants: float

    # --- caseloads (seed table 25) ---
    p_disabled_referral: float
    cin_median_months: float
    dcs_median_months: float
    p_finance_only_step_down: float
    finance_only_stock: int
    dcs_stock: int

    # --- QA forms (seed sections 3 and 4) ---
    audits_per_month: float
    feedback_per_month: tuple[int, int]
    early_help_by_month: dict[str, int]

    targets: dict[str, Target] = field(default_factory=dict)
    # Local targets written to qaf_targets: (indicator id, period, target).
    local_targets: tuple[tuple[str, str, float], ...] = ()

    def fy_rate(self, rates: FyRates, year: int, month: int) -> float:
        fy = year if month >= 4 else year - 1
        earlier = [y for y in sorted(rates) if y <= fy]
        return rates[earlier[-1]] if earlier else rates[min(rates)]


def _seed_months(values: tuple[int, ...], year: int = 2016) -> dict[str, int]:
    return {f"{year}-{m:02d}": v for m, v in zip(range(4, 10), values, strict=True)}


DEVON_2016 = Profile(
    name="devon-2016",
    la_code="878",
    ons_code="E10000008",
    la_name="Devon",
    region="South West",
    window_start=date(2013, 4, 1),
    end=date(2016, 9, 30),
    burn_in_start=date(2011, 4, 1),
    # Seed table 6: 14/15 8,187 and 15/16 7,543 single assessments at ~91% of referrals.
    contacts_per_month={2011: 1450, 2013: 1500, 2014: 1550, 2015: 1480},
    referrals_per_month={2011: 720, 2013: 740, 2014: 750, 2015: 690},
    contacts_by_month=_seed_months((1275, 1265, 1315, 1436, 1234, 1157)),
    referrals_by_month=_seed_months((461, 497, 477, 532, 579, 424)),
    seasonality={
        1: 1.0,
        2: 1.02,
        3: 1.06,
        4: 0.98,
        5: 1.04,
        6: 1.06,
        7: 1.06,
        8: 0.82,
        9: 1.02,
        10: 1.06,
        11: 1.08,
        12: 0.80,
    },
    p_single_assessment=0.91,  # seed table 5: 88.6%-92.5%
    p_assessment_nfa=0.52,  # seed table 7: 47.8%-57.8% "case closed"
    # Tuned to seed table 4 (Apr-Sep 16 21.8%, 2015-16 23.4%): seeds 1-4 give 22.7% and 23.3%.
    p_re_referral=0.23,
    contact_known_child=0.45,
    p_s47=0.33,  # tuned to seed table 8: 130-156 a month from ~500 referrals
    p_icpc_given_s47={2011: 0.34, 2013: 0.34, 2014: 0.34, 2015: 0.33, 2016: 0.38},
    p_plan_given_icpc=0.80,  # seed table 9: 78.8% in Sep-16
    p_icpc_no_outcome=0.01,  # seed table 9: 1 of 52
    p_repeat_plan=0.21,  # tuned to seed chart 11: 22.9% YTD
    plan_median_months=13.2,  # tuned: ~680 open in Apr-16 from ~50 starts a month
    # Tuned to seed table 12 (51 of 481 ends under 3 months = 11%); against chart 11's 249 starts
    # that is ~20% of plans, the 2016 review's extra ends diluting it to 11% of ends.
    p_plan_under_3m=0.18,
    plan_review_start=date(2016, 5, 15),
    plan_review_end=date(2016, 9, 15),
    plan_review_share=0.45,  # tuned to seed table 11: 679 in Apr-16 down to 482 in Sep-16
    p_cla_from_plan=0.19,
    # Tuned: ~28 entrants a month (~340 a year) and as many leavers keep ~710 looked after (seed
    # table 14; 25 adopted = 14.8% of leavers in Apr-Sep 16, seed table 24).
    p_cla_direct={2011: 0.08, 2016: 0.115},
    cla_stock_at_burn_in=520,
    placement_moves_per_year=1.15,  # tuned to seed table 17: 14.9%, 12.9% 3+ placements 14/15, 15/16
    p_visit_late={2011: 0.22, 2013: 0.22, 2014: 0.20, 2015: 0.19, 2016: 0.13},
    s20_share_of_entrants=0.40,
    p_disabled_referral=0.03,
    cin_median_months=4.0,
    dcs_median_months=14.0,
    p_finance_only_step_down=0.04,
    finance_only_stock=1750,  # seed table 25: 252 + 1,046 finance-only cases
    dcs_stock=150,
    audits_per_month=47.0,  # seed section 3
    feedback_per_month=(17, 33),  # seed section 3.1: 17 in Sep-16, 33 in Aug-16
    # Seed table 2 (DAF1s): 14/15, 15/16 and 16/17 Apr-Sep; other months interpolated by FY.
    early_help_by_month={
        **_seed_months((53, 108, 96, 112, 15, 120), 2014),
        **_seed_months((237, 173, 208, 138, 55, 176), 2015),
        **_seed_months((77, 72, 66, 52, 15, 14), 2016),
    },
    targets={
        "contacts": Target(1000, 1330, 1157, "contacts dated in the last month (seed 3)"),
        "referrals": Target(360, 530, 424, "CIN episodes with referral date in the month"),
        "re_referral_pct": Target(17, 27, 22.4, "referrals with an earlier one in 12 months"),
        # Seed table 4, Apr-Sep 16 weighted by the month's referrals (table 3): 21.8%, within 15%.
        "re_referral_ytd_pct": Target(
            18.5, 25, 21.8, "referrals April to month end with an earlier one in 12 months"
        ),
        "assessments_started": Target(330, 540, 392, "assessments started in the month"),
        "assessment_nfa_pct": Target(42, 62, 52.4, "authorised in month with NFA outcome"),
        "s47": Target(105, 175, 130, "section 47 enquiries started in the month"),
        "icpcs": Target(30, 70, 52, "ICPCs in the month"),
        "icpc_plan_pct": Target(68, 90, 78.8, "ICPCs in month with outcome flag Y"),
        "cp_plans": Target(410, 560, 482, "CP plans open at month end"),
        "cp_plans_april": Target(580, 780, 679, "CP plans open at the end of April"),
        # Seed table 12: 51 of 481 plans ended Apr-Sep 16 lasted under 3 months (2%-22% by
        # month); the range allows ~1.5 points of sampling error on ~450 ends either side.
        "cp_plan_ends_under_3m_ytd_pct": Target(
            8, 14, 11, "plans ended April to month end lasting under 3 calendar months"
        ),
        # Not in the seed: tuned to 5-10% so long plans neither vanish nor dominate the ends.
        "cp_plan_ends_2y_plus_ytd_pct": Target(
            5, 10, None, "plans ended April to month end lasting 2 years or more"
        ),
        # Seed table 14: 699 in Apr-16 to 710 in Sep-16; the range is about +-11%, ~1.7 standard
        # deviations of the seed-to-seed noise (seeds 1-8: 647-776, mean 717).
        "cla": Target(640, 790, 710, "children looked after at month end"),
        # Seed items 16-17: 45 of 710 (6.3%) in Sep-16, within 15% (seeds 1-6: 4.7-7.9%).
        "placements_3plus_pct": Target(5.4, 7.2, 6.3, "CLA at month end with 3+ placements YTD"),
        # Seed table 17: 14.9% in 2014-15 and 12.9% in 2015-16 (children looked after at 31 March).
        "placements_3plus_2014_15_pct": Target(11, 18, 14.9, "3+ placements in FY 2014-15"),
        "placements_3plus_2015_16_pct": Target(9.5, 16.5, 12.9, "3+ placements in FY 2015-16"),
        # Seed table 23 says Devon is below the national ~68% (DfE SSDA903); not given as a number.
        "long_term_stability_pct": Target(
            58, 76, 68, "under 16, in care 2.5y+, same placement 2y+ (national figure)"
        ),
        # Seed item 20 (n=710): boys 11.2 years, girls 11.7 years.
        "average_age_boys": Target(10.2, 11.8, 11.2, "mean age of looked-after boys"),
        "average_age_girls": Target(10.7, 12.3, 11.7, "mean age of looked-after girls"),
        "visited_6w_pct": Target(78, 95, 89.5, "CLA 42+ days with a visit in last 42 days"),
        # DfE 2016 England 27%; the seed quotes 27.9% nationally (2013-14).
        "s20_pct": Target(22, 32, 27, "CLA at month end whose legal status is V2"),
        # Seed table 16's denominators (3+ placements by service): 20 = 8.0%, 23 = 6.2%, 1 = 12.5%,
        # 1 = 1.6% of the 710 children looked after.
        "cla_held_by_cf": Target(190, 310, 250, "CLA held by Children and Families teams"),
        "cla_held_by_pt": Target(300, 440, 371, "CLA held by Permanency and Transition"),
        "cla_held_by_ir": Target(0, 25, 8, "CLA held by Initial Response"),
        "cla_held_by_dcs": Target(40, 85, 62, "CLA held by disabled children's teams"),
        "open_cases": Target(4350, 5900, 5149, "open CIN episodes at month end"),
        "caseload_per_fte": Target(16, 24, 19.8, "non-finance open cases per caseload FTE"),
        # Seed table 24, FY 2016-17 to 30 Sep: counts of distinct children; the ranges allow for
        # Poisson noise on counts this small (about +-40%); decisions and placement orders, the
        # larger counts, within 15%.
        "adopted_ytd": Target(15, 35, 25, "children adopted (ceased E11/E12) Apr to month end"),
        "adopted_5_plus_ytd": Target(3, 14, 8, "of those, aged 5 or over on the day"),
        "adoption_decisions_ytd": Target(58, 78, 68, "perm_adm_decision_date Apr to month end"),
        "placement_orders_ytd": Target(49, 67, 58, "perm_placement_order_date Apr to month end"),
        "matched_ytd": Target(18, 42, 30, "perm_matched_date Apr to month end"),
        "placed_for_adoption_ytd": Target(15, 40, 25, "perm_placed_for_adoption_date Apr to end"),
        "decisions_reversed_ytd": Target(0, 12, 6, "perm_decision_reversed_date Apr to end"),
        "sgo_exits_ytd": Target(12, 32, 22, "children leaving care on an SGO (E45-E48)"),
        "adopted_pct": Target(10, 19, 14.8, "of children leaving care Apr to month end, adopted"),
        "sgo_pct": Target(7, 16, 11.5, "of children leaving care Apr to month end, SGO"),
        # A match follows an order: matched stays below the year's orders (seed 30 of 58).
        "matched_of_orders_pct": Target(30, 85, 51.7, "matched as % of placement orders, FY"),
        "a1_days": Target(426, 526, 476, "entered care to placed, adopted in 3 years to quarter"),
        "a2_days": Target(140, 200, 171, "placement order to match, same cohort"),
        "a3_pct": Target(52, 75, 63.6, "same cohort placed within 16 months of entering care"),
        "placed_for_adoption_not_adoptive": Target(
            0, 0, None, "periods placed for adoption with a non-A3-A6 placement after that date"
        ),
        # A September 2016 extract cannot hold mid-2016 (published June 2017); the seed's rates
        # use mid-2015, under-18 142,591 (seed section 1.0).
        "population_latest_mid_year": Target(2015, 2015, 2015, "latest qaf_population mid-year"),
        "population_under_18": Target(142591, 142591, 142591, "under-18s in the latest mid-year"),
        "audits": Target(30, 65, 47, "distinct audits dated in the month"),
        "feedback": Target(12, 40, 17, "feedback forms received in the month"),
        # Seed section 4: 169 forms received in September 2016, within 15%.
        "iru_reviews": Target(144, 194, 169, "IRU review monitoring forms in the month"),
    },
    local_targets=(
        ("front_door.re_referral_12m_pct", "2016-17", 25.0),
        ("front_door.re_referral_12m_pct", "2015-16", 25.0),
        ("cp.rate_per_10k", "2016-17", 42.8),
        ("cla.visited_6w_pct", "2016-17", 95.0),
        ("cla.placements_3plus_ytd_pct", "2016-17", 10.0),
        ("audit.overall_3plus_pct", "2016-17", 80.0),
        ("feedback.positive_pct", "2016-17", 85.0),
        ("iru.review_reports_on_time_pct", "2016-17", 90.0),
    ),
)

PROFILES: dict[str, Profile] = {DEVON_2016.name: DEVON_2016}


def get_profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise QafError(f"unknown synthetic profile {name!r}; known profiles: {known}") from None
