"""Small helpers shared by the table builders: ids, code picks, flags, and the frame type."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from qaf.synth.dates import NA, Days, to_text
from qaf.warehouse.specs import TABLES

# Each table's ids start in their own range, so an id in the wrong column never matches by chance.
ID_BASE = {
    "person": 1_000_000,
    "contact": 2_000_000,
    "referral": 3_000_000,
    "assessment": 4_000_000,
    "s47": 5_000_000,
    "icpc": 6_000_000,
    "plan": 7_000_000,
    "period": 8_000_000,
    "cla_episode": 9_000_000,
    "placement": 10_000_000,
    "legal": 11_000_000,
    "visit": 12_000_000,
    "review": 13_000_000,
    "permanence": 14_000_000,
    "care_leaver": 15_000_000,
    "involvement": 16_000_000,
    "professional": 17_000_000,
    "early_help": 18_000_000,
    "audit": 19_000_000,
    "feedback": 20_000_000,
    "meeting": 21_000_000,
    "iru_form": 22_000_000,
}


def ids(kind: str, numbers: npt.ArrayLike) -> npt.NDArray[np.str_]:
    return np.asarray(np.asarray(numbers, dtype=np.int64) + ID_BASE[kind]).astype(str)


def yn(flags: npt.ArrayLike) -> npt.NDArray[np.str_]:
    return np.where(np.asarray(flags, dtype=bool), "Y", "N")


def frame(table: str, columns: dict[str, object]) -> pd.DataFrame:
    """A table in the spec's column order; date columns given as day numbers become ISO text,
    everything else text. Columns not given are empty."""
    spec = TABLES[table]
    unknown = set(columns) - set(spec.names)
    if unknown:
        raise KeyError(f"{table}: not in the spec: {sorted(unknown)}")
    n = max((len(np.atleast_1d(np.asarray(v))) for v in columns.values()), default=0)
    data: dict[str, object] = {}
    for col in spec.columns:
        value = columns.get(col.name)
        if value is None:
            data[col.name] = np.full(n, "", dtype=object)
        elif col.kind == "date":
            data[col.name] = to_text(np.asarray(value, dtype=np.int64)).astype(object)
        else:
            arr = np.asarray(value)
            if arr.dtype.kind == "f":
                text = np.char.mod("%.2f", arr).astype(object)
                data[col.name] = np.where(np.isnan(arr), "", text)
            else:
                data[col.name] = arr.astype(str).astype(object)
    return pd.DataFrame(data, columns=list(spec.names))


def within(days: Days, end: int) -> npt.NDArray[np.bool_]:
    return (days != NA) & (days <= end)
