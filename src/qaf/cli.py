"""The `qaf` command. Each subcommand lives in `qaf.commands.<name>` with `register(subparsers)`.

Registering a command imports only its module, which keeps ibis, pandas, pyarrow, duckdb and rich
inside its `run` function: `qaf --help` then starts in a fraction of the time a computation needs."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from qaf.config import load_settings
from qaf.errors import QafError

COMMANDS = ("synth", "load", "versions", "indicators", "report", "demo", "serve")

# What a shell reports for a writer whose reader went away (128 + SIGPIPE), as `yes | head` does.
EXIT_READER_GONE = 141
# A file or folder QAF could not read or write (permissions, a full disk, a missing folder).
EXIT_FILE_PROBLEM = 1


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
    try:
        try:
            return _run(argv)
        finally:
            # Flushed here, not at exit, so a closed pipe (`qaf indicators ... | head -1`) is
            # caught below instead of printing "Exception ignored" as Python shuts down.
            sys.stdout.flush()
    except BrokenPipeError:
        _discard_stdout()
        return EXIT_READER_GONE


def _run(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        code: int = args.run(args, settings)
        return code
    except QafError as exc:
        print(f"qaf {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        raise
    except OSError as exc:
        print(f"qaf {args.command}: {_describe(exc)}", file=sys.stderr)
        return EXIT_FILE_PROBLEM
    except KeyboardInterrupt:
        print(f"qaf {args.command}: interrupted", file=sys.stderr)
        return 130


def _describe(exc: OSError) -> str:
    """'cannot use out/x.json: Permission denied' rather than a traceback."""
    name = exc.filename if exc.filename is not None else "a file"
    return f"cannot use {name}: {exc.strerror or exc}; check the path and its permissions"


def _discard_stdout() -> None:
    """Point standard output at /dev/null so Python's own flush at exit has nowhere to fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        # stdout is not a real file (a test's capture): nothing is flushed to a pipe at exit.
        pass


if __name__ == "__main__":
    sys.exit(main())
