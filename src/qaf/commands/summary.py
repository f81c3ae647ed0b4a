"""A short headline view of computed indicators for the terminal: value and a sparkline of the year."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

# The figures a leader looks at first, in the seed report's order.
HEADLINES = (
    "front_door.contacts",
    "front_door.referrals",
    "front_door.re_referral_12m_pct",
    "assessment.started",
    "assessment.case_closed_pct",
    "cp.s47_enquiries",
    "cp.plans",
    "cp.rate_per_10k",
    "cla.children",
    "cla.visited_6w_pct",
    "cla.placements_3plus_ytd_pct",
    "workforce.caseloads",
)
BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float | None]) -> str:
    """One character per month, scaled between the year's lowest and highest value."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    return "".join(
        " " if v is None else BARS[round((v - low) / span * (len(BARS) - 1))] for v in values
    )


def show_headlines(doc: dict[str, Any], console: Console | None = None) -> None:
    console = console or Console()
    table = Table(title=f"Headlines for {doc['month']} (the year so far from April)")
    table.add_column("indicator")
    table.add_column("value", justify="right")
    table.add_column("year to date", no_wrap=True)
    for ind_id in HEADLINES:
        ind = doc["indicators"].get(ind_id)
        if ind is None:
            continue
        value = ind["value"]
        unit = ind["unit"]
        text = "-" if value is None else f"{value:,.1f}" if unit != "count" else f"{value:,.0f}"
        if unit == "percent" and value is not None:
            text += "%"
        table.add_row(ind["title"], text, sparkline([p["value"] for p in ind["series"]]))
    console.print(table)
