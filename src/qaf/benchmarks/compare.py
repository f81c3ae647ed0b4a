"""A council's published figures beside its statistical neighbours' median, its region and England.

The neighbours' figure is the median of the neighbours that have one that year (suppressed or absent
neighbours are left out, and how many had a figure is given), as the DfE's children's social care
dashboard does. Rows a council supplies in `qaf_benchmarks` replace the published ones for the same
indicator, period and comparator.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from collections.abc import Mapping as MappingType
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from qaf.benchmarks.errors import BenchmarkDataError
from qaf.benchmarks.mappings import BY_ID
from qaf.benchmarks.neighbours import MODELS, SN2025
from qaf.benchmarks.published import Published

LA, NEIGHBOURS, REGION, ENGLAND = "la", "statistical_neighbours", "region", "england"
COMPARATORS = (LA, NEIGHBOURS, REGION, ENGLAND)
OVERRIDE_SOURCE = "qaf_benchmarks"
MODEL_NAMES = {
    "sn2025": "DfE statistical neighbour model 2025",
    "sn2021": "DfE statistical neighbour groupings, April 2021",
    "custom": "the council's own list",
}

# A model's name ("sn2025", "sn2021") or the council's own list of old LA codes.
Model = str | Sequence[str]


@dataclass(frozen=True)
class Council:
    """The council a folder describes, as `qaf_council` gives it."""

    la_code: str  # the DfE's old LA code, e.g. "878"
    ons_code: str | None = None  # e.g. "E10000008"
    region: str | None = None  # e.g. "South West"

    @classmethod
    def from_row(cls, row: MappingType[str, Any]) -> Council:
        def text(name: str) -> str | None:
            value = row.get(name)
            if value is None or (isinstance(value, float) and math.isnan(value)):
                return None
            return str(value).strip() or None

        la_code = text("la_code")
        if la_code is None:
            raise BenchmarkDataError(
                "qaf_council, column la_code: empty; expected the council's 3-digit DfE LA code "
                "(Devon: 878). Fill it in to compare with published figures."
            )
        # A code read as a number loses nothing but may come back as "878.0".
        return cls(la_code.removesuffix(".0"), text("ons_code"), text("region"))


@dataclass(frozen=True)
class Benchmark:
    indicator_id: str
    period: str  # the financial year, "2014-15"
    as_at: str | None  # the date the figure stands at (the end of its year, or a census date)
    comparator: str  # one of COMPARATORS
    value: float | None
    suppressed: str | None  # the published symbol (c, k, x, z, u, low, blank) when value is None
    n_neighbours: int | None  # statistical_neighbours only: the neighbours in the model
    n_neighbours_with_data: int | None  # ... and how many had a figure that year
    source: str  # the published file, or "qaf_benchmarks"


def neighbour_codes(
    published: Published, council: Council, model: Model = SN2025
) -> tuple[str, ...]:
    """The council's neighbours: a named model's, or its own list checked against the files."""
    if isinstance(model, str):
        if model not in MODELS:
            raise BenchmarkDataError(
                f"statistical neighbour model {model!r} is not known; expected one of "
                f"{', '.join(MODELS)} or a list of LA codes."
            )
        grouping = published.groupings[model]
        if council.la_code not in grouping:
            raise BenchmarkDataError(
                f"council {council.la_code} is not in {MODEL_NAMES[model]} ({MODELS[model]}); "
                "check qaf_council.la_code, or give the council's own list of neighbours."
            )
        return grouping[council.la_code]
    codes = tuple(str(code).strip() for code in model)
    known = set(published.figures.loc[published.figures["level"] == LA, "la_code"])
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise BenchmarkDataError(
            f"statistical neighbours {', '.join(unknown)}: no published file has these LA codes; "
            "expected the DfE's 3-digit old LA codes (Devon: 878)."
        )
    return codes


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return float(value)


def _published(
    figures: pd.DataFrame, comparable: bool, council: Council, neighbours: tuple[str, ...]
) -> list[Benchmark]:
    level = figures["level"]
    own = (level == LA) & (figures["la_code"] == council.la_code)
    if not own.any() and council.ons_code:
        own = (level == LA) & (figures["ons_code"] == council.ons_code)
    # The region of the council's own rows, else the one qaf_council names.
    own_region = set(figures.loc[own, "region_code"]) - {""}
    if own_region:
        region = (level == REGION) & figures["region_code"].isin(own_region)
    else:
        named = (council.region or "").casefold()
        region = (level == REGION) & (figures["region_name"].str.casefold() == named) & bool(named)
    masks = [own, (level == LA) & figures["la_code"].isin(neighbours), region, level == ENGLAND]
    labels = [LA, NEIGHBOURS, REGION, ENGLAND] if comparable else [LA]
    chosen = figures.assign(comparator=np.select(masks[: len(labels)], labels, default="")).loc[
        lambda frame: frame["comparator"] != ""
    ]
    by_period: dict[str, list[dict[Any, Any]]] = {}
    for record in chosen.to_dict("records"):
        by_period.setdefault(str(record["period"]), []).append(record)

    out: list[Benchmark] = []
    for first in figures.drop_duplicates("period").sort_values("period").to_dict("records"):
        period = str(first["period"])
        records = by_period.get(period, [])
        for record in records:
            if record["comparator"] != NEIGHBOURS:
                out.append(
                    Benchmark(
                        str(record["indicator_id"]),
                        period,
                        str(record["as_at"]),
                        str(record["comparator"]),
                        _number(record["value"]),
                        record["symbol"],
                        None,
                        None,
                        str(record["source"]),
                    )
                )
        if comparable and neighbours:
            values = [
                float(r["value"])
                for r in records
                if r["comparator"] == NEIGHBOURS and _number(r["value"]) is not None
            ]
            out.append(
                Benchmark(
                    str(first["indicator_id"]),
                    period,
                    str(first["as_at"]),
                    NEIGHBOURS,
                    statistics.median(values) if values else None,
                    None if values else "x",
                    len(neighbours),
                    len(values),
                    str(first["source"]),
                )
            )
    return out


def read_overrides(rows: pd.DataFrame | Iterable[MappingType[str, Any]]) -> list[Benchmark]:
    """`qaf_benchmarks` rows (indicator_id, period, comparator, value) as benchmarks."""
    records: list[MappingType[Any, Any]] = []
    if isinstance(rows, pd.DataFrame):
        records.extend(rows.to_dict("records"))
    else:
        records.extend(rows)
    out = []
    for line, row in enumerate(records, start=2):
        comparator = str(row.get("comparator", "")).strip()
        if comparator not in COMPARATORS:
            raise BenchmarkDataError(
                f"qaf_benchmarks, row {line}, column comparator: {comparator!r}; expected one of "
                f"{', '.join(COMPARATORS)}."
            )
        value = _number(row.get("value"))
        out.append(
            Benchmark(
                str(row["indicator_id"]).strip(),
                str(row["period"]).strip(),
                None,
                comparator,
                value,
                None if value is not None else "blank",
                None,
                None,
                OVERRIDE_SOURCE,
            )
        )
    return out


def _has_neighbours(indicator_id: str) -> bool:
    """A median of neighbours needs comparable figures published for each authority."""
    mapping = BY_ID.get(indicator_id)
    return mapping is not None and mapping.comparable and LA in mapping.levels


def comparators(
    published: Published,
    indicator_id: str,
    council: Council,
    model: Model = SN2025,
    overrides: Iterable[Benchmark] = (),
) -> list[Benchmark]:
    """Every year's council, neighbours' median, region and England figures for one indicator."""
    mapping = BY_ID.get(indicator_id)
    found: list[Benchmark] = []
    if mapping is not None:
        figures = published.figures[published.figures["indicator_id"] == indicator_id]
        neighbours = (
            neighbour_codes(published, council, model) if _has_neighbours(indicator_id) else ()
        )
        found = _published(figures, mapping.comparable, council, neighbours)
    keyed = {(b.period, b.comparator): b for b in found}
    for override in overrides:
        if override.indicator_id == indicator_id:
            keyed[(override.period, override.comparator)] = override
    return sorted(keyed.values(), key=lambda b: (b.period, COMPARATORS.index(b.comparator)))


def benchmarks_json(
    published: Published,
    council: Council,
    model: Model = SN2025,
    overrides: Iterable[Benchmark] = (),
    indicator_ids: Iterable[str] | None = None,
) -> dict[str, dict[str, Any]]:
    """The `benchmarks` object of each indicator that has any (docs/spec/interfaces.md, section 3)."""
    supplied = list(overrides)
    ids = (
        list(indicator_ids)
        if indicator_ids is not None
        else sorted(set(BY_ID) | {b.indicator_id for b in supplied})
    )
    custom = not isinstance(model, str)
    out: dict[str, dict[str, Any]] = {}
    for indicator_id in ids:
        rows = comparators(published, indicator_id, council, model, supplied)
        if not rows:
            continue
        mapping = BY_ID.get(indicator_id)
        comparable = _has_neighbours(indicator_id)
        out[indicator_id] = {
            "published_measure": mapping.published_as if mapping else None,
            "difference": mapping.difference if mapping else None,
            "neighbours": {
                "model": "custom" if custom else model,
                "name": MODEL_NAMES["custom" if custom else str(model)],
                "la_codes": list(neighbour_codes(published, council, model)),
            }
            if comparable
            else None,
            "rows": [{k: v for k, v in asdict(b).items() if k != "indicator_id"} for b in rows],
        }
    return out
