"""The team of an imported feedback form or IRU record, from the council's own data.

`qaf_feedback`, `qaf_iru_meetings` and `qaf_iru_reviews` carry no team, yet a team manager sees
only their teams' records. So an import looks the team up in the current version of the loaded
warehouse, one rule per kind of record, each the engine's own:

- a feedback form: the team of its worker (`worker_id`) in the staff list, `staff.staff` (qaf_staff,
  or ssd_professionals' department where qaf_staff is empty). The staff list is "as at the extract
  date", with no history of moves, so this is the worker's current team, not the one on the day
  the form came in. It lists only the staff still there, while forms come in about workers who
  have left (two in five of the synthetic council's): a worker not in qaf_staff is placed by
  their department in ssd_professionals, which keeps leavers with their last team.
- a CP meeting or review form: the team holding the child's case (`person_id`) on the meeting's or
  review's date, `blocks.team_at`: the case-worker involvement open that day (latest started wins,
  then the highest id), its own team, else its worker's team in qaf_staff.

Where no team can be found (no warehouse loaded, the worker or child unknown, no allocation that
day, a team the app does not know) the record's team stays empty and the reason is given, for the
import's message. Nothing here refuses a file."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import ibis
import pandas as pd
import pyarrow as pa

from qaf.config import Settings
from qaf.errors import QafError
from qaf.indicators.blocks import team_at
from qaf.indicators.context import Context
from qaf.indicators.months import Month
from qaf.indicators.staff import resolve_team, staff, staff_counts
from qaf.warehouse.schema import Source

log = logging.getLogger(__name__)

# Why a record got no team: the words the import's message gives after the count.
NO_WAREHOUSE = "no warehouse is loaded yet (run `qaf load`), so no team could be looked up"
NO_WORKER = "the form names no worker"
WORKER_UNKNOWN = "worker not in {listing}"
WORKER_NO_TEAM = "the worker's team is not recorded in {listing}"
LEAVER_UNKNOWN = "worker in neither qaf_staff nor ssd_professionals"
LEAVER_NO_TEAM = "worker not in qaf_staff, and no department in ssd_professionals"
NO_CHILD = "the record names no child"
CHILD_UNKNOWN = "child not in ssd_person"
NOT_ALLOCATED = "the child's case was not allocated to a case worker on the date"
ALLOCATION_NO_TEAM = "the child's allocated worker has no team recorded"
NOT_LOOKED_UP = "no team was looked up"
TEAM_NOT_IN_APP = "the team found is not one of the app's teams (an admin runs load_teams)"


@dataclass(frozen=True)
class Wanted:
    """A record whose team is looked up: its id, the worker or child it names, and its date."""

    key: str
    who: str
    day: dt.date


@dataclass
class Found:
    """Each record's team code where one was found, else why not."""

    teams: dict[str, str] = field(default_factory=dict)
    why_not: dict[str, str] = field(default_factory=dict)

    def reason(self, key: str) -> str:
        return self.why_not.get(key, NOT_LOOKED_UP)


def worker_teams(wanted: Iterable[Wanted], app_teams: set[str], settings: Settings) -> Found:
    """Feedback forms: the team of each form's worker in the staff list (current team)."""
    wanted = list(wanted)
    found = Found()
    if not wanted:
        return found
    with _warehouse(settings, wanted, found) as ctx:
        if ctx is None:
            return found
        asked = _ids({w.who for w in wanted if w.who})
        listing = _listing(staff_counts(ctx))
        workers = staff(ctx)
        listed = ctx.execute(
            workers.semi_join(asked, workers.prof_professional_id.cast("string") == asked._id)
            .select("prof_professional_id", "team_id")
        )  # fmt: skip
        team_of = _teams(listed["prof_professional_id"], listed["team_id"])
        # Leavers: in ssd_professionals, not in qaf_staff (none when the staff list is built
        # from ssd_professionals itself).
        not_listed = {w.who for w in wanted if w.who and w.who not in team_of}
        departed = {} if listing != "qaf_staff" else _departments(ctx, not_listed)
        for item in wanted:
            if not item.who:
                found.why_not[item.key] = NO_WORKER
            elif item.who in team_of:
                _keep(found, item.key, team_of[item.who], app_teams, WORKER_NO_TEAM, listing)
            elif item.who in departed:
                _keep(found, item.key, departed[item.who], app_teams, LEAVER_NO_TEAM, "")
            elif listing == "qaf_staff":
                found.why_not[item.key] = LEAVER_UNKNOWN
            else:
                found.why_not[item.key] = WORKER_UNKNOWN.format(listing=listing)
    return found


def child_teams(wanted: Iterable[Wanted], app_teams: set[str], settings: Settings) -> Found:
    """Meetings and review forms: the team holding each child's case on the record's date."""
    wanted = list(wanted)
    found = Found()
    named = [w for w in wanted if w.who]
    for item in wanted:
        if not item.who:
            found.why_not[item.key] = NO_CHILD
    if not named:
        return found
    with _warehouse(settings, named, found) as ctx:
        if ctx is None:
            return found
        records = ibis.memtable(
            pa.table(
                {
                    "_key": [w.key for w in named],
                    "_person": [w.who for w in named],
                    "_day": pa.array([w.day for w in named], pa.date32()),
                }
            )
        )
        allocated = ctx.execute(
            team_at(ctx, records, "_person", "_day").select(
                "_key", "_person", "alloc_worker_id", "alloc_team_id"
            )
        )
        unallocated = allocated[allocated["alloc_worker_id"].map(_blank)]
        known = _known_children(ctx, set(unallocated["_person"].astype(str)))
        columns = ("_key", "_person", "alloc_worker_id", "alloc_team_id")
        for key, person, worker, team in zip(*(allocated[c] for c in columns), strict=True):
            if not _blank(worker):
                resolved = None if _blank(team) else resolve_team(ctx, team)
                _keep(found, str(key), resolved, app_teams, ALLOCATION_NO_TEAM, "")
            elif not _blank(team):
                # A case held by the team itself (an involvement naming no worker).
                _keep(found, str(key), resolve_team(ctx, team), app_teams, "", "")
            else:
                found.why_not[str(key)] = NOT_ALLOCATED if str(person) in known else CHILD_UNKNOWN
    return found


@contextmanager
def _warehouse(settings: Settings, wanted: list[Wanted], found: Found) -> Iterator[Context | None]:
    """An engine context over the loaded warehouse's current version, or None (each wanted record
    then given the reason) when there is none or it cannot be opened."""
    from qaf.warehouse import open_source

    source: Source | None = None
    try:
        source = open_source(settings.warehouse)
    except QafError:
        reason = NO_WAREHOUSE
    except Exception as exc:
        # The warehouse is there but cannot be read now (a DuckDB file locked by a running
        # load, a database that does not answer): the import goes on without teams.
        reason = f"the warehouse could not be opened ({type(exc).__name__}), so no team was found"
    if source is None:
        found.why_not.update({w.key: reason for w in wanted})
        yield None
        return
    try:
        # The latest date sets the month the engine's staff list counts "current" workers at
        # (ssd_professionals only); it does not change anyone's team.
        month = Month.of(max(w.day for w in wanted))
        yield Context(source=source, month=month, months=(month,), settings=settings)
    except Exception as exc:
        # A warehouse this version cannot read (a table or column missing from an old load):
        # the file is still imported, without teams, and the log keeps the error for whoever
        # looks after the service.
        log.exception("looking up imported records' teams in the warehouse failed")
        reason = f"the warehouse could not be read ({type(exc).__name__}), so no team was found"
        found.teams.clear()
        found.why_not.update({w.key: reason for w in wanted})
    finally:
        source.backend.disconnect()


def _keep(
    found: Found, key: str, team: str | None, app_teams: set[str], no_team: str, listing: str
) -> None:
    if team is None:
        found.why_not[key] = no_team.format(listing=listing)
    elif team not in app_teams:
        found.why_not[key] = TEAM_NOT_IN_APP
    else:
        found.teams[key] = team


def _teams(workers: Iterable[object], teams: Iterable[object]) -> dict[str, str | None]:
    """Worker id -> team id (None where blank)."""
    return {str(w): (None if _blank(t) else str(t)) for w, t in zip(workers, teams, strict=True)}


def _ids(workers: set[str]) -> ibis.Table:
    """The workers asked about, as a small table to join to (only their rows are fetched)."""
    return ibis.memtable(pa.table({"_id": pa.array(sorted(workers), pa.string())}))


def _departments(ctx: Context, workers: set[str]) -> dict[str, str | None]:
    """These workers' rows of ssd_professionals, each with their department as a team id (a
    team's name is read as its id, as the engine's staff list does)."""
    if not workers:
        return {}
    asked = _ids(workers)
    prof = ctx.table("ssd_professionals")
    prof = prof.semi_join(asked, prof.prof_professional_id.cast("string") == asked._id)
    rows = ctx.execute(prof.select("prof_professional_id", "prof_professional_department"))
    return {
        worker: (None if team is None else resolve_team(ctx, team))
        for worker, team in _teams(
            rows["prof_professional_id"], rows["prof_professional_department"]
        ).items()
    }


def _listing(counts: dict[str, float]) -> str:
    """Which table the staff list came from, for the message."""
    if counts["from_ssd_professionals"] > 0:
        return "ssd_professionals (qaf_staff is empty)"
    return "qaf_staff"


def _known_children(ctx: Context, people: set[str]) -> set[str]:
    """Which of these children ssd_person holds (one query for them all)."""
    if not people:
        return set()
    asked = ibis.memtable(pa.table({"_person": sorted(people)}))
    person = ctx.table("ssd_person")
    held = person.semi_join(asked, person.pers_person_id == asked._person)
    return set(ctx.execute(held.select("pers_person_id"))["pers_person_id"].astype(str))


def _blank(value: object) -> bool:
    """Null (None, NaN, pandas' NA) or only spaces."""
    return value is None or bool(pd.isna(value)) or not str(value).strip()  # type: ignore[call-overload]
