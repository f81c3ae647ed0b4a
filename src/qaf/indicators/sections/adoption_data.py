"""Section 1.5's data, kept in the engine: each adoption with its milestone dates, and each
milestone event, as Ibis tables built once per compute(). The indicators aggregate them there
(adoption_counts.py, adoption_cohorts.py), so only figures per month or cohort are fetched.

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

import ibis
import ibis.expr.types as ir

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

# Milestone event kinds (AdoptionTables.events.kind).
DECISION, MATCHED, REVERSED = "decision", "matched", "reversed"
PLACEMENT_ORDER, PLACED, SGO = "placement_order", "placed", "sgo"


@dataclass(frozen=True)
class AdoptionTablesKey:
    """The adoption section's tables (they depend on the source alone)."""


@dataclass(frozen=True)
class AdoptionTables:
    # One row per adoption (an episode ceased E11/E12), materialised: episode_id, person_id,
    # cla_id, adopted, dob, entered, entered_source, placed, placed_source, order_date,
    # order_source, matched, sibling_group.
    adoptions: ir.Table
    # One row per dated milestone: kind, person_id, date, source, sibling_group.
    events: ir.Table


def _adoption_episodes(ctx: Context) -> ir.Table:
    """Episodes ceased by adoption, with the child's entered-care date candidates."""
    eps = ctx.table("ssd_cla_episodes")
    ended = eps.filter(
        eps.clae_cla_episode_ceased_reason.isin(ADOPTED_REASONS)
        & eps.clae_cla_episode_ceased_date.notnull()
    ).select(
        episode_id=eps.clae_cla_episode_id,
        person_id=eps.clae_person_id.cast("string"),
        cla_id=eps.clae_cla_id,
        episode_start=eps.clae_cla_episode_start_date,
        ceased=eps.clae_cla_episode_ceased_date,
        reason=eps.clae_cla_episode_ceased_reason,
        entered_direct=eps.clae_entered_care_date,
    )
    periods = (
        eps.filter(eps.clae_cla_id.notnull())
        .group_by(p_person=eps.clae_person_id.cast("string"), p_cla=eps.clae_cla_id)
        .aggregate(period_start=eps.clae_cla_episode_start_date.min())
    )
    starts = eps.filter(eps.clae_cla_episode_start_reason == STARTED_CARE_REASON).select(
        s_person=eps.clae_person_id.cast("string"), s_start=eps.clae_cla_episode_start_date
    )
    j = ended.left_join(
        periods, [ended.person_id == periods.p_person, ended.cla_id == periods.p_cla]
    )
    j = j.left_join(starts, [j.person_id == starts.s_person, starts.s_start <= j.episode_start])
    return j.group_by([*ended.columns, "period_start"]).aggregate(started_care=j.s_start.max())


def _permanence(ctx: Context) -> ir.Table:
    perm = ctx.table("ssd_permanence")
    return perm.select(
        p_id=perm.perm_table_id,
        p_person=perm.perm_person_id.cast("string"),
        p_cla=perm.perm_cla_id,
        decision=perm.perm_adm_decision_date,
        reversed=perm.perm_decision_reversed_date,
        order_recorded=perm.perm_placement_order_date,
        placed_recorded=perm.perm_placed_for_adoption_date,
        matched=perm.perm_matched_date,
        # Not recorded counts as not in a sibling group.
        sibling_group=perm.perm_part_of_sibling_group.fill_null(False),
    )


def _starts(ctx: Context) -> tuple[ir.Table, ir.Table]:
    """person_id, start: E1 legal statuses (placement orders) and A3-A6 placements."""
    lega = ctx.table("ssd_legal_status")
    orders = lega.filter(
        (lega.lega_legal_status == PLACEMENT_ORDER_STATUS)
        & lega.lega_legal_status_start_date.notnull()
    ).select(person_id=lega.lega_person_id.cast("string"), start=lega.lega_legal_status_start_date)
    plac = ctx.table("ssd_cla_placement")
    placed = plac.filter(
        plac.clap_cla_placement_type.isin(list(ADOPTION_PLACEMENTS))
        & plac.clap_cla_placement_start_date.notnull()
    ).select(person_id=plac.clap_person_id.cast("string"), start=plac.clap_cla_placement_start_date)
    return orders, placed


# What makes one adoption: its episode, child and date.
_ADOPTION_KEY = ("episode_id", "person_id", "adopted")


def _with_permanence(ad: ir.Table, perm: ir.Table) -> ir.Table:
    """Each adoption with its permanence record: the one on the same period of care if any, else
    one not reversed, latest decision first (ties: highest record id); nulls where none."""
    j = ad.left_join(perm, ad.person_id == perm.p_person)
    same = (j.cla_id.notnull() & (j.p_cla == j.cla_id)).fill_null(False)
    live = j.reversed.isnull()
    # Spelled out so that both engines put missing dates and ids last.
    order = [
        same.desc(),
        live.desc(),
        j.decision.isnull(),
        j.decision.desc(),
        j.p_id.isnull(),
        j.p_id.desc(),
    ]
    rank = ibis.row_number().over(group_by=[j[k] for k in _ADOPTION_KEY], order_by=order)
    return j.mutate(_rank=rank).filter(lambda t: t._rank == 0).drop("_rank")


def _first_between(ad: ir.Table, starts: ir.Table, name: str) -> ir.Table:
    """Per adoption: the first start between entering care and the adoption, as `name`."""
    s = starts.rename(s_person="person_id")
    j = ad.join(
        s,
        [
            ad.person_id == s.s_person,
            s.start <= ad.adopted,
            ad.entered.isnull() | (s.start >= ad.entered),
        ],
    )
    return j.group_by(list(_ADOPTION_KEY)).aggregate(**{name: j.start.min()})


def _fallback(recorded: ir.Value, derived: ir.Value, source: str) -> ir.Value:
    """Where a date came from: the permanence record, else the fallback `source`, else none."""
    return ibis.cases(
        (recorded.notnull(), "permanence"), (derived.notnull(), source), else_=ibis.null("string")
    )


def _adoptions(
    ctx: Context, ad: ir.Table, perm: ir.Table, orders: ir.Table, placed: ir.Table
) -> ir.Table:
    candidates = dict(
        zip(
            ENTERED_SOURCES,
            (ad.entered_direct, ad.period_start, ad.started_care, ad.episode_start),
            strict=True,
        )
    )
    ad = ad.mutate(
        adopted=ad.ceased,
        # The entered-care date: the first candidate present, in ENTERED_SOURCES order.
        entered=ibis.coalesce(*candidates.values()),
        entered_source=ibis.cases(
            *((date.notnull(), source) for source, date in candidates.items()),
            else_=ibis.null("string"),
        ),
    )
    # The fallbacks read the adoption alone, so they are joined from it before the permanence
    # record is chosen (a smaller query than repeating that choice in each).
    firsts = [
        _first_between(ad, placed, "placed_derived"),
        _first_between(ad, orders, "order_derived"),
    ]
    ad = _with_permanence(ad, perm)
    for first in firsts:
        ad = ad.left_join(first, [ad[k] == first[k] for k in _ADOPTION_KEY]).drop(
            *(f"{k}_right" for k in _ADOPTION_KEY)
        )
    people = ctx.table("ssd_person")
    people = people.select(dob_person=people.pers_person_id.cast("string"), dob=people.pers_dob)
    ad = ad.left_join(people, ad.person_id == people.dob_person)
    return ad.select(
        "episode_id",
        "person_id",
        "cla_id",
        "adopted",
        "dob",
        "entered",
        "entered_source",
        placed=ibis.coalesce(ad.placed_recorded, ad.placed_derived),
        placed_source=_fallback(ad.placed_recorded, ad.placed_derived, "placement"),
        order_date=ibis.coalesce(ad.order_recorded, ad.order_derived),
        order_source=_fallback(ad.order_recorded, ad.order_derived, "legal_status"),
        matched=ad.matched,
        sibling_group=ad.sibling_group.fill_null(False),
    )


def _event(t: ir.Table, kind: str, person: ir.Value, when: ir.Value, source: str,
           sibling: ir.Value | bool = False) -> ir.Table:  # fmt: skip
    rows = t.select(
        kind=ibis.literal(kind),
        person_id=person,
        date=when,
        source=ibis.literal(source),
        sibling_group=sibling if isinstance(sibling, ir.Value) else ibis.literal(sibling),
    )
    return rows.filter(rows.date.notnull())


def _events(ctx: Context, perm: ir.Table, orders: ir.Table, placed: ir.Table) -> ir.Table:
    """Every dated milestone: one row per (kind, child, date), with its source."""
    # Straight from the episodes: an exit needs none of the adoptions' entered-care candidates.
    eps = ctx.table("ssd_cla_episodes")
    sgo = eps.filter(eps.clae_cla_episode_ceased_reason.isin(SGO_REASONS))
    parts = [
        _event(
            sgo, SGO, sgo.clae_person_id.cast("string"), sgo.clae_cla_episode_ceased_date, "episode"
        ),
        _event(perm, DECISION, perm.p_person, perm.decision, "permanence", perm.sibling_group),
        _event(perm, MATCHED, perm.p_person, perm.matched, "permanence"),
        _event(perm, REVERSED, perm.p_person, perm.reversed, "permanence"),
    ]
    # Placement orders and placements: the permanence date; for a child with none recorded at
    # all, the first E1 legal status / A3-A6 placement.
    for kind, recorded, fallback, source in (
        (PLACEMENT_ORDER, perm.order_recorded, orders, "legal_status"),
        (PLACED, perm.placed_recorded, placed, "placement"),
    ):
        parts.append(_event(perm, kind, perm.p_person, recorded, "permanence"))
        with_date = perm.filter(recorded.notnull())
        first = fallback.group_by("person_id").aggregate(start=fallback.start.min())
        first = first.anti_join(with_date, first.person_id == with_date.p_person)
        parts.append(_event(first, kind, first.person_id, first.start, source))
    return ibis.union(*parts)


def adoption_tables(ctx: Context) -> AdoptionTables:
    def build() -> AdoptionTables:
        perm = _permanence(ctx)
        orders, placed = _starts(ctx)
        # Materialised: the year's counts and the three scorecard cohorts all read it.
        adoptions = ctx.materialise(
            _adoptions(ctx, _adoption_episodes(ctx), perm, orders, placed), "adoptions"
        )
        # Read by one query (the year's counts): left as an expression.
        return AdoptionTables(adoptions, _events(ctx, perm, orders, placed))

    return ctx.once(AdoptionTablesKey(), build)
