"""Section 1.6's data: open cases by team, status and allocation, aggregated in the engine from
the shared child-by-month-end model (models.child_months). The staff list and the caseload rules
are in indicators/staff.py."""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import pandas as pd

from qaf.indicators.context import Context
from qaf.indicators.models import child_months, manager_ids
from qaf.indicators.months import Month
from qaf.indicators.staff import resolve_team, staff

# allocations.by_status statuses, most specific first (a looked-after child on a plan is looked after).
STATUS_LABELS = {
    "looked_after": "Looked after",
    "cp_plan": "On a child protection plan",
    "children_in_need": "Children in need",
    "care_leaver": "Care leavers",
}


@dataclass(frozen=True)
class OpenCasesKey:
    months: tuple[Month, ...]


def open_cases(ctx: Context) -> pd.DataFrame:
    """month, team_id, allocated, status, n: children with an open CIN episode at month end, and
    care leavers (status care_leaver) who have none; counted in the engine.

    The team is the allocated case worker's involvement team, else that worker's team (staff),
    else the open episode's cine_referral_team; none of these gives "no assigned team". Status:
    looked after (models.child_months: an open episode, not short-break care), else on a CP plan,
    else in need. Allocated: models.NAMED_WORKER_DOC (a care leaver: clea_care_leaver_worker_id
    names a worker who is not a manager)."""

    def build() -> pd.DataFrame:
        workers = staff(ctx)
        lookup = workers.select(
            w_id=workers.prof_professional_id.cast("string"), w_team=workers.team_id
        )
        cm = child_months(ctx)
        cases = cm.filter(cm.in_need | cm.care_leaver)
        worker = ibis.ifelse(cases.in_need, cases.worker_id, cases.leaver_worker)
        cases = cases.mutate(_worker=worker)
        j = cases.left_join(lookup, cases._worker == lookup.w_id)
        managers = manager_ids(ctx)
        leaver_named = j.leaver_worker.notnull()
        if managers:
            leaver_named = leaver_named & ~j.leaver_worker.isin(managers)
        shaped = j.select(
            month=j.month,
            team_id=ibis.ifelse(
                j.in_need,
                ibis.coalesce(j.team_id, j.w_team, j.referral_team),
                ibis.coalesce(j.leaver_team, j.w_team),
            ),
            allocated=ibis.ifelse(j.in_need, j.named_worker, leaver_named),
            status=ibis.cases(
                (~j.in_need, "care_leaver"),
                (j.looked_after, "looked_after"),
                (j.cp_plan, "cp_plan"),
                else_="children_in_need",
            ),
        )
        counts = ctx.execute(
            shaped.group_by(["month", "team_id", "allocated", "status"]).aggregate(n=shaped.count())
        )
        counts["team_id"] = [resolve_team(ctx, t) for t in counts["team_id"]]
        counts["allocated"] = counts["allocated"].astype(bool)
        return counts

    return ctx.once(OpenCasesKey(tuple(ctx.months)), build)
