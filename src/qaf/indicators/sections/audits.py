"""Section 2: internal case audits (the seed's section 3, "Internal Case Audits").

Source: qaf_audits, one row per audit and standard with a score 1 to 5 or NA. The standards are
data (the seed's 1a to 6 are the default list and its natural order; others follow by name)."""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir
import pandas as pd

from qaf.indicators import blocks
from qaf.indicators.context import Context
from qaf.indicators.dimensions import declare as declare_dimension
from qaf.indicators.periods import Period
from qaf.indicators.registry import indicator
from qaf.indicators.rows import Rows
from qaf.indicators.sections._qa_records import (
    aggregate_once,
    change_pp,
    counts_by,
    in_period,
    members_with_found,
    pct,
)
from qaf.warehouse.codes import AUDIT_CASE_TYPE

CASE_TYPE = declare_dimension("case_type", "Case type", tuple(AUDIT_CASE_TYPE.codes.items()))
# The seed's audit standards (section 3's tables), in its order.
STANDARD = declare_dimension(
    "standard",
    "Audit standard",
    (
        ("1a", "1a: Management scrutiny/oversight"),
        ("2", "2: Experience of child/young person"),
        ("3", "3: Practitioner contact"),
        ("4", "4: Assessment & needs analysis"),
        ("5", "5: Planning for children"),
        ("6", "6: Recording and report writing"),
    ),
)
# A score is one of these; anything else (NA, blank) is not scored. The seed: (1) no or few
# standards met ... (5) all standards met in full or exceeded.
SCORES = ("1", "2", "3", "4", "5")
# "Acceptable or better" in the seed is a score of 3 (some standards met in full) or more.
ACCEPTABLE_SCORES = ("3", "4", "5")
NO_CASE_TYPE = "not_recorded"

SOURCE = """Seed section 3 (internal case audits): per case type, audits completed, "% judged
'some', 'many' or 'all standards met in full or exceeded'" per standard, dimensions scored and the
overall % acceptable or better (CIN Sep-16: 16 audits, 96 dimensions, 74%)."""
SCORED = """A dimension is one audit's score on one standard (one qaf_audits row); it is scored when
its score is 1 to 5, and not applicable (NA) or blank scores are left out of both sides. 3 or more
("some", "many" or "all standards met in full or exceeded") is acceptable or better."""
CHANGE = "change_on_previous_month_pp"


def _audit_expr(grid: ir.Table, t: ir.Table) -> ir.Table:
    """month, case_type, standard: dimensions scored, of them 3+, and distinct audits."""
    score = t.score.strip()
    t = t.mutate(
        case_type=t.case_type.fill_null(NO_CASE_TYPE),
        standard=t.standard.strip(),
        _scored=ibis.ifelse(score.isin(SCORES), 1, 0),
        _good=ibis.ifelse(score.isin(ACCEPTABLE_SCORES), 1, 0),
    )
    t = blocks.in_month(t, "audit_date", grid)
    return t.group_by(["month", "case_type", "standard"]).aggregate(
        scored=t._scored.sum(), good=t._good.sum()
    )


def _scores(ctx: Context) -> pd.DataFrame:
    table = ctx.table("qaf_audits")
    frame = aggregate_once(ctx, "audits.scores", lambda grid: _audit_expr(grid, table))
    return frame.astype({"scored": float, "good": float})


def _completed(ctx: Context) -> pd.DataFrame:
    """month, case_type, audits: distinct audits dated in the month."""
    t = ctx.table("qaf_audits")
    t = t.mutate(case_type=t.case_type.fill_null(NO_CASE_TYPE))

    def expr(grid: ir.Table) -> ir.Table:
        j = blocks.in_month(t, "audit_date", grid)
        return j.group_by(["month", "case_type"]).aggregate(audits=j.audit_id.nunique())

    return aggregate_once(ctx, "audits.completed", expr).astype({"audits": float})


def _case_types(frame: pd.DataFrame) -> list[str]:
    return members_with_found(CASE_TYPE, frame["case_type"])


def _standards(frame: pd.DataFrame) -> list[str]:
    found = set(frame["standard"].dropna())
    declared = [k for k, _ in STANDARD.members]
    return [s for s in declared if s in found] + sorted(found - set(declared))


def _rate_cells(
    rows: Rows,
    period: Period,
    frame: pd.DataFrame,
    by: tuple[str, ...],
    keys: Sequence[tuple[str, ...]],
) -> None:
    """A 3+ % cell for each key of `by` (rows of frame already limited to the period)."""
    totals: dict[tuple[str, ...], tuple[float, float]] = {}
    columns = [frame[name].astype(str).tolist() for name in by]
    for i, (g, n) in enumerate(zip(frame["good"].tolist(), frame["scored"].tolist(), strict=True)):
        key = tuple(column[i] for column in columns)
        good, scored = totals.get(key, (0.0, 0.0))
        totals[key] = (good + float(g), scored + float(n))
    for key in keys:
        good, scored = totals.get(key, (0.0, 0.0))
        rows.cell(period, dict(zip(by, key, strict=True)), pct(good, scored), good, scored)


@indicator(
    id="audit.completed",
    title="Case audits completed",
    unit="count",
    polarity="neutral",
    section="2",
    definition="""Audits (distinct qaf_audits audit_id) whose audit_date is in the month, by case
    type (children in need, child protection, child in care, care leaver, assessment).""",
    source=SOURCE,
    breakdowns=("case_type",),
)
def audit_completed(ctx: Context) -> pd.DataFrame:
    rows = Rows()
    counts_by(ctx, _completed(ctx), "audits", CASE_TYPE, rows)
    return rows.frame()


@indicator(
    id="audit.standard_3plus_pct",
    title="Case audits scoring 3 or more, per standard",
    unit="percent",
    polarity="up",
    section="2",
    definition="Per audit standard, of the audits in the month that scored that standard, the % "
    "scoring 3 or more; by standard, and by case type and standard. The headline (all standards) "
    "is dimensions scored 3 or more / dimensions scored, as audit.overall_3plus_pct. " + SCORED,
    source=SOURCE,
    breakdowns=("standard", "case_type"),
)
def audit_standard_3plus_pct(ctx: Context) -> pd.DataFrame:
    scores = _scores(ctx)
    standards = _standards(scores)
    types = _case_types(scores)
    rows = Rows()
    for month in ctx.months:
        period = Period.of("month", month)
        here = in_period(scores, period)
        _rate_cells(rows, period, here, (), [()])
        _rate_cells(rows, period, here, ("standard",), [(s,) for s in standards])
        pairs = [(c, s) for c in types for s in standards]
        _rate_cells(rows, period, here, ("case_type", "standard"), pairs)
    return rows.frame()


@indicator(
    id="audit.overall_3plus_pct",
    title="Case audit dimensions scoring 3 or more",
    unit="percent",
    polarity="up",
    section="2",
    definition="Audit dimensions scored 3 or more / audit dimensions scored, for audits dated in "
    "the month and in the financial year to date, for all case types and by case type. " + SCORED,
    source=SOURCE,
    breakdowns=("case_type",),
    measures={
        CHANGE: "the month's % (all case types) minus the previous month's, in percentage points; "
        "the change for one case type is the difference of its two monthly cells",
        "dimensions_scored": "dimensions scored in the month (all case types)",
    },
)
def audit_overall_3plus_pct(ctx: Context) -> pd.DataFrame:
    scores = _scores(ctx)
    types = [(c,) for c in _case_types(scores)]
    rows = Rows()
    for month in ctx.months:
        for kind in ("month", "fytd"):
            period = Period.of(kind, month)
            here = in_period(scores, period)
            _rate_cells(rows, period, here, (), [()])
            _rate_cells(rows, period, here, ("case_type",), types)
    now = in_period(scores, Period.of("month", ctx.month))
    before = in_period(scores, Period.of("month", ctx.month.shift(-1)))
    rows.measure(
        ctx.month,
        CHANGE,
        change_pp(
            pct(now["good"].sum(), now["scored"].sum()),
            pct(before["good"].sum(), before["scored"].sum()),
        ),
    )
    rows.measure(ctx.month, "dimensions_scored", float(now["scored"].sum()))
    return rows.frame()
