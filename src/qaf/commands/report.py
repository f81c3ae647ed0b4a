"""`qaf report`: the month's report as one self-contained HTML file and a tagged A4 PDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from qaf.config import Settings
from qaf.errors import QafError

# As `qaf indicators`: 3 when some indicators failed and the report was written without them.
EXIT_INDICATOR_FAILED = 3


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write the month's report (HTML and PDF)",
        description="Write the month's Quality Assurance Framework report: "
        "qaf-report-YYYY-MM.html (one self-contained file) and qaf-report-YYYY-MM.pdf (A4, tagged).",
        epilog="Exit codes: 0 written; 2 a mistake to fix (an option, a month after the end of "
        "the data, a commentary file QAF cannot read); 3 some indicators failed (named on stderr "
        "and in the report) and the report was written without them.",
    )
    parser.add_argument("--month", required=True, help="the month to report, YYYY-MM")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--data", type=Path, help="report straight from an input folder")
    where.add_argument("--warehouse", help="report from a loaded warehouse (an Ibis URL)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the files into")
    parser.add_argument(
        "--external",
        action="store_true",
        help="the variant for sharing outside the council: counts of 1 to 5 shown as c, with "
        "secondary suppression; files end -external",
    )
    parser.add_argument(
        "--commentary",
        type=Path,
        metavar="FILE",
        help="Markdown with one entry per section, each under a heading such as '## 1.2'",
    )
    parser.add_argument(
        "--benchmarks",
        metavar="MODEL",
        help="statistical neighbours: sn2025 (default), sn2021 or old LA codes (879,880,881)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here so that `qaf --help` does not load ibis, pandas, rich and WeasyPrint.
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from qaf.commands.indicators import open_data
    from qaf.indicators.beside import parse_model
    from qaf.indicators.months import Month
    from qaf.report import commentary
    from qaf.report.build import STAGES, write_report

    month = Month.parse(args.month)
    model = parse_model(args.benchmarks)
    notes = commentary.read(args.commentary) if args.commentary else None
    if args.out.exists() and not args.out.is_dir():
        raise QafError(f"--out {args.out} is a file; give a folder to write the report into")
    source = open_data(args, settings)
    show = not args.quiet and sys.stderr.isatty()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} stages"),
        TimeElapsedColumn(),
        disable=not show,
        transient=True,
    ) as bar:
        task = bar.add_task("Starting", total=len(STAGES))
        done: list[str] = []

        def stage(name: str) -> None:
            if done:
                bar.update(task, advance=1)
            done.append(name)
            bar.update(task, description=f"Report: {name}")

        files = write_report(
            source,
            month,
            settings,
            args.out,
            external=args.external,
            commentary=notes,
            benchmarks=model,
            progress=stage,
            warehouse_url=None if args.data is not None else (args.warehouse or settings.warehouse),
        )
        bar.update(task, advance=1)
    if not args.quiet:
        print(f"Wrote {files.html} and {files.pdf}")
    for failed in files.failures:
        print(f"qaf report: {failed} failed; the report was written without it", file=sys.stderr)
    return EXIT_INDICATOR_FAILED if files.failures else 0
