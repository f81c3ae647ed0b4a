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
# Classification marking: it holds figures about children.
MARKING = "OFFICIAL-SENSITIVE"
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
    env.tests["table"] = lambda block: isinstance(block, Table)
    env.tests["figure"] = lambda block: isinstance(block, Figure)
    env.tests["paragraph"] = lambda block: isinstance(block, Paragraph)
    env.tests["signal"] = lambda block: isinstance(block, Signal)
    return env


@cache
def stylesheet() -> str:
    return (resources.files("qaf.report") / "static" / "report.css").read_text(encoding="utf-8")


def section_heading(section_id: str) -> str:
    return section_id if section_id[0].isdigit() else ""


def render(report: Report) -> str:
    """The page as text. Commentary HTML and chart SVG are marked safe where they were made
    (commentary: Markdown with raw HTML off; SVG: drawn by qaf.report.charts); all else is escaped."""
    template = _environment().get_template("report.html.j2")
    return template.render(
        report=report,
        css=Markup(stylesheet()),
        marking=MARKING,
        wide=WIDE_COLUMNS,
        number=section_heading,
        safe=Markup,
    )
