"""Children looked after at each month end: one row per child and month, built once per compute()
and shared by the indicators of section 1.4 (looked_after.py, placements.py).

Not a section module itself (the leading underscore keeps catalogue.py from importing it)."""

from __future__ import annotations

from collections.abc import Iterable

import ibis.expr.types as ir
import numpy as np
import pandas as pd

from qaf.indicators.blocks import case_worker_involvements
from qaf.indicators.context import Context
from qaf.indicators.months import Month
from qaf.warehouse.codes import LEGAL_STATUS, PLACEMENT_TYPE, SEX, SHORT_BREAK_STATUSES

SECTION_20 = "V2"
NOT_RECORDED = "Not recorded"

# Days in a year for decimal ages and durations ("11.2 years", "16.4 years"): the mean Gregorian year.
DAYS_PER_YEAR = 365.25

SNAPSHOT_DOC = """A child is looked after at a month end when an ssd_cla_episodes episode is open then
(start on or before the last day of the month; ceased date empty or after it), unless the legal
status open then is V3 or V4 (short-break care, left out as in the DfE's statistics). Codes are read
as the loader stores them (the DfE code); a description in place of a code is mapped to its code
(codes.LEGAL_STATUS, codes.PLACEMENT_TYPE)."""

PERIOD_DOC = """The current period of care starts on the open episode's clae_entered_care_date; where
that is empty, on the earliest episode start of the same clae_cla_id; where that is empty too, on
the first episode of the unbroken run of episodes (each starting on or before the previous one
ceased) that ends with the open one."""


def fetch(ctx: Context, expr: ir.Table) -> pd.DataFrame:
    """A query's rows with dates as datetime64 (through Arrow: several times faster than
    execute() followed by a date conversion, and the arithmetic below wants datetime64)."""
    frame: pd.DataFrame = ctx.source.backend.to_pyarrow(expr).to_pandas(date_as_object=False)
    return frame


def _by_start(frame: pd.DataFrame) -> pd.DataFrame:
    """Sorted so that the last row of a person is the latest started (then the highest id)."""
    return frame.sort_values(["person_id", "start", "id"], kind="stable").reset_index(drop=True)


def base(ctx: Context) -> dict[str, pd.DataFrame]:
    """The few rows section 1.4 needs, fetched once per compute(): episodes, legal statuses,
    placements, the children's date of birth and sex, and their case-worker involvements.

    Plain selects, then pandas: the month-end picks (latest started of the rows open then) over
    a handful of months cost a few milliseconds here, where the same windows joined to the month
    grid cost a few hundred in SQL at scale 1."""

    def build() -> dict[str, pd.DataFrame]:
        e = ctx.table("ssd_cla_episodes")
        children = e.select(_pid=e.clae_person_id).distinct()
        episodes = fetch(
            ctx,
            e.select(
                id="clae_cla_episode_id",
                person_id="clae_person_id",
                start="clae_cla_episode_start_date",
                end="clae_cla_episode_ceased_date",
                cla_id="clae_cla_id",
                entered="clae_entered_care_date",
            ),
        )
        lega = ctx.table("ssd_legal_status")
        legal = fetch(
            ctx,
            lega.select(
                id="lega_legal_status_id",
                person_id="lega_person_id",
                legal_status="lega_legal_status",
                start="lega_legal_status_start_date",
                end="lega_legal_status_end_date",
            ),
        )
        legal["legal_status"] = _code_of(legal["legal_status"], LEGAL_STATUS.lookup())
        p = ctx.table("ssd_cla_placement")
        placements = fetch(
            ctx,
            p.select(
                id="clap_cla_placement_id",
                person_id="clap_person_id",
                start="clap_cla_placement_start_date",
                end="clap_cla_placement_end_date",
                placement_type="clap_cla_placement_type",
                placement_urn="clap_cla_placement_urn",
            ),
        )
        placements["placement_type"] = _code_of(
            placements["placement_type"], PLACEMENT_TYPE.lookup()
        )
        placements = _by_start(placements)
        previous = placements.groupby("person_id", sort=False)
        placements["prev_placement_start"] = previous["start"].shift()
        placements["prev_placement_end"] = previous["end"].shift()
        pers = ctx.table("ssd_person")
        people = fetch(
            ctx,
            pers.semi_join(children, pers.pers_person_id == children._pid).select(
                person_id="pers_person_id", dob="pers_dob", sex="pers_sex", gender="pers_gender"
            ),
        ).drop_duplicates("person_id")
        return {
            "episodes": _with_period(episodes),
            "legal": _by_start(legal),
            "placements": placements,
            "people": people,
            "involvements": _by_start(fetch(ctx, _case_workers(ctx, children))),
        }

    return ctx.once("looked_after.base", build)


def _case_workers(ctx: Context, children: ir.Table) -> ir.Table:
    """Case-worker involvements of children ever looked after, with their team as
    blocks.allocations takes it."""
    inv = case_worker_involvements(ctx)
    inv = inv.semi_join(children, inv.invo_person_id == children._pid)
    return inv.select(
        id=inv.invo_involvements_id,
        person_id=inv.invo_person_id,
        start=inv.invo_involvement_start_date,
        end=inv.invo_involvement_end_date,
        team_id=inv.team_id,
    )


def _with_period(episodes: pd.DataFrame) -> pd.DataFrame:
    """Adds period_start to each episode (see PERIOD_DOC)."""
    eps = _by_start(episodes)
    by_person = eps.groupby("person_id", sort=False)
    prev_end = by_person["end"].shift()
    # A new run of care starts where an episode begins after the previous one ceased.
    new_run = (prev_end.notna() & (eps["start"] > prev_end)).astype(int)
    eps["_run"] = new_run.groupby(eps["person_id"], sort=False).cumsum()
    run_start = eps.groupby(["person_id", "_run"], sort=False)["start"].transform("min")
    cla_start = eps.groupby(["person_id", "cla_id"], sort=False, dropna=False)["start"].transform(
        "min"
    )
    cla_start = cla_start.where(eps["cla_id"].notna())
    eps["period_start"] = eps["entered"].fillna(cla_start).fillna(run_start)
    return eps.drop(columns="_run")


def open_at_month_ends(frame: pd.DataFrame, months: Iterable[Month]) -> pd.DataFrame:
    """Rows open at each month end (start <= last day; end empty or after it), one per person and
    month: the latest started, then the highest id (`frame` is sorted by _by_start). Adds month
    and month_end.

    Vectorised: each row is repeated once for each month end it is open at (found by binary
    search on the sorted month ends), rather than filtering the frame once per month."""
    ordered = sorted(set(months))
    ends = np.array([np.datetime64(m.end, "ns") for m in ordered], dtype="datetime64[ns]")
    labels = np.array([m.label for m in ordered], dtype=object)
    start = frame["start"].to_numpy(dtype="datetime64[ns]")
    end = frame["end"].to_numpy(dtype="datetime64[ns]")
    # First month end on or after the start (a missing start sorts last: never open).
    first = np.searchsorted(ends, start, side="left")
    # Month ends before the end date; no end date: every month end from the first.
    last = np.where(np.isnat(end), len(ends), np.searchsorted(ends, end, side="left"))
    count = np.maximum(last - first, 0)
    rows = np.repeat(np.arange(len(frame)), count)
    offset = np.arange(len(rows)) - np.repeat(np.cumsum(count) - count, count)
    month = np.repeat(first, count) + offset
    out = frame.iloc[rows].reset_index(drop=True)
    out["month"] = labels[month]
    out["month_end"] = ends[month]
    # Rows are in start order within a person, so the last of a person and month is the latest.
    return out.loc[~out.duplicated(["person_id", "month"], keep="last")].reset_index(drop=True)


def _code_of(values: pd.Series, lookup: dict[str, str]) -> pd.Series:
    """DfE codes from codes or descriptions (case-insensitive); unknown spellings kept as given."""
    filled = values.astype(object).where(values.notna(), "").astype(str)
    mapping: dict[str, str | None] = {}
    for value in filled.unique():
        text = value.strip()
        mapping[value] = lookup.get(text.upper(), text) if text else None
    return filled.map(mapping).astype(object)


def snapshot(ctx: Context, months: Iterable[Month] | None = None) -> pd.DataFrame:
    """One row per child looked after at each month end of `months` (default: ctx.months).

    Columns: person_id, month, month_end, fy_start, cla_id, episode_start, period_start,
    legal_status (code), placement_id, placement_type (code), placement_start, placement_urn,
    prev_placement_start, prev_placement_end, team_id, dob, sex (code; pers_gender where empty),
    age (whole years), age_exact and years_in_care (decimal years)."""
    wanted = tuple(sorted(set(months if months is not None else ctx.months)))
    key = "looked_after.snapshot:" + ",".join(m.label for m in wanted)

    def build() -> pd.DataFrame:
        base_rows = base(ctx)
        eps = open_at_month_ends(base_rows["episodes"], wanted)
        frame = eps[["person_id", "month", "month_end", "cla_id", "start", "period_start"]].rename(
            columns={"start": "episode_start"}
        )
        frame["fy_start"] = frame["month"].map({m.label: pd.Timestamp(m.fy_start) for m in wanted})
        legal = open_at_month_ends(base_rows["legal"], wanted)[
            ["person_id", "month", "legal_status"]
        ]
        plac = open_at_month_ends(base_rows["placements"], wanted).rename(
            columns={"id": "placement_id", "start": "placement_start"}
        )[
            [
                "person_id",
                "month",
                "placement_id",
                "placement_type",
                "placement_start",
                "placement_urn",
                "prev_placement_start",
                "prev_placement_end",
            ]
        ]
        teams = open_at_month_ends(base_rows["involvements"], wanted)[
            ["person_id", "month", "team_id"]
        ]
        keys = ["person_id", "month"]
        frame = (
            frame.merge(legal, on=keys, how="left")
            .merge(plac, on=keys, how="left")
            .merge(teams, on=keys, how="left")
            .merge(base_rows["people"], on="person_id", how="left")
        )
        frame = frame[~frame["legal_status"].isin(SHORT_BREAK_STATUSES)].copy()
        sex = _code_of(frame["sex"], SEX.lookup())
        gender = _code_of(frame["gender"], SEX.lookup())
        frame["sex"] = sex.where(sex.notna(), gender)
        frame["age"] = whole_years(frame["dob"], frame["month_end"])
        frame["age_exact"] = (frame["month_end"] - frame["dob"]).dt.days / DAYS_PER_YEAR
        frame["years_in_care"] = (
            frame["month_end"] - frame["period_start"]
        ).dt.days / DAYS_PER_YEAR
        return frame.sort_values(keys).reset_index(drop=True)

    return ctx.once(key, build)


def whole_years(start: pd.Series, at: pd.Series) -> pd.Series:
    """Whole calendar years from `start` to `at` (an anniversary counts on the day), like an age."""
    before = (at.dt.month < start.dt.month) | (
        (at.dt.month == start.dt.month) & (at.dt.day < start.dt.day)
    )
    return (at.dt.year - start.dt.year - before.astype(int)).astype("Int64")


def months_between_at_least(start: pd.Series, at: pd.Series, months: int) -> pd.Series:
    """True where `at` is on or after `start` + `months` calendar months (month ends clamp)."""
    shifted = start + pd.DateOffset(months=months)
    return (shifted <= at).fillna(False).astype(bool)


def counts_in(frame: pd.DataFrame, months: Iterable[Month]) -> dict[str, float]:
    """Children per month label, every month present (0 when none)."""
    found = frame.groupby("month").size() if len(frame) else pd.Series(dtype=float)
    return {m.label: float(found.get(m.label, 0)) for m in months}
