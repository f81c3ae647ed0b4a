"""The report as one self-contained HTML page: styles, icons and charts inline, no script, nothing
fetched. The same page, with its print styles, is what WeasyPrint makes the PDF from."""

from __future__ import annotations

from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from qaf.report.document import Figure, Paragraph, Report, Signal, Table
from qaf.signals.icons import every_icon

# Every page of the report and each PDF page header carries the Government Security
# Classification marking: the council's own report holds figures about children; the external
# variant, with small counts suppressed, is written to be published and carries the plain marking.
MARKING = "OFFICIAL-SENSITIVE"
MARKING_PUBLISHED = "OFFICIAL"
# Tables with more columns than this get a landscape page in the PDF.
WIDE_COLUMNS = 14


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("qaf.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["icons"] = {icon.name: Markup(icon.svg) for icon in every_icon()}
    env.globals["column_groups"] = column_groups
    env.filters["short_label"] = short_label
    env.tests["table"] = lambda block: isinstance(block, Table)
    env.tests["figure"] = lambda block: isinstance(block, Figure)
    env.tests["paragraph"] = lambda block: isinstance(block, Paragraph)
    env.tests["signal"] = lambda block: isinstance(block, Signal)
    return env


@cache
def stylesheet() -> str:
    return (resources.files("qaf.report") / "static" / "report.css").read_text(encoding="utf-8")


GROUP_MARK = ": "


def column_groups(table: Table) -> list[tuple[str, int]] | None:
    """Headers `Apr-16: 0-2 months`, `Apr-16: 3+ months` ... as a row of groups (`Apr-16` over
    each run of columns sharing it) above their own short labels, so a wide table's headers stay
    narrow; None when the labels do not all follow that pattern."""
    labels = [c.label for c in table.columns[1:]]
    if not labels or not all(GROUP_MARK in label for label in labels):
        return None
    groups: list[tuple[str, int]] = []
    for label in labels:
        group = label.split(GROUP_MARK, 1)[0]
        if groups and groups[-1][0] == group:
            groups[-1] = (group, groups[-1][1] + 1)
        else:
            groups.append((group, 1))
    return groups if len(groups) < len(labels) else None


def short_label(label: str) -> str:
    return label.split(GROUP_MARK, 1)[-1]


def section_heading(section_id: str) -> str:
    return section_id if section_id[0].isdigit() else ""


def render(report: Report) -> str:
    """The page as text. Commentary HTML and chart SVG are marked safe where they were made
    (commentary: Markdown with raw HTML off; SVG: drawn by qaf.report.charts); all else is escaped."""
    template = _environment().get_template("report.html.j2")
    return template.render(
        report=report,
        css=Markup(stylesheet()),
        marking=MARKING_PUBLISHED if report.external else MARKING,
        wide=WIDE_COLUMNS,
        number=section_heading,
        safe=Markup,
    )
