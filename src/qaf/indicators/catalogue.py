"""Imports every section module so that its indicators register."""

from __future__ import annotations

import importlib
import pkgutil

from qaf.indicators import sections

for _module in sorted(m.name for m in pkgutil.iter_modules(sections.__path__)):
    if not _module.startswith("_"):
        importlib.import_module(f"{sections.__name__}.{_module}")
