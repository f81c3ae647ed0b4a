"""Import a qaf_ file into the app. The file is checked first by the warehouse's own table check
(the same parsing and cell rules as `qaf load`), then against what the app knows (standards,
teams, themes); any problem refuses the whole file, naming its row and column, and nothing is
written. Each record is written through the trail, so imports are in the history like forms."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.db import models, transaction

from qaf.config import Settings, load_settings
from qaf.csvsafe import FORMULA_STARTS
from qaf.errors import QafError
from qaf.warehouse.report import ROW_CONVENTION, LoadReport
from qaf.warehouse.specs import TABLES as SPECS
from qaf.warehouse.table_check import Context, check_table
from qaf.web.accounts.models import Team, User
from qaf.web.qa import conf, trail
from qaf.web.qa.exports import AUDITS, FEEDBACK, GROUPS, MEETINGS, REVIEWS, THEME_SEPARATOR
from qaf.web.qa.models import (
    NOT_APPLICABLE,
    SCORES,
    AuditScore,
    AuditStandard,
    CaseAudit,
    FeedbackForm,
    FeedbackTheme,
    Meeting,
    ReviewForm,
)
from qaf.web.qa.teams_from_data import Found, Wanted, child_teams, worker_teams

SUFFIXES = (".csv", ".xlsx")
# Problems quoted in the refusal; the count says how many more there are.
PROBLEMS_SHOWN = 10
# Ids looked up per query when finding the records an import updates (SQLite's default limit on a
# query's parameters is 999 in older builds).
ID_QUERY_SLICE = 500
Numbered = list[tuple[int, dict[str, Any]]]
M = TypeVar("M", bound=models.Model)


class ImportRefused(QafError):
    """The file cannot be imported; `problems` each name a row and column where there is one."""

    def __init__(self, summary: str, problems: list[str] | None = None) -> None:
        super().__init__(summary)
        self.problems = problems or []


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # What the import could not do for some records, one line each ("3 feedback forms got no
    # team: worker not in qaf_staff"); the file was imported all the same.
    notes: list[str] = field(default_factory=list)

    def message(self, name: str) -> str:
        """The import's outcome in one line, for the page and the command line."""
        counts = f"{self.created} new, {self.updated} changed, {self.unchanged} unchanged"
        return "; ".join([f"{name} imported: {counts}", *self.notes])


@dataclass
class TeamLookup:
    """The teams of one import's records that have none, from the council's data
    (teams_from_data), and a count of those left without one, by reason. A record that already
    has a team keeps it: a manager may have set it."""

    noun: str
    find: Callable[[Iterable[Wanted], set[str], Settings], Found]
    wanted: dict[str, Wanted]
    settings: Settings
    found: Found = field(default_factory=Found)
    missing: Counter[str] = field(default_factory=Counter)

    def prepare(self, held: Mapping[str, Any]) -> None:
        """Look up, in one go, the teams of the records new to the app or held without one."""
        needed = [w for key, w in self.wanted.items() if key not in held or not held[key].team_id]
        app_teams = set(Team.objects.values_list("code", flat=True))
        self.found = self.find(needed, app_teams, self.settings)

    def apply(self, record: Any, key: str) -> None:
        if record.team_id:
            return
        record.team_id = self.found.teams.get(key)
        if record.team_id is None:
            self.missing[self.found.reason(key)] += 1

    def notes(self) -> list[str]:
        return [
            f"{n} {self.noun}{'s' if n != 1 else ''} got no team: {why}"
            for why, n in self.missing.most_common()
        ]


def _refuse(file: str, problems: list[str]) -> None:
    if problems:
        more = len(problems) - PROBLEMS_SHOWN
        shown = problems[:PROBLEMS_SHOWN] + ([f"and {more} more"] if more > 0 else [])
        raise ImportRefused(
            f"{file} was not imported ({len(problems)} problem"
            f"{'s' if len(problems) != 1 else ''}; {ROW_CONVENTION}); nothing was changed",
            shown,
        )


def read_upload(table: str, name: str, data: bytes, allow_empty: bool = False) -> Numbered:
    """The file's rows as the warehouse stores them, each with its row number; refused (naming
    row and column) on any problem the warehouse's check finds, or if too large."""
    limit = conf.import_max_bytes()
    if len(data) > limit:
        raise ImportRefused(
            f"{name} is {len(data) / 1e6:.1f} MB; the largest file accepted is "
            f"{limit / 1e6:.1f} MB. Split it by month and import each part"
        )
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportRefused(f"{name}: choose a .csv or .xlsx file (as the export writes)")
    spec = SPECS[table]
    report = LoadReport(folder=name)
    with tempfile.TemporaryDirectory(prefix="qaf-import-") as folder:
        path = Path(folder) / f"{table}{suffix}"
        path.write_bytes(data)
        ctx = Context(load_settings(), {}, dt.date.today())
        checked = check_table(spec, path, ctx, {}, report)
    problems = [p.message.replace(path.name, name, 1) for p in report.problems]
    extra = report.tables[table].extra_columns if table in report.tables else []
    problems += [f"{name}, column {c}: not a column of {table}" for c in extra]
    _refuse(name, problems)
    assert checked is not None
    rows = checked.data.to_pylist()
    if not rows and not allow_empty:
        raise ImportRefused(f"{name} has no rows under its header")
    numbers = [int(n) for n in checked.row_numbers.tolist()]
    return [
        (n, {k: _unsafe(v) for k, v in row.items()}) for n, row in zip(numbers, rows, strict=True)
    ]


def _unsafe(value: Any) -> Any:
    """Undo the export's Excel-safety apostrophe, so export then import gives the same text."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _where(file: str, row: int, column: str, found: Any, expected: str) -> str:
    shown = "" if found is None else f"found {str(found)!r}; "
    return f"{file}, row {row}, column {column}: {shown}{expected}"


def _team(
    teams: set[str], value: str | None, where: Callable[..., str], problems: list[str]
) -> None:
    if value and value not in teams:
        problems.append(where("team_id", value, "a team code the app knows (an admin adds teams)"))


def import_audits(file: str, rows: Numbered, user: Any, settings: Settings) -> Outcome:
    """Audits carry their team (qaf_audits.team_id), so no team is looked up."""
    standards = {s.code: s for s in AuditStandard.objects.all()}
    teams = set(Team.objects.values_list("code", flat=True))
    header_columns = ("case_type", "person_id", "team_id", "worker_id", "auditor", "audit_date")
    audits: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for n, row in rows:

        def where(column: str, found: Any, expected: str, n: int = n) -> str:
            return _where(file, n, column, found, expected)

        score = (row["score"] or "").strip().upper()
        if score not in (*SCORES, NOT_APPLICABLE):
            problems.append(where("score", row["score"], "a score 1 to 5, or NA (not applicable)"))
        code = (row["standard"] or "").strip()
        if code not in standards:
            known = ", ".join(standards)
            problems.append(where("standard", row["standard"], f"an audit standard: {known}"))
        _team(teams, row["team_id"], where, problems)
        header = {c: row[c] for c in header_columns}
        audit = audits.setdefault(row["audit_id"], {"row": n, "header": header, "scores": {}})
        for column in header_columns:
            if header[column] != audit["header"][column]:
                problems.append(
                    where(column, header[column], f"the same as row {audit['row']} of this audit")
                )
        if code in audit["scores"]:
            problems.append(where("standard", code, "each standard once per audit"))
        audit["scores"][code] = score
    _refuse(file, problems)
    usernames = {a["header"]["auditor"] for a in audits.values() if a["header"]["auditor"]}
    users = {u.get_username(): u for u in User.objects.filter(username__in=usernames)}

    def fill(record: CaseAudit, found: dict[str, Any]) -> None:
        head = found["header"]
        record.case_type = head["case_type"]
        record.child_id = head["person_id"] or ""
        record.team_id = head["team_id"]
        record.worker_id = head["worker_id"] or ""
        record.auditor = users.get(head["auditor"])
        record.auditor_name = "" if record.auditor else head["auditor"] or ""
        record.audit_date = head["audit_date"]

    def scores(record: CaseAudit, found: dict[str, Any]) -> Callable[[], None]:
        def write() -> None:
            record.scores.all().delete()
            AuditScore.objects.bulk_create(
                AuditScore(audit=record, standard=standards[c], score=s)
                for c, s in found["scores"].items()
            )

        return write

    def all_scores(made: list[CaseAudit]) -> None:
        AuditScore.objects.bulk_create(
            AuditScore(audit=a, standard=standards[c], score=v)
            for a in made
            for c, v in audits[a.audit_id]["scores"].items()
        )

    return _write(audits.items(), CaseAudit, "audit_id", user, fill, scores, all_scores)


def _held(model: type[M], id_field: str, ids: Iterable[str]) -> dict[str, M]:
    """The records the app already holds with these ids, by id: one query, not one per row."""
    wanted = list(ids)
    found: dict[str, M] = {}
    # In slices: SQLite limits the parameters of one query.
    for at in range(0, len(wanted), ID_QUERY_SLICE):
        chunk = wanted[at : at + ID_QUERY_SLICE]
        for record in model._default_manager.filter(**{f"{id_field}__in": chunk}):
            found[getattr(record, id_field)] = record
    return found


def _count(outcome: Outcome, record: Any, change: Any) -> None:
    if change is None:
        outcome.unchanged += 1
    elif change.action == change.CREATE:
        outcome.created += 1
    else:
        outcome.updated += 1


S = TypeVar("S")


def _write(
    pairs: Iterable[tuple[str, S]],
    model: type[M],
    id_field: str,
    user: Any,
    fill: Callable[[M, S], None],
    also_each: Callable[[M, S], Callable[[], None]] | None = None,
    also_new: Callable[[list[M]], None] | None = None,
    teams: TeamLookup | None = None,
) -> Outcome:
    """Each (id, what the file says of it) written through the trail, in one transaction: the
    records held already saved one by one (`also_each` gives what else each save writes), the new
    ones created together (then `also_new(them)`). With `teams`, a record left without a team by
    `fill` is given the one the council's data says, where it says one."""
    pairs = list(pairs)
    outcome = Outcome()
    held = _held(model, id_field, (key for key, _source in pairs))
    if teams is not None:
        teams.prepare(held)
    fresh: list[M] = []
    with transaction.atomic():
        for key, source in pairs:
            record = held.get(key) or model(**{id_field: key})
            before = record.snapshot() if record.pk else None  # type: ignore[attr-defined]
            fill(record, source)
            if teams is not None:
                teams.apply(record, key)
            if record.pk is None:
                fresh.append(record)
                continue
            also = also_each(record, source) if also_each else None
            change = trail.save(record, user, trail.IMPORT, also=also, before=before)  # type: ignore[arg-type]
            _count(outcome, record, change)
        outcome.created += len(trail.create_many(fresh, user, trail.IMPORT, also=also_new))  # type: ignore[type-var]
    if teams is not None:
        outcome.notes += teams.notes()
    return outcome


def import_feedback(file: str, rows: Numbered, user: Any, settings: Settings) -> Outcome:
    themes = {t.name.lower(): t for t in FeedbackTheme.objects.all()}
    problems: list[str] = []
    chosen: dict[str, list[FeedbackTheme]] = {}
    for n, row in rows:
        names = [t.strip() for t in (row["themes"] or "").split(THEME_SEPARATOR) if t.strip()]
        unknown = [t for t in names if t.lower() not in themes]
        if unknown:
            listed = "; ".join(t.name for t in themes.values())
            problems.append(_where(file, n, "themes", row["themes"], f"themes from: {listed}"))
        chosen[row["form_id"]] = [themes[t.lower()] for t in names if t.lower() in themes]
    _refuse(file, problems)

    def fill(record: FeedbackForm, row: dict[str, Any]) -> None:
        if record.pk is None:
            record.source = FeedbackForm.IMPORTED
        record.received_date = row["received_date"]
        record.worker_id = row["worker_id"] or ""
        record.children = row["children"]
        for q in ("q1", "q2", "q3", "q4"):
            setattr(record, q, row[q])
        record.comment = row["comment"] or ""
        record.tone = row["tone"] or ""

    def tag(record: FeedbackForm, row: dict[str, Any]) -> Callable[[], None]:
        return lambda: record.themes.set(chosen[row["form_id"]])

    def all_themes(made: list[FeedbackForm]) -> None:
        link = FeedbackForm.themes.through
        link.objects.bulk_create(
            link(feedbackform_id=f.pk, feedbacktheme_id=t.pk)
            for f in made
            for t in chosen[f.form_id]
        )

    wanted = {
        row["form_id"]: Wanted(row["form_id"], row["worker_id"] or "", row["received_date"])
        for _n, row in rows
    }
    teams = TeamLookup("feedback form", worker_teams, wanted, settings)
    pairs = ((row["form_id"], row) for _n, row in rows)
    return _write(pairs, FeedbackForm, "form_id", user, fill, tag, all_themes, teams)


def import_meetings(file: str, rows: Numbered, user: Any, settings: Settings) -> Outcome:
    header_columns = ("meeting_type", "meeting_date", "person_id")
    fields = dict(GROUPS)
    meetings: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for n, row in rows:

        def where(column: str, found: Any, expected: str, n: int = n) -> str:
            return _where(file, n, column, found, expected)

        header = {c: row[c] for c in header_columns}
        meeting = meetings.setdefault(row["meeting_id"], {"row": n, "header": header, "groups": {}})
        for column in header_columns:
            if header[column] != meeting["header"][column]:
                problems.append(
                    where(
                        column, header[column], f"the same as row {meeting['row']} of this meeting"
                    )
                )
        group = row["professional_group"]
        if group in meeting["groups"]:
            problems.append(where("professional_group", group, "each group once per meeting"))
        invited, attended = row["invited"], row["attended"]
        for column, value in (("invited", invited), ("attended", attended)):
            if value is not None and value < 0:
                problems.append(where(column, value, "a count of people, 0 or more"))
        if invited is not None and attended is not None and attended > invited:
            problems.append(where("attended", attended, f"no more than invited ({invited})"))
        meeting["groups"][group] = (invited, attended)
    _refuse(file, problems)

    def fill(record: Meeting, found: dict[str, Any]) -> None:
        head = found["header"]
        record.meeting_type = head["meeting_type"]
        record.meeting_date = head["meeting_date"]
        record.child_id = head["person_id"] or ""
        for group, prefix in fields.items():
            invited, attended = found["groups"].get(group, (None, None))
            setattr(record, f"{prefix}_invited", invited)
            setattr(record, f"{prefix}_attended", attended)

    wanted = {
        key: Wanted(key, m["header"]["person_id"] or "", m["header"]["meeting_date"])
        for key, m in meetings.items()
    }
    teams = TeamLookup("meeting", child_teams, wanted, settings)
    return _write(meetings.items(), Meeting, "meeting_id", user, fill, teams=teams)


def import_reviews(file: str, rows: Numbered, user: Any, settings: Settings) -> Outcome:
    problems = [
        _where(file, n, "sw_changes", row["sw_changes"], "a count of changes, 0 or more")
        for n, row in rows
        if row["sw_changes"] is not None and row["sw_changes"] < 0
    ]
    _refuse(file, problems)

    def fill(record: ReviewForm, row: dict[str, Any]) -> None:
        record.review_date = row["review_date"]
        record.child_id = row["person_id"] or ""
        record.report_on_time = row["report_on_time"]
        record.sw_changes = row["sw_changes"]

    wanted = {
        row["form_id"]: Wanted(row["form_id"], row["person_id"] or "", row["review_date"])
        for _n, row in rows
    }
    teams = TeamLookup("review form", child_teams, wanted, settings)
    pairs = ((row["form_id"], row) for _n, row in rows)
    return _write(pairs, ReviewForm, "form_id", user, fill, teams=teams)


IMPORTERS: dict[str, Callable[[str, Numbered, Any, Settings], Outcome]] = {
    AUDITS: import_audits,
    FEEDBACK: import_feedback,
    MEETINGS: import_meetings,
    REVIEWS: import_reviews,
}


def import_file(
    table: str,
    name: str,
    data: bytes,
    user: Any,
    allow_empty: bool = False,
    settings: Settings | None = None,
) -> Outcome:
    """Check and import one qaf_ file; ImportRefused (nothing written) on any problem. A file
    with a header and no rows is refused too, unless `allow_empty` (a folder's export). Teams
    are looked up in `settings`' warehouse (default: QAF's settings, load_settings)."""
    rows = read_upload(table, name, data, allow_empty)
    if not rows:
        return Outcome()
    return IMPORTERS[table](name, rows, user, settings or load_settings())


def import_folder(
    folder: Path, user: Any = None, settings: Settings | None = None
) -> dict[str, Outcome]:
    """Each qaf_ QA file the folder holds (`<table>.csv` or `.xlsx`), imported in turn; file name
    -> outcome. A file with no rows imports nothing; a refused file stops the run, naming it
    (files before it stay imported)."""
    settings = settings or load_settings()
    done: dict[str, Outcome] = {}
    for table in IMPORTERS:
        for suffix in SUFFIXES:
            path = folder / f"{table}{suffix}"
            if path.is_file():
                data = path.read_bytes()
                done[path.name] = import_file(
                    table, path.name, data, user, allow_empty=True, settings=settings
                )
    return done
