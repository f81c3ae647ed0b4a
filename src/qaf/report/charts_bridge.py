"""Where the report meets the charts and disclosure control built beside it (qaf.report.charts,
qaf.report.disclosure). Looked up by name so the report builds while either is still being
written: with no charts a section simply has no figures; with no disclosure control the external
variant is refused, never written unprotected."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from qaf.errors import QafError
from qaf.indicators.months import Month
from qaf.report.document import Figure, Report, Section, Table


def _module(name: str) -> Any:
    try:
        return importlib.import_module(f"qaf.report.{name}")
    except ModuleNotFoundError as error:
        if error.name == f"qaf.report.{name}":
            return None
        raise


def add_figures(section: Section, doc: Mapping[str, Any], month: Month) -> None:
    """The section's charts, placed after its first table (the monthly one) as the seed does."""
    charts = _module("charts")
    if charts is None:
        return
    figures: list[Figure] = list(charts.figures_for(section.id, dict(doc), month))
    if not figures:
        return
    at = next((i + 1 for i, b in enumerate(section.blocks) if isinstance(b, Table)), 0)
    section.blocks[at:at] = figures


def protect(report: Report) -> Report:
    """The external variant (counts of 1 to 5 suppressed, no child-level detail)."""
    disclosure = _module("disclosure")
    if disclosure is None:
        raise QafError("the external variant needs qaf.report.disclosure, which is not built yet")
    protected: Report = disclosure.protect(report)
    return protected
