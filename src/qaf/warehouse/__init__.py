"""The warehouse: table specs, parsing and checking input folders, versioned loads.

Public API: `read_folder`, `load_folder`, `open_source`, `list_versions`, `rollback`."""

from qaf.warehouse.coverage import Coverage
from qaf.warehouse.loader import list_versions, load_folder, open_source, read_folder, rollback
from qaf.warehouse.report import Change, LoadReport, Problem, TableReport
from qaf.warehouse.store import VersionInfo

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
