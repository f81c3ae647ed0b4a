"""`--messy`: the same facts written the ways councils' extracts really spell them, so the loader
is exercised by SQL Server dates, open-end and placeholder dates, descriptions and local wording
instead of codes, placeholder nulls, truthy flags, concatenated or not-quite JSON, upper-case
headers, byte-order marks, an ANSI file, a `;` file and a file with old Mac line endings."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from qaf.synth.ssd_layout import OUTCOME_JSON
from qaf.warehouse.codes import CodeList
from qaf.warehouse.specs import END_DATE_COLUMNS, TABLES

P_DATE_VARIANT = 0.3  # share of dates written in a non-ISO form
P_NULL_TEXT = 0.3  # share of empty cells written as NULL
P_MISSING_DATE_1900 = 0.2  # share of empty optional dates written as 1900-01-01
P_OPEN_END_9999 = 0.2  # share of empty end dates written 9999-12-31 ("not ended")
P_OPEN_END_2099 = 0.05  # ... and 2099-12-31
P_FLAG_VARIANT = 0.3
P_DESCRIPTION = 0.2  # share of coded values written as their description
P_CODE_DASH = 0.05  # ... as "C2 - Full care order"
P_LOCAL = 0.3  # ... as the SSD's, a case system's or the council's wording, where there is one
P_BROKEN_JSON = 0.2
P_CONCATENATED = 0.6  # share of outcomes with a comment written unescaped, as the SSD's SQL does
P_UPPER_HEADER = 0.3  # share of files with upper-case headers
P_BOM = 0.3  # share of files starting with a UTF-8 byte-order mark
YES = np.array(["Yes", "True", "1", "y"])
NO = np.array(["No", "False", "0", "n"])

OLD_CW_ROLE = "Allocated Case Worker"

# One file of each kind, as a council's export tools produce them.
ANSI_TABLE = "ssd_s47_enquiry"  # Windows-1252: its comments hold curly apostrophes
SEMICOLON_TABLE = "ssd_cla_visits"
CR_ONLY_TABLE = "qaf_teams"  # a small file saved with old Mac line endings

# The SSD's and Liquidlogic's wording for codes beyond the aliases the code lists already hold.
EXTRA_WORDING: dict[str, dict[str, tuple[str, ...]]] = {
    "cp_category": {
        "MUL": ("Multiple: Neglect, Emotional abuse", "Multiple: Physical abuse, Neglect"),
    },
}

# Codes whose wording is only these: the synthetic council's NLA rows are the orders children left
# care on, so they are not worded as private fostering or care leaver statuses.
ONLY_WORDING: dict[str, dict[str, tuple[str, ...]]] = {
    "legal_status": {
        "NLA": (
            "Special Guardianship Order",
            "Special Guardianship Order S14A",
            "Child Arrangements/ Residence Order",
        ),
    },
}


def local_wording(codes: CodeList) -> dict[str, tuple[str, ...]]:
    """The other spellings of each code that extracts hold (the SSD's code sets, Liquidlogic's and
    Eclipse's wording: the code list's aliases, which the loader reads), code -> spellings."""
    found: dict[str, list[str]] = {}
    for alias, code in sorted((codes.aliases or {}).items()):
        found.setdefault(code, []).append(alias)
    for code, extra in EXTRA_WORDING.get(codes.name, {}).items():
        found.setdefault(code, []).extend(extra)
    for code, only in ONLY_WORDING.get(codes.name, {}).items():
        found[code] = list(only)
    return {code: tuple(spellings) for code, spellings in found.items()}


@dataclass(frozen=True)
class FileStyle:
    """How one table's file is written."""

    header: list[str]
    encoding: str = "utf-8"
    sep: str = ","
    lineterminator: str = "\n"


def _factorize(
    values: npt.NDArray[np.object_],
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.str_]]:
    """Each cell as an index into the column's distinct values: a column of millions of cells has
    a few thousand distinct dates or a handful of codes, so every rewrite below is worked out once
    per distinct value and spread to the cells by indexing (no Python loop over cells)."""
    codes, uniques = pd.factorize(values)
    return codes, np.asarray(uniques, dtype=object).astype(str)


def _dates(
    rng: np.random.Generator, values: npt.NDArray[np.object_], required: bool, end: bool
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
        if end:
            # An end not reached yet, as many case systems hold it.
            low = P_MISSING_DATE_1900
            out[~present & (draw >= low) & (draw < low + P_OPEN_END_9999)] = (
                "9999-12-31 00:00:00.000"
            )
            low += P_OPEN_END_9999
            out[~present & (draw >= low) & (draw < low + P_OPEN_END_2099)] = "2099-12-31"
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
    """Key/value pairs as other tools write them: only the flags and counts that are set."""
    if not text:
        return text
    data = {
        k: v for k, v in json.loads(text).items() if v not in ("", None) and "COMMENTS" not in k
    }
    if style == 0:
        return "{" + ", ".join(f"{k}: {v}" for k, v in data.items()) + "}"
    return ";".join(f"{k}={v}" for k, v in data.items())


def _concatenated(text: str, comments_key: str) -> str:
    """The outcome as the SSD's SQL concatenates it: the comment's quotes and line breaks raw."""
    if not text:
        return text
    comment = json.loads(text).get(comments_key) or ""
    escaped = json.dumps(comment, ensure_ascii=False)[1:-1]
    return text.replace(f'"{escaped}"}}', f'"{comment}"}}') if escaped != comment else text


def _json(
    rng: np.random.Generator, values: npt.NDArray[np.object_], comments_key: str | None
) -> npt.NDArray[np.object_]:
    codes, uniques = _factorize(values)
    n = len(values)
    out = values.copy()
    draw = rng.random(n)
    present = (uniques != "")[codes]
    hit = np.flatnonzero((draw < P_BROKEN_JSON) & present)
    styles = rng.integers(0, 2, len(hit))
    broken = np.array(
        [[_broken_json(str(u), style) for u in uniques] for style in (0, 1)], dtype=object
    ).reshape(2, len(uniques))
    out[hit] = broken[styles, codes[hit]]
    if comments_key is not None:
        raw = np.array([_concatenated(str(u), comments_key) for u in uniques], dtype=object)
        hit = np.flatnonzero((draw >= 1 - P_CONCATENATED) & present)
        out[hit] = raw[codes[hit]]
    return out


def _codes(
    rng: np.random.Generator,
    values: npt.NDArray[np.object_],
    codes: CodeList,
    council: dict[str, tuple[str, ...]],
) -> npt.NDArray[np.object_]:
    descriptions = list(codes.codes.values())
    # Only descriptions that name one code can stand for it.
    unique = {c: d for c, d in codes.codes.items() if descriptions.count(d) == 1}
    index, distinct = _factorize(values)
    n = len(values)
    described = np.array([unique.get(t, t) for t in distinct], dtype=object)
    dashed = np.array([f"{t} - {unique[t]}" if t in unique else t for t in distinct], dtype=object)
    known = local_wording(codes)
    wording = {c: (*known.get(c, ()), *council.get(c, ())) for c in codes.codes}
    wording = {c: w for c, w in wording.items() if w}
    # Every code gets the same number of local spellings (its own code where it has none).
    width = max((len(w) for w in wording.values()), default=1)
    local = np.array(
        [
            [wording.get(t, (t,))[k % len(wording.get(t, (t,)))] for k in range(width)]
            for t in distinct
        ],
        dtype=object,
    ).reshape(len(distinct), width)
    draw = rng.random(n)
    which = rng.integers(0, width, n)
    out = values.copy()
    hit = np.flatnonzero(draw < P_DESCRIPTION)
    out[hit] = described[index[hit]]
    low = P_DESCRIPTION
    hit = np.flatnonzero((draw >= low) & (draw < low + P_CODE_DASH))
    out[hit] = dashed[index[hit]]
    low += P_CODE_DASH
    hit = np.flatnonzero((draw >= low) & (draw < low + P_LOCAL))
    out[hit] = local[index[hit], which[hit]]
    return out


@dataclass
class MessyStyle:
    seed: int
    # The council's own wording from its qaf_code_map: (table, column) -> code -> spellings.
    council: dict[tuple[str, str], dict[str, tuple[str, ...]]]

    def apply(self, name: str, df: pd.DataFrame) -> tuple[pd.DataFrame, FileStyle]:
        index = list(TABLES).index(name)
        rng = np.random.default_rng([self.seed, 99, index])
        spec = TABLES[name]
        # Columns outside the contract (the SSD's others) are written as they are.
        columns: dict[str, npt.NDArray[np.object_]] = {
            c: df[c].to_numpy(dtype=object) for c in df.columns if c not in spec.by_name
        }
        comments_key = OUTCOME_JSON[name][3] if name in OUTCOME_JSON else None
        for col in spec.columns:
            values = df[col.name].to_numpy(dtype=object)
            if col.kind == "date":
                values = _dates(rng, values, col.required, col.name in END_DATE_COLUMNS)
            elif col.kind == "flag":
                values = _flags(rng, values)
            elif col.kind == "json":
                values = _json(rng, values, comments_key)
            elif col.kind == "code" and col.codes is not None and spec.source == "ssd":
                values = _codes(rng, values, col.codes, self.council.get((name, col.name), {}))
            if col.kind != "date" and not col.required:
                empty = values == ""
                values = np.where(empty & (rng.random(len(values)) < P_NULL_TEXT), "NULL", values)
            columns[col.name] = values
        if name == "ssd_involvements":
            # SSD 1.4.4 and before: the case worker role spelt out.
            role = columns["invo_professional_role_id"]
            columns["invo_professional_role_id"] = np.where(role == "CW", OLD_CW_ROLE, role)
        if name == "ssd_professionals":
            # "Not available in SSD V1": the agency flag comes from qaf_staff.
            columns["prof_agency_worker_flag"] = np.full(len(df), "", dtype=object)
        out = pd.DataFrame(columns, columns=list(df.columns))
        header = list(df.columns)
        if rng.random() < P_UPPER_HEADER:
            header = [h.upper() for h in header]
        bom = bool(rng.random() < P_BOM)
        if name == ANSI_TABLE:
            return out, FileStyle(header, encoding="cp1252", lineterminator="\r\n")
        if name == SEMICOLON_TABLE:
            return out, FileStyle(header, sep=";")
        if name == CR_ONLY_TABLE:
            return out, FileStyle(header, lineterminator="\r")
        return out, FileStyle(header, encoding="utf-8-sig" if bom else "utf-8")


def make_messy(tables: dict[str, pd.DataFrame], seed: int) -> MessyStyle:
    council: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {}
    for row in tables["qaf_code_map"].itertuples(index=False):
        by_code = council.setdefault((str(row.table), str(row.column)), {})
        by_code[str(row.code)] = (*by_code.get(str(row.code), ()), str(row.value))
    return MessyStyle(seed=seed, council=council)
