"""`qaf indicators`: compute a month's indicators and print them as JSON or CSV."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qaf.config import Settings

# Exit code when some indicators failed and the rest were written (2 is a user's mistake).
EXIT_INDICATOR_FAILED = 3

if TYPE_CHECKING:
    from qaf.warehouse.schema import Source


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "indicators",
        help="compute a month's indicators",
        description="Compute a month's indicators (and each month of its financial year to date).",
        epilog="Exit codes: 0 all computed; 2 a mistake to fix (an option, or a month after the "
        "end of the data); 3 some indicators failed (named on stderr and in the JSON's failures) "
        "while every other one was written.",
    )
    parser.add_argument("--month", help="the month to report, YYYY-MM (for example 2016-09)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--data", type=Path, help="compute straight from an input folder")
    where.add_argument("--warehouse", help="compute from a loaded warehouse (an Ibis URL)")
    parser.add_argument("--format", choices=("json", "csv"), default="json")
    parser.add_argument("--only", help="comma-separated indicator ids")
    parser.add_argument("--out", type=Path, help="write to this file instead of standard output")
    parser.add_argument(
        "--list", action="store_true", help="list the registered indicators and stop"
    )
    parser.add_argument(
        "--benchmarks",
        metavar="MODEL",
        help="statistical neighbours for the benchmarks: sn2025 (the DfE's 2025 model, the "
        "default), sn2021 (April 2021 groupings) or old LA codes such as 879,880,881",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(run=run)


def open_data(args: argparse.Namespace, settings: Settings) -> Source:
    """The Source to compute from: an input folder (--data) or a loaded warehouse."""
    from qaf import warehouse

    if args.data is not None:
        source, _report = warehouse.read_folder(args.data, settings)
        return source
    return warehouse.open_source(args.warehouse or settings.warehouse)


def run(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here so that `qaf --help` does not load ibis, pandas and rich.
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from qaf.indicators.beside import beside, parse_model
    from qaf.indicators.compute import compute_all, select
    from qaf.indicators.months import Month
    from qaf.indicators.output import to_csv, to_json

    if args.list:
        for ind in select():
            print(f"{ind.id:40} {ind.unit:13} {ind.title}")
        return 0
    if not args.month:
        from qaf.errors import QafError

        raise QafError("--month YYYY-MM is required (for example --month 2016-09)")
    month = Month.parse(args.month)
    model = parse_model(args.benchmarks)
    only = args.only.split(",") if args.only else None
    chosen = select(only)
    source = open_data(args, settings)
    show = not args.quiet and sys.stderr.isatty()
    with Progress(
        TextColumn("Computing indicators"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        disable=not show,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=len(chosen))
        # A month after the data's end is refused (exit 2) before anything is computed.
        result = compute_all(
            source,
            month,
            settings,
            only=[i.id for i in chosen],
            progress=lambda ind: bar.update(task, advance=1, description=ind.id),
            refuse_after_end=True,
            # The signals' earlier months feed the JSON's charts only: CSV leaves them out.
            signals=args.format == "json",
        )
    if args.format == "json":
        extra, notes = beside(source, result, month, model)
        doc = to_json(result.rows, month, source.data_version, result, extra, notes)
        text = json.dumps(doc, indent=2) + "\n"
    else:
        text = to_csv(result.rows)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text)
    else:
        sys.stdout.write(text)
    # Every other indicator is still written; the failed ones are named here and in the JSON.
    for failure in result.failures:
        print(f"qaf indicators: {failure.indicator_id} failed: {failure.reason}", file=sys.stderr)
    return EXIT_INDICATOR_FAILED if result.failures else 0
