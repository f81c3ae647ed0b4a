"""Which published measure stands beside which QAF indicator, and how the two differ.

One `Mapping` per catalogue id the DfE's files cover. The column and category names are the files'
own, verbatim, so a refreshed file that renames one fails loudly when it is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The files, as bundled under data/ (see data/PROVENANCE.md).
B1 = "b1_children_in_need_2013_to_2025.csv"
C1 = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
D3 = "d3_cpps_subsequent_plan_2013_to_2025.csv"
D5 = "d5_cpps_at31march_by_duration_2013_to_2025.csv"
CLA = "cla_number_and_rate_per_10k_children.csv"
STABILITY = "la_cla_placement_stability.csv"
CSWW = "csww_indicators_2017_to_2025.csv"
POPULATION = "ons_mid-year_population_estimates_2012_to_2024.csv"
ADOPTION = "national_cla_adopted_average_time_between_adoption_process_stages.csv"
SN_2025 = "sn_model_2025_wide.csv"
SN_2021 = "New_Statistical_Neighbour_Groupings_April_2021.csv"

# When, in its year, a file's figure stands: it decides the financial year a `time_period` belongs to.
AT_31_MARCH = "31 March"  # a count at 31 March, or the year ending then
AT_30_SEPTEMBER = "30 September"  # the social work workforce census date
AT_30_JUNE = "30 June"  # ONS mid-year estimates

_CLA_31_MARCH = "CLA on 31 March"
_LONG_TERM = (
    "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years"
)
_ADOPTION_STAGE_4 = "4. Total average time between entry into care and date placed for adoption"


@dataclass(frozen=True)
class Mapping:
    """A published measure for one QAF indicator."""

    indicator_id: str
    file: str
    column: str
    published_as: str  # the measure in the DfE's words
    difference: str  # how it differs from QAF's definition; "" when it does not
    filters: tuple[tuple[str, str], ...] = ()  # (column, category) a row must have
    as_at: str = AT_31_MARCH
    # Counts grow with a council's size: only the council's own figure is given, never a median.
    comparable: bool = True
    # The published file has the count only: the rate is count / ONS 0-17 mid-year estimate x 10,000.
    per_10k_children: bool = False
    years_months: bool = False  # values written "YY:MM", given here in days
    levels: tuple[str, ...] = field(default=("la", "region", "england"))


_MONTHLY = (
    "QAF's figure is monthly (or the financial year to date); the published one is the DfE's "
    "figure for the whole year or at its census date, so compare it with QAF's March value or outturn."
)
_RATE = (
    "The DfE's file has the count only; the rate here is the count / the ONS mid-year estimate of "
    "children aged 0 to 17 of the previous calendar year (mid-2014 for 31 March 2015, as the DfE "
    "does) x 10,000, unrounded. The bundled estimates are ONS's current, revised series, so a rate can "
    "differ by a few tenths from the one first published (children in need in England at 31 March "
    "2015: 338.2 here, 337.3 published)."
)

MAPPINGS: tuple[Mapping, ...] = (
    Mapping(
        "front_door.referrals",
        C1,
        "referral_count",
        "Referrals in the year ending 31 March (CIN census)",
        _MONTHLY,
        comparable=False,
    ),
    Mapping(
        "front_door.re_referral_12m_pct",
        C1,
        "rereferral_percent",
        "Referrals in the year that were within 12 months of a previous referral, %",
        _MONTHLY + " The DfE counts referrals; QAF counts a child's same-day referrals once.",
    ),
    Mapping(
        "cin.caseload",
        B1,
        "At31_episodes",
        "Children in need at 31 March (open episodes)",
        _MONTHLY,
        comparable=False,
    ),
    Mapping(
        "cin.rate_per_10k",
        B1,
        "At31_episodes",
        "Children in need at 31 March per 10,000 children aged 0 to 17",
        _RATE,
        per_10k_children=True,
    ),
    Mapping(
        "cp.plan_starts",
        D3,
        "CPP_start",
        "Child protection plans started in the year ending 31 March",
        _MONTHLY,
        comparable=False,
    ),
    Mapping(
        "cp.repeat_plan_ytd_pct",
        D3,
        "CPP_subsequent_percent",
        "Child protection plans started in the year that were a second or subsequent plan, %",
        "The DfE's is the whole year to 31 March: compare it with QAF's March figure (its year to "
        "date then covers the whole year).",
    ),
    Mapping(
        "cp.plans",
        D5,
        "CPP_At31",
        "Children subject to a child protection plan at 31 March",
        _MONTHLY,
        comparable=False,
    ),
    Mapping(
        "cp.rate_per_10k",
        D5,
        "CPP_At31",
        "Children subject to a child protection plan at 31 March per 10,000 children aged 0 to 17",
        _RATE,
        per_10k_children=True,
    ),
    Mapping(
        "cla.children",
        CLA,
        "children_count",
        "Children looked after at 31 March",
        _MONTHLY,
        filters=(("population_type", "Children looked after on 31 March each year"),),
        comparable=False,
    ),
    Mapping(
        "cla.rate_per_10k",
        CLA,
        "rate_per_10000",
        "Children looked after at 31 March per 10,000 children aged 0 to 17 (published, rounded "
        "to a whole number)",
        _MONTHLY,
        filters=(("population_type", "Children looked after on 31 March each year"),),
    ),
    Mapping(
        "cla.placements_3plus_ytd_pct",
        STABILITY,
        "children_percent",
        "Children looked after at 31 March with 3 or more placements during the year, % "
        "(published, whole numbers)",
        "The DfE's is at 31 March, over the whole year: compare it with QAF's March figure.",
        filters=(
            ("cla_group", _CLA_31_MARCH),
            ("placement_stability", "With 3 or more placements during the year"),
        ),
    ),
    Mapping(
        "cla.long_term_stability_pct",
        STABILITY,
        "children_percent",
        "Children under 16 looked after for at least 2.5 years at 31 March living with the same "
        "carer for at least 2 years, % (published, whole numbers)",
        "The DfE's is at 31 March and says 'same carer'; QAF's is every month end and counts the "
        "same placement (the SSD does not identify carers).",
        filters=(
            ("cla_group", _LONG_TERM),
            ("placement_stability", "Living with the same carer for at least 2 years"),
        ),
    ),
    Mapping(
        "workforce.caseloads",
        CSWW,
        "caseload_fte",
        "Average caseload of case-holding children and family social workers (cases per FTE) at "
        "30 September",
        "The DfE's is at 30 September of the workforce census year, over all case holders; QAF's "
        "caseload FTE applies the council's settings (manager and newly qualified weights) and "
        "counts children in need as cases.",
        as_at=AT_30_SEPTEMBER,
    ),
    Mapping(
        "workforce.agency_pct",
        CSWW,
        "agency_rate_fte",
        "Agency children and family social workers as a % of all (agency and employed), FTE, at "
        "30 September",
        "The DfE's is of all children and family social workers at 30 September; QAF's is of "
        "caseload FTE only, at each month end.",
        as_at=AT_30_SEPTEMBER,
    ),
    Mapping(
        "population.under_18",
        POPULATION,
        "population_estimate",
        "ONS mid-year estimate of children aged 0 to 17",
        "",
        as_at=AT_30_JUNE,
        comparable=False,
    ),
    Mapping(
        "adoption.a1_days",
        ADOPTION,
        "number",
        "England: average time between entry into care and placement for adoption, children "
        "adopted in the year (published in years and months)",
        "England only, one year of adoptions (QAF's A1 is a 3-year cohort); published to the "
        "whole month and given here in days at 365.25 / 12 days a month, so within about 15 days.",
        filters=(("age_start_poc", "Total"), ("stage_of_adoption_process", _ADOPTION_STAGE_4)),
        years_months=True,
        levels=("england",),
    ),
)

BY_ID: dict[str, Mapping] = {m.indicator_id: m for m in MAPPINGS}
if len(BY_ID) != len(MAPPINGS):
    raise RuntimeError("two published measures are mapped to one indicator id")
