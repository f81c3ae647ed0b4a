"""The warehouse: table specs, parsing and checking input folders, versioned loads.

Public API: `read_folder`, `load_folder`, `open_source`, `list_versions`, `rollback`.

Each name is imported from its module when first asked for, so that a reader of a warehouse
(`open_source`) does not load the loader's parsing, checks and progress bars (65 ms of every
`qaf indicators` process)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qaf.warehouse.coverage import Coverage
    from qaf.warehouse.loader import load_folder, read_folder
    from qaf.warehouse.report import Change, LoadReport, Problem, TableReport
    from qaf.warehouse.store import VersionInfo
    from qaf.warehouse.versions import list_versions, open_source, rollback

_HOMES = {
    "Change": "report",
    "Coverage": "coverage",
    "LoadReport": "report",
    "Problem": "report",
    "TableReport": "report",
    "VersionInfo": "store",
    "list_versions": "versions",
    "load_folder": "loader",
    "open_source": "versions",
    "read_folder": "loader",
    "rollback": "versions",
}

__all__ = [
    "Change",
    "Coverage",
    "LoadReport",
    "Problem",
    "TableReport",
    "VersionInfo",
    "list_versions",
    "load_folder",
    "open_source",
    "read_folder",
    "rollback",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        # Not a name of ours: `from qaf.warehouse import codes` then imports the submodule.
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
