"""`qaf serve`: the web service in production settings (migrate, collect static files, gunicorn)."""

from __future__ import annotations

import argparse
from typing import Any

from qaf.config import Settings
from qaf.web.server import DEFAULT_BIND, DEFAULT_WORKERS


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run the web service (gunicorn, production settings)",
        description=(
            "Migrate the app database, collect static files, then serve the web service with "
            "gunicorn. Production settings: put a TLS proxy in front (docs/web.md)."
        ),
    )
    parser.add_argument(
        "--bind", default=DEFAULT_BIND, help=f"address:port (default {DEFAULT_BIND})"
    )
    parser.add_argument(
        "--workers", type=int, default=DEFAULT_WORKERS, help=f"gunicorn workers ({DEFAULT_WORKERS})"
    )
    parser.add_argument(
        "--http",
        action="store_true",
        help="plain HTTP with no TLS proxy in front (this machine only): no HTTPS redirect",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from qaf.web.server import serve

    serve(settings, bind=args.bind, workers=args.workers, http=args.http)
    return 0  # not reached: gunicorn replaces this process
