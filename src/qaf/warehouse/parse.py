"""Parse the values councils really send, one column at a time.

Every column arrives as text (see `read.py`). A column is parsed by its kind from `specs.py`: each
distinct value is parsed once in Python and the answers are spread back over the rows with Arrow,
so a million-row column with a few thousand distinct dates costs a few thousand parses."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from qaf.warehouse import outcome_json
from qaf.warehouse.code_map import CodeMapError as CodeMapError
from qaf.warehouse.code_map import local_maps as local_maps
from qaf.warehouse.codes import CodeList, code_key
from qaf.warehouse.specs import END_DATE_COLUMNS as END_DATE_COLUMNS
from qaf.warehouse.specs import Column

# Spellings of "no value" in extracts (compared after trimming, case-insensitively).
MISSING_TEXT = outcome_json.MISSING_TEXT
TRUE_SPELLINGS = outcome_json.TRUE_SPELLINGS
FALSE_SPELLINGS = outcome_json.FALSE_SPELLINGS

# What parsing changed, per row (`Parsed.changes`), for the load report.
DATE_DAY_FIRST = "date_day_first"  # read as dd/mm/yyyy
DATE_PLACEHOLDER = "date_placeholder"  # 1900-01-01, or a 9999-12-31 / 2099-12-31 open end: empty
CODE_FROM_DESCRIPTION = "code_from_description"  # a built-in description or alias gave the code
CODE_FROM_LOCAL_MAP = "code_from_local_map"  # the council's qaf_code_map gave the code
JSON_REPAIRED = "json_repaired"  # outcome text that was not JSON, its flags read anyway
CHANGE_KINDS = (
    DATE_DAY_FIRST,
    DATE_PLACEHOLDER,
    CODE_FROM_DESCRIPTION,
    CODE_FROM_LOCAL_MAP,
    JSON_REPAIRED,
)

# Years a real date falls in; anything else is a typo (0210-05-12) or a system's placeholder.
FIRST_YEAR, LAST_YEAR = 1900, 2100
# End dates that case systems write for "not ended yet" (any time part).
OPEN_END_DATES = frozenset({dt.date(9999, 12, 31), dt.date(2099, 12, 31)})

# Distinct values parsed per batch (see parse_column).
PARSE_BATCH = 1 << 16

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


# Where "CODE - words" may split: a dash, colon, equals sign, bar, full stop or closing bracket
# (with any spaces), or a space.
_SPLIT = re.compile(r"\s*[-\u2013\u2014:=|.)\]]\s*|\s+")
# Only the first few places are tried: a code comes first.
SPLITS_TRIED = 3
# A label before the words that is not itself a code: "2 - Schools", "d) Emotional abuse".
_LABEL = re.compile(r"^[A-Za-z0-9]{1,3}$")

Changes = tuple[str, ...]
Reader = Callable[[str], tuple[Any, Changes]]
_NO_CHANGE: Changes = ()


class Bad(Exception):
    """A value that does not fit its column (the cell cannot be read)."""


def _read_date(text: str) -> tuple[dt.date, bool]:
    """The date, and whether it was written day first (30/09/2016). Any year from 1 to 9999."""
    match = _ISO.match(text)
    day_first = match is None
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = _UK.match(text)
        if not match:
            raise Bad(text)
        day, month, year = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day), day_first
    except ValueError as exc:
        raise Bad(text) from exc


def parse_date(text: str) -> dt.date:
    """`2016-09-30`, `2016-09-30 00:00:00.000`, `2016-09-30T00:00:00` or UK `30/09/2016`,
    in the years 1900 to 2100."""
    value, _day_first = _read_date(text)
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise Bad(text)
    return value


def date_reader(column: Column, missing_dates: Iterable[str] = ()) -> Reader:
    """Dates of one column: `missing_dates` are empty, and so is an open-end placeholder
    (9999-12-31, 2099-12-31) in an end date column; other dates outside 1900-2100 are Bad."""
    unknown = {parse_date(text) for text in missing_dates}
    open_ends = OPEN_END_DATES if column.name in END_DATE_COLUMNS else frozenset()

    def read(text: str) -> tuple[dt.date | None, Changes]:
        value, day_first = _read_date(text)
        changes: Changes = (DATE_DAY_FIRST,) if day_first else _NO_CHANGE
        if value in unknown or value in open_ends:
            return None, (*changes, DATE_PLACEHOLDER)
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise Bad(text)
        return value, changes

    return read


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


def code_reader(codes: CodeList, local: Mapping[str, str] | None = None) -> Reader:
    """Codes of one list, read in this order: the council's own map (`local`, value -> code), the
    code itself (any case), a description or alias from `codes.py`, then "CODE - words" forms:
    the code when the text starts with one ("C2 - Full care order", "(C2) ...", "C2: ..."), the
    words after a short label ("2 - Schools", "e) Multiple/not recommended"), or listed first
    words ("Multiple: Neglect, Emotional abuse", "Supervision Order Sec.31(1)(b)"), the longest
    that matches. Spelling is compared by `code_key`: case, spacing, punctuation, dashes, quotes
    and brackets are ignored."""
    by_code = codes.code_keys()
    by_words = codes.description_keys()
    by_local: dict[str, str] = {}
    for value, code in (local or {}).items():
        if code_key(code) not in by_code:
            raise ValueError(f"{codes.name}: {value!r} is mapped to {code!r}, not one of its codes")
        by_local[code_key(value)] = by_code[code_key(code)]
    by_first_words = {code_key(words): code for words, code in (codes.first_words or {}).items()}
    most_words = max((len(words.split()) for words in by_first_words), default=0)
    from_words: Changes = (CODE_FROM_DESCRIPTION,)

    def split(text: str) -> str | None:
        stripped = text.strip().lstrip("([")
        for i, match in enumerate(_SPLIT.finditer(stripped)):
            if i == SPLITS_TRIED:
                break
            head, words = stripped[: match.start()], stripped[match.end() :]
            # A one-letter code needs punctuation after it: "I don't know" is not code I.
            if not head or not words or (len(head) < 2 and not match.group().strip()):
                continue
            if code_key(head) in by_code:
                return by_code[code_key(head)]
            if i == 0 and _LABEL.match(head) and code_key(words) in by_words:
                return by_words[code_key(words)]
        return None

    def first_words(key: str) -> str | None:
        words = key.split()
        for n in range(min(most_words, len(words)), 0, -1):
            code = by_first_words.get(" ".join(words[:n]))
            if code is not None:
                return code
        return None

    def read(text: str) -> tuple[str, Changes]:
        key = code_key(text)
        if key in by_local:
            return by_local[key], (CODE_FROM_LOCAL_MAP,)
        if key in by_code:
            return by_code[key], _NO_CHANGE
        if key in by_words:
            return by_words[key], from_words
        code = split(text)
        if code is None:
            code = first_words(key)
        if code is None:
            raise Bad(text)
        return code, from_words

    return read


def code_parser(codes: CodeList, local: Mapping[str, str] | None = None) -> Callable[[str], str]:
    """Accept a DfE code or its description (any case, any spacing); give the code."""
    read = code_reader(codes, local)

    def parse(text: str) -> str:
        code: str = read(text)[0]
        return code

    return parse


def outcome_reader(text: str) -> tuple[str | None, Changes]:
    try:
        value, repaired = outcome_json.read_outcome(text)
    except outcome_json.NoFlags as exc:
        raise Bad(text) from exc
    changes = (JSON_REPAIRED,) if repaired else _NO_CHANGE
    return (None if value is None else outcome_json.stored(value)), changes


def parse_outcome(text: str) -> str | None:
    """Outcome "JSON": valid JSON, or the key/value pairs it was meant to hold.

    Stored as compact valid JSON with the keys upper-cased (the SSD's keys are upper case)."""
    return outcome_reader(text)[0]


def expected(column: Column) -> str:
    """What a value of this column should look like, in words for the load report."""
    if column.kind == "date":
        return "a date such as 2016-09-30, 2016-09-30 00:00:00.000 or 30/09/2016 (years 1900-2100)"
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
        return (
            f"a {column.codes.name} code or its description ({sample}, ...); "
            "add the council's own wording to qaf_code_map"
        )
    return "a value"


def _plain(parse: Callable[[str], Any]) -> Reader:
    return lambda text: (parse(text), _NO_CHANGE)


def value_reader(
    column: Column, missing_dates: Iterable[str] = (), local: Mapping[str, str] | None = None
) -> Reader | None:
    """One column's reader: each value's stored form and what reading it changed (see
    CHANGE_KINDS). None when the text is stored as it is. `local` is the council's map for a code
    column (value -> code)."""
    if column.kind == "date":
        return date_reader(column, missing_dates)
    if column.kind == "code":
        assert column.codes is not None, f"{column.name}: a code column needs its code list"
        return code_reader(column.codes, local)
    if column.kind == "json":
        return outcome_reader
    parse = {"flag": parse_flag, "int": parse_int, "float": parse_float}.get(column.kind)
    return None if parse is None else _plain(parse)


def value_parser(
    column: Column, missing_dates: Iterable[str] = (), local: Mapping[str, str] | None = None
) -> Callable[[str], Any] | None:
    """The parser for one column's values; None when the text is stored as it is."""
    read = value_reader(column, missing_dates, local)
    if read is None:
        return None
    return lambda text: read(text)[0]


@dataclass
class Parsed:
    """One column parsed: stored values, the trimmed text, which rows were bad, and what parsing
    changed. `changes` holds a bool mask per row for each kind in CHANGE_KINDS that happened in
    this column (a kind that never happened has no entry)."""

    values: pa.Array
    text: pa.Array
    bad: np.ndarray  # bool per row
    missing: np.ndarray  # bool per row: no value (after parsing, e.g. 1900-01-01)
    changes: dict[str, np.ndarray] = field(default_factory=dict)


# MISSING_TEXT in every mix of upper and lower case ("", "NULL", "null", "Null", "nULL", ...).
_MISSING_SPELLINGS = pa.array(
    sorted(
        {
            "".join(letters)
            for word in MISSING_TEXT
            for letters in itertools.product(*[(c.upper(), c.lower()) for c in word])
        }
    )
)


def clean_text(array: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Trimmed text with `''` and `NULL` (any case) as null."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    # Trimming copies the whole column; most columns have nothing to trim, and then keep the
    # memory they were read into.
    text = pc.utf8_trim_whitespace(array) if _may_need_trim(array) else array
    # A lookup of every spelling, not an upper-cased copy of the column: ~6x faster.
    empty = pc.is_in(text, value_set=_MISSING_SPELLINGS)
    return _null_where(text, empty)


def _may_need_trim(array: pa.Array) -> bool:
    """Whether any value may start or end with white space, judged from the bytes at once: any
    control or space byte, or any byte of a non-ASCII character, at either end says maybe."""
    if not pa.types.is_string(array.type):
        return True
    _validity, offsets, data = array.buffers()
    if data is None or not len(array):
        return False
    bounds = np.frombuffer(offsets, dtype=np.int32)[array.offset : array.offset + len(array) + 1]
    starts, ends = bounds[:-1], bounds[1:]
    filled = ends > starts
    text = np.frombuffer(data, dtype=np.uint8)
    outer = np.concatenate([text[starts[filled]], text[ends[filled] - 1]])
    return bool(((outer <= 0x20) | (outer >= 0x80)).any())


def _null_where(text: pa.Array, empty: pa.Array) -> pa.Array:
    """`text` with the rows in `empty` made null. The values keep their memory: only the validity
    bitmap is new, where `if_else` would copy every value of the column."""
    keep = pc.and_(pc.invert(empty), pc.is_valid(text))
    if text.offset or keep.offset or not pa.types.is_string(text.type):
        result: pa.Array = pc.if_else(keep, text, pa.scalar(None, text.type))
        return result
    _validity, offsets, data = text.buffers()
    return pa.Array.from_buffers(text.type, len(text), [keep.buffers()[1], offsets, data])


def bool_mask(flags: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Arrow booleans as a NumPy mask, a null as False."""
    return np.asarray(pc.fill_null(flags, False).to_numpy(zero_copy_only=False), dtype=bool)


def parse_column(
    array: pa.Array | pa.ChunkedArray,
    column: Column,
    missing_dates: Iterable[str] = (),
    local: Mapping[str, str] | None = None,
    *,
    encoded_values: bool = False,
) -> Parsed:
    """Parse one column, each distinct value once. `local`: the council's map for this column.
    With `encoded_values`, a parsed column's values are given dictionary-encoded (each distinct
    value once), so that the caller can let go of the text before spelling them out."""
    text = clean_text(array)
    target = ARROW_TYPES[column.kind]
    read = value_reader(column, missing_dates, local)
    if read is None:
        missing = np.asarray(text.is_null().to_numpy(zero_copy_only=False), dtype=bool)
        return Parsed(text, text, np.zeros(len(text), dtype=bool), missing)
    encoded = pc.dictionary_encode(text)
    dictionary = encoded.dictionary
    distinct = len(dictionary)
    pieces: list[pa.Array] = []
    # One slot per distinct value, plus one for nulls.
    bad_unique = np.zeros(distinct + 1, dtype=bool)
    changed_unique: dict[str, np.ndarray] = {}
    # A batch of distinct values at a time: a free-text column (every value distinct) is never
    # all Python strings at once, which cost several times the column's size in memory.
    for start in range(0, distinct, PARSE_BATCH):
        parsed: list[Any] = []
        batch = dictionary.slice(start, PARSE_BATCH).to_pylist()
        for i, raw in enumerate(batch, start=start):
            try:
                value, changes = read(raw)
            except Bad:
                parsed.append(None)
                bad_unique[i] = True
                continue
            parsed.append(value)
            for kind in changes:
                if kind not in changed_unique:
                    changed_unique[kind] = np.zeros(distinct + 1, dtype=bool)
                changed_unique[kind][i] = True
        pieces.append(pa.array(parsed, type=target))
    indices = encoded.indices
    del encoded, dictionary
    distinct_values = pa.concat_arrays(pieces or [pa.array([], type=target)])
    index = pc.fill_null(indices, distinct).to_numpy(zero_copy_only=False)
    bad = bad_unique[index]
    # A row has no value when its text had none, or its text's value is empty.
    empty_unique = np.append(bool_mask(distinct_values.is_null()), True)
    missing = empty_unique[index] & ~bad
    if encoded_values:
        values: pa.Array = pa.DictionaryArray.from_arrays(indices, distinct_values)
    else:
        values = distinct_values.take(indices)
    return Parsed(
        values, text, bad, missing, {kind: mask[index] for kind, mask in changed_unique.items()}
    )
