"""The `qaf` command. Each subcommand lives in `qaf.commands.<name>` with `register(subparsers)`."""

from __future__ import annotations

import argparse
import importlib
import sys

from qaf.config import load_settings
from qaf.errors import QafError

COMMANDS = ("synth", "load", "versions", "indicators", "demo")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qaf",
        description="QAF: children's social care Quality Assurance Framework.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"qaf.commands.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        code: int = args.run(args, settings)
        return code
    except QafError as exc:
        print(f"qaf {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"qaf {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
