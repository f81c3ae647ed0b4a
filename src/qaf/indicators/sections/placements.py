"""Section 1.4 (part): placement stability (3+ placements in the year, long-term stability) and the
Ofsted grades of the providers children are placed with."""

from __future__ import annotations

from datetime import date

import ibis
import ibis.expr.types as ir
import pandas as pd

from qaf.indicators.breakdowns import pct_value, team_breakdowns
from qaf.indicators.context import Context
from qaf.indicators.coverage import coverage_of
from qaf.indicators.models import SSD_EXTRACT_YEARS, episodes_with_period
from qaf.indicators.months import FY_START_MONTH, Month, fy_name
from qaf.indicators.providers_ofsted import (
    PROVIDER_COLUMNS,
    normalise_grade,
    normalise_urn,
    reference_providers,
)
from qaf.indicators.registry import indicator
from qaf.indicators.rows import Rows, ratio
from qaf.indicators.sections._cla_snapshot import (
    PERIOD_DOC,
    SNAPSHOT_DOC,
    aggregate,
    care_snapshot,
    count_true,
    counts_in,
    months_between_at_least,
    placements_in_year,
    snapshot,
)

# DfE placement stability measure (SSDA903; former NI 062): placements counted in the year.
PLACEMENTS_THRESHOLD = 3
# Temporary moves (holidays, hospital, respite) are not placements for the stability measures:
# T0 in the older SSDA903 guides, T1-T4 (hospital, holiday, carer's holiday, 7 days or less) since.
TEMPORARY_TYPES = ("T0", "T1", "T2", "T3", "T4")
# DfE long-term stability (former NI 063): under 16, looked after continuously for 2.5 years,
# in the same placement for 2 years; placed for adoption counts the previous placement too.
LONG_TERM_MAX_AGE = 16
LONG_TERM_CARE_MONTHS = 30
LONG_TERM_PLACEMENT_MONTHS = 24
ADOPTION_TYPES = ("A3", "A4", "A5", "A6")
# Provider grades and the keys of the grade breakdown.
GRADES = {
    "Outstanding": "outstanding",
    "Good": "good",
    "Requires improvement": "requires_improvement",
    "Inadequate": "inadequate",
    "Not yet inspected": "not_yet_inspected",
}
GRADE_LABELS = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires improvement",
    "inadequate": "Inadequate",
    "not_yet_inspected": "Not yet inspected",
    "not_applicable": "Not applicable (no URN)",
    "unknown": "Not known (URN not in the provider list)",
}
GOOD_OR_BETTER = ("outstanding", "good")
GRADED = ("outstanding", "good", "requires_improvement", "inadequate")
LOCATION_LABELS = {
    "inside": "Inside the council's area",
    "outside": "Outside the council's area",
    "unknown": "Not known",
}

SSDA903 = "DfE SSDA903 guide 2016-17 and the DfE's placement stability measures"


def _three_plus(ctx: Context, cla: ir.Table, months: list[Month], by: list[str]) -> pd.DataFrame:
    """`by` columns, n (children looked after) and num (of them, with 3 or more placements in
    the FY to date), counted in the engine."""
    counts = placements_in_year(ctx, months, TEMPORARY_TYPES)
    j = cla.left_join(counts, [cla.person_id == counts.p_person, cla.month == counts.p_month])
    three_plus = j.placements.fill_null(0) >= PLACEMENTS_THRESHOLD
    return aggregate(ctx, j, by, num=count_true(three_plus))


def _first_fy_on_or_after(day: date) -> int:
    return day.year if day <= date(day.year, FY_START_MONTH, 1) else day.year + 1


def _first_outturn_fy(ctx: Context) -> int:
    """Start year of the first FY the extract covers whole: the first FY beginning on or after
    the start of the SSD's extract window (SSD_EXTRACT_YEARS before the month end), the data's
    start (Coverage.start, where it records referrals in full) and the earliest recorded end of
    an episode of care (or, with none ended, the earliest episode start)."""
    # DateOffset, not date.replace: 29 February minus 6 years is 28 February.
    window = (pd.Timestamp(ctx.month.end) - pd.DateOffset(years=SSD_EXTRACT_YEARS)).date()
    data_start = coverage_of(ctx.source)[0].start
    if data_start is not None:
        window = max(window, data_start)
    eps = episodes_with_period(ctx)
    bounds = ctx.execute(eps.aggregate(first_end=eps.end.min(), first_start=eps.start.min()))
    first = bounds["first_end"].iloc[0]
    if first is None or pd.isna(first):
        first = bounds["first_start"].iloc[0]
    if first is None or pd.isna(first):
        return _first_fy_on_or_after(window)
    return max(_first_fy_on_or_after(window), _first_fy_on_or_after(pd.Timestamp(first).date()))


@indicator(
    id="cla.placements_3plus_ytd_pct",
    title="Children looked after with 3 or more placements in the year to date",
    unit="percent",
    polarity="down",
    section="1.4",
    definition=SNAPSHOT_DOC
    + """ Denominator: children looked after at month end. Numerator: those with 3 or more
    ssd_cla_placement rows (matched on clap_person_id, any period of care) open at any time from 1
    April of the month's FY to the month's last day: the placement they were in on 1 April plus each
    placement starting since, up to the month end. Temporary moves (types T0 to T4) are not counted. By
    service of the child's allocated team at month end. Measures: outturn_<FY> is the value at 31
    March of each earlier FY the extract covers whole: FYs starting on or after the start of the
    SSD's 6-year extract window (6 years before the month end), the data's start (its first event,
    or the month from which it records referrals in full where that is later) and the earliest
    recorded end of an episode of care. forecast_year_end is a year-end forecast by the
    previous year's profile: this month's value x (last FY's outturn / last FY's value at the same
    month), because children reach 3 placements unevenly through a year and last year's curve is the
    council's own evidence of that shape; where last year is not covered or its same-month value is
    0, a straight-line forecast, this month's value x 12 / months elapsed.
    A forecast above 100% is given as 100%. forecast_uses_previous_year is 1 for the profile method,
    0 for the straight line.""",
    source=SSDA903
    + """ (children looked after at 31 March with three or more placements during the year; former
    NI 062); the seed's items 16 and 17 (Sep-16: 45 / 710 = 6.3%; 2014-15 14.9%, 2015-16 12.9%,
    forecast 10.8%).""",
    breakdowns=("service",),
    measures={
        "outturn_<FY>": "the value at 31 March of an earlier FY, e.g. outturn_2015-16",
        "forecast_year_end": "forecast of the value at 31 March of this FY (method in definition)",
        "forecast_uses_previous_year": "1 if the forecast uses last year's profile, 0 if linear",
    },
    history_years=1,
    departures="""The DfE counts a year to 31 March; the monthly figure counts the FY to date, so
    it grows through the year. Each ssd_cla_placement row counts as a placement: a change of
    placement type with the same carer recorded as a new row counts as a move, which the DfE's
    count (built from episodes with a change of placement reason) may not.""",
)
def cla_placements_3plus_ytd_pct(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    first_fy = _first_outturn_fy(ctx)
    last_fy = ctx.month.fy_start_year - 1
    outturn_years = list(range(first_fy, last_fy + 1))
    outturn_months = [Month(y + 1, 3) for y in {*outturn_years, last_fy}]
    months = sorted(set(ctx.months) | set(outturn_months))
    by = _three_plus(ctx, snapshot(ctx), list(ctx.months), ["month", "team_id"])
    # Year ends outside the series need only the looked-after layer (no teams).
    earlier = sorted(set(outturn_months) - set(ctx.months))
    if earlier:
        outturns = _three_plus(ctx, care_snapshot(ctx, earlier), earlier, ["month"])
        by = pd.concat([by, outturns], ignore_index=True)
    num = counts_in(by, months, "num")
    den = counts_in(by, months)
    values: dict[str, float | None] = {}
    for month in months:
        n, d = num[month.label], den[month.label]
        values[month.label] = ratio(n, d)
        if month in ctx.months:
            rows.value(month, values[month.label], n, d)
    for year in outturn_years:
        rows.measure(ctx.month, f"outturn_{fy_name(year)}", values[Month(year + 1, 3).label])
    current = values[ctx.month.label]
    last_same = values.get(ctx.month.shift(-12).label)
    last_outturn = values.get(Month(last_fy + 1, 3).label)
    profile = last_fy in outturn_years and bool(last_same) and last_outturn is not None
    if current is None:
        forecast = None
    elif profile:
        forecast = current * float(last_outturn or 0) / float(last_same or 1)
    else:
        elapsed = ctx.month.index - ctx.month.fy_first_month.index + 1
        forecast = current * 12 / elapsed
    if forecast is not None:
        forecast = min(forecast, 100.0)  # a share cannot pass 100%, however early in the year
    rows.measure(ctx.month, "forecast_year_end", forecast)
    rows.measure(ctx.month, "forecast_uses_previous_year", 1.0 if profile else 0.0)
    now = by[by["month"] == ctx.month.label]
    team_breakdowns(
        ctx,
        rows,
        ctx.month,
        now,
        pct_value,
        numerator="num",
        denominator="n",
        dimensions=("service",),
    )
    return rows.frame()


@indicator(
    id="cla.long_term_stability_pct",
    title="Long-term placement stability",
    unit="percent",
    polarity="up",
    section="1.4",
    definition=SNAPSHOT_DOC
    + """ Denominator: children looked after at month end aged under 16 then (whole years) whose
    current period of care began at least 30 calendar months (2.5 years) before the month's last day.
    """
    + PERIOD_DOC
    + """ Numerator: those whose placement open at month end (ssd_cla_placement) began at least 24
    calendar months before the month's last day; or who are placed for adoption (A3-A6) and whose
    previous placement, ending on or after the adoptive placement began, began at least 24 months
    before.""",
    source=SSDA903
    + """ (children under 16 looked after continuously for at least 2.5 years who were living in
    the same placement for at least 2 years, or are placed for adoption and their adoptive placement
    together with their previous placement last for at least 2 years; former NI 063).""",
    departures="""The DfE measures at 31 March; QAF at every month end. "Same placement" is one
    ssd_cla_placement row; the DfE's later wording "same carer" would also join consecutive rows
    with the same carer, which the SSD does not identify.""",
)
def cla_long_term_stability_pct(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    cla = snapshot(ctx)
    eligible = cla.filter(
        (cla.age.fill_null(LONG_TERM_MAX_AGE) < LONG_TERM_MAX_AGE)
        & months_between_at_least(cla.period_start, cla.month_end, LONG_TERM_CARE_MONTHS)
    )
    adoptive_run = (
        eligible.placement_type.isin(ADOPTION_TYPES).fill_null(False)
        & eligible.prev_placement_start.notnull()
        & (eligible.prev_placement_end >= eligible.placement_start).fill_null(False)
    )
    since = adoptive_run.ifelse(eligible.prev_placement_start, eligible.placement_start)
    stable = months_between_at_least(since, eligible.month_end, LONG_TERM_PLACEMENT_MONTHS)
    by = aggregate(ctx, eligible, ["month"], stable=count_true(stable))
    num = counts_in(by, ctx.months, "stable")
    for label, d in counts_in(by, ctx.months).items():
        rows.ratio(label, num[label], d)
    return rows.frame()


def _providers(ctx: Context) -> tuple[pd.DataFrame, bool]:
    """The provider list (qaf_providers, else the bundled Ofsted extract), one row per URN, and
    whether it is the extract."""

    def build() -> tuple[pd.DataFrame, bool]:
        loaded = ctx.execute(ctx.table("qaf_providers"))
        fallback = len(loaded) == 0
        frame = reference_providers() if fallback else loaded[list(PROVIDER_COLUMNS)].copy()
        frame["urn"] = normalise_urn(frame["urn"])
        frame["ofsted_grade"] = normalise_grade(frame["ofsted_grade"])
        frame = frame.dropna(subset=["urn"])
        # One row per URN: the latest inspection wins where a list repeats a provider.
        frame = frame.sort_values("inspection_date", na_position="first", key=pd.to_datetime)
        return frame.drop_duplicates("urn", keep="last").set_index("urn"), fallback

    return ctx.once("placements.providers", build)


def _pairs(frame: pd.DataFrame, a: str, b: str) -> list[tuple[str, str, float]]:
    """(a, b, children) for each combination present, sorted (`n` children per row)."""
    sizes = frame.groupby([a, b])["n"].sum().reset_index(name="n")
    return [
        (str(x), str(y), float(n)) for x, y, n in zip(sizes[a], sizes[b], sizes["n"], strict=True)
    ]


def _name_key(text: object) -> str | None:
    if text is None or pd.isna(text):  # type: ignore[call-overload]
        return None
    words = str(text).casefold().replace("&", "and").split()
    for suffix in (["county", "council"], ["city", "council"], ["council"]):
        if words[-len(suffix) :] == suffix:
            words = words[: -len(suffix)]
            break
    return " ".join(words) or None


def _provider_lookup(ctx: Context) -> ir.Table:
    """g_urn, g_grade (grade key), g_type, g_type_key, g_location (inside / outside / unknown):
    the provider list as a small in-memory table, for grading placements in the engine. Made
    once per computation: each new in-memory table is uploaded to the engine again (on
    PostgreSQL a temporary table of every provider in England, for each indicator that asks)."""
    return ctx.once("placements.provider_lookup", lambda: _lookup_table(ctx))


def _lookup_table(ctx: Context) -> ir.Table:
    providers, _ = _providers(ctx)
    council = _name_key(ctx.council()["la_name"])
    grades = providers["ofsted_grade"].map(GRADES).fillna("not_yet_inspected")
    la = providers["local_authority"].map(_name_key)
    location = [
        "unknown" if council is None or a is None else ("inside" if a == council else "outside")
        for a in la
    ]
    types = providers["provider_type"]
    return ibis.memtable(
        {
            "g_urn": [str(u) for u in providers.index],
            "g_grade": [str(g) for g in grades],
            "g_type": [None if pd.isna(t) else str(t) for t in types],
            "g_type_key": [_type_key(t) for t in types],
            "g_location": location,
        },
        schema=ibis.schema(
            {"g_urn": "string", "g_grade": "string", "g_type": "string",
             "g_type_key": "string", "g_location": "string"}
        ),
    )  # fmt: skip


def _graded(ctx: Context) -> ir.Table:
    """The looked-after snapshot with urn (as providers_ofsted.normalise_urn: trimmed, upper
    case, a trailing ".0" from a spreadsheet dropped, blank as none), grade_key, provider_type,
    type_key and location, matched to the provider list in the engine."""
    cla = snapshot(ctx)
    text = cla.placement_urn.strip().upper().re_replace(r"\.0$", "")
    cla = cla.mutate(urn=ibis.ifelse(text == "", ibis.null("string"), text))
    look = _provider_lookup(ctx)
    j = cla.left_join(look, cla.urn == look.g_urn)
    grade = ibis.cases(
        (j.urn.isnull(), "not_applicable"), (j.g_urn.isnull(), "unknown"), else_=j.g_grade
    )
    return j.mutate(
        grade_key=grade,
        provider_type=j.g_type,
        type_key=j.g_type_key.fill_null("unknown"),
        location=j.g_location.fill_null("unknown"),
    )


PROVIDERS_DOC = """Providers come from qaf_providers (one row per URN; where a URN repeats, the latest
inspection date wins); when qaf_providers is empty, from the bundled extract of Ofsted's provider
file at 31 March 2023 (src/qaf/indicators/ofsted_reference). URNs are matched as trimmed
upper-case text; grades as codes.OFSTED_GRADE ("Requires improvement to be good" is "Requires
improvement"). A provider's grade is its latest, applied to every month (the list holds no
history)."""


@indicator(
    id="cla.placements_by_provider_grade",
    title="Children looked after by the Ofsted grade of their placement's provider",
    unit="count",
    polarity="neutral",
    section="1.4",
    definition=SNAPSHOT_DOC
    + """ The value is the number of children looked after at month end. Breakdown grade: the latest
    Ofsted grade of the provider of the placement open at month end (clap_cla_placement_urn matched to
    the provider list): outstanding, good, requires improvement, inadequate, not yet inspected (URN
    found with no grade or "Not yet inspected"), not applicable (no URN, e.g. placed with parents or
    the council's own foster carers) and not known (a URN not in the list). Breakdown location:
    inside the council's area when the provider's local authority is the council (qaf_council.la_name;
    names compared ignoring case and a trailing "council"), outside when another, not known without a
    matched provider. Both at once: rows with dims location and grade (parent: the location). """
    + PROVIDERS_DOC,
    source="The seed's item 18 (placements by provider grade, including children placed out of county).",
    breakdowns=("grade", "location"),
    measures={
        "placements_no_urn": "children whose placement has no URN (or who have no open placement)",
        "placements_urn_no_grade": "children whose placement has a URN but no Ofsted grade found",
        "placements_urn_not_matched": "of those, children whose URN is not in the provider list",
        "good_or_outstanding_pct": "% of children placed with a graded provider whose grade is good or outstanding",
        "provider_list_is_ofsted_extract": "1 when the bundled Ofsted extract was used, 0 for qaf_providers",
    },
    departures="""Inside / outside is by the provider's local authority, not the placement
    postcode (QAF holds no postcode-to-authority lookup), so a placement with no URN is "not
    known" rather than inside or outside.""",
)
def cla_placements_by_provider_grade(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    graded = _graded(ctx)
    for label, n in counts_in(aggregate(ctx, graded, ["month"]), ctx.months).items():
        rows.value(label, n)
    this_month = graded.filter(graded.month == ctx.month.label)
    now = aggregate(ctx, this_month, ["grade_key", "location"])
    for key, n in now.groupby("grade_key")["n"].sum().items():
        rows.breakdown("grade", ctx.month, str(key), GRADE_LABELS[str(key)], float(n), float(n))
    for key, n in now.groupby("location")["n"].sum().items():
        rows.breakdown(
            "location", ctx.month, str(key), LOCATION_LABELS[str(key)], float(n), float(n)
        )
    for loc, key, n in _pairs(now, "location", "grade_key"):
        label = f"{LOCATION_LABELS[loc]}: {GRADE_LABELS[key]}"
        dims = {"location": loc, "grade": key}
        rows.cell(ctx.month, dims, float(n), float(n), None, label, parent=loc)

    def children(keys: tuple[str, ...]) -> float:
        return float(now.loc[now["grade_key"].isin(keys), "n"].sum())

    rows.measure(ctx.month, "placements_no_urn", children(("not_applicable",)))
    rows.measure(ctx.month, "placements_urn_no_grade", children(("not_yet_inspected", "unknown")))
    rows.measure(ctx.month, "placements_urn_not_matched", children(("unknown",)))
    rows.measure(
        ctx.month, "good_or_outstanding_pct", ratio(children(GOOD_OR_BETTER), children(GRADED))
    )
    rows.measure(ctx.month, "provider_list_is_ofsted_extract", 1.0 if _providers(ctx)[1] else 0.0)
    return rows.frame()


def _type_key(text: object) -> str:
    if text is None or pd.isna(text):  # type: ignore[call-overload]
        return "unknown"
    return " ".join(str(text).casefold().split())


@indicator(
    id="providers.by_type_and_grade",
    title="Providers in use by type and Ofsted grade",
    unit="percent",
    polarity="up",
    section="1.4",
    definition=SNAPSHOT_DOC
    + """ Providers in use at month end: the distinct URNs of the placements open at month end of
    children looked after then, that are in the provider list. The value is the % of them whose
    latest grade is good or outstanding (numerator) of all of them (denominator, including those not
    yet inspected). Breakdown type: the same % per provider type (Ofsted's provision type, compared
    ignoring case); grade: providers per grade; dims type and grade: providers per type and grade (parent:
    the type). """
    + PROVIDERS_DOC,
    source="The seed's item 19 (Q2 16/17: 57 of 73 children's homes good or outstanding = 78%).",
    breakdowns=("type", "grade"),
    measures={
        "providers_urn_not_matched": "distinct URNs in use at month end not in the provider list",
        "provider_list_is_ofsted_extract": "1 when the bundled Ofsted extract was used, 0 for qaf_providers",
    },
    departures="""The seed counts providers by quarter; QAF at each month end. URNs not in the
    provider list are left out of the value (counted in providers_urn_not_matched).""",
)
def providers_by_type_and_grade(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    graded = _graded(ctx)
    used = graded.filter(graded.urn.notnull())
    # Distinct URNs in use per month and grade (listed ones by type too), counted in the engine.
    by = aggregate(
        ctx, used, ["month", "grade_key", "type_key"], providers=used.urn.nunique(),
        type_label=used.provider_type.max(),
    )  # fmt: skip
    listed = by[by["grade_key"] != "unknown"].copy()
    listed["good"] = listed["providers"].where(listed["grade_key"].isin(GOOD_OR_BETTER), 0)
    num = counts_in(listed, ctx.months, "good")
    for label, d in counts_in(listed, ctx.months, "providers").items():
        rows.ratio(label, num[label], d)
    now = listed[listed["month"] == ctx.month.label].copy()
    labels = now.groupby("type_key")["type_label"].first().fillna("Not known")
    for tkey, group in now.groupby("type_key"):
        n, d = float(group["good"].sum()), float(group["providers"].sum())
        rows.breakdown("type", ctx.month, str(tkey), str(labels[str(tkey)]), ratio(n, d), n, d)
    for gkey, n in now.groupby("grade_key")["providers"].sum().sort_index().items():
        rows.breakdown("grade", ctx.month, str(gkey), GRADE_LABELS[str(gkey)], float(n), float(n))
    for tkey, gkey, n in _pairs(now.assign(n=now["providers"]), "type_key", "grade_key"):
        label = f"{labels[tkey]}: {GRADE_LABELS[gkey]}"
        dims = {"type": tkey, "grade": gkey}
        rows.cell(ctx.month, dims, float(n), float(n), None, label, parent=tkey)
    unmatched = by[(by["month"] == ctx.month.label) & (by["grade_key"] == "unknown")]
    rows.measure(ctx.month, "providers_urn_not_matched", float(unmatched["providers"].sum()))
    rows.measure(ctx.month, "provider_list_is_ofsted_extract", 1.0 if _providers(ctx)[1] else 0.0)
    return rows.frame()
