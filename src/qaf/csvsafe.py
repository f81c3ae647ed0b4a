"""CSV cells safe to open in Excel: text a spreadsheet would run as a formula is made inert.

Shared by every CSV QAF writes (indicator results, the load report), because their text comes from
the council's own data (team names, values as found)."""

from __future__ import annotations

from typing import Any

# A text cell starting with one of these is run as a formula by Excel and other spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def excel_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, made inert with a leading apostrophe
    (OWASP's advice for CSV injection); numbers and empty cells pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
