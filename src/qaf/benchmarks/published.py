"""The DfE's published figures, read once into one long table keyed by QAF's indicator ids.

Suppression symbols stay distinct from zero: a cell holding one is a missing value with the symbol
recorded beside it, and a text the files are not known to use stops the load with its file, row and
column named, so a refreshed file with a new symbol is noticed rather than misread.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from qaf.benchmarks import neighbours
from qaf.benchmarks.errors import BenchmarkDataError
from qaf.benchmarks.mappings import (
    AT_30_JUNE,
    AT_30_SEPTEMBER,
    MAPPINGS,
    POPULATION,
    Mapping,
)

# The DfE's symbols (Government Statistical Service guidance): c confidential, k rounds to zero,
# x not available, z not applicable, u low reliability, low (too few to give a rate), ":" not
# available in older releases. An empty cell is recorded as "blank".
SUPPRESSION_SYMBOLS = frozenset({"c", "k", "x", "z", "u", "low", ":"})
BLANK = "blank"
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_YEARS_MONTHS = re.compile(r"^(\d+):(\d{2})$")
DAYS_PER_MONTH = 365.25 / 12

LEVELS = {"Local authority": "la", "Regional": "region", "National": "england"}
COLUMNS = (
    "indicator_id",
    "year",
    "period",
    "as_at",
    "level",
    "la_code",
    "ons_code",
    "region_code",
    "region_name",
    "value",
    "symbol",
    "source",
)


@dataclass(frozen=True)
class Cell:
    value: float | None
    symbol: str | None  # the suppression symbol, BLANK for an empty cell, None for a number


def read_cell(text: str, *, years_months: bool = False) -> Cell | None:
    """A cell's number or its suppression symbol; None for a text that is neither."""
    text = text.strip()
    if text == "":
        return Cell(None, BLANK)
    if text.lower() in SUPPRESSION_SYMBOLS:
        return Cell(None, text.lower())
    if years_months:
        found = _YEARS_MONTHS.match(text)
        if found:
            months = int(found.group(1)) * 12 + int(found.group(2))
            return Cell(months * DAYS_PER_MONTH, None)
        return None
    if _NUMBER.match(text.replace(",", "")):
        return Cell(float(text.replace(",", "")), None)
    return None


def read_cells(
    texts: pd.Series, *, years_months: bool = False
) -> tuple[np.ndarray, np.ndarray, object | None]:
    """A column's values (NaN when missing), symbols (None for a number), and its first bad index.

    The same reading as `read_cell`, a whole column at a time: the files hold some 27,000 cells.
    """
    if years_months:
        cells = [read_cell(text, years_months=True) for text in texts]
        bad = next((i for i, c in zip(texts.index, cells, strict=True) if c is None), None)
        values = np.array([c.value if c and c.value is not None else math.nan for c in cells])
        symbols = np.array([c.symbol if c else None for c in cells], dtype=object)
        return values, symbols, bad
    stripped = texts.str.strip()
    plain = stripped.str.replace(",", "", regex=False)
    is_number = plain.str.fullmatch(_NUMBER.pattern).fillna(False).to_numpy(dtype=bool)
    lowered = stripped.str.lower()
    symbol = np.where(
        stripped == "", BLANK, np.where(lowered.isin(SUPPRESSION_SYMBOLS), lowered, "")
    )
    unknown = ~is_number & (symbol == "")
    bad = texts.index[unknown.argmax()] if unknown.any() else None
    values = pd.to_numeric(plain.where(is_number), errors="coerce").to_numpy(dtype=float)
    symbols = symbol.astype(object)
    symbols[is_number] = None
    return values, symbols, bad


def financial_year(time_period: int, as_at: str) -> tuple[str, str]:
    """The financial year a figure belongs to ("2014-15") and the date it stands at."""
    if as_at in (AT_30_SEPTEMBER, AT_30_JUNE):
        # A census at 30 September 2024 or the mid-2024 estimate falls in 2024-25.
        start = time_period
        day = "09-30" if as_at == AT_30_SEPTEMBER else "06-30"
        return f"{start}-{(start + 1) % 100:02d}", f"{time_period}-{day}"
    return f"{time_period - 1}-{time_period % 100:02d}", f"{time_period}-03-31"


@dataclass(frozen=True)
class Published:
    """Every mapped figure (`figures`, one row per indicator, year and area) and the groupings."""

    figures: pd.DataFrame
    groupings: dict[str, dict[str, tuple[str, ...]]]  # model -> la_code -> its neighbours' codes
    directory: Path


def read_file(path: Path) -> pd.DataFrame:
    # Everything as text: a code such as 201 or a symbol must not become a number or NaN.
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column in frame.columns:
        return frame[column].str.strip()
    return pd.Series([""] * len(frame), index=frame.index, dtype=object)


def _rows(mapping: Mapping, frame: pd.DataFrame) -> pd.DataFrame:
    """The mapping's rows of its file, parsed: one per year and area."""
    for column in (mapping.column, "time_period", "geographic_level", *dict(mapping.filters)):
        if column not in frame.columns:
            raise BenchmarkDataError(
                f"{mapping.file}: no column {column!r} (its columns: {', '.join(frame.columns)}). "
                "The file's layout changed: update src/qaf/benchmarks/mappings.py to match it."
            )
    keep = frame["geographic_level"].isin(LEVELS)
    for column, category in mapping.filters:
        keep &= frame[column].str.strip() == category
    chosen = frame[keep]
    if chosen.empty:
        raise BenchmarkDataError(
            f"{mapping.file}: no row has {dict(mapping.filters)}; the file's categories changed: "
            "update src/qaf/benchmarks/mappings.py to match it."
        )
    values, symbols, bad = read_cells(chosen[mapping.column], years_months=mapping.years_months)
    if bad is not None:
        expected = "a duration YY:MM" if mapping.years_months else "a number"
        raise BenchmarkDataError(
            f"{mapping.file}, row {int(str(bad)) + 2}, column {mapping.column}: "
            f"{chosen.at[bad, mapping.column]!r} is neither {expected} nor a suppression symbol "
            f"({', '.join(sorted(SUPPRESSION_SYMBOLS))}, or empty). Add the symbol to "
            "SUPPRESSION_SYMBOLS if the DfE now uses it."
        )
    years = chosen["time_period"].astype(int)
    fy = [financial_year(year, mapping.as_at) for year in years]
    return pd.DataFrame(
        {
            "indicator_id": mapping.indicator_id,
            "year": years.to_numpy(),
            "period": [f[0] for f in fy],
            "as_at": [f[1] for f in fy],
            "level": chosen["geographic_level"].map(LEVELS).to_numpy(),
            "la_code": _text(chosen, "old_la_code").to_numpy(),
            "ons_code": _text(chosen, "new_la_code").to_numpy(),
            "region_code": _text(chosen, "region_code").to_numpy(),
            "region_name": _text(chosen, "region_name").to_numpy(),
            "value": values,
            "symbol": symbols,
            "source": mapping.file,
        }
    )


def _area_key(rows: pd.DataFrame) -> pd.Series:
    """One key per area: an authority's code, a region's code, or England."""
    return rows["level"] + ":" + rows["la_code"].where(rows["level"] == "la", rows["region_code"])


def _per_10k(counts: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """Counts at 31 March of year Y over the previous mid-year (Y - 1) estimate, x 10,000."""
    estimate = population.assign(key=_area_key(population), year=population["year"] + 1)
    joined = counts.assign(key=_area_key(counts)).merge(
        estimate[["key", "year", "value", "symbol"]],
        on=["key", "year"],
        how="left",
        suffixes=("", "_population"),
    )
    rate = joined["value"] / joined["value_population"] * 10_000
    # A rate over no (or a zero) population is missing: it keeps the count's symbol, else the
    # population's, else "x" (not available) when the estimate is absent altogether.
    missing = joined["value"].isna() | ~(joined["value_population"] > 0)
    symbol = joined["symbol"].where(joined["value"].isna(), joined["symbol_population"].fillna("x"))
    return joined.assign(value=rate.where(~missing), symbol=symbol.where(missing, None))[
        list(COLUMNS)
    ]


def build(directory: Path, mappings: Iterable[Mapping] = MAPPINGS) -> Published:
    files: dict[str, pd.DataFrame] = {}

    def file(name: str) -> pd.DataFrame:
        if name not in files:
            path = directory / name
            if not path.is_file():
                raise BenchmarkDataError(f"{path}: the published file is missing.")
            files[name] = read_file(path)
        return files[name]

    population_mapping = next(m for m in MAPPINGS if m.file == POPULATION)
    population = _rows(population_mapping, file(POPULATION))
    parts = []
    for mapping in mappings:
        rows = _rows(mapping, file(mapping.file))
        if mapping.per_10k_children:
            rows = _per_10k(rows, population)
        parts.append(rows[rows["level"].isin(mapping.levels)])
    figures = pd.concat(parts, ignore_index=True)[list(COLUMNS)]
    groupings = neighbours.load(directory)
    return Published(figures=figures, groupings=groupings, directory=directory)


def bundled_directory() -> Path:
    return Path(str(resources.files("qaf.benchmarks") / "data"))


@functools.cache
def load_published(directory: Path | None = None) -> Published:
    """The published figures: the bundled files, or a folder of refreshed ones with the same names."""
    return build(directory or bundled_directory())
