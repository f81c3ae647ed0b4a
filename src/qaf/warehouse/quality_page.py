"""The load report as a data-quality page a person can read (HTML) and a sheet for Excel (CSV).

The HTML is one self-contained file of plain semantic HTML: headings, tables with captions and
column headers, no script and no external resource, so it reads the same offline, printed, or in
a screen reader. The CSV is one long table, its text made inert for spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from html import escape
from pathlib import Path

from qaf.csvsafe import excel_safe
from qaf.warehouse.report import READ_NOTE, LoadReport

HTML_NAME = "load-report.html"
CSV_NAME = "load-report.csv"
CSV_COLUMNS = ("section", "file", "table", "column", "kind", "what", "count", "row", "value")

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; max-width: 75rem; color: #1d1d1d; }
table { border-collapse: collapse; margin: 0 0 2rem; }
caption { text-align: left; font-weight: bold; padding: 0.5rem 0; }
th, td { border: 1px solid #999; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
/* A long value as found (outcome text) wraps, so the table stays within the page. */
td:last-child { overflow-wrap: anywhere; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.rejected { color: #a00; } .loaded { color: #060; }
"""


def _cell(value: object, numeric: bool = False) -> str:
    if value is None:
        return "<td></td>"
    if numeric and isinstance(value, int):
        return f'<td class="n">{value:,}</td>'
    return f"<td>{escape(str(value))}</td>"


def _table(caption: str, headers: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    lines = ["<tr>" + "".join(_cell(v, numeric=True) for v in row) + "</tr>" for row in rows]
    if not lines:
        # An empty table says nothing to a screen reader; a sentence does.
        return f"<p><strong>{escape(caption)}</strong>: none.</p>"
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "\n".join(lines)
    return f"<table>\n<caption>{escape(caption)}</caption>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _list(title: str, items: list[str]) -> str:
    if not items:
        return ""
    entries = "\n".join(f"<li>{escape(item)}</li>" for item in items)
    return f"<h2>{escape(title)}</h2>\n<ul>\n{entries}\n</ul>"


def html(report: LoadReport) -> str:
    """The whole page."""
    verdict = "rejected" if report.rejected else "loaded"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8">',
        f"<title>Load report: {escape(report.folder)}</title>",
        f"<style>{_STYLE}</style></head>",
        "<body>",
        f"<h1>Load report: {escape(report.folder)}</h1>",
        f'<p class="{verdict}">{escape(report.message).replace(chr(10), "<br>")}</p>',
        f"<p>Row numbers: {escape(report.row_convention)}.</p>",
    ]
    if report.coverage:
        cover = report.coverage
        parts.append(
            f"<p>Coverage: events from {cover.get('first_event') or 'unknown'} to "
            f"{cover.get('last_event') or 'unknown'}; extract date "
            f"{cover.get('extract_date') or 'not given'}.</p>"
        )
        if cover.get("recording_start"):
            parts.append(
                f"<p>Referrals recorded in full from {cover['recording_start']}: periods "
                "reaching before it are marked incomplete.</p>"
            )
    parts.append(_list("Why it was rejected", report.reasons if report.rejected else []))
    parts.append(_list("Warnings", report.warnings))
    parts.append(
        _table(
            "Tables: rows read, loaded and excluded",
            ("file", "table", "rows read", "rows loaded", "rows excluded", "cells emptied"),
            (
                (
                    t.file,
                    t.table,
                    t.rows_read,
                    t.rows_loaded,
                    t.rows_rejected,
                    sum(t.cells_emptied.values()),
                )
                for t in report.tables.values()
                if t.file is not None
            ),
        )
    )
    changes = [c for c in report.changes if c.kind != READ_NOTE]
    parts.append(
        _table(
            "What QAF changed, per file and column (the example is the first row changed)",
            ("file", "column", "change", "rows", "example row", "value as found"),
            ((c.file, c.column, c.words, c.count, c.example_row, c.detail) for c in changes),
        )
    )
    parts.append(
        _table(
            f"Problems ({report.problem_total:,}; up to 1,000 listed per table)",
            ("file", "row", "column", "found", "expected", "kind"),
            ((p.file, p.row, p.column, p.value, p.expected, p.kind) for p in report.problems),
        )
    )
    read_notes = [f"{c.file}: {c.detail}" for c in report.changes if c.kind == READ_NOTE]
    parts.append(_list("How files were read", read_notes))
    others = [n for n in report.notes if n not in read_notes]
    parts.append(_list("Notes", others))
    parts.append(_list("Files ignored (not tables QAF knows)", report.unknown_files))
    parts += ["</body>", "</html>", ""]
    return "\n".join(part for part in parts if part)


def _csv_rows(report: LoadReport) -> Iterator[tuple[object, ...]]:
    yield ("verdict", None, None, None, report.status, report.summary(), None, None, None)
    for reason in report.reasons:
        yield ("reason", None, None, None, None, reason, None, None, None)
    for warning in report.warnings:
        yield ("warning", None, None, None, None, warning, None, None, None)
    for t in report.tables.values():
        if t.file is None:
            continue
        for kind, count in (
            ("rows_read", t.rows_read),
            ("rows_loaded", t.rows_loaded),
            ("rows_excluded", t.rows_rejected),
        ):
            yield ("table", t.file, t.table, None, kind, kind.replace("_", " "), count, None, None)
    for c in report.changes:
        yield (
            "change",
            c.file,
            c.table,
            c.column,
            c.kind,
            c.words,
            c.count,
            c.example_row,
            c.detail,
        )
    for p in report.problems:
        yield ("problem", p.file, p.table, p.column, p.kind, p.expected, None, p.row, p.value)


def csv_text(report: LoadReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in _csv_rows(report):
        writer.writerow(["" if v is None else excel_safe(v) for v in row])
    return buffer.getvalue()


def write_pages(report: LoadReport, folder: Path) -> list[Path]:
    """Write load-report.html and load-report.csv into `folder` (made if needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    page, sheet = folder / HTML_NAME, folder / CSV_NAME
    page.write_text(html(report), encoding="utf-8")
    # A byte-order mark, so that Excel reads the CSV as UTF-8 when opened by double-click.
    sheet.write_text(csv_text(report), encoding="utf-8-sig", newline="")
    return [page, sheet]
