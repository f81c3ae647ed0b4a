"""Parse the values councils really send, one column at a time.

Every column arrives as text (see `read.py`). A column is parsed by its kind from `specs.py`: each
distinct value is parsed once in Python and the answers are spread back over the rows with Arrow,
so a million-row column with a few thousand distinct dates costs a few thousand parses."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from qaf.warehouse.codes import CodeList
from qaf.warehouse.specs import Column

# Spellings of "no value" in extracts (compared after trimming, case-insensitively).
MISSING_TEXT = ("", "NULL")
TRUE_SPELLINGS = frozenset({"Y", "YES", "TRUE", "T", "1"})
FALSE_SPELLINGS = frozenset({"N", "NO", "FALSE", "F", "0"})

ARROW_TYPES: dict[str, pa.DataType] = {
    "id": pa.string(),
    "text": pa.string(),
    "code": pa.string(),
    "json": pa.string(),
    "date": pa.date32(),
    "int": pa.int64(),
    "float": pa.float64(),
    "flag": pa.bool_(),
}

_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: \d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_INT = re.compile(r"^[+-]?\d+(?:\.0*)?$")
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_ ]*$")


class Bad(Exception):
    """A value that does not fit its column (the row is excluded)."""


def parse_date(text: str) -> dt.date:
    """`2016-09-30`, `2016-09-30 00:00:00.000`, `2016-09-30T00:00:00` or UK `30/09/2016`."""
    match = _ISO.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = _UK.match(text)
        if not match:
            raise Bad(text)
        day, month, year = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise Bad(text) from exc


def parse_flag(text: str) -> bool:
    word = text.upper()
    if word in TRUE_SPELLINGS:
        return True
    if word in FALSE_SPELLINGS:
        return False
    raise Bad(text)


def parse_int(text: str) -> int:
    if not _INT.match(text):
        raise Bad(text)
    value = int(text.split(".")[0])
    # Stored as a 64-bit integer.
    if abs(value) >= 2**63:
        raise Bad(text)
    return value


def parse_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError as exc:
        raise Bad(text) from exc
    if not math.isfinite(value):
        raise Bad(text)
    return value


def _normal(text: str) -> str:
    return " ".join(text.split()).upper()


def code_parser(codes: CodeList) -> Callable[[str], str]:
    """Accept a DfE code or its description (any case, any spacing); give the code."""
    lookup = {_normal(spelling): code for spelling, code in codes.lookup().items()}

    def parse(text: str) -> str:
        try:
            return lookup[_normal(text)]
        except KeyError as exc:
            raise Bad(text) from exc

    return parse


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1].strip()
    return text


def _pairs(text: str) -> dict[str, Any] | None:
    """`{SINGLE_ASSESSMENT_FLAG: Y, NFA_FLAG: N}` or `SINGLE_ASSESSMENT_FLAG=Y;NFA_FLAG=N`."""
    body = text.strip()
    if body[:1] in "{[" and body[-1:] in "}]":
        body = body[1:-1]
    pairs: dict[str, Any] = {}
    for part in re.split(r"[,;|\n]", body):
        if not part.strip():
            continue
        pieces = re.split(r"[:=]", part, maxsplit=1)
        if len(pieces) != 2:
            return None
        key, value = pieces
        key = _unquote(key)
        if not _KEY.match(key):
            return None
        value = _unquote(value)
        pairs[key.upper()] = None if value.upper() in MISSING_TEXT else value
    return pairs or None


def parse_outcome(text: str) -> str | None:
    """Outcome "JSON": valid JSON, or the key/value pairs it was meant to hold.

    Stored as compact valid JSON with the keys upper-cased (the SSD's keys are upper case)."""
    try:
        value = json.loads(text)
    except ValueError:
        value = _pairs(text)
        if value is None:
            raise Bad(text) from None
    if value is None:
        return None
    if not isinstance(value, dict):
        raise Bad(text)
    return json.dumps(
        {str(key).strip().upper(): item for key, item in value.items()},
        separators=(",", ":"),
        ensure_ascii=False,
    )


def expected(column: Column) -> str:
    """What a value of this column should look like, in words for the load report."""
    if column.kind == "date":
        return "a date such as 2016-09-30, 2016-09-30 00:00:00.000 or 30/09/2016"
    if column.kind == "flag":
        return "Y or N (or Yes/No, True/False, 1/0, T/F)"
    if column.kind == "int":
        return "a whole number"
    if column.kind == "float":
        return "a number"
    if column.kind == "json":
        return "outcome flags as JSON or KEY: value pairs, e.g. {NFA_FLAG: N}"
    if column.kind == "code" and column.codes is not None:
        sample = ", ".join(list(column.codes.codes)[:6])
        return f"a {column.codes.name} code or its description ({sample}, ...)"
    return "a value"


def value_parser(column: Column, missing_dates: Iterable[str] = ()) -> Callable[[str], Any] | None:
    """The parser for one column's values; None when the text is stored as it is."""
    if column.kind == "date":
        unknown = {parse_date(text) for text in missing_dates}

        def date_or_missing(text: str) -> dt.date | None:
            value = parse_date(text)
            return None if value in unknown else value

        return date_or_missing
    if column.kind == "code":
        assert column.codes is not None, f"{column.name}: a code column needs its code list"
        return code_parser(column.codes)
    return {
        "flag": parse_flag,
        "int": parse_int,
        "float": parse_float,
        "json": parse_outcome,
    }.get(column.kind)


@dataclass
class Parsed:
    """One column parsed: stored values, the trimmed text, and which rows were bad."""

    values: pa.Array
    text: pa.Array
    bad: np.ndarray  # bool per row
    missing: np.ndarray  # bool per row: no value (after parsing, e.g. 1900-01-01)


def clean_text(array: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Trimmed text with `''` and `NULL` (any case) as null."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    text = pc.utf8_trim_whitespace(array)
    empty = pc.or_kleene(pc.equal(text, ""), pc.equal(pc.utf8_upper(text), "NULL"))
    result: pa.Array = pc.if_else(pc.fill_null(empty, True), pa.scalar(None, pa.string()), text)
    return result


def parse_column(
    array: pa.Array | pa.ChunkedArray, column: Column, missing_dates: Iterable[str] = ()
) -> Parsed:
    text = clean_text(array)
    target = ARROW_TYPES[column.kind]
    parser = value_parser(column, missing_dates)
    if parser is None:
        missing = np.asarray(text.is_null().to_numpy(zero_copy_only=False), dtype=bool)
        return Parsed(text, text, np.zeros(len(text), dtype=bool), missing)
    encoded = pc.dictionary_encode(text)
    uniques = encoded.dictionary.to_pylist()
    parsed: list[Any] = []
    bad_unique = np.zeros(len(uniques) + 1, dtype=bool)  # the extra slot is for nulls
    for i, raw in enumerate(uniques):
        try:
            parsed.append(parser(raw))
        except Bad:
            parsed.append(None)
            bad_unique[i] = True
    indices = encoded.indices
    values = pa.array(parsed, type=target).take(indices)
    index = pc.fill_null(indices, len(uniques)).to_numpy(zero_copy_only=False)
    bad = bad_unique[index]
    missing = np.asarray(values.is_null().to_numpy(zero_copy_only=False), dtype=bool) & ~bad
    return Parsed(values, text, bad, missing)
