"""The app's QA records through the indicator engine: sections 2, 3 and 4 computed for a month
from the qaf_ tables built out of the app's records (exports.all_rows), on an in-memory DuckDB.

The engine is the same one `qaf indicators` runs; nothing here recomputes a figure by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from qaf.config import load_settings
from qaf.indicators.compute import compute
from qaf.indicators.dimensions import DIMENSIONS
from qaf.indicators.months import Month
from qaf.indicators.registry import REGISTRY, load_all
from qaf.indicators.rows import DIMENSION_JOIN, KEY_JOIN
from qaf.warehouse.schema import source_from_rows

# The report sections the QA records feed (indicators.md sections 2 to 4).
SECTIONS = ("2", "3", "4")
SECTION_TITLES = {
    "2": "Internal case audits",
    "3": "Parent and carer feedback",
    "4": "Independent Reviewing Unit",
}


def indicator_ids() -> list[str]:
    load_all()
    return sorted(i.id for i in REGISTRY.values() if i.section in SECTIONS)


def compute_from_rows(tables: Mapping[str, Any], month: str) -> pd.DataFrame:
    """Sections 2 to 4 for `month` (YYYY-MM) from qaf_ rows in the warehouse's stored shape."""
    import ibis

    backend = ibis.duckdb.connect()
    try:
        source = source_from_rows(backend, dict(tables), data_version="qa-records")
        return compute(source, Month.parse(month), load_settings(), only=indicator_ids())
    finally:
        backend.disconnect()


def months_needed(month: str) -> tuple[dt.date, dt.date]:
    """The first and last day of every month the section 2 to 4 indicators read for `month`: its
    financial year to date, the same months of earlier years they chart (history_years), and the
    month before (for the change on it). Records outside cannot change any figure computed."""
    load_all()
    chosen = Month.parse(month)
    years = max(REGISTRY[i].history_years for i in indicator_ids())
    first = min(chosen.fy_first_month.shift(-12 * years), chosen.shift(-1))
    return first.start, chosen.end


def compute_month(month: str) -> pd.DataFrame:
    """Sections 2 to 4 for `month` from the QA records the app holds for the months they read."""
    from qaf.web.qa import exports
    from qaf.web.qa.models import CaseAudit, FeedbackForm, Meeting, ReviewForm

    within = months_needed(month)
    tables = {
        exports.AUDITS: list(
            exports.audit_rows(CaseAudit.objects.filter(audit_date__range=within))
        ),
        exports.FEEDBACK: list(
            exports.feedback_rows(FeedbackForm.objects.filter(received_date__range=within))
        ),
        exports.MEETINGS: list(
            exports.meeting_rows(Meeting.objects.filter(meeting_date__range=within))
        ),
        exports.REVIEWS: list(
            exports.review_rows(ReviewForm.objects.filter(review_date__range=within))
        ),
    }
    return compute_from_rows(tables, month)


@dataclass(frozen=True)
class Figure:
    """One headline figure for the QA figures page."""

    section: str
    indicator_id: str
    title: str
    unit: str
    value: float | None
    numerator: float | None
    denominator: float | None

    @property
    def shown(self) -> str:
        if self.value is None:
            return "no records"
        if self.unit == "percent":
            return f"{self.value:.1f}%"
        return f"{self.value:,.0f}"


# The breakdowns the QA figures page lays out under the headlines, as the seed's tables do: per
# indicator, the dimension (several joined by "+", as the result rows name them).
BREAKDOWNS = (
    ("audit.overall_3plus_pct", "case_type"),
    ("audit.standard_3plus_pct", "standard"),
    ("feedback.question_positive_pct", "question"),
    ("iru.meeting_attendance_pct", "meeting_type+professional_group"),
    ("iru.meeting_attendance_pct", "meeting_type"),
    ("iru.sw_change_pct", "sw_changes"),
)


@dataclass(frozen=True)
class Breakdown:
    section: str
    title: str
    rows: list[tuple[str, float | None, float | None, float | None]]


def _member_label(dimension: str, key: str) -> str:
    """A result row's key in words: 'CP_REVIEW|HEALTH' -> 'Child protection review conference,
    Health professionals'."""
    names, keys = dimension.split(DIMENSION_JOIN), key.split(KEY_JOIN)
    return ", ".join(
        DIMENSIONS[n].label_of(k) if n in DIMENSIONS else k
        for n, k in zip(names, keys, strict=True)
    )


def breakdowns(results: pd.DataFrame, month: str) -> list[Breakdown]:
    """The month's breakdown cells of BREAKDOWNS: (member, value, numerator, denominator)."""
    load_all()
    chosen = results[
        (results.kind == "breakdown") & (results.month == month) & (results.period_kind == "month")
    ]
    found = []
    for indicator_id, dimension in BREAKDOWNS:
        ind = REGISTRY[indicator_id]
        mine = chosen[(chosen.indicator_id == indicator_id) & (chosen.dimension == dimension)]
        words = " and ".join(DIMENSIONS[d].label.lower() for d in dimension.split(DIMENSION_JOIN))
        rows = [
            (
                _member_label(dimension, str(r["key"])),
                _number(r["value"]),
                _number(r["numerator"]),
                _number(r["denominator"]),
            )
            for _, r in mine.iterrows()
        ]
        found.append(Breakdown(ind.section, f"{ind.title}, by {words}", rows))
    return found


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def headlines(results: pd.DataFrame, month: str) -> list[Figure]:
    """Each indicator's whole-council figure for the month itself (not the year to date)."""
    load_all()
    figures = []
    rows = results[(results.kind == "value") & (results.month == month)]
    if "period_kind" in rows:
        rows = rows[rows.period_kind == "month"]
    for indicator_id in indicator_ids():
        ind = REGISTRY[indicator_id]
        mine = rows[rows.indicator_id == indicator_id]
        first = mine.iloc[0] if len(mine) else None
        figures.append(
            Figure(
                section=ind.section,
                indicator_id=indicator_id,
                title=ind.title,
                unit=ind.unit,
                value=None if first is None else _number(first["value"]),
                numerator=None if first is None else _number(first["numerator"]),
                denominator=None if first is None else _number(first["denominator"]),
            )
        )
    return figures
