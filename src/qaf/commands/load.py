"""`qaf load DIR`: check an input folder and load it as the warehouse's new current version."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from qaf.config import Settings

# Exit code when the folder is rejected (interfaces.md section 2), the same as a user's mistake.
REJECTED = 2
# The load was stored, but a report file could not be written: not 2, which means nothing changed.
REPORT_NOT_WRITTEN = 1


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "load",
        help="check an input folder and load it into the warehouse",
        description="Check an input folder (one <table>.csv, .parquet or .xlsx per table) and "
        "load it as a new version of the warehouse. Exit 0 when loaded or already loaded; "
        "1 when loaded but a report file could not be written; 2 when rejected or not stored "
        "(nothing is changed); 130 when interrupted (nothing is changed).",
    )
    parser.add_argument("folder", type=Path, metavar="DIR", help="the input folder")
    parser.add_argument("--warehouse", metavar="URL", help="warehouse URL (default: settings)")
    parser.add_argument(
        "--report-json", type=Path, metavar="FILE", help="also write the full load report as JSON"
    )
    parser.add_argument(
        "--report-dir",
        type=Path,
        metavar="DIR",
        help="also write the report as a data-quality page (load-report.html) and a sheet for "
        "Excel (load-report.csv) into DIR",
    )
    parser.add_argument(
        "--accept-drop",
        action="store_true",
        help="load even when a table has fewer rows than the current version by more than "
        "load.max_row_drop_pct, or a required table has none (the report still lists them)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here so that `qaf --help` does not load ibis, pandas and rich.
    from rich.console import Console

    from qaf.warehouse import load_folder
    from qaf.warehouse.quality_page import write_pages
    from qaf.warehouse.report import render

    url = args.warehouse or settings.warehouse
    report = load_folder(args.folder, url, settings, progress=True, accept_drop=args.accept_drop)
    # Piped or logged output gets a width the table fits in, not the 80-column default.
    console = Console() if sys.stdout.isatty() else Console(width=120)
    render(report, console)
    failed = []
    try:
        if args.report_json:
            args.report_json.parent.mkdir(parents=True, exist_ok=True)
            args.report_json.write_text(report.to_json())
        if args.report_dir:
            for page in write_pages(report, args.report_dir):
                console.print(f"Wrote {page}", highlight=False)
    except OSError as exc:
        failed.append(f"cannot write {exc.filename or 'the report'}: {exc.strerror or exc}")
    if report.rejected:
        if failed:
            print(f"qaf load: {failed[0]}", file=sys.stderr)
        return REJECTED
    if failed:
        # The load itself is stored: say so, and do not claim that nothing changed.
        print(f"qaf load: {report.summary()} But {failed[0]}", file=sys.stderr)
        return REPORT_NOT_WRITTEN
    return 0
