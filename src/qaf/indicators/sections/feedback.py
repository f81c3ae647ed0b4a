"""Section 3: parent and carer feedback (the seed's section 3.1, "Parent / Carer Feedback Forms").

Source: qaf_feedback, one row per form: four yes / no questions (null = not answered), the children
it covers, the social worker, and a free-text comment tagged with its tone and themes. The comment
text never reaches the results: it can identify a family. Only counts by tone and theme do."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pandas as pd

from qaf.indicators import blocks
from qaf.indicators.context import Context
from qaf.indicators.dimensions import declare as declare_dimension
from qaf.indicators.registry import indicator
from qaf.indicators.rows import Rows
from qaf.indicators.sections._qa_records import aggregate_once, change_pp, pct
from qaf.warehouse.codes import FEEDBACK_TONE

QUESTION = declare_dimension(
    "question",
    "Feedback question",
    (
        ("q1", "Q1 Kept informed and views acknowledged"),
        ("q2", "Q2 Supported by the social worker"),
        ("q3", "Q3 Treated with respect and courtesy"),
        ("q4", "Q4 In agreement with the outcome"),
    ),
)
ANSWER = declare_dimension(
    "answer",
    "Answer",
    (("yes", "Yes"), ("no", "No"), ("not_answered", "Not answered")),
)
NOT_RECORDED = "not_recorded"
TONE = declare_dimension(
    "tone", "Tone of comment", (*FEEDBACK_TONE.codes.items(), (NOT_RECORDED, "Not recorded"))
)
# Themes are the council's own words (qaf_feedback.themes, separated by ;): members from the data.
THEME = declare_dimension("theme", "Theme of comment")
THEME_SEPARATOR = ";"
QUESTIONS = tuple(k for k, _ in QUESTION.members)

SOURCE = """Seed section 3.1 (parent / carer feedback forms received in the month; involvement
indicators Q1 to Q4; Sep-16: 17 forms for 27 children, 14 social workers, 82% positive across the
four questions, Q1 13 (76%), Q4 11 (65%) with 3 not answering)."""
RECEIVED = "Forms are those whose received_date is in the month (not the month the case closed)."
CHANGE = "change_on_previous_month_pp"


def _forms_expr(grid: ir.Table, t: ir.Table) -> ir.Table:
    """month: forms, children covered, distinct workers, and yes / no answers to each question."""
    t = blocks.in_month(t, "received_date", grid)
    answers = {}
    for q in QUESTIONS:
        answers[f"{q}_yes"] = ibis.ifelse(t[q] == True, 1, 0).sum()  # noqa: E712 (a column)
        answers[f"{q}_no"] = ibis.ifelse(t[q] == False, 1, 0).sum()  # noqa: E712
    return t.group_by("month").aggregate(
        forms=t.count(),
        children=t.children.sum().fill_null(0),
        workers=blocks.blank_to_null(t.worker_id).nunique(),
        **answers,
    )


# Per month label, the aggregate's figures by column name.
Monthly = dict[str, dict[str, float]]


def _forms(ctx: Context) -> Monthly:
    table = ctx.table("qaf_feedback")
    frame = aggregate_once(ctx, "feedback.forms", lambda grid: _forms_expr(grid, table))
    return {
        str(record["month"]): {
            str(k): 0.0 if pd.isna(v) else float(v) for k, v in record.items() if k != "month"
        }
        for record in frame.to_dict("records")
    }


def _month(forms: Monthly, label: str, column: str) -> float:
    return forms.get(label, {}).get(column, 0.0)


def _comments(ctx: Context) -> ir.Table:
    """qaf_feedback rows with a comment (not blank), with tone (not_recorded where empty)."""
    t = ctx.table("qaf_feedback")
    t = t.filter(blocks.blank_to_null(t.comment).notnull())
    tone = blocks.blank_to_null(t.tone.cast("string")).fill_null(NOT_RECORDED)
    return t.select("received_date", "themes", tone=tone)


@indicator(
    id="feedback.forms",
    title="Parent and carer feedback forms received",
    unit="count",
    polarity="up",
    section="3",
    definition="Feedback forms (qaf_feedback rows) received in the month. " + RECEIVED,
    source=SOURCE,
    measures={
        "children_covered": "children the month's forms cover (sum of qaf_feedback.children)",
        "distinct_social_workers": "distinct social workers (worker_id) the month's forms name",
        "change_on_previous_month": "forms this month minus forms the month before",
    },
)
def feedback_forms(ctx: Context) -> pd.DataFrame:
    forms = _forms(ctx)
    rows = Rows()
    for month in ctx.months:
        rows.value(month, _month(forms, month.label, "forms"))
    now, before = ctx.month.label, ctx.month.shift(-1).label
    rows.measure(ctx.month, "children_covered", _month(forms, now, "children"))
    rows.measure(ctx.month, "distinct_social_workers", _month(forms, now, "workers"))
    rows.measure(
        ctx.month,
        "change_on_previous_month",
        _month(forms, now, "forms") - _month(forms, before, "forms"),
    )
    return rows.frame()


def _question_positive(forms: Monthly, label: str) -> float | None:
    yes = sum(_month(forms, label, f"{q}_yes") for q in QUESTIONS)
    return pct(yes, _month(forms, label, "forms") * len(QUESTIONS))


@indicator(
    id="feedback.question_positive_pct",
    title='Feedback: "yes" to each involvement question',
    unit="percent",
    polarity="up",
    section="3",
    definition="""Per question (Q1 kept informed and views acknowledged, Q2 supported by the social
    worker, Q3 treated with respect and courtesy, Q4 in agreement with the outcome), the forms
    answering "yes" / forms received in the month: a question not answered counts against. By
    question, and by question and answer (yes, no, not answered: each / forms received). The
    headline is "yes" answers / (forms x 4). """
    + RECEIVED,
    source=SOURCE,
    departures="""The seed's "% of respondents" divides by every form received, so an unanswered
    question lowers it; feedback.positive_pct leaves unanswered questions out.""",
    breakdowns=("question", "answer"),
    measures={
        CHANGE: "the headline minus the previous month's, in percentage points; a question's "
        "change is the difference of its two monthly cells",
        "not_answered": "questions left unanswered on the month's forms (all four questions)",
    },
)
def feedback_question_positive_pct(ctx: Context) -> pd.DataFrame:
    forms = _forms(ctx)
    rows = Rows()
    for month in ctx.months:
        label = month.label
        received = _month(forms, label, "forms")
        yes_all = sum(_month(forms, label, f"{q}_yes") for q in QUESTIONS)
        asked = received * len(QUESTIONS)
        rows.value(month, pct(yes_all, asked), yes_all, asked)
        for q in QUESTIONS:
            yes, no = _month(forms, label, f"{q}_yes"), _month(forms, label, f"{q}_no")
            name = QUESTION.label_of(q)
            rows.cell(month, {"question": q}, pct(yes, received), yes, received, label=name)
            for answer, n in (("yes", yes), ("no", no), ("not_answered", received - yes - no)):
                rows.cell(month, {"question": q, "answer": answer}, pct(n, received), n, received)
    now, before = ctx.month.label, ctx.month.shift(-1).label
    rows.measure(
        ctx.month,
        CHANGE,
        change_pp(_question_positive(forms, now), _question_positive(forms, before)),
    )
    answered = sum(
        _month(forms, now, f"{q}_yes") + _month(forms, now, f"{q}_no") for q in QUESTIONS
    )
    rows.measure(ctx.month, "not_answered", _month(forms, now, "forms") * len(QUESTIONS) - answered)
    return rows.frame()


def _positive(forms: Monthly, label: str) -> tuple[float, float]:
    """("yes" answers, answered questions) across the four questions."""
    yes = sum(_month(forms, label, f"{q}_yes") for q in QUESTIONS)
    no = sum(_month(forms, label, f"{q}_no") for q in QUESTIONS)
    return yes, yes + no


@indicator(
    id="feedback.positive_pct",
    title="Feedback: positive answers across the four involvement questions",
    unit="percent",
    polarity="up",
    section="3",
    definition=""""Yes" answers / answered questions, across the four involvement questions of the
    forms received in the month; a question not answered is left out of both sides. """
    + RECEIVED,
    source=SOURCE + " Sep-16: 53 yes of 65 answered = 82%, Aug-16 80%.",
    measures={CHANGE: "the month's % minus the previous month's, in percentage points"},
)
def feedback_positive_pct(ctx: Context) -> pd.DataFrame:
    forms = _forms(ctx)
    rows = Rows()
    for month in ctx.months:
        rows.ratio(month, *_positive(forms, month.label))
    now = pct(*_positive(forms, ctx.month.label))
    before = pct(*_positive(forms, ctx.month.shift(-1).label))
    rows.measure(ctx.month, CHANGE, change_pp(now, before))
    return rows.frame()


def _tone_expr(grid: ir.Table, comments: ir.Table) -> ir.Table:
    t = blocks.in_month(comments, "received_date", grid)
    return t.group_by(["month", "tone"]).aggregate(n=t.count())


def _theme_expr(grid: ir.Table, comments: ir.Table) -> ir.Table:
    """month, theme, n: themes split on ';', trimmed and lower-cased, blanks dropped."""
    t = blocks.in_month(comments, "received_date", grid)
    t = t.filter(blocks.blank_to_null(t.themes).notnull())
    t = t.select("month", theme=t.themes.split(THEME_SEPARATOR).unnest())
    t = t.mutate(theme=t.theme.strip().lower())
    t = t.filter(t.theme != "")
    return t.group_by(["month", "theme"]).aggregate(n=t.count())


@indicator(
    id="feedback.comments",
    title="Feedback comments by tone and theme",
    unit="count",
    polarity="neutral",
    section="3",
    definition="""Forms received in the month with a comment (qaf_feedback.comment not blank),
    counted by the tone recorded for the comment (positive, negative, mixed; not recorded where
    empty) and by theme (qaf_feedback.themes split on ";", trimmed and compared in lower case; a
    comment with two themes counts once under each). The comment text itself is never put in the
    results: it can identify a family, so only these counts are reported. """
    + RECEIVED,
    source=SOURCE + ' "What parents & carers said"; 13 of 17 respondents provided comment.',
    breakdowns=("tone", "theme"),
    measures={"forms_received": "forms received in the month, with or without a comment"},
)
def feedback_comments(ctx: Context) -> pd.DataFrame:
    comments = _comments(ctx)
    tones = aggregate_once(ctx, "feedback.tones", lambda grid: _tone_expr(grid, comments))
    themes = aggregate_once(ctx, "feedback.themes", lambda grid: _theme_expr(grid, comments))
    forms = _forms(ctx)
    rows = Rows()
    tone_keys = [k for k, _ in TONE.members]
    for month in ctx.months:
        here = tones[tones["month"] == month.label]
        found = dict(zip(here["tone"], here["n"].astype(float), strict=True))
        rows.value(month, sum(found.values()))
        for tone in tone_keys + sorted(set(found) - set(tone_keys)):
            rows.cell(month, {"tone": tone}, found.get(tone, 0.0), label=TONE.label_of(tone))
        said = themes[themes["month"] == month.label].sort_values("theme")
        for theme, n in zip(said["theme"], said["n"], strict=True):
            rows.cell(month, {"theme": str(theme)}, float(n), label=str(theme))
    rows.measure(ctx.month, "forms_received", _month(forms, ctx.month.label, "forms"))
    return rows.frame()
