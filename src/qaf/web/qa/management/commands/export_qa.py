"""`python -m qaf.web.manage export_qa --out DIR`: the app's QA records as the four qaf_ files,
for `qaf load DIR` (beside the case records) or `qaf indicators --data DIR`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qaf.web.qa import exports


class Command(BaseCommand):
    help = (
        "Write the QA records as qaf_audits, qaf_feedback, qaf_iru_meetings, qaf_iru_reviews CSVs"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="the folder to write into")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        if out.exists() and not out.is_dir():
            raise CommandError(f"{out} is a file; give a folder to write the qaf_ files into")
        try:
            tables = exports.all_rows()
            paths = exports.write_folder(out, tables)
        except OSError as exc:
            raise CommandError(f"cannot write to {out}: {exc.strerror or exc}") from exc
        for path in paths:
            rows = len(tables[path.stem])
            self.stdout.write(f"{path}: {rows} row{'s' if rows != 1 else ''}")
