"""`qaf demo`: the synthetic council end to end, on the embedded defaults."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from qaf.config import Settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="build the synthetic council, load it, compute September 2016",
        description="Build the synthetic council, load it into the warehouse and compute a month.",
    )
    parser.add_argument("--out", type=Path, default=Path("out"), help="folder for the results")
    parser.add_argument("--month", default="2016-09")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from qaf import synth, warehouse
    from qaf.commands.summary import show_headlines
    from qaf.indicators.compute import compute
    from qaf.indicators.months import Month
    from qaf.indicators.output import to_csv, to_json

    month = Month.parse(args.month)
    folder = args.out / "synthetic-council"
    print(f"1/3 Writing the synthetic council to {folder}")
    synth.write_folder(folder, seed=args.seed, scale=args.scale)
    print(f"2/3 Loading it into {settings.warehouse}")
    # The demo replaces whatever it loaded before (perhaps at another scale): a fall is expected.
    report = warehouse.load_folder(folder, settings.warehouse, settings, accept_drop=True)
    print(f"    {report.summary()}")
    print(f"3/3 Computing {month}")
    source = warehouse.open_source(settings.warehouse)
    results = compute(source, month, settings)
    args.out.mkdir(parents=True, exist_ok=True)
    json_path = args.out / f"qaf-indicators-{month}.json"
    doc = to_json(results, month, source.data_version)
    json_path.write_text(json.dumps(doc, indent=2) + "\n")
    show_headlines(doc)
    (args.out / f"qaf-indicators-{month}.csv").write_text(to_csv(results))
    print(f"Done: {results['indicator_id'].nunique()} indicators in {json_path} (and .csv)")
    return 0
