"""`qaf versions`: list the loaded versions of the warehouse; `qaf versions rollback N`."""

from __future__ import annotations

import argparse
import re
from typing import Any

from qaf.config import Settings
from qaf.errors import QafError

_VERSION = re.compile(r"^v?(\d+)(?::[0-9a-f]*)?$")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "versions",
        help="list loaded versions, or roll back to one",
        description="List the warehouse's kept versions (the current one marked), or make an "
        "earlier one current again with `qaf versions rollback VERSION`.",
    )
    parser.add_argument("action", nargs="?", choices=("list", "rollback"), default="list")
    parser.add_argument("version", nargs="?", help="for rollback: a version number (7 or v7)")
    parser.add_argument("--warehouse", metavar="URL", help="warehouse URL (default: settings)")
    parser.set_defaults(run=run)


def parse_version(text: str) -> int:
    match = _VERSION.match(text.strip().lower())
    if not match:
        raise QafError(f"{text!r} is not a version; use a number from `qaf versions` (e.g. 7)")
    return int(match.group(1))


def run(args: argparse.Namespace, settings: Settings) -> int:
    from rich.console import Console
    from rich.table import Table

    from qaf.warehouse import list_versions, rollback

    url = args.warehouse or settings.warehouse
    console = Console()
    if args.action == "rollback":
        if not args.version:
            raise QafError("which version? use `qaf versions rollback VERSION`")
        info = rollback(url, parse_version(args.version))
        console.print(f"Version {info.version} ({info.data_version}) is now current.")
        return 0
    if args.version:
        raise QafError("a version is only given with `rollback`")
    versions = list_versions(url)
    if not versions:
        console.print("No versions loaded yet (run `qaf load DIR`).")
        return 0
    table = Table(title="Warehouse versions", title_justify="left")
    for name in ("", "version", "data version", "loaded at (UTC)", "rows"):
        table.add_column(name)
    for info in reversed(versions):
        rows = info.rows
        table.add_row(
            "current" if info.is_current else "",
            str(info.version),
            info.data_version,
            info.created,
            "" if rows is None else f"{rows:,}",
        )
    console.print(table)
    return 0
