"""`python -m qaf.web.manage import_qa --from DIR`: the folder's qaf_audits, qaf_feedback,
qaf_iru_meetings and qaf_iru_reviews files imported as the web pages import them (checked whole,
refused whole, each record in the trail as an import). Feedback forms and IRU records get their
team from the loaded warehouse where they have none (teams_from_data); those left without one are
counted by reason. `qaf demo` imports the synthetic council's QA forms the same way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qaf.web.qa.imports import ImportRefused, import_folder


class Command(BaseCommand):
    help = "Import a folder's qaf_ QA files (.csv or .xlsx) into the app"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="folder", required=True, type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder")
        try:
            outcomes = import_folder(folder)
        except ImportRefused as exc:
            raise CommandError("\n".join([str(exc), *exc.problems])) from exc
        if not outcomes:
            raise CommandError(f"{folder} holds no qaf_audits, qaf_feedback or qaf_iru_ file")
        for name, outcome in outcomes.items():
            # One line per file, then what it could not do (records left without a team).
            self.stdout.write(
                f"{name}: {outcome.created} new, {outcome.updated} changed, "
                f"{outcome.unchanged} unchanged"
            )
            for note in outcome.notes:
                self.stdout.write(f"  {note}")
