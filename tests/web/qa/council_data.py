"""A tiny synthetic council loaded into a real DuckDB warehouse, for the team look-ups of imports.

Teams T1 and T2 are the app's (the `teams` fixture); T3 is in the warehouse only.
- Workers: W1 in T1, W2 in T2, W3 in T3 (qaf_staff). W5 and W6 have left: they are in
  ssd_professionals only, W5 with the department "Team T2" (T2's name), W6 with none. W9 is no one.
- Children: P1 allocated to W1 all year (the involvement names no team: W1's, T1);
  P2 allocated to W2 until 31 August 2016, then to W1 (the later allocation wins from 1 September);
  P4 allocated to W2 but the involvement names team T1 (the involvement's own team wins);
  P3 is known but allocated to no one; P9 is not in ssd_person."""

from __future__ import annotations

from pathlib import Path

from qaf.config import Settings
from qaf.warehouse import load_folder
from tests.warehouse.folders import write

STAFF = {"W1": "T1", "W2": "T2", "W3": "T3"}
LEAVERS = {"W5": "Team T2", "W6": ""}
# (involvement, child, worker, team named on the involvement, start, end)
ALLOCATIONS = [
    ("I1", "P1", "W1", "", "2016-01-04", ""),
    ("I2", "P2", "W2", "", "2016-02-01", "2016-09-01"),
    ("I3", "P2", "W1", "", "2016-09-01", ""),
    ("I4", "P4", "W2", "T1", "2016-03-01", ""),
]
CHILDREN = ("P1", "P2", "P3", "P4")


def rows() -> dict[str, list[dict[str, str]]]:
    return {
        "ssd_person": [
            {"pers_person_id": p, "pers_sex": "F", "pers_dob": "2010-05-01"} for p in CHILDREN
        ],
        "ssd_cin_episodes": [
            {
                "cine_referral_id": f"R{p}",
                "cine_person_id": p,
                "cine_referral_date": "2016-01-04",
                "cine_referral_nfa": "N",
            }
            for p in CHILDREN
        ],
        "ssd_professionals": [
            {
                "prof_professional_id": w,
                "prof_professional_name": f"Worker {w}",
                "prof_professional_department": LEAVERS.get(w, ""),
            }
            for w in [*STAFF, *LEAVERS]
        ],
        "ssd_involvements": [
            {
                "invo_involvements_id": inv,
                "invo_professional_id": worker,
                "invo_professional_role_id": "CW",
                "invo_professional_team": team,
                "invo_person_id": child,
                "invo_involvement_start_date": start,
                "invo_involvement_end_date": end,
            }
            for inv, child, worker, team, start, end in ALLOCATIONS
        ],
        "qaf_teams": [
            {"team_id": t, "team_name": f"Team {t}", "service": "CIN", "manager_holds_cases": "N"}
            for t in ("T1", "T2", "T3")
        ],
        "qaf_staff": [
            {"prof_professional_id": w, "team_id": t, "role": "SW", "fte": "1.0"}
            for w, t in STAFF.items()
        ],
        "qaf_council": [
            {"la_code": "999", "ons_code": "E99999999", "la_name": "Testshire", "region": "Test"}
        ],
    }


def load(folder: Path, url: str | None = None) -> str:
    """Write and load the council (into `url`, default a DuckDB file in `folder`); its URL."""
    url = url or f"duckdb://{folder / 'warehouse.duckdb'}"
    report = load_folder(write(folder / "input", rows()), url, Settings(), progress=False)
    assert report.status == "loaded", report
    return url
