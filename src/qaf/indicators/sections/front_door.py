"""Section 1.1: the front door. Contacts (the seed's MASH enquiries), referrals, the share of contacts
that become referrals, re-referrals within 12 months, and referrals that lead to a single assessment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import ibis
import pandas as pd

from qaf.indicators.blocks import add_months, any_json_flag, in_month
from qaf.indicators.context import Context
from qaf.indicators.months import Month
from qaf.indicators.registry import indicator
from qaf.indicators.rows import Rows, counts_by_month, ratio
from qaf.warehouse.codes import REFERRAL_SOURCE
from qaf.warehouse.specs import col

CONT = "ssd_contacts"
CINE = "ssd_cin_episodes"
CINA = "ssd_cin_assessments"
CONT_DATE = col(CONT, "cont_contact_date")
CONT_SOURCE = col(CONT, "cont_contact_source_code")
CONT_OUTCOME = col(CONT, "cont_contact_outcome_json")
CINE_ID = col(CINE, "cine_referral_id")
CINE_PERSON = col(CINE, "cine_person_id")
CINE_DATE = col(CINE, "cine_referral_date")
CINE_SOURCE = col(CINE, "cine_referral_source_code")
CINE_OUTCOME = col(CINE, "cine_referral_outcome_json")
CINE_NFA = col(CINE, "cine_referral_nfa")
CINA_REFERRAL = col(CINA, "cina_referral_id")

NOT_RECORDED = ("not_recorded", "Not recorded")

# Outcome JSON keys as the SSD names them; SSD extracts from some case-management systems prefix
# them with OUTCOME_ (seen in published SSD extract scripts), so both spellings are read.
NEW_REFERRAL_KEYS = ("NEW_REFERRAL_FLAG", "OUTCOME_NEW_REFERRAL_FLAG")
SINGLE_ASSESSMENT_KEYS = ("SINGLE_ASSESSMENT_FLAG", "OUTCOME_SINGLE_ASSESSMENT_FLAG")
NFA_KEYS = ("NFA_FLAG", "OUTCOME_NFA_FLAG")

# A referral's outcome for the `outcome` breakdown: the first that applies, in this order, so the
# rows add up to the referrals in month (a referral may carry several outcome flags).
REFERRAL_OUTCOMES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("single_assessment", "Single assessment", SINGLE_ASSESSMENT_KEYS),
    (
        "strategy_discussion",
        "Strategy discussion",
        ("STRATEGY_DISCUSSION_FLAG", "STRATEGY_DISC_FLAG", "OUTCOME_STRATEGY_DISCUSSION_FLAG"),
    ),
    (
        "cp_conference",
        "Child protection conference",
        ("CP_CONFERENCE_FLAG", "OUTCOME_CP_CONFERENCE_FLAG"),
    ),
    (
        "cp_transfer_in",
        "Child protection transfer-in",
        ("CP_TRANSFER_IN_FLAG", "OUTCOME_CP_TRANSFER_IN_FLAG"),
    ),
    ("cla_request", "Request for accommodation", ("CLA_REQUEST_FLAG", "OUTCOME_CLA_REQUEST_FLAG")),
    (
        "private_fostering",
        "Private fostering",
        ("PRIVATE_FOSTERING_FLAG", "OUTCOME_PRIVATE_FOSTERING_FLAG"),
    ),
    (
        "non_agency_adoption",
        "Non-agency adoption",
        ("NON_AGENCY_ADOPTION_FLAG", "OUTCOME_NON_AGENCY_ADOPTION_FLAG"),
    ),
    ("care_leaver", "Care leaver", ("CARE_LEAVER_FLAG", "OUTCOME_CARE_LEAVER_FLAG")),
    ("other", "Other outcome", ("OTHER_OUTCOMES_EXIST_FLAG",)),
)
NFA_OUTCOME = ("nfa", "No further action")
OUTCOME_LABELS = {
    **{key: label for key, label, _ in REFERRAL_OUTCOMES},
    NFA_OUTCOME[0]: NFA_OUTCOME[1],
    NOT_RECORDED[0]: NOT_RECORDED[1],
}

FRONT_DOOR_SOURCE = "The seed's chart 3 (MASH enquiries and referrals in the month)."
YTD_MEASURES = {
    "ytd_total": "the financial year to date's total",
    "ytd_monthly_average": "ytd_total / the months of the financial year to date",
}


def source_key_label(raw: object) -> tuple[str, str]:
    """A source code (or its description) as its DfE code and description; other text kept as is."""
    if raw is None or pd.isna(raw) or not str(raw).strip():  # type: ignore[call-overload]
        return NOT_RECORDED
    text = str(raw).strip()
    code = REFERRAL_SOURCE.lookup().get(text.upper())
    return (code, REFERRAL_SOURCE.codes[code]) if code else (text, text)


@dataclass(frozen=True)
class ContactsKey:
    """The contacts of these months by source and outcome (contacts_by_month)."""

    months: frozenset[Month]


@dataclass(frozen=True)
class ReferralsKey:
    """The referrals of these months by source and outcome (referrals_by_month)."""

    months: frozenset[Month]


def contacts_by_month(ctx: Context) -> pd.DataFrame:
    """month, source, new_referral, n: contacts in each month of the series (one query, shared)."""

    def build() -> pd.DataFrame:
        t = ctx.table(CONT)
        t = t.mutate(_new_referral=any_json_flag(t[CONT_OUTCOME], NEW_REFERRAL_KEYS))
        rows = in_month(t, CONT_DATE, ctx.grid())
        expr = rows.group_by(
            ["month", rows[CONT_SOURCE].name("source"), rows._new_referral.name("new_referral")]
        ).aggregate(n=ibis._.count())
        frame: pd.DataFrame = ctx.execute(expr)
        return frame

    frame: pd.DataFrame = ctx.once(ContactsKey(frozenset(ctx.months)), build)
    return frame


def referrals_by_month(ctx: Context) -> pd.DataFrame:
    """month, source, outcome, single_assessment_flag, linked_assessment, n: referrals in each
    month of the series (one query, shared by the referral indicators)."""

    def build() -> pd.DataFrame:
        t = ctx.table(CINE)
        outcome_json = t[CINE_OUTCOME]
        nfa = t[CINE_NFA].fill_null(False) | any_json_flag(outcome_json, NFA_KEYS)
        outcome = ibis.cases(
            *[(any_json_flag(outcome_json, keys), key) for key, _, keys in REFERRAL_OUTCOMES],
            (nfa, NFA_OUTCOME[0]),
            else_=NOT_RECORDED[0],
        )
        assessed = ctx.table(CINA)
        linked = (
            assessed.filter(assessed[CINA_REFERRAL].notnull())
            .select(_linked_referral=assessed[CINA_REFERRAL])
            .distinct()
        )
        t = t.mutate(
            _outcome=outcome,
            _sa_flag=any_json_flag(outcome_json, SINGLE_ASSESSMENT_KEYS),
        )
        t = t.left_join(linked, t[CINE_ID] == linked._linked_referral)
        rows = in_month(t, CINE_DATE, ctx.grid())
        expr = rows.group_by(
            [
                "month",
                rows[CINE_SOURCE].name("source"),
                rows._outcome.name("outcome"),
                rows._sa_flag.name("single_assessment_flag"),
                rows._linked_referral.notnull().name("linked_assessment"),
            ]
        ).aggregate(n=ibis._.count())
        frame: pd.DataFrame = ctx.execute(expr)
        return frame

    frame: pd.DataFrame = ctx.once(ReferralsKey(frozenset(ctx.months)), build)
    return frame


def _monthly(
    frame: pd.DataFrame, months: Sequence[Month], mask: pd.Series | None = None
) -> dict[str, float]:
    data = frame if mask is None else frame[mask]
    summed = data.groupby("month")["n"].sum().reset_index()
    return counts_by_month(summed, months)


def _source_breakdown(rows: Rows, ctx: Context, frame: pd.DataFrame) -> None:
    current = frame[frame["month"] == ctx.month.label]
    totals: dict[tuple[str, str], float] = {}
    for raw, n in zip(current["source"], current["n"], strict=False):
        source = source_key_label(raw)
        totals[source] = totals.get(source, 0.0) + float(n)
    for (key, label), n in sorted(totals.items()):
        rows.breakdown("source", ctx.month, key, label, n)


def _ytd_measures(rows: Rows, ctx: Context, counts: dict[str, float]) -> None:
    fy = ctx.series_months
    total = sum(counts[m.label] for m in fy)
    rows.measure(ctx.month, "ytd_total", total)
    rows.measure(ctx.month, "ytd_monthly_average", total / len(fy))


@indicator(
    id="front_door.contacts",
    title="Contacts (MASH enquiries)",
    unit="count",
    polarity="neutral",
    section="1.1",
    definition="""Contacts (ssd_contacts) whose contact date falls in the month, every row counted
    (a child with two contacts counts twice). By source: the contact source code, shown with its
    DfE source-of-referral description when it is one of those codes (or their descriptions);
    other text is shown as recorded, and an empty source as "Not recorded".""",
    source=FRONT_DOOR_SOURCE + " Seed Sept-16: 1,157 MASH enquiries.",
    breakdowns=("source",),
    measures=YTD_MEASURES,
)
def front_door_contacts(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    frame = contacts_by_month(ctx)
    counts = _monthly(frame, ctx.months)
    rows.values(ctx.months, counts)
    _source_breakdown(rows, ctx, frame)
    _ytd_measures(rows, ctx, counts)
    return rows.frame()


@indicator(
    id="front_door.referrals",
    title="Referrals",
    unit="count",
    polarity="neutral",
    section="1.1",
    definition="""Referrals: children-in-need episodes (ssd_cin_episodes) whose referral date falls
    in the month, every episode counted. By source: the referral source code with its DfE
    description ("Not recorded" when empty). By outcome: the first of single assessment,
    strategy discussion, CP conference, CP transfer-in, request for accommodation, private
    fostering, non-agency adoption, care leaver, other outcome whose flag is yes in the referral's
    outcome JSON; else no further action (cine_referral_nfa or NFA_FLAG); else not recorded. The
    outcome rows add up to the month's referrals.""",
    source=FRONT_DOOR_SOURCE
    + """ Seed Sept-16: 424 referrals, "359 are for single assessment, with the remainder
    including Private Fostering and referrals to ICS". DfE CIN census guide 2016-17 (referral
    date, source of referral).""",
    breakdowns=("source", "outcome"),
    measures=YTD_MEASURES,
)
def front_door_referrals(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    frame = referrals_by_month(ctx)
    counts = _monthly(frame, ctx.months)
    rows.values(ctx.months, counts)
    _source_breakdown(rows, ctx, frame)
    current = frame[frame["month"] == ctx.month.label]
    by_outcome = current.groupby("outcome")["n"].sum()
    for key, label in OUTCOME_LABELS.items():
        rows.breakdown("outcome", ctx.month, key, label, float(by_outcome.get(key, 0.0)))
    _ytd_measures(rows, ctx, counts)
    return rows.frame()


@indicator(
    id="front_door.contact_to_referral_pct",
    title="Contacts that became referrals",
    unit="percent",
    polarity="neutral",
    section="1.1",
    definition="""Of the contacts dated in the month (front_door.contacts), the % whose outcome JSON
    has NEW_REFERRAL_FLAG set to yes (a referral to children's social care). Null when there were
    no contacts.""",
    source="""The seed's text under chart 3 ("the September percentage of MASH outcomes of referral
    to social work teams is 31%"); SSD contact outcome NEW_REFERRAL_FLAG.""",
    measures={"ytd_pct": "the same % over the financial year to date"},
    departures="""Read from the contact's own outcome, not by matching contacts to referrals: the
    seed's 31% is not referrals / contacts (424 / 1,157 = 36.6%).""",
)
def front_door_contact_to_referral_pct(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    frame = contacts_by_month(ctx)
    contacts = _monthly(frame, ctx.months)
    referred = _monthly(frame, ctx.months, frame["new_referral"].fillna(False).astype(bool))
    for month in ctx.months:
        rows.ratio(month, referred[month.label], contacts[month.label])
    fy = ctx.series_months
    rows.measure(
        ctx.month,
        "ytd_pct",
        ratio(sum(referred[m.label] for m in fy), sum(contacts[m.label] for m in fy)),
    )
    return rows.frame()


@indicator(
    id="front_door.referral_to_assessment_pct",
    title="Referrals that led to a single assessment",
    unit="percent",
    polarity="neutral",
    section="1.1",
    definition="""Of the referrals in the month (front_door.referrals), the % that led to a single
    assessment: the referral's outcome JSON has SINGLE_ASSESSMENT_FLAG set to yes, or, where the
    flag is not set, a single assessment in ssd_cin_assessments is linked to the referral by
    cina_referral_id (whenever that assessment started). Null when there were no referrals.""",
    source="""The seed's chart 5 "% of Referrals with a Single Assessment" (Sept-16: 91.8%); SSD
    referral outcome SINGLE_ASSESSMENT_FLAG.""",
    measures={
        "by_flag": "referrals in the month whose outcome flag says single assessment",
        "by_linked_assessment_only": "referrals in the month counted only through a linked assessment (no flag): where the fallback made the difference",
    },
    departures="""Assessments with no cina_referral_id are not matched to referrals by child and
    date: an unlinked assessment cannot be attributed to one referral without guessing. The
    seed's own figure comes from the referral outcome alone.""",
)
def front_door_referral_to_assessment_pct(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    frame = referrals_by_month(ctx)
    flag = frame["single_assessment_flag"].fillna(False).astype(bool)
    linked = frame["linked_assessment"].fillna(False).astype(bool)
    referrals = _monthly(frame, ctx.months)
    assessed = _monthly(frame, ctx.months, flag | linked)
    for month in ctx.months:
        rows.ratio(month, assessed[month.label], referrals[month.label])
    current = frame["month"] == ctx.month.label
    rows.measure(ctx.month, "by_flag", float(frame.loc[current & flag, "n"].sum()))
    rows.measure(
        ctx.month,
        "by_linked_assessment_only",
        float(frame.loc[current & ~flag & linked, "n"].sum()),
    )
    return rows.frame()


@dataclass(frozen=True)
class ReReferralsKey:
    """Referrals and re-referrals of these months under this window (re_referrals_by_month)."""

    months: frozenset[Month]
    window_months: int


def re_referrals_by_month(ctx: Context, months: tuple[Month, ...]) -> pd.DataFrame:
    """month, n (referrals), re (re-referrals) for `months`, one query, shared by every
    computation of the same months on the same source.

    Referrals of one child on one day count once. The previous referral is the child's latest
    referral on an earlier day. Only referrals from a month before the window reaches back from
    the first month asked for are read: an older previous referral is outside the window, and
    leaving it out gives no previous one, which counts the same (not a re-referral)."""
    window = ctx.settings.timeliness.re_referral_months

    def build() -> pd.DataFrame:
        t = ctx.table(CINE)
        first_day = min(months).shift(-(window + 1)).start
        last_day = max(months).end
        days = (
            t.filter(t[CINE_DATE].between(first_day, last_day))
            .select(person=t[CINE_PERSON], referral_date=t[CINE_DATE])
            .distinct()
        )
        previous = days.referral_date.lag().over(
            ibis.window(group_by=days.person, order_by=days.referral_date)
        )
        days = days.mutate(previous_date=previous)
        # Inclusive: a referral exactly `window` months after the previous one is a re-referral.
        is_re = days.previous_date.notnull() & (
            days.previous_date >= add_months(days.referral_date, -window)
        )
        days = days.mutate(is_re=is_re)
        rows = in_month(days, "referral_date", ctx.grid(months))
        expr = rows.group_by("month").aggregate(
            n=ibis._.count(), re=ibis.ifelse(ibis._.is_re, 1, 0).sum()
        )
        frame: pd.DataFrame = ctx.execute(expr)
        return frame

    frame: pd.DataFrame = ctx.once(ReReferralsKey(frozenset(months), window), build)
    return frame


@indicator(
    id="front_door.re_referral_12m_pct",
    title="Re-referrals within 12 months",
    unit="percent",
    polarity="down",
    section="1.1",
    definition="""Of the referrals in the month, the % where the same child had an earlier referral
    dated within the 12 months before this referral's date (the window is the setting
    timeliness.re_referral_months). "Within" includes the boundary: a referral on 15 Sept 2016
    after one on 15 Sept 2015 is a re-referral (calendar months; a previous referral on 29 Feb
    counts for a referral on 28 Feb a year later). Referrals of the same child on the same day count
    once, in the denominator and the numerator, and one does not make the other a re-referral.
    Earlier referrals are looked for in the whole extract, before the reporting period too. Null
    when there were no referrals. The 25% target is data (qaf_targets), not code.""",
    source="""DfE CIN census and Characteristics of children in need: "a re-referral occurs when a
    child is referred within 12 months of a previous referral"; the seed's chart 4 (Sept-16:
    22.4%, target 25%; 2015-16 outturn 23.4%).""",
    measures={
        "ytd_pct": "the same % over the referrals of the financial year to date",
        "previous_fy_pct": "the same % over the whole previous financial year (its outturn)",
    },
    departures="""The DfE wording does not settle whether "within 12 months" includes a referral
    on the same date a year later; QAF includes it. A child's earlier referrals older than the
    extract cannot be seen, so the first months of a short extract undercount.""",
)
def front_door_re_referral_12m_pct(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    previous_fy = [ctx.month.fy_first_month.shift(i - 12) for i in range(12)]
    frame = re_referrals_by_month(ctx, (*ctx.months, *previous_fy))
    totals = counts_by_month(frame, [*ctx.months, *previous_fy], "n")
    re = counts_by_month(frame, [*ctx.months, *previous_fy], "re")
    for month in ctx.months:
        rows.ratio(month, re[month.label], totals[month.label])
    fy = ctx.series_months
    rows.measure(
        ctx.month, "ytd_pct", ratio(sum(re[m.label] for m in fy), sum(totals[m.label] for m in fy))
    )
    rows.measure(
        ctx.month,
        "previous_fy_pct",
        ratio(sum(re[m.label] for m in previous_fy), sum(totals[m.label] for m in previous_fy)),
    )
    return rows.frame()
