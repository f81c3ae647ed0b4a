"""Section 1.5's data: each adoption with its milestone dates, and each milestone event, built once.

The adoption population is small (a few hundred children over six years), so a handful of Ibis
queries fetch the rows and the cohort arithmetic is finished in pandas.

Where a case-management system leaves the permanence dates empty, the dates fall back to what the
SSDA903 return itself records, and each fallback is counted so the report can say how many used it:
- entered care: `clae_entered_care_date`; else the first episode of the same period of care
  (`clae_cla_id`); else the latest episode started with reason S (started to be looked after) on or
  before the adoption episode; else the adoption episode's own start;
- placed for adoption: `perm_placed_for_adoption_date`; else the start of a placement of type A3-A6
  (placed for adoption);
- placement order: `perm_placement_order_date`; else the start of legal status E1 (placement order
  granted)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from qaf.indicators.context import Context
from qaf.warehouse.codes import ADOPTED_REASONS, PLACEMENT_GROUP, SGO_REASONS

# SSDA903: placement types A3-A6 are "placed for adoption".
ADOPTION_PLACEMENTS: tuple[str, ...] = tuple(
    sorted(code for code, group in PLACEMENT_GROUP.items() if group == "Placed for adoption")
)
# SSDA903 legal status E1: placement order granted.
PLACEMENT_ORDER_STATUS = "E1"
# SSDA903 reason for new episode S: started to be looked after (the start of a period of care).
STARTED_CARE_REASON = "S"

# Sources of each fallback date, in the order they are tried (measure names use them).
ENTERED_SOURCES = (
    "entered_care_date",
    "period_of_care_start",
    "started_care_episode",
    "episode_start",
)
PLACED_SOURCES = ("permanence", "placement")
ORDER_SOURCES = ("permanence", "legal_status")


@dataclass(frozen=True)
class AdoptionData:
    # One row per adoption (an episode ceased E11/E12): person_id, cla_id, adopted, dob, entered,
    # entered_source, placed, placed_source, order, order_source, matched, sibling_group.
    adoptions: pd.DataFrame
    # One row per milestone event: kind, person_id, date, source, sibling_group.
    events: pd.DataFrame


def flag(values: pd.Series) -> pd.Series:
    """A stored flag column as plain booleans: null (not recorded) is False."""
    return values.map(lambda v: False if v is None or pd.isna(v) else bool(v)).astype(bool)


def _exits(ctx: Context) -> pd.DataFrame:
    """Episodes ceased by adoption or special guardianship, with the child's entered-care date
    candidates and date of birth (one query)."""
    eps = ctx.table("ssd_cla_episodes")
    exits = eps.filter(
        eps.clae_cla_episode_ceased_reason.isin([*ADOPTED_REASONS, *SGO_REASONS])
        & eps.clae_cla_episode_ceased_date.notnull()
    ).select(
        episode_id=eps.clae_cla_episode_id,
        person_id=eps.clae_person_id,
        cla_id=eps.clae_cla_id,
        episode_start=eps.clae_cla_episode_start_date,
        ceased=eps.clae_cla_episode_ceased_date,
        reason=eps.clae_cla_episode_ceased_reason,
        entered_direct=eps.clae_entered_care_date,
    )
    periods = (
        eps.filter(eps.clae_cla_id.notnull())
        .group_by(p_person=eps.clae_person_id, p_cla=eps.clae_cla_id)
        .aggregate(period_start=eps.clae_cla_episode_start_date.min())
    )
    starts = eps.filter(eps.clae_cla_episode_start_reason == STARTED_CARE_REASON).select(
        s_person=eps.clae_person_id, s_start=eps.clae_cla_episode_start_date
    )
    j = exits.left_join(
        periods, [exits.person_id == periods.p_person, exits.cla_id == periods.p_cla]
    )
    j = j.left_join(starts, [j.person_id == starts.s_person, starts.s_start <= j.episode_start])
    keys = [*exits.columns, "period_start"]
    agg = j.group_by(keys).aggregate(started_care=j.s_start.max())
    people = ctx.table("ssd_person").select(dob_person="pers_person_id", dob="pers_dob")
    out = agg.left_join(people, agg.person_id == people.dob_person).drop("dob_person")
    return ctx.execute(out)


def _permanence_for(adopted: pd.DataFrame, perm: pd.DataFrame) -> pd.DataFrame:
    """Each adoption's permanence record: the one on the same period of care if any, else one not
    reversed, latest decision first (ties: highest record id). Indexed by episode_id."""
    m = adopted[["episode_id", "person_id", "cla_id"]].merge(
        perm, left_on="person_id", right_on="perm_person_id"
    )
    m = m.assign(
        _same=m["cla_id"].notna() & (m["perm_cla_id"] == m["cla_id"]),
        _live=m["perm_decision_reversed_date"].isna(),
    ).sort_values(
        ["_same", "_live", "perm_adm_decision_date", "perm_table_id"],
        ascending=False,
        na_position="last",
    )
    return m.drop_duplicates("episode_id").set_index("episode_id")


def _first_between(adopted: pd.DataFrame, starts: pd.DataFrame) -> pd.Series:
    """Per adoption (episode_id): the first start between entering care and the adoption."""
    m = adopted[["episode_id", "person_id", "entered", "adopted"]].merge(starts, on="person_id")
    start = pd.to_datetime(m["start"])
    m = m[(start <= m["adopted"]) & (m["entered"].isna() | (start >= m["entered"]))]
    return pd.to_datetime(m.groupby("episode_id")["start"].min())


def _milestones(ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    perm = ctx.execute(ctx.table("ssd_permanence"))
    lega = ctx.table("ssd_legal_status")
    orders = ctx.execute(
        lega.filter(
            (lega.lega_legal_status == PLACEMENT_ORDER_STATUS)
            & lega.lega_legal_status_start_date.notnull()
        ).select(person_id=lega.lega_person_id, start=lega.lega_legal_status_start_date)
    )
    plac = ctx.table("ssd_cla_placement")
    placed = ctx.execute(
        plac.filter(
            plac.clap_cla_placement_type.isin(list(ADOPTION_PLACEMENTS))
            & plac.clap_cla_placement_start_date.notnull()
        ).select(person_id=plac.clap_person_id, start=plac.clap_cla_placement_start_date)
    )
    return perm, orders, placed


def _adoptions(
    exits: pd.DataFrame, perm: pd.DataFrame, orders: pd.DataFrame, placed: pd.DataFrame
) -> pd.DataFrame:
    ad = exits[exits["reason"].isin(ADOPTED_REASONS)].copy()
    ad["person_id"] = ad["person_id"].astype(str)
    ad["adopted"] = pd.to_datetime(ad["ceased"])
    ad["dob"] = pd.to_datetime(ad["dob"])
    # The entered-care date: the first candidate present, in ENTERED_SOURCES order.
    candidates = ad[["entered_direct", "period_start", "started_care", "episode_start"]].apply(
        pd.to_datetime
    )
    candidates.columns = list(ENTERED_SOURCES)
    present = candidates.notna()
    ad["entered"] = candidates.bfill(axis=1).iloc[:, 0]
    ad["entered_source"] = present.idxmax(axis=1).where(present.any(axis=1), None)
    perm = perm.assign(perm_person_id=perm["perm_person_id"].astype(str))
    for frame in (orders, placed):
        frame["person_id"] = frame["person_id"].astype(str)
    rec = _permanence_for(ad, perm).reindex(ad["episode_id"])
    for out, column, fallback, source in (
        ("placed", "perm_placed_for_adoption_date", placed, "placement"),
        ("order", "perm_placement_order_date", orders, "legal_status"),
    ):
        recorded = pd.to_datetime(rec[column]).to_numpy()
        derived = _first_between(ad, fallback).reindex(ad["episode_id"]).to_numpy()
        ad[out] = pd.Series(recorded, index=ad.index).fillna(pd.Series(derived, index=ad.index))
        ad[f"{out}_source"] = pd.Series(
            ["permanence" if pd.notna(r) else (source if pd.notna(d) else None)
             for r, d in zip(recorded, derived, strict=True)],
            index=ad.index,
            dtype=object,
        )  # fmt: skip
    ad["matched"] = pd.to_datetime(rec["perm_matched_date"]).to_numpy()
    ad["sibling_group"] = flag(rec["perm_part_of_sibling_group"]).to_numpy()
    columns = [
        "person_id", "cla_id", "adopted", "dob", "entered", "entered_source", "placed",
        "placed_source", "order", "order_source", "matched", "sibling_group",
    ]  # fmt: skip
    return ad.sort_values(["adopted", "person_id"])[columns].reset_index(drop=True)


def _events(
    exits: pd.DataFrame,
    perm: pd.DataFrame,
    orders: pd.DataFrame,
    placed: pd.DataFrame,
    adoptions: pd.DataFrame,
) -> pd.DataFrame:
    """Every dated milestone: one row per (kind, child, date), with its source."""
    frames = []

    def add(
        kind: str, person: pd.Series, when: pd.Series, source: str, sib: bool | pd.Series = False
    ) -> None:
        frame = pd.DataFrame({"person_id": person.astype(str), "date": pd.to_datetime(when)})
        frame = frame[frame["date"].notna()]
        sibling = sib.loc[frame.index] if isinstance(sib, pd.Series) else sib
        frames.append(frame.assign(kind=kind, source=source, sibling_group=sibling))

    ad = adoptions
    add("adopted", ad["person_id"], ad["adopted"], "episode", ad["sibling_group"])
    sgo = exits[exits["reason"].isin(SGO_REASONS)]
    add("sgo", sgo["person_id"], sgo["ceased"], "episode")
    sib = flag(perm["perm_part_of_sibling_group"])
    add("decision", perm["perm_person_id"], perm["perm_adm_decision_date"], "permanence", sib)
    add("matched", perm["perm_person_id"], perm["perm_matched_date"], "permanence")
    add("reversed", perm["perm_person_id"], perm["perm_decision_reversed_date"], "permanence")
    # Placement orders and placements: the permanence date; for a child with none recorded at
    # all, the first E1 legal status / A3-A6 placement.
    for kind, column, fallback, source in (
        ("placement_order", "perm_placement_order_date", orders, "legal_status"),
        ("placed", "perm_placed_for_adoption_date", placed, "placement"),
    ):
        add(kind, perm["perm_person_id"], perm[column], "permanence")
        recorded = set(perm.loc[perm[column].notna(), "perm_person_id"].astype(str))
        first = fallback.groupby("person_id", as_index=False)["start"].min()
        first = first[~first["person_id"].astype(str).isin(recorded)]
        add(kind, first["person_id"], first["start"], source)
    columns = ["kind", "person_id", "date", "source", "sibling_group"]
    frames = [f[columns] for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def adoption_data(ctx: Context) -> AdoptionData:
    def build() -> AdoptionData:
        exits = _exits(ctx)
        perm, orders, placed = _milestones(ctx)
        adoptions = _adoptions(exits, perm, orders, placed)
        return AdoptionData(adoptions, _events(exits, perm, orders, placed, adoptions))

    return ctx.once("adoption.data", build)


def age_on(dob: pd.Series, when: pd.Series) -> pd.Series:
    """Whole years of age on a date (birthday counted on the day); NaN where either is missing."""
    dob, when = pd.to_datetime(dob), pd.to_datetime(when)
    before = (when.dt.month < dob.dt.month) | (
        (when.dt.month == dob.dt.month) & (when.dt.day < dob.dt.day)
    )
    return when.dt.year - dob.dt.year - before.astype(int)
