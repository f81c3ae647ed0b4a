"""Hand-worked cases for section 3 (parent and carer feedback), reproducing the seed's Sep-16 forms."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.indicators.cases import measure, run, value
from tests.indicators.cells import cells, values

IDS = [
    "feedback.forms",
    "feedback.question_positive_pct",
    "feedback.positive_pct",
    "feedback.comments",
]
Y, N, BLANK = True, False, None
# The seed's September: 17 forms; "yes" to Q1 13, Q2 13, Q3 16, Q4 11; Q4 not answered on 3.
SEPTEMBER_ANSWERS = {
    "q1": [Y] * 13 + [N] * 4,
    "q2": [Y] * 13 + [N] * 4,
    "q3": [Y] * 16 + [N] * 1,
    "q4": [Y] * 11 + [N] * 3 + [BLANK] * 3,
}
# 27 children over 17 forms (ten forms for 1 child, seven for 2 or 3: 10 + 2*4 + 3*3 = 27).
CHILDREN = [1] * 10 + [2] * 4 + [3] * 3
# 14 social workers: forms 0-13 each have their own, forms 14-16 repeat workers 0-2.
WORKERS = [f"W{i}" for i in range(14)] + ["W0", "W1", "W2"]
# 13 of 17 commented: 8 positive, 3 negative, 2 mixed; themes as recorded (one blank).
COMMENTS = (
    [("Thank you", "positive", "support; Respect")] * 8
    + [("SW not seen", "negative", "communication;information")] * 3
    + [("Mixed feelings", "mixed", "Communication;;outcome ")]
    + [("Kind but slow", "mixed", "")]
    + [("", "", "")] * 4
)


def september():
    out = []
    for i in range(17):
        comment, tone, themes = COMMENTS[i]
        out.append(
            {
                "form_id": f"F{i}",
                # The first and the last day of the month are both in it.
                "received_date": "2016-09-01" if i == 0 else "2016-09-30",
                "worker_id": WORKERS[i],
                "children": CHILDREN[i],
                **{q: answers[i] for q, answers in SEPTEMBER_ANSWERS.items()},
                "comment": comment or None,
                "tone": tone or None,
                "themes": themes or None,
            }
        )
    return out


def august():
    # 5 forms; four say yes to all four questions, one says no to all: 16 / 20 = 80%.
    answers = [Y, Y, Y, Y, N]
    return [
        {
            "form_id": f"A{i}",
            "received_date": "2016-08-31",
            "worker_id": "W0",
            "children": 1,
            **{q: answers[i] for q in ("q1", "q2", "q3", "q4")},
        }
        for i in range(5)
    ]


@pytest.fixture
def results(backend):
    rows = [*september(), *august(), {"form_id": "O1", "received_date": "2016-10-01", "q1": Y}]
    return run(backend, {"qaf_feedback": rows}, "2016-09", IDS)


def test_positive_across_answered_questions_reproduces_the_seed(results):
    head = value(results, "feedback.positive_pct", "2016-09")
    # Yes 13 + 13 + 16 + 11 = 53; answered 17 + 17 + 17 + 14 = 65; 53 / 65 = 81.5% (the seed's 82%).
    assert (head.numerator, head.denominator) == (53, 65)
    assert head.value == pytest.approx(100 * 53 / 65)
    change = measure(results, "feedback.positive_pct", "change_on_previous_month_pp", "2016-09")
    assert change == pytest.approx(100 * 53 / 65 - 80.0)
    # No forms in April: null, not 0.
    april = value(results, "feedback.positive_pct", "2016-04")
    assert april.denominator == 0 and pd.isna(april.value)


def test_per_question_counts_unanswered_against(results):
    by_q = cells(results, "feedback.question_positive_pct", "2016-09", "question")
    assert values(by_q, "numerator") == {"q1": 13, "q2": 13, "q3": 16, "q4": 11}
    assert set(values(by_q, "denominator").values()) == {17}
    assert by_q["q1"].value == pytest.approx(100 * 13 / 17)  # 76%
    assert by_q["q4"].value == pytest.approx(100 * 11 / 17)  # 65%
    q4 = cells(results, "feedback.question_positive_pct", "2016-09", "answer", question="q4")
    assert values(q4, "numerator") == {"yes": 11, "no": 3, "not_answered": 3}
    assert measure(results, "feedback.question_positive_pct", "not_answered", "2016-09") == 3
    # Headline: 53 yes / (17 forms x 4 questions).
    head = value(results, "feedback.question_positive_pct", "2016-09")
    assert (head.numerator, head.denominator) == (53, 68)
    change = measure(
        results, "feedback.question_positive_pct", "change_on_previous_month_pp", "2016-09"
    )
    assert change == pytest.approx(100 * 53 / 68 - 80.0)


def test_forms_children_and_workers(results):
    assert value(results, "feedback.forms", "2016-09").value == 17
    assert value(results, "feedback.forms", "2016-08").value == 5
    assert value(results, "feedback.forms", "2016-07").value == 0
    assert measure(results, "feedback.forms", "children_covered", "2016-09") == 27
    assert measure(results, "feedback.forms", "distinct_social_workers", "2016-09") == 14
    assert measure(results, "feedback.forms", "change_on_previous_month", "2016-09") == 12


def test_comments_by_tone_and_theme_without_their_text(results):
    assert value(results, "feedback.comments", "2016-09").value == 13
    tones = values(cells(results, "feedback.comments", "2016-09", "tone"))
    assert tones == {"positive": 8, "negative": 3, "mixed": 2, "not_recorded": 0}
    themes = values(cells(results, "feedback.comments", "2016-09", "theme"))
    # Split on ";", trimmed, lower case, blanks dropped; "communication" from 3 negative + 1 mixed.
    assert themes == {
        "support": 8,
        "respect": 8,
        "communication": 4,
        "information": 3,
        "outcome": 1,
    }
    assert measure(results, "feedback.comments", "forms_received", "2016-09") == 17
    # No comment text anywhere in the output.
    mine = results[results.indicator_id.str.startswith("feedback.")]
    text = json.dumps(mine.astype(str).to_dict("records"))
    for comment, _, _ in COMMENTS:
        if comment:
            assert comment not in text
