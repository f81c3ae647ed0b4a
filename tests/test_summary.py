"""The demo's headline view."""

from __future__ import annotations

import io

from rich.console import Console

from qaf.commands.summary import show_headlines, sparkline


def test_sparkline_spans_lowest_to_highest():
    assert sparkline([1, 2, 3]) == "▁▅█"
    assert sparkline([5, 5]) == "▁▁"
    assert sparkline([None, 1.0, 2.0]) == " ▁█"
    assert sparkline([None]) == ""


def test_headlines_show_value_and_unit():
    doc = {
        "month": "2016-09",
        "indicators": {
            "cp.plans": {
                "title": "Children on a CP plan",
                "unit": "count",
                "value": 482,
                "series": [{"value": 679}, {"value": 482}],
            },
            "front_door.re_referral_12m_pct": {
                "title": "Re-referrals",
                "unit": "percent",
                "value": 22.44,
                "series": [{"value": None}],
            },
        },
    }
    out = io.StringIO()
    show_headlines(doc, Console(file=out, width=100))
    text = out.getvalue()
    assert "482" in text and "22.4%" in text and "█▁" in text
