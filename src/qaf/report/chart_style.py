"""What every chart shares: the palette (each colour passes WCAG AA on white), the font, number
formatting, the data table beside a chart, and turning a Vega-Lite spec into accessible inline SVG.

vl-convert renders offline in-process; its first call starts its JavaScript engine (about a second,
once per process), later calls take tens of milliseconds, so charts are rendered one after another in
the same process and nothing is started per chart.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from qaf.report.chart_svg import slim
from qaf.report.document import Cell, Column, Figure, Table, TableRow

# Liberation Sans is installed with the PDF stack (fonts-liberation2) and metric-compatible with
# Arial, so vl-convert measures text as WeasyPrint and Chromium then draw it.
FONT = "Liberation Sans"
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
)

# GOV.UK design-system colours, each at least 4.5:1 on white (WCAG 2.2 1.4.3, stricter than the 3:1
# 1.4.11 asks of graphics, because the same colours colour labels); tests compute the ratios.
BLUE = "#1d70b8"
RED = "#d4351c"
GREEN = "#00703c"
PURPLE = "#4c2c92"
GREY = "#505a5f"
MAROON = "#801650"
BLACK = "#0b0c0c"
SERIES_COLOURS = (BLUE, RED, GREEN, PURPLE, GREY, MAROON)
# Each series also differs by dash and point shape, so colour is never the only cue.
DASHES = ([1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3])
SHAPES = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down")

# An A4 portrait page's text block is about 640 CSS px wide; the plot area leaves room for axes.
WIDTH = 560
HEIGHT = 240

NO_FIGURE = "no figure"


def relative_luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str = "#ffffff") -> float:
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def number(value: float | int | None, unit: str) -> str:
    """A figure as the report prints it (the unit is said in the caption or column label)."""
    if value is None:
        return NO_FIGURE
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "percent":
        return f"{value:.1f}%"
    if unit == "days":
        return f"{value:,.0f} days"
    if unit == "years":
        return f"{value:.1f} years"
    return f"{value:,.1f}"


def cell(
    value: float | int | None,
    unit: str,
    indicator_id: str | None,
    numerator: float | None = None,
    denominator: float | None = None,
) -> Cell:
    # A count is its own numerator; a ratio keeps its parts for the external variant's suppression.
    if unit == "count":
        numerator, denominator = None, None
    return Cell(
        value, number(value, unit), indicator_id, numerator=numerator, denominator=denominator
    )


def label_cell(text: str) -> Cell:
    return Cell(text, text, None)


def data_table(
    table_id: str,
    caption: str,
    columns: Sequence[tuple[str, str, bool]],
    rows: list[TableRow],
    *,
    printed: bool = True,
) -> Table:
    """A chart's data beside it; `printed` False where the PDF prints the same figures in another
    table, or the grid is long (the HTML report keeps it: document.Table.printed)."""
    return Table(
        table_id,
        caption,
        [Column(k, label, numeric) for k, label, numeric in columns],
        rows,
        printed=printed,
    )


def reference_line(
    value: float, label: str, *, axis: str, dash: list[int], text: dict[str, Any]
) -> dict[str, Any]:
    """A red dashed rule at `value` across the chart (axis "y": horizontal, "x": vertical) named by
    `label`, placed by the text mark's properties `text` (a target, or the council's figure)."""
    at = {axis: {"field": "v", "type": "quantitative"}}
    return {
        "data": {"values": [{"v": value, "label": label}]},
        "layer": [
            {
                "mark": {"type": "rule", "color": RED, "strokeDash": dash, "strokeWidth": 2},
                "encoding": at,
            },
            {
                "mark": {"type": "text", "color": RED, **text},
                "encoding": {**at, "text": {"field": "label"}},
            },
        ],
    }


def config() -> dict[str, Any]:
    """Vega-Lite config shared by every chart: the font, black text, no chart border."""
    return {
        "font": FONT,
        "view": {"stroke": None},
        "axis": {
            "labelColor": BLACK,
            "titleColor": BLACK,
            "labelFontSize": 12,
            "titleFontSize": 12,
            "gridColor": "#dddddd",
            "domainColor": GREY,
            "tickColor": GREY,
        },
        "legend": {
            "labelColor": BLACK,
            "titleColor": BLACK,
            "labelFontSize": 12,
            "titleFontSize": 12,
            "orient": "bottom",
            "direction": "horizontal",
            "symbolStrokeWidth": 2,
            "labelLimit": 260,
        },
        "text": {"color": BLACK, "fontSize": 11},
        "background": "#ffffff",
    }


_fonts_lock = threading.Lock()
_fonts_registered: list[bool] = []


def _register_fonts(vlc: Any) -> None:
    with _fonts_lock:
        if not _fonts_registered:
            for folder in FONT_DIRS:
                if folder.is_dir():
                    vlc.register_font_directory(str(folder))
            _fonts_registered.append(True)


_ID = re.compile(r'\bid="([^"]+)"')


def render_svg(spec: dict[str, Any], figure_id: str, title: str, alt: str) -> str:
    """A Vega-Lite spec as inline SVG: scales with its container (viewBox, width 100%), named for
    assistive technology (role img, <title> and <desc>), its ids prefixed so several charts can sit
    in one HTML page without clashing."""
    import vl_convert as vlc

    _register_fonts(vlc)
    spec = {**spec, "config": config()}
    # No URL is allowed: every chart's data is inline, and the report never fetches.
    svg = slim(vlc.vegalite_to_svg(spec, allowed_base_urls=[]))
    # Vega names clip paths and gradients with ids counted per render: clip1, clip2 ... in every chart.
    # The figure's id (one per report) keeps them apart, and the same report gives the same file.
    prefix = f"{re.sub(r'[^A-Za-z0-9_-]', '-', figure_id)}-"
    for old in sorted(set(_ID.findall(svg)), key=len, reverse=True):
        svg = svg.replace(f'id="{old}"', f'id="{prefix}{old}"')
        svg = svg.replace(f"url(#{old})", f"url(#{prefix}{old})")
        svg = svg.replace(f'href="#{old}"', f'href="#{prefix}{old}"')
    opening = re.match(r"<svg[^>]*>", svg)
    if opening is None:  # pragma: no cover - vl-convert always returns an <svg> element
        raise ValueError("vl-convert returned no <svg> element")
    tag = opening.group(0)
    size = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', tag)
    width = size.group(1) if size else str(WIDTH)
    new_tag = re.sub(r'\s(width|height|class)="[^"]*"', "", tag)
    new_tag = new_tag.replace(
        "<svg",
        f'<svg width="100%" role="img" aria-labelledby="{prefix}title {prefix}desc" '
        f'class="qaf-chart" style="max-width:{width}px;height:auto"',
        1,
    )
    heading = f'<title id="{prefix}title">{escape(title)}</title><desc id="{prefix}desc">{escape(alt)}</desc>'
    return new_tag + heading + svg[len(tag) :]


@dataclass(frozen=True)
class Draft:
    """A figure before rendering: its Vega-Lite spec, so several can be rendered side by side."""

    figure_id: str
    caption: str
    alt: str
    spec: dict[str, Any]
    table: Table

    def render(self) -> Figure:
        svg = render_svg(self.spec, self.figure_id, self.caption, self.alt)
        return Figure(self.figure_id, self.caption, self.alt, svg, self.table)


def figure(figure_id: str, caption: str, alt: str, spec: dict[str, Any], table: Table) -> Draft:
    return Draft(figure_id, caption, alt, spec, table)


# vl-convert renders on several threads at once; two suit the 2-core machines QAF runs on and gave
# 1.5 times the speed of one in a measurement of 16 small charts (docs/charts-and-disclosure.md).
RENDER_THREADS = 2


def render_all(drafts: Sequence[Draft]) -> list[Figure]:
    """Render drafts in order, on RENDER_THREADS threads."""
    return render_later(drafts)()


def render_later(drafts: Sequence[Draft]) -> Callable[[], list[Figure]]:
    """Start rendering drafts on RENDER_THREADS threads and return at once: calling the result
    waits for the figures, in order. vl-convert releases Python's lock while it draws, so the
    caller's own work (building the tables) runs meanwhile."""
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(RENDER_THREADS)
    futures = [pool.submit(draft.render) for draft in drafts]
    pool.shutdown(wait=False)  # its threads end once the drafts are drawn

    def figures() -> list[Figure]:
        return [future.result() for future in futures]

    return figures


def warm_up() -> None:
    """Start vl-convert's engine (about a second, once per process) on a background thread, so a
    caller can overlap it with computing the indicators."""

    def start() -> None:
        import vl_convert as vlc

        _register_fonts(vlc)
        vlc.vegalite_to_svg(
            {"data": {"values": [{"x": 1}]}, "mark": "point", "encoding": {"x": {"field": "x"}}},
            allowed_base_urls=[],
        )

    threading.Thread(target=start, name="qaf-chart-warm-up", daemon=True).start()
