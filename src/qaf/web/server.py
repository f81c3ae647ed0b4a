"""Running the web service: settings from QAF's, the app database migrated, static files collected,
then gunicorn. `qaf serve` and `qaf demo` both come through here."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from qaf.config import Settings
from qaf.errors import QafError

DEFAULT_BIND = "127.0.0.1:8000"
# Two workers suit the small machines QAF runs on; gunicorn's docs suggest 2-4 per core.
DEFAULT_WORKERS = 2
DEFAULT_COUNCIL = "Children's Services"


def council_name(settings: Settings) -> str:
    """The loaded council's name (qaf_council.la_name), or a plain default before any load."""
    try:
        from qaf.warehouse import open_source

        source = open_source(settings.warehouse)
    except Exception:  # no warehouse yet, or one this version cannot open: the header still works
        return DEFAULT_COUNCIL
    try:
        names = source.execute(source.table("qaf_council").la_name)
        return str(names.iloc[0]) if len(names) else DEFAULT_COUNCIL
    finally:
        source.backend.disconnect()


def environment(settings: Settings, http: bool = False) -> dict[str, str]:
    """The variables qaf.web.settings reads, from QAF's settings where the user has not set them."""
    env = {
        "DJANGO_SETTINGS_MODULE": "qaf.web.settings",
        "QAF_DATA_DIR": str(settings.data_dir.resolve()),
    }
    if "QAF_WEB_COUNCIL_NAME" not in os.environ:
        env["QAF_WEB_COUNCIL_NAME"] = council_name(settings)
    if http:
        # Plain HTTP on this machine, no TLS proxy in front: no HTTPS redirect or secure cookies.
        env["QAF_WEB_HTTPS"] = "0"
    return env


def configure(settings: Settings, http: bool = False) -> None:
    """Set up Django in this process with QAF's settings."""
    os.environ.update(environment(settings, http))
    import django

    django.setup()


def prepare(verbosity: int = 0) -> None:
    """Bring the app database up to date and collect the static files (hashed, compressed)."""
    from django.core.management import call_command

    from qaf.web import build_assets

    if build_assets.GOVUK.exists():
        build_assets.build()
    elif not (build_assets.STATIC / "qaf.css").exists():
        raise QafError("the stylesheet is not built and node_modules is missing: run ./do setup")
    call_command("migrate", interactive=False, verbosity=verbosity)
    call_command("collectstatic", interactive=False, verbosity=verbosity)


def gunicorn_command(bind: str, workers: int) -> list[str]:
    if workers < 1:
        raise QafError(f"--workers {workers}: give at least 1")
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "qaf.web.wsgi:application",
        f"--bind={bind}",
        f"--workers={workers}",
        "--access-logfile=-",
        # One-time feedback tokens stay out of the log (qaf.web.access_log).
        "--logger-class=qaf.web.access_log.RedactingLogger",
        # Workers load the app after forking: each opens its own database connections.
        "--worker-tmp-dir=/dev/shm" if Path("/dev/shm").is_dir() else "--worker-tmp-dir=/tmp",
    ]


def run_gunicorn(bind: str, workers: int) -> Any:
    """Replace this process with gunicorn (signals, such as Ctrl-C, then reach it directly)."""
    command = gunicorn_command(bind, workers)
    plural = "s" if workers > 1 else ""
    print(f"Serving on http://{bind}/ with {workers} gunicorn worker{plural} (Ctrl-C stops it)")
    sys.stdout.flush()
    os.execv(command[0], command)


def serve(
    settings: Settings,
    bind: str = DEFAULT_BIND,
    workers: int = DEFAULT_WORKERS,
    http: bool = False,
) -> None:
    """Migrate, collect static files, then run gunicorn in production settings. Never returns."""
    configure(settings, http=http)
    prepare()
    if not http:
        print(
            "Production settings: plain HTTP is redirected to HTTPS, which a TLS proxy in front "
            "must provide (docs/web.md); for this machine alone, run `qaf serve --http`."
        )
    run_gunicorn(bind, workers)
