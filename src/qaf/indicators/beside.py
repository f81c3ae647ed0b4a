"""What the report shows beside each figure: the indicator's target (qaf_targets), its published
benchmarks (qaf.benchmarks) and its signals (signal_series), gathered for `qaf indicators`' JSON.

Anything missing gives null, never an error: no qaf_council row, a council the DfE files do not
know, no target, a series too short for process limits (docs/output.md)."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from qaf.benchmarks import (
    BenchmarkDataError,
    Council,
    benchmarks_json,
    load_published,
    neighbour_codes,
    read_overrides,
)
from qaf.benchmarks.compare import ENGLAND, NEIGHBOURS, OVERRIDE_SOURCE
from qaf.benchmarks.mappings import MAPPINGS
from qaf.benchmarks.published import Published, build, bundled_directory
from qaf.errors import QafError
from qaf.indicators.months import Month
from qaf.indicators.registry import Indicator, load_all
from qaf.indicators.signal_series import monthly_series, signals_json
from qaf.signals import Comparator

if TYPE_CHECKING:
    from qaf.indicators.compute import Result
    from qaf.warehouse.schema import Source

# The statistical neighbour model when none is chosen: the DfE's 2025 model.
DEFAULT_MODEL = "sn2025"
# Comparators the "what moved" sentences set the figure beside, as they read in a sentence.
SENTENCE_COMPARATORS = {NEIGHBOURS: "the statistical neighbours' median", ENGLAND: "England"}


def parse_model(text: str | None) -> str | tuple[str, ...]:
    """`--benchmarks`: `sn2025`, `sn2021` or the council's own list of old LA codes (`879,880`)."""
    text = (text or DEFAULT_MODEL).strip()
    if text.casefold() in ("sn2025", "sn2021"):
        return text.casefold()
    codes = tuple(c.strip() for c in text.split(",") if c.strip())
    if not codes or not all(c.isdigit() for c in codes):
        raise QafError(
            f"--benchmarks {text!r}: expected sn2025 (the DfE's 2025 model, the default), sn2021 "
            "(the April 2021 groupings) or the council's own neighbours as 3-digit old LA codes "
            "separated by commas (for example 879,880,881)."
        )
    # A code no published file holds is refused now, before the indicators are computed.
    neighbour_codes(load_published(), Council("none"), codes)
    return codes


@dataclass(frozen=True)
class Target:
    value: float
    period: str  # the month (2016-09) or financial year (2016-17) the target was set for


def read_targets(frame: pd.DataFrame) -> dict[tuple[str, str], float]:
    """qaf_targets rows by (indicator_id, period)."""
    out = {}
    for row in frame.to_dict("records"):
        value = row.get("target")
        if value is None or pd.isna(value):
            continue
        out[(str(row["indicator_id"]).strip(), str(row["period"]).strip())] = float(value)
    return out


def target_for(
    targets: Mapping[tuple[str, str], float], indicator_id: str, month: Month
) -> Target | None:
    """The month's own target, else its financial year's."""
    for period in (month.label, month.fy):
        if (indicator_id, period) in targets:
            return Target(targets[(indicator_id, period)], period)
    return None


def target_json(target: Target | None, value: float | None, polarity: str) -> dict[str, Any] | None:
    """`target`: value, period and on_target (up: value >= target; down: value <= target;
    null for a neutral indicator or no value)."""
    if target is None:
        return None
    on_target = None
    if value is not None and not math.isnan(value) and polarity in ("up", "down"):
        on_target = value >= target.value if polarity == "up" else value <= target.value
    return {"value": target.value, "period": target.period, "on_target": on_target}


def council_of(source: Source) -> Council | None:
    """The council qaf_council describes, or None when it has no row or no LA code."""
    frame = source.execute(source.table("qaf_council"))
    if frame.empty:
        return None
    try:
        return Council.from_row(frame.iloc[0].to_dict())
    except BenchmarkDataError:
        return None


@functools.cache
def _published_for(ids: frozenset[str]) -> Published:
    """The published figures of these indicators only: reading all the bundled files takes most
    of a second, a run of a few indicators needs a few of them."""
    mappings = [m for m in MAPPINGS if m.indicator_id in ids]
    if not mappings or len(mappings) == len(MAPPINGS):
        return load_published()
    return build(bundled_directory(), mappings)


def all_benchmarks(
    source: Source, ids: Sequence[str], model: str | Sequence[str]
) -> tuple[dict[str, dict[str, Any]], str | None]:
    """Each indicator's `benchmarks` object, and a note when some could not be given: with no
    council the published files cannot be read for it, and a council the chosen model does not
    hold has no neighbours (its own, region and England figures still are given)."""
    overrides = read_overrides(source.execute(source.table("qaf_benchmarks")))
    council = council_of(source)
    # A council's own neighbour list is checked against every file; a named model needs only
    # the files of the indicators asked for.
    published = load_published() if not isinstance(model, str) else _published_for(frozenset(ids))
    if council is None:
        # No LA code to look the council up by: England's figures and qaf_benchmarks' rows only.
        found = benchmarks_json(published, Council("none"), (), overrides, ids)
        for obj in found.values():
            obj["neighbours"] = None
        return found, "qaf_council gives no LA code: the council's own published figures, its "
        "neighbours and region are left out."
    try:
        return benchmarks_json(published, council, model, overrides, ids), None
    except BenchmarkDataError as exc:
        if not isinstance(model, str):
            raise  # the council's own list names a code no file has: theirs to correct
        found = benchmarks_json(published, council, (), overrides, ids)
        for obj in found.values():
            obj["neighbours"] = None
            obj["rows"] = [
                r
                for r in obj["rows"]
                if r["comparator"] != NEIGHBOURS or r["source"] == OVERRIDE_SOURCE
            ]
        return found, f"{exc} No statistical neighbours' figures are given."


def sentence_comparators(bench: Mapping[str, Any] | None, month: Month) -> list[Comparator]:
    """The neighbours' median and England of the latest year published up to the month's
    financial year, named with that year."""
    if not bench:
        return []
    out = []
    for comparator, name in SENTENCE_COMPARATORS.items():
        rows = [
            r
            for r in bench["rows"]
            if r["comparator"] == comparator and r["value"] is not None and r["period"] <= month.fy
        ]
        if rows:
            latest = max(rows, key=lambda r: r["period"])
            out.append(Comparator(f"{name} in {latest['period']}", float(latest["value"])))
    return out


def beside(
    source: Source, result: Result, month: Month, model: str | Sequence[str] = DEFAULT_MODEL
) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """Per indicator {benchmarks, target, signals}, and the run's notes (model, what was left out)."""
    registry = load_all()
    ids = list(result.computed)
    benchmarks, bench_note = all_benchmarks(source, ids, model)
    targets = read_targets(source.execute(source.table("qaf_targets")))
    series, failed = monthly_series(source, result, month, result.settings.signals.series_months)
    rows = result.rows
    heads = rows[
        (rows["kind"] == "value") & (rows["month"] == month.label) & rows["dims"].map(_no_dims)
    ]
    out: dict[str, dict[str, Any]] = {}
    for ind_id in ids:
        ind: Indicator = registry[ind_id]
        head = heads[(heads["indicator_id"] == ind_id) & (heads["period_kind"] == ind.period)]
        value = _number(head["value"].iloc[0]) if len(head) else None
        target = target_for(targets, ind_id, month)
        bench = benchmarks.get(ind_id)
        signals = None
        if ind_id in series:
            signals = signals_json(
                ind,
                series[ind_id],
                month,
                result.settings.signals,
                target.value if target else None,
                sentence_comparators(bench, month),
                _number(head["numerator"].iloc[0]) if len(head) else None,
                _number(head["denominator"].iloc[0]) if len(head) else None,
            )
            if ind_id in failed:
                signals["reason"] = f"earlier months failed to compute ({failed[ind_id]})"
        out[ind_id] = {
            "benchmarks": bench,
            "target": target_json(target, value, ind.polarity),
            "signals": signals,
        }
    notes = {
        "model": model if isinstance(model, str) else "custom",
        "series_months": result.settings.signals.series_months,
        "benchmarks_note": bench_note,
    }
    return out, notes


def _no_dims(dims: Any) -> bool:
    return not dims


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
