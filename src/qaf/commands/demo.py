"""`qaf demo`: the synthetic council end to end, on the embedded defaults, then the web service."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from qaf.config import Settings

STEPS = 5


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="build the synthetic council, load it, compute a month, write the report, serve",
        description=(
            "Build the synthetic council, load it into the warehouse, compute a month's "
            "indicators (JSON and CSV), write the report (HTML and PDF), then serve the web "
            "service on 127.0.0.1:8000 with one demo account per role."
        ),
    )
    parser.add_argument("--out", type=Path, default=Path("out"), help="folder for the results")
    parser.add_argument("--month", default="2016-09")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--bind", default="127.0.0.1:8000", help="where the web service listens (address:port)"
    )
    parser.add_argument(
        "--no-serve",
        action="store_true",
        help="stop after writing the files (do not start the web service)",
    )
    parser.set_defaults(run=run)


def step(number: int, text: str) -> None:
    print(f"{number}/{STEPS} {text}", flush=True)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from qaf import synth, warehouse
    from qaf.commands.summary import show_headlines
    from qaf.indicators.months import Month
    from qaf.indicators.output import to_csv
    from qaf.report import build

    month = Month.parse(args.month)
    folder = args.out / "synthetic-council"
    step(1, f"Writing the synthetic council to {folder}")
    synth.write_folder(folder, seed=args.seed, scale=args.scale)
    step(2, f"Loading it into {settings.warehouse}")
    # The demo replaces whatever it loaded before (perhaps at another scale): a fall is expected.
    report = warehouse.load_folder(folder, settings.warehouse, settings, accept_drop=True)
    print(f"    {report.summary()}")
    step(3, f"Computing {month}")
    source = warehouse.open_source(settings.warehouse)
    computed = build.compute(source, month, settings)
    args.out.mkdir(parents=True, exist_ok=True)
    json_path = args.out / f"qaf-indicators-{month}.json"
    json_path.write_text(json.dumps(computed.doc, indent=2) + "\n")
    (args.out / f"qaf-indicators-{month}.csv").write_text(to_csv(computed.result.rows))
    show_headlines(computed.doc)
    print(f"    {len(computed.doc['indicators'])} indicators in {json_path} (and .csv)")
    step(4, f"Writing the report for {month}")
    files = build.write_report(
        source, month, settings, args.out, computed=computed, warehouse_url=settings.warehouse
    )
    print(f"    {files.html}\n    {files.pdf}")
    if args.no_serve:
        step(5, "Not serving (--no-serve): `uv run qaf serve --http` starts the web service")
        return 0
    step(5, "Starting the web service with the synthetic council's teams and QA records")
    from qaf.web import demo

    demo.start(settings, bind=args.bind, qa_folder=folder)
    return 0  # not reached: the server runs until Ctrl-C
