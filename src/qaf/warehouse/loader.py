"""The warehouse's public operations: check a folder, load it as a new version, open, list, roll back."""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import ibis
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from qaf.config import Settings
from qaf.errors import Interrupted, QafError
from qaf.warehouse import guards
from qaf.warehouse.coverage import Coverage
from qaf.warehouse.read import Unreadable, scan
from qaf.warehouse.report import LoadReport
from qaf.warehouse.schema import Source
from qaf.warehouse.specs import SPECS
from qaf.warehouse.store import (
    DUCKDB_CONFIG,
    VersionInfo,
    Warehouse,
    data_version,
    interrupted,
    redact,
)
from qaf.warehouse.validate import check_folder

# Bump when parsing rules change, so that the same files load again under the new rules.
PARSER_VERSION = "2"
_HASH_BLOCK = 1 << 20


def content_hash(path: Path, settings: Settings) -> str:
    """What a load's result depends on: the table files' bytes and the rules that read them."""
    digest = hashlib.sha256(f"qaf-loader {PARSER_VERSION}\n".encode())
    digest.update(json.dumps(list(settings.load.missing_dates)).encode())
    folder = scan(path)
    for table, file in sorted(folder.tables.items()):
        digest.update(f"\n{table}{file.suffix.lower()}\n".encode())
        with file.open("rb") as handle:
            while block := handle.read(_HASH_BLOCK):
                digest.update(block)
    for table, names in sorted(folder.clashes.items()):
        digest.update(f"\nclash {table} {names}\n".encode())
    return digest.hexdigest()


def _folder(path: Path | str) -> Path:
    folder = Path(path)
    if not folder.is_dir():
        raise QafError(f"{folder} is not a folder (expected a folder of <table>.csv files)")
    return folder


@contextmanager
def _progress(enabled: bool) -> Iterator[Progress]:
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
        disable=not enabled,
    )
    with progress:
        yield progress


def _check(path: Path, settings: Settings, progress: Progress) -> tuple[dict, LoadReport]:
    task = progress.add_task("Checking tables", total=len(SPECS))

    def step(name: str) -> None:
        progress.update(task, advance=1, description=f"Checking {name}")

    try:
        return check_folder(path, settings, step)
    except Unreadable as exc:
        raise QafError(str(exc)) from exc
    finally:
        progress.remove_task(task)


def read_folder(path: Path, settings: Settings) -> tuple[Source, LoadReport]:
    """Parse and check a folder into an in-memory DuckDB; no stored warehouse is touched.

    Raises QafError with the report's message when the folder would be rejected."""
    folder = _folder(path)
    with _progress(False) as progress:
        tables, report = _check(folder, settings, progress)
    if report.rejected:
        raise QafError(report.message)
    report.content_hash = content_hash(folder, settings)
    report.data_version = f"folder:{report.content_hash[:12]}"
    backend = ibis.duckdb.connect(**DUCKDB_CONFIG)
    con = backend.con
    for name, data in tables.items():
        con.register("_qaf_incoming", data)
        con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _qaf_incoming')
        con.unregister("_qaf_incoming")
    source_tables = {spec.name: backend.table(spec.name).select(*spec.names) for spec in SPECS}
    coverage = Coverage.from_dict(report.coverage)
    return Source(backend, source_tables, report.data_version, {"report": report}, coverage), report


def _guard_drops(
    report: LoadReport, current: VersionInfo | None, settings: Settings, accept_drop: bool
) -> None:
    """Refuse a load that would replace a fuller version with an emptier one, unless accepted.

    check_folder has already refused a required table with no rows (report.drops); this adds the
    tables that fall against the current version, and lets `accept_drop` take both back."""
    previous: dict = {}
    if current is not None:
        with contextlib.suppress(ValueError, TypeError, AttributeError):
            previous = guards.previous_tables(json.loads(current.report))
    drops = report.drops + guards.row_drops(report, previous, settings.load.max_row_drop_pct)
    report.drops = drops
    if not drops:
        return
    others = [reason for reason in report.reasons if reason not in drops]
    if accept_drop:
        report.notes += [f"accepted with --accept-drop: {drop}" for drop in drops]
        report.reasons = others
        report.status = "rejected" if others else "checked"
    else:
        # First: an empty or shrunken table is often the root of the other reasons.
        report.reasons = drops + others
        report.status = "rejected"
        report.accept_drop_hint = True


def load_folder(
    path: Path | str,
    url: str,
    settings: Settings,
    progress: bool = True,
    accept_drop: bool = False,
) -> LoadReport:
    """Check a folder and, unless rejected, store it as the warehouse's new current version.

    A rejected folder changes nothing; the same files as the current version change nothing.
    `accept_drop` lets a load through whose tables fall sharply (guards.row_drops)."""
    folder = _folder(path)
    console = Console(stderr=True)
    warehouse = Warehouse(url, create=True)
    try:
        warehouse.lock()
        warehouse.clean_up()
        digest = content_hash(folder, settings)
        current = warehouse.current()
        if current is not None and current.content_hash == digest:
            report = LoadReport.from_dict(json.loads(current.report))
            report.status = "unchanged"
            report.folder = str(folder)
            return report
        with _progress(progress) as bar:
            tables, report = _check(folder, settings, bar)
            report.content_hash = digest
            _guard_drops(report, current, settings, accept_drop)
            if report.rejected:
                return report
            version = warehouse.begin(digest)
            report.version = version
            report.data_version = data_version(version, digest)
            report.status = "loaded"
            try:
                if progress:
                    console.print(f"Writing version {version} to {redact(url)}")
                task = bar.add_task("Storing", total=len(tables))
                for name, data in tables.items():
                    bar.update(task, description=f"Storing {name}")
                    warehouse.write(version, name, data)
                    bar.advance(task)
                warehouse.publish(version, json.dumps(report.to_dict(), default=str))
            except (KeyboardInterrupt, Exception) as exc:
                # A full disk, a dropped connection, a quota, Ctrl-C: the person's to fix or
                # choice, not a bug; undone unless the swap had already made it current.
                if not _abandon_quietly(warehouse, version):
                    report.notes.append(
                        f"after the new version was made current: {_first_line(exc)}"
                    )
                elif interrupted(exc):
                    raise Interrupted(
                        f"interrupted while writing version {version}; {_unchanged(current)}"
                    ) from exc
                else:
                    raise QafError(
                        f"could not write version {version} to {redact(url)}: "
                        f"{_first_line(exc)}; {_unchanged(current)}"
                    ) from exc
        # Committed: from here on nothing may turn the load into a failure.
        try:
            dropped = warehouse.prune(settings.load.keep_versions)
        except Exception as exc:
            report.notes.append(
                f"older versions not removed ({_first_line(exc)}); the next load tries again"
            )
        else:
            if dropped:
                report.notes.append(f"older versions removed: {', '.join(map(str, dropped))}")
        return report
    finally:
        warehouse.close()


def _unchanged(current: VersionInfo | None) -> str:
    if current is None:
        return "nothing was changed (nothing is loaded yet)"
    return f"nothing was changed: version {current.version} is still current"


def _first_line(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _abandon_quietly(warehouse: Warehouse, version: int) -> bool:
    """Undo a load that failed part-way; False when it had already been made current (so it
    committed, and must be reported as loaded)."""
    try:
        return warehouse.abandon(version)
    except Exception:
        # Whatever is left, the next load's clean-up removes; the version was never made current
        # unless the swap ran, and a swap that ran is seen by the next reader anyway.
        return True
