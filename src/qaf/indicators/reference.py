"""The indicator reference (docs/indicators.md), generated from the registry.

`python -m qaf.indicators.reference --write` rewrites it; a test fails when it is stale."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qaf.indicators.registry import Indicator, load_all
from qaf.indicators.types import Compute

REFERENCE_PATH = Path(__file__).resolve().parents[3] / "docs" / "indicators.md"

SECTION_TITLES = {
    "1.0": "Population and demand",
    "1.1": "The front door",
    "1.2": "Assessment",
    "1.3": "Child protection",
    "1.4": "Children looked after",
    "1.5": "Adoption scorecard",
    "1.6": "Workforce and caseloads",
}

PERIOD_WORDS = {
    "fytd": "the financial year to date (1 April to the month's end)",
    "rolling_12m": "the 12 months to the month's end",
    "quarter": "the financial-year quarter",
    "cohort_3y": "the 3 years (adoption.cohort_years) to the end of the last complete quarter",
    "fy": "the whole financial year",
}

HEADER = """# Indicator reference

Generated from the registry by `uv run python -m qaf.indicators.reference --write`; do not edit by
hand (a test fails when this file and the registry disagree). The ids are contracts: the JSON output,
the report and the tests key on them. Conventions (months, financial years, open at month end, rates,
percentages, calendar months, working days) are those of `docs/spec/indicators.md`.

Every indicator reports its value for the month asked for and for each month of the financial year to
date (`series`); where "history" is shown below, also the same months of earlier financial years.
"""


def _entry(ind: Indicator) -> str:
    lines = [f"### `{ind.id}`: {ind.title}", ""]
    lines.append(f"- **Unit**: {ind.unit}. **Better when**: {_polarity(ind.polarity)}.")
    if ind.breakdowns:
        lines.append(f"- **Breakdowns**: {', '.join(ind.breakdowns)}.")
    if ind.period != "month":
        lines.append(f"- **Period**: {PERIOD_WORDS.get(ind.period, ind.period)}.")
    if isinstance(ind.fn, Compute):
        lines.append(f"- **Declared type**: {ind.fn.describe()}.")
    if ind.history_years:
        lines.append(
            f"- **History**: the same months of {ind.history_years} earlier financial year(s)."
        )
    lines += ["", ind.definition, "", f"*Source*: {ind.source}", ""]
    if ind.measures:
        lines.append("Measures:")
        lines += [f"- `{name}`: {text}" for name, text in ind.measures.items()]
        lines.append("")
    if ind.departures:
        lines += [f"*Where QAF departs or the data cannot see*: {ind.departures}", ""]
    return "\n".join(lines)


def _polarity(polarity: str) -> str:
    return {"up": "higher", "down": "lower", "neutral": "neither (context)"}[polarity]


def render() -> str:
    registry = load_all()
    parts = [HEADER]
    for section in sorted({ind.section for ind in registry.values()}):
        title = SECTION_TITLES.get(section, "")
        parts.append(f"## {section} {title}".rstrip() + "\n")
        for ind in sorted(
            (i for i in registry.values() if i.section == section), key=lambda i: i.id
        ):
            parts.append(_entry(ind))
    return "\n".join(parts).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help=f"write {REFERENCE_PATH}")
    args = parser.parse_args(argv)
    text = render()
    if args.write:
        REFERENCE_PATH.write_text(text)
        print(f"wrote {REFERENCE_PATH}")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
