"""The shared models: the looked-after rows section 1.4 reads are exactly the looked-after rows of
the child-by-month-end model (one rule, two builds), on DuckDB and PostgreSQL."""

from __future__ import annotations

import pandas as pd

from qaf.config import Settings
from qaf.indicators.context import Context
from qaf.indicators.models import child_months, looked_after_months
from qaf.indicators.months import Month
from qaf.warehouse.schema import source_from_rows
from tests.indicators.cases import person


def _episode(eid: str, pid: str, start: str, end: str | None = None) -> dict:
    return {
        "clae_cla_episode_id": eid,
        "clae_person_id": pid,
        "clae_cla_episode_start_date": start,
        "clae_cla_episode_ceased_date": end,
    }


def test_looked_after_months_are_the_looked_after_rows_of_child_months(backend):
    rows = {
        "ssd_person": [person("A", "2005-03-01"), person("B", "2012-07-15", "F"), person("C")],
        # A in care throughout; B from June; C on short breaks (V3), so in care, not looked after.
        "ssd_cla_episodes": [
            _episode("e1", "A", "2015-01-01"),
            _episode("e2", "B", "2016-06-10"),
            _episode("e3", "C", "2016-01-01"),
        ],
        "ssd_legal_status": [
            {
                "lega_legal_status_id": "l1",
                "lega_person_id": "C",
                "lega_legal_status": "V3",
                "lega_legal_status_start_date": "2016-01-01",
            }
        ],
        "ssd_involvements": [
            {
                "invo_involvements_id": "i1",
                "invo_professional_id": "W",
                "invo_professional_role_id": "CW",
                "invo_professional_team": "T",
                "invo_person_id": "A",
                "invo_involvement_start_date": "2016-05-01",
            }
        ],
        "ssd_cin_episodes": [
            {"cine_referral_id": "r1", "cine_person_id": "D", "cine_referral_date": "2016-01-01"}
        ],
    }
    month = Month.parse("2016-09")
    ctx = Context(source_from_rows(backend, rows), month, tuple(month.fy_to_date()), Settings())
    full = child_months(ctx)
    columns = ["person_id", "month", "team_id", "named_worker", "age", "age_days", "sex"]
    ours = ctx.execute(looked_after_months(ctx).select(*columns))
    theirs = ctx.execute(full.filter(full.looked_after).select(*columns))
    # Section 1.4's rows reach a year further back (its series have a history year); the child
    # model covers the financial year to date.
    assert sorted(set(ours["month"]))[0] == "2015-04"
    assert sorted(set(theirs["month"]))[0] == "2016-04"
    ours = ours[ours["month"] >= "2016-04"]

    def ordered(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.astype(object).where(frame.notna(), None)
        return frame.sort_values(["person_id", "month"]).reset_index(drop=True)

    pd.testing.assert_frame_equal(ordered(ours), ordered(theirs))
    september = ordered(ours)[ordered(ours)["month"] == "2016-09"]
    # A and B looked after in September (C is on short breaks); A allocated to W in team T.
    assert list(september["person_id"]) == ["A", "B"]
    assert list(september["team_id"]) == ["T", None]
    # A: born 1 March 2005, 11 on 30 September 2016.
    assert september.iloc[0]["age"] == 11
    # C is in care but not looked after; D is in need only.
    flags = ctx.execute(
        full.filter(full.month == "2016-09").select(
            "person_id", "in_care", "looked_after", "in_need"
        )
    )
    flags = flags.set_index("person_id")
    assert bool(flags.loc["C", "in_care"]) and not bool(flags.loc["C", "looked_after"])
    assert bool(flags.loc["D", "in_need"]) and not bool(flags.loc["D", "in_care"])
