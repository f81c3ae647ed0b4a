"""`--messy`: the same facts written the ways councils' extracts really spell them, so the loader
is exercised by SQL Server dates, descriptions instead of codes, placeholder nulls, truthy flags,
not-quite-JSON outcomes, upper-case headers and byte-order marks."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from qaf.warehouse.specs import TABLES

P_DATE_VARIANT = 0.3  # share of dates written in a non-ISO form
P_NULL_TEXT = 0.3  # share of empty cells written as NULL
P_MISSING_DATE_1900 = 0.2  # share of empty optional dates written as 1900-01-01
P_FLAG_VARIANT = 0.3
P_DESCRIPTION = 0.2  # share of coded values written as their description
P_BROKEN_JSON = 0.2
P_UPPER_HEADER = 0.3  # share of files with upper-case headers
P_BOM = 0.3  # share of files starting with a UTF-8 byte-order mark
YES = np.array(["Yes", "True", "1", "y"])
NO = np.array(["No", "False", "0", "n"])


def _factorize(
    values: npt.NDArray[np.object_],
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.str_]]:
    """Each cell as an index into the column's distinct values: a column of millions of cells has
    a few thousand distinct dates or a handful of codes, so every rewrite below is worked out once
    per distinct value and spread to the cells by indexing (no Python loop over cells)."""
    codes, uniques = pd.factorize(values)
    return codes, np.asarray(uniques, dtype=object).astype(str)


def _dates(
    rng: np.random.Generator, values: npt.NDArray[np.object_], required: bool
) -> npt.NDArray[np.object_]:
    codes, uniques = _factorize(values)
    n = len(values)
    present = (uniques != "")[codes]
    which = rng.integers(0, 3, n)
    vary = present & (rng.random(n) < P_DATE_VARIANT)
    u = pd.Series(uniques, dtype=object)
    dmy = (u.str.slice(8, 10) + "/" + u.str.slice(5, 7) + "/" + u.str.slice(0, 4)).to_numpy(
        dtype=str
    )
    variants = np.stack(
        [np.char.add(uniques, " 00:00:00.000"), dmy, np.char.add(uniques, "T00:00:00")]
    ).astype(object)
    out = values.copy()
    hit = np.flatnonzero(vary)
    out[hit] = variants[which[hit], codes[hit]]
    if not required:
        draw = rng.random(n)
        out[~present & (draw < P_MISSING_DATE_1900)] = "1900-01-01"
        out[~present & (draw >= 1 - P_NULL_TEXT)] = "NULL"
    return out


def _flags(rng: np.random.Generator, values: npt.NDArray[np.object_]) -> npt.NDArray[np.object_]:
    codes, uniques = _factorize(values)
    n = len(values)
    vary = rng.random(n) < P_FLAG_VARIANT
    pick = rng.integers(0, len(YES), n)
    out = values.copy()
    for flag, spellings in (("Y", YES), ("N", NO)):
        hit = np.flatnonzero(vary & (uniques == flag)[codes])
        out[hit] = spellings[pick[hit]].astype(object)
    return out


def _broken_json(text: str, style: int) -> str:
    if not text:
        return text
    data = json.loads(text)
    if style == 0:
        return "{" + ", ".join(f"{k}: {v}" for k, v in data.items()) + "}"
    return ";".join(f"{k}={v}" for k, v in data.items())


def _json(rng: np.random.Generator, values: npt.NDArray[np.object_]) -> npt.NDArray[np.object_]:
    codes, uniques = _factorize(values)
    n = len(values)
    out = values.copy()
    hit = np.flatnonzero((rng.random(n) < P_BROKEN_JSON) & (uniques != "")[codes])
    styles = rng.integers(0, 2, len(hit))
    broken = np.array(
        [[_broken_json(str(u), style) for u in uniques] for style in (0, 1)], dtype=object
    ).reshape(2, len(uniques))
    out[hit] = broken[styles, codes[hit]]
    return out


def _codes(
    rng: np.random.Generator, values: npt.NDArray[np.object_], codes: dict[str, str]
) -> npt.NDArray[np.object_]:
    descriptions = list(codes.values())
    # Only descriptions that name one code can stand for it.
    unique = {c: d for c, d in codes.items() if descriptions.count(d) == 1}
    index, distinct = _factorize(values)
    described = np.array([unique.get(t, t) for t in distinct], dtype=object)
    vary = np.flatnonzero(rng.random(len(values)) < P_DESCRIPTION)
    out = values.copy()
    out[vary] = described[index[vary]]
    return out


@dataclass
class MessyStyle:
    seed: int

    def apply(self, name: str, df: pd.DataFrame) -> tuple[pd.DataFrame, list[str], bool]:
        index = list(TABLES).index(name)
        rng = np.random.default_rng([self.seed, 99, index])
        spec = TABLES[name]
        # Columns outside the contract (the SSD's others) are written as they are.
        columns: dict[str, npt.NDArray[np.object_]] = {
            c: df[c].to_numpy(dtype=object) for c in df.columns if c not in spec.by_name
        }
        for col in spec.columns:
            values = df[col.name].to_numpy(dtype=object)
            if col.kind == "date":
                values = _dates(rng, values, col.required)
            elif col.kind == "flag":
                values = _flags(rng, values)
            elif col.kind == "json":
                values = _json(rng, values)
            elif col.kind == "code" and col.codes is not None and spec.source == "ssd":
                values = _codes(rng, values, col.codes.codes)
            if col.kind != "date" and not col.required:
                empty = values == ""
                values = np.where(empty & (rng.random(len(values)) < P_NULL_TEXT), "NULL", values)
            columns[col.name] = values
        out = pd.DataFrame(columns, columns=list(df.columns))
        header = list(df.columns)
        if rng.random() < P_UPPER_HEADER:
            header = [h.upper() for h in header]
        return out, header, bool(rng.random() < P_BOM)


def make_messy(tables: dict[str, pd.DataFrame], seed: int) -> MessyStyle:
    return MessyStyle(seed=seed)
