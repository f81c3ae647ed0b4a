"""Guards, so a bad month never replaces a good one.

Per cell: values that read well but cannot be true (a negative FTE, a date of birth after the
extract, more attended than invited, an audit score outside 1 to 5). Per file: a header line repeated
inside the data. Per folder: `qaf_council` is one row matching `qaf_population`, a required table
has rows, no table's rows fall by more than `load.max_row_drop_pct` against the current version, and
some involvement has the case-worker role."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from qaf.config import role_key
from qaf.warehouse.parse import bool_mask
from qaf.warehouse.read import RawTable
from qaf.warehouse.report import LoadReport, Problem, TableReport
from qaf.warehouse.specs import SPECS

# Audit scores: 1 (inadequate) to 5 (outstanding), or NA for a standard that does not apply.
AUDIT_SCORES = frozenset({"1", "2", "3", "4", "5", "NA"})
# Whole-number and number columns that count or measure something, so cannot be negative.
NOT_NEGATIVE = {
    "ssd_professionals": ("prof_full_time_equivalency",),
    "qaf_staff": ("fte",),
    "qaf_population": ("population",),
    "qaf_feedback": ("children",),
    "qaf_iru_meetings": ("invited", "attended"),
    "qaf_iru_reviews": ("sw_changes",),
}
COUNCIL, POPULATION = "qaf_council", "qaf_population"
INVOLVEMENTS, ROLE = "ssd_involvements", "invo_professional_role_id"


@dataclass(frozen=True)
class BadCells:
    """Cells of one column that cannot be true: emptied, the row kept, each named."""

    column: str
    mask: np.ndarray
    expected: str


def impossible_cells(
    table: str, arrays: Mapping[str, pa.Array], extract_date: dt.date
) -> list[BadCells]:
    """The cells of one table's parsed columns that cannot be true."""
    found: list[BadCells] = []
    for name in NOT_NEGATIVE.get(table, ()):
        found.append(BadCells(name, bool_mask(pc.less(arrays[name], 0)), "a number of 0 or more"))
    if table == "ssd_person":
        late = bool_mask(pc.greater(arrays["pers_dob"], pa.scalar(extract_date, pa.date32())))
        found.append(
            BadCells(
                "pers_dob",
                late,
                f"a date of birth on or before the extract date ({extract_date.isoformat()}); "
                "an unborn child's date belongs in pers_expected_dob",
            )
        )
    if table == "qaf_iru_meetings":
        more = bool_mask(pc.greater(arrays["attended"], arrays["invited"]))
        found.append(BadCells("attended", more, "no more attended than invited"))
    if table == "qaf_audits":
        score = pc.utf8_upper(arrays["score"])
        known = pc.is_in(score, value_set=pa.array(sorted(AUDIT_SCORES)))
        outside = bool_mask(pc.and_(pc.is_valid(score), pc.invert(known)))
        found.append(BadCells("score", outside, "a score from 1 to 5, or NA"))
    return [bad for bad in found if bad.mask.any()]


def repeated_header(raw: RawTable) -> np.ndarray:
    """Rows whose every named cell reads as its column's name: the header again (files joined
    together with their headers, a report exported page by page)."""
    named = [name for name in raw.columns if not name.startswith("unnamed_")]
    mask = np.ones(raw.rows, dtype=bool) if named and raw.rows else np.zeros(raw.rows, dtype=bool)
    for name in named:
        text = pc.utf8_lower(pc.utf8_trim_whitespace(raw.columns[name]))
        mask &= bool_mask(pc.equal(text, name))
        if not mask.any():
            break
    return mask


def council_problems(tables: Mapping[str, pa.Table], files: Mapping[str, str]) -> list[Problem]:
    """`qaf_council` is one row, and its ons_code is an area of `qaf_population` (when given)."""
    council = tables.get(COUNCIL)
    file = files.get(COUNCIL)
    if council is None or file is None:
        return []
    if council.num_rows != 1:
        return [
            Problem(
                COUNCIL,
                file,
                None,
                None,
                None,
                f"one row, for the council the folder describes (found {council.num_rows}); "
                "keep the row of the council whose records these are",
            )
        ]
    population = tables.get(POPULATION)
    if population is None or POPULATION not in files or not population.num_rows:
        return []
    code = council.column("ons_code")[0].as_py()
    areas = set(population.column("area_code").to_pylist())
    if code in areas:
        return []
    listed = ", ".join(sorted(str(a) for a in areas if a)[:5])
    return [
        Problem(
            COUNCIL,
            file,
            1,
            "ons_code",
            code,
            f"an area_code of {files[POPULATION]} ({listed}); the population must be the council's",
        )
    ]


def empty_required(report: LoadReport) -> list[str]:
    """A required table supplied with no rows left: nothing to compute from."""
    return [
        f"{t.file}: no rows loaded (a required table); is this the right extract?"
        for spec in SPECS
        if spec.required
        and (t := report.tables.get(spec.name)) is not None
        and t.file is not None
        and t.rows_loaded == 0
    ]


def row_drops(
    report: LoadReport, previous: Mapping[str, TableReport], max_drop_pct: float
) -> list[str]:
    """Tables whose loaded rows fall by more than `max_drop_pct` against the current version."""
    reasons = []
    for name, table in report.tables.items():
        before = previous.get(name)
        if before is None or not before.rows_loaded:
            continue
        fall = 100.0 * (before.rows_loaded - table.rows_loaded) / before.rows_loaded
        if fall > max_drop_pct:
            where = table.file or f"{name} (not in the folder)"
            reasons.append(
                f"{where}: {table.rows_loaded:,} rows, down from "
                f"{before.rows_loaded:,} in the current version ({fall:.1f}% fewer, more than "
                f"the {max_drop_pct:g}% allowed by load.max_row_drop_pct)"
            )
    return reasons


def previous_tables(report_json: Mapping[str, Any]) -> dict[str, TableReport]:
    """The per-table counts of a stored load report."""
    return {
        name: TableReport(name, t.get("file"), rows_loaded=int(t.get("rows_loaded", 0)))
        for name, t in report_json.get("tables", {}).items()
    }


def case_worker_warning(tables: Mapping[str, pa.Table], roles: Sequence[str]) -> str | None:
    """A warning when involvements exist but none has a case-worker role: allocations would all
    read as unallocated."""
    involvements = tables.get(INVOLVEMENTS)
    if involvements is None or not involvements.num_rows:
        return None
    # Compared as the indicators compare them: ignoring case and runs of spaces.
    trimmed = pc.utf8_upper(pc.utf8_trim_whitespace(involvements.column(ROLE)))
    spelled = pc.replace_substring_regex(trimmed, r"\s+", " ")
    wanted = pa.array(sorted({role_key(r) for r in roles}))
    if pc.any(pc.is_in(spelled, value_set=wanted)).as_py():
        return None
    seen = pc.value_counts(involvements.column(ROLE)).to_pylist()
    common = sorted(seen, key=lambda v: -v["counts"])[:5]
    listed = ", ".join(f"{v['values']!r}" for v in common if v["values"] is not None) or "none"
    return (
        f"ssd_involvements: no row has the case-worker role ({', '.join(roles)}; setting "
        f"casework.case_worker_roles); roles found: {listed}. Allocations will read as none."
    )
