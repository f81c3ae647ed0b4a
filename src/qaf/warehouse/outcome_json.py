"""Read the outcome "JSON" columns as case systems really write them.

The SSD's deployment SQL builds these strings by concatenation, so a free-text `COMMENTS` value can
hold unescaped quotes and line breaks: `{"NFA_FLAG": "N", "COMMENTS": "Mum said "no"`, a line
break, `to the plan", "CP_FLAG": "Y"}`. Such text is not JSON, but its flags are plain to read.
A comment never makes a cell unreadable: only text with no readable flag at all is refused."""

from __future__ import annotations

import json
import math
import re
from typing import Any

MISSING_TEXT = ("", "NULL")
TRUE_SPELLINGS = frozenset({"Y", "YES", "TRUE", "T", "1"})
FALSE_SPELLINGS = frozenset({"N", "NO", "FALSE", "F", "0"})

_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_ ]*$")
# A key at the start of the text or after a separator, in one of three quotings.
_KEY_AT = {
    '"': re.compile(r'(?:^|[{,;|\n])\s*"([A-Za-z_][A-Za-z0-9_]*)"\s*[:=]'),
    "'": re.compile(r"(?:^|[{,;|\n])\s*'([A-Za-z_][A-Za-z0-9_]*)'\s*[:=]"),
    "": re.compile(r"(?:^|[{,;|\n])\s*([A-Za-z_][A-Za-z0-9_]*)\s*[:=]"),
}


class NoFlags(ValueError):
    """Outcome text with no key/value pair that can be read."""


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1].strip()
    return text


def _value(text: str) -> Any:
    """One value as JSON would have held it: a quoted string as written, nothing (`KEY: ,`) as an
    empty string (the SSD's SQL writes a missing flag as `""`), NULL as null, an unquoted number or
    true/false as itself, other bare text as a string."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    if text.upper() == "NULL":
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return text
    if isinstance(value, float) and not math.isfinite(value):
        return text
    return value if isinstance(value, int | float | bool) else text


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
        pairs[key.upper()] = _value(value)
    return pairs or None


def _scan(text: str) -> dict[str, Any] | None:
    """Key/value pairs found by their keys: each value runs to the next key.

    The keys' quoting is taken from the first key, so a comment's `, Note:` is not read as a key
    when the real keys are quoted. Needs at least one value that is a Y/N flag."""
    # Either brace may be missing: the SQL cuts the text at its column's length.
    body = text.strip().removeprefix("{").removesuffix("}")
    first = re.match(r"\s*([\"']?)[A-Za-z_]", body)
    if first is None:
        return None
    matches = list(_KEY_AT[first.group(1)].finditer(body))
    if not matches:
        return None
    cut = not text.strip().endswith("}")
    pairs: dict[str, Any] = {}
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following is not None else len(body)
        raw = body[match.end() : end].strip()
        closed = len(raw) > 1 and raw.endswith(raw[0])
        if following is None and cut and raw[:1] in ("'", '"') and not closed:
            raw += raw[0]  # its closing quote was cut off with the brace
        pairs[match.group(1).upper()] = _value(raw)
    return pairs if _has_flag(pairs) else None


def _has_flag(pairs: dict[str, Any] | None) -> bool:
    """At least one value is a Y/N flag (the outcome columns hold flags)."""
    flags = TRUE_SPELLINGS | FALSE_SPELLINGS
    return pairs is not None and any(
        isinstance(v, str) and v.upper() in flags for v in pairs.values()
    )


def read_outcome(text: str) -> tuple[dict[str, Any] | None, bool]:
    """The outcome's keys and values, and whether the text had to be repaired (was not JSON).

    Raises `NoFlags` when nothing can be read."""
    try:
        value = json.loads(text)
        repaired = False
    except ValueError:
        repaired = True
        try:
            # Line breaks and tabs inside a string are the commonest fault.
            value = json.loads(text, strict=False)
        except ValueError:
            # With quoted keys, a comment's commas and colons are text: find the keys instead.
            quoted = re.match(r"\s*\{?\s*[\"']", text) is not None
            pairs = _pairs(text)
            pairs = pairs if _has_flag(pairs) else None
            value = (_scan(text) or pairs) if quoted else (pairs or _scan(text))
            if value is None:
                raise NoFlags(text) from None
    if value is None:
        return None, repaired
    if not isinstance(value, dict):
        raise NoFlags(text)
    return {str(key).strip().upper(): item for key, item in value.items()}, repaired


def stored(value: dict[str, Any]) -> str:
    """Compact valid JSON, as stored in the warehouse."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
