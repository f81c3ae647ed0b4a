"""From a Source and a month to the report files: compute once, build the document, render.

The figures come from exactly what `qaf indicators` runs (compute_all, beside, to_json), so each
number in the report equals the JSON's."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from qaf.config import Settings
from qaf.indicators.beside import DEFAULT_MODEL, beside
from qaf.indicators.compute import Result, compute_all
from qaf.indicators.months import Month
from qaf.indicators.output import to_json
from qaf.indicators.registry import load_all
from qaf.report.charts import figures_later, warm_up
from qaf.report.disclosure import protect
from qaf.report.document import SECTION_IDS, Figure, Report, Section, Table
from qaf.report.quality import definitions_section, load_report_of, quality_section
from qaf.report.sections import TITLES, indicator_section
from qaf.warehouse.report import LoadReport
from qaf.warehouse.schema import Source

# The stages a progress bar shows, in order.
STAGES = ("computing", "building", "HTML", "PDF")
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Computed:
    result: Result
    doc: dict[str, Any]  # the `qaf indicators` JSON document
    # Teams flagged finance_only (the team hierarchy's): table 25 lists them after its total.
    finance_only: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ReportFiles:
    html: Path
    pdf: Path
    # Indicators that failed to compute (named in the report's data-quality section too).
    failures: tuple[str, ...] = ()


def compute(
    source: Source,
    month: Month,
    settings: Settings,
    model: str | Sequence[str] = DEFAULT_MODEL,
    on_indicator: Callable[[Any], None] | None = None,
) -> Computed:
    """What `qaf indicators` computes, as its JSON document and the rows it came from."""
    result = compute_all(source, month, settings, progress=on_indicator, refuse_after_end=True)
    extra, notes = beside(source, result, month, model)
    doc = to_json(result.rows, month, source.data_version, result, extra, notes)
    return Computed(result, doc, result.hierarchy.finance_only)


def council_name(source: Source) -> str:
    frame = source.execute(source.table("qaf_council"))
    if len(frame) and isinstance(frame["la_name"].iloc[0], str):
        return str(frame["la_name"].iloc[0])
    return "The council"


def build(
    computed: Computed,
    *,
    council: str,
    load_report: LoadReport | None = None,
    commentary: Mapping[str, str] | None = None,
    generated_at: datetime | None = None,
) -> Report:
    """The internal report's document (disclosure.protect makes the external one from it)."""
    doc = computed.doc
    month = Month.parse(doc["month"])
    sections: list[Section] = []
    # Every chart in one batch on the render threads, drawn while the tables are built.
    pending = figures_later(dict(doc), month, SECTION_IDS[:-2])
    for section_id in SECTION_IDS[:-2]:
        sections.append(indicator_section(section_id, doc, computed.result, computed.finance_only))
    figures = pending()
    for section in sections:
        add_figures(section, figures[section.id])
    sections.append(quality_section(load_report, doc.get("coverage")))
    # Every registered indicator, whether or not it computed this time.
    sections.append(definitions_section(list(load_all())))
    for section in sections:
        section.commentary_html = (commentary or {}).get(section.id) or None
    failures = doc.get("failures") or []
    if failures:
        from qaf.report.document import Paragraph

        names = ", ".join(f["indicator_id"] for f in failures)
        sections[-2].blocks.insert(
            0, Paragraph(f"These indicators failed to compute and are missing: {names}.")
        )
    return Report(
        title=f"Children's social care Quality Assurance Framework: {month.start:%B %Y}",
        council=council,
        month=month.start,
        data_version=doc.get("data_version"),
        generated_at=generated_at or datetime.now(UTC),
        external=False,
        sections=sections,
    )


def add_figures(section: Section, figures: Sequence[Figure]) -> None:
    """The section's charts, after its first table (the monthly one), as the seed places them."""
    at = next((i + 1 for i, b in enumerate(section.blocks) if isinstance(b, Table)), 0)
    section.blocks[at:at] = figures


def file_stem(month: Month, external: bool) -> str:
    return f"qaf-report-{month.label}" + ("-external" if external else "")


def write_report(
    source: Source,
    month: Month,
    settings: Settings,
    out_dir: Path,
    *,
    external: bool = False,
    commentary: Mapping[str, str] | None = None,
    benchmarks: str | Sequence[str] = DEFAULT_MODEL,
    progress: Progress | None = None,
    on_indicator: Callable[[Any], None] | None = None,
    warehouse_url: str | None = None,
    computed: Computed | None = None,
) -> ReportFiles:
    """Compute the month, build the report (external: protected for outside readers) and write
    `qaf-report-YYYY-MM[-external].html` and `.pdf` into `out_dir`. `progress` hears each stage's
    name as it starts; `commentary` maps section ids to HTML (commentary.read)."""
    from qaf.report import html
    from qaf.report.pdf import render as render_pdf

    step = progress or (lambda stage: None)
    step("computing")
    # A caller that already computed the month (`qaf demo` writes the JSON too) passes it in.
    if computed is None:
        # vl-convert's engine starts in the background while the indicators compute.
        warm_up()
        computed = compute(source, month, settings, benchmarks, on_indicator)
    step("building")
    report = build(
        computed,
        council=council_name(source),
        load_report=load_report_of(source, warehouse_url),
        commentary=commentary,
    )
    if external:
        report = protect(report, computed.doc)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = file_stem(month, external)
    step("HTML")
    page = html.render(report)
    html_path = out_dir / f"{stem}.html"
    html_path.write_text(page, encoding="utf-8")
    step("PDF")
    pdf_path = out_dir / f"{stem}.pdf"
    pdf_path.write_bytes(render_pdf(page))
    failed = tuple(f["indicator_id"] for f in computed.doc.get("failures") or [])
    return ReportFiles(html_path, pdf_path, failed)


__all__ = ["STAGES", "TITLES", "Computed", "ReportFiles", "build", "compute", "write_report"]
