"""A loaded warehouse's versions: open the current one as a Source, list them, roll back.

Apart from the loader, so that reading a warehouse (every `qaf indicators`, `qaf report` and
web request) does not import the loader's parsing, checks and progress bars."""

from __future__ import annotations

import json

import ibis

from qaf.errors import QafError
from qaf.warehouse.coverage import Coverage
from qaf.warehouse.schema import LazyTables, Source
from qaf.warehouse.specs import TABLES
from qaf.warehouse.store import VersionInfo, Warehouse, redact


def open_source(url: str) -> Source:
    """The current version of a loaded warehouse, as a Source (read-only: many can share it)."""
    warehouse = Warehouse(url, create=False, read_only=True)
    current = warehouse.current()
    if current is None:
        warehouse.close()
        raise QafError(f"nothing is loaded yet in {redact(url)} (run `qaf load DIR` first)")
    version = current.version

    def open_table(name: str) -> ibis.Table:
        return warehouse.table(version, name).select(*TABLES[name].names)

    tables = LazyTables(TABLES, open_table)
    return Source(
        warehouse.backend,
        tables,
        current.data_version,
        {"version": current.version, "created": current.created},
        _stored_coverage(current.report),
    )


def _stored_coverage(report_json: str) -> Coverage | None:
    # Versions loaded before coverage was recorded have none.
    try:
        return Coverage.from_dict(json.loads(report_json).get("coverage"))
    except (ValueError, AttributeError):
        return None


def list_versions(url: str) -> list[VersionInfo]:
    """Loaded versions, oldest first (only complete ones)."""
    warehouse = Warehouse(url, create=False, read_only=True)
    try:
        return [v for v in warehouse.versions() if v.status == "ready"]
    finally:
        warehouse.close()


def rollback(url: str, version: int) -> VersionInfo:
    """Make a kept version current again."""
    warehouse = Warehouse(url, create=False)
    try:
        warehouse.lock()
        ready = {v.version: v for v in warehouse.versions() if v.status == "ready"}
        if version not in ready:
            kept = ", ".join(str(v) for v in sorted(ready)) or "none"
            raise QafError(f"version {version} is not kept in {redact(url)} (kept: {kept})")
        warehouse.swap(version)
        return warehouse.current() or ready[version]
    finally:
        warehouse.close()
