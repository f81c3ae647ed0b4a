"""`qaf synth`: write the synthetic council's input folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from qaf.config import Settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "synth",
        help="write a synthetic input folder",
        description="Write a synthetic council's input folder: every SSD and qaf_ table as CSV, "
        "calibrated to the profile's real report. Same seed, same bytes.",
    )
    parser.add_argument("--out", type=Path, required=True, help="folder to write (created)")
    # No `choices=`: listing the profiles would import the whole generator just to print help.
    # An unknown profile is refused by name, with the known ones, when the command runs.
    parser.add_argument(
        "--profile", default="devon-2016", help="the council to imitate (default devon-2016)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--scale", type=float, default=1.0, help="volume multiplier (default 1)")
    parser.add_argument(
        "--messy",
        action="store_true",
        help="also write the real-world variations the loader must accept",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from qaf.synth import write_folder

    summary = write_folder(
        args.out,
        profile=args.profile,
        seed=args.seed,
        scale=args.scale,
        messy=args.messy,
        progress=not args.quiet and sys.stderr.isatty(),
    )
    style = " (messy)" if summary.messy else ""
    print(
        f"Wrote {len(summary.files)} files, {summary.total_rows:,} rows{style} to "
        f"{summary.folder} in {summary.elapsed:.1f}s "
        f"(profile {summary.profile}, seed {summary.seed}, scale {summary.scale:g})."
    )
    for name in (
        "ssd_contacts",
        "ssd_cin_episodes",
        "ssd_cp_plans",
        "ssd_cla_episodes",
        "ssd_involvements",
        "qaf_audits",
    ):
        print(f"  {name:<22} {summary.rows[name]:>10,}")
    return 0
