"""The council's team structure (the seed's table 25, with invented names and codes) and its staff,
sized so that caseloads per FTE come out like the seed's (LA average 19.8)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from qaf.synth.children import AREAS
from qaf.synth.frames import frame, ids

AREA_CODES = ("EX", "ME", "NO", "SO")
SERVICES = {
    "IR": "Initial Response",
    "CF": "Children and Families",
    "PT": "Permanency and Transition",
    "DCS": "Disabled Children's Services",
    "PF": "Private Fostering",
    "FIN": "Finance Only",
}
# Children and Families teams per area (seed table 25: four in each area).
CF_TEAMS_PER_AREA = 4
# Disabled children's teams: (code, name, area index); two areas have two teams (seed table 25).
DCS_TEAMS = (
    ("DIS-EX", "Exeter", 0),
    ("DIS-ME", "Mid & East", 1),
    ("DIS-NO1", "North 1", 2),
    ("DIS-NO2", "North 2", 2),
    ("DIS-SO1", "South 1", 3),
    ("DIS-SO2", "South 2", 3),
)
# Finance-only teams: one countywide, and disabled children's finance by area group.
FIN_TEAMS = (
    ("FIN-01", "Finance Only Cases", ""),
    ("FIN-DEM", "Disabled Children Finance East", "Mid & East"),
    ("FIN-DNO", "Disabled Children Finance North", "North"),
    ("FIN-DSO", "Disabled Children Finance South", "South"),
)
# Cases per caseload FTE a team ends up with: the seed's teams range from 12 to 36, average 19.8.
CASES_PER_FTE = (14.0, 26.0)
# Workforce mix (tuned to the seed's footnotes: ASYEs/NQSWs, agency staff in red, long-term sick).
P_AGENCY = 0.10
P_NEWLY_QUALIFIED = 0.16
P_LONG_TERM_ABSENT = 0.04
P_FAMILY_PRACTITIONER = {"PT": 0.18, "CF": 0.10}
FTE_CHOICES = ((1.0, 0.72), (0.8, 0.12), (0.6, 0.10), (0.5, 0.06))
NEWLY_QUALIFIED_WEIGHT = 0.6  # seed: an ASYE or NQSW carries 60% of a caseload
# Former workers of each team, as a share of current staff: old involvements name people who left.
FORMER_SHARE = 0.35

FIRST = (
    "Alex",
    "Bethan",
    "Ciaran",
    "Dana",
    "Ellis",
    "Farah",
    "Gemma",
    "Harriet",
    "Imogen",
    "Joel",
    "Kiran",
    "Leanne",
    "Marcus",
    "Nadia",
    "Owen",
    "Priya",
    "Rhys",
    "Sian",
    "Tobias",
    "Una",
    "Verity",
    "Wes",
    "Yasmin",
    "Zoe",
    "Amara",
    "Bryn",
    "Carys",
    "Declan",
    "Esme",
    "Finn",
    "Gareth",
    "Hollie",
    "Isaac",
    "Jodie",
    "Kwame",
    "Lorna",
    "Mared",
    "Nell",
    "Oscar",
    "Piers",
)
LAST = (
    "Armitage",
    "Bancroft",
    "Carver",
    "Dunmore",
    "Ellery",
    "Fenwick",
    "Garside",
    "Holloway",
    "Ingram",
    "Jarvis",
    "Kingsley",
    "Lowther",
    "Marchant",
    "Norcott",
    "Oakley",
    "Pennington",
    "Quarrie",
    "Rowntree",
    "Sherwood",
    "Tindall",
    "Upton",
    "Varley",
    "Whitlock",
    "Yardley",
    "Ashworth",
    "Blakemore",
    "Crossley",
    "Dalton",
    "Eastwood",
    "Fairclough",
    "Greenhalgh",
    "Hartley",
    "Ibbotson",
    "Kershaw",
    "Lockwood",
    "Merritt",
    "Nuttall",
    "Ormerod",
    "Prescott",
    "Radcliffe",
    "Stanworth",
    "Thackeray",
    "Woodhouse",
    "Brightwell",
    "Cheverton",
)
JOB_TITLES = {
    "SW": "Social Worker",
    "ASYE": "Social Worker (ASYE)",
    "NQSW": "Newly Qualified Social Worker",
    "FP": "Family Practitioner",
    "TM": "Team Manager",
    "ATM": "Assistant Team Manager",
    "OTHER": "Finance Officer",
}


@dataclass
class Teams:
    frame: pd.DataFrame  # qaf_teams
    ir: npt.NDArray[np.int64]  # team index by area
    cf: npt.NDArray[np.int64]  # [area, k]
    pt: npt.NDArray[np.int64]
    dcs: npt.NDArray[np.int64]  # [area, k]: DCS teams of each area (k = 0 or 1)
    pf: int
    foc: int
    fin_dcs: npt.NDArray[np.int64]  # finance team for disabled children by area

    @property
    def team_ids(self) -> npt.NDArray[np.str_]:
        return self.frame["team_id"].to_numpy().astype(str)


def build_teams() -> Teams:
    rows: list[dict[str, str]] = []

    def add(
        team_id: str,
        name: str,
        service: str,
        area: str,
        *,
        holds: bool = False,
        fp: bool = False,
        fin: bool = False,
    ) -> int:
        rows.append(
            {
                "team_id": team_id,
                "team_name": name,
                "service": SERVICES[service],
                "area": area,
                "manager_holds_cases": "Y" if holds else "N",
                "family_practitioners_count": "Y" if fp else "N",
                "finance_only": "Y" if fin else "N",
            }
        )
        return len(rows) - 1

    ir = [
        add(f"INR-{c}", f"Initial Response {a}", "IR", a)
        for c, a in zip(AREA_CODES, AREAS, strict=True)
    ]
    cf = [
        [
            add(f"CAF-{c}{k + 1}", f"Children and Families {a} {k + 1}", "CF", a)
            for k in range(CF_TEAMS_PER_AREA)
        ]
        for c, a in zip(AREA_CODES, AREAS, strict=True)
    ]
    pt = [
        add(f"PAT-{c}", f"Permanency and Transition {a}", "PT", a, fp=True)
        for c, a in zip(AREA_CODES, AREAS, strict=True)
    ]
    dcs_idx = [
        add(code, f"Disabled Children {name}", "DCS", AREAS[area]) for code, name, area in DCS_TEAMS
    ]
    dcs = np.array(
        [
            ([dcs_idx[i] for i, t in enumerate(DCS_TEAMS) if t[2] == a] * 2)[:2]
            for a in range(len(AREAS))
        ]
    )
    pf = add("PRF-01", "Private Fostering", "PF", "", holds=True)
    fin = [add(code, name, "FIN", area, fin=True) for code, name, area in FIN_TEAMS]
    fin_dcs = np.array([fin[1], fin[1], fin[2], fin[3]])
    return Teams(
        frame=pd.DataFrame(rows),
        ir=np.array(ir),
        cf=np.array(cf),
        pt=np.array(pt),
        dcs=dcs,
        pf=pf,
        foc=fin[0],
        fin_dcs=fin_dcs,
    )


@dataclass
class Staff:
    professionals: pd.DataFrame  # ssd_professionals
    staff: pd.DataFrame  # qaf_staff
    department: pd.DataFrame  # ssd_department
    # Per team: case-holding current workers, their weights, former workers, the manager.
    holders: list[npt.NDArray[np.int64]]
    weights: list[npt.NDArray[np.float64]]
    former: list[npt.NDArray[np.int64]]
    manager: npt.NDArray[np.int64]


def build_staff(rng: np.random.Generator, teams: Teams, open_cases: npt.NDArray[np.int64]) -> Staff:
    """Staff per team so that open cases / caseload FTE lands in the seed's range."""
    people: list[dict[str, object]] = []
    holders: list[list[int]] = []
    weights: list[list[float]] = []
    former: list[list[int]] = []
    manager: list[int] = []
    fte_options = np.array([f for f, _ in FTE_CHOICES])
    fte_p = np.array([w for _, w in FTE_CHOICES])

    def person(team: int, role: str, fte: float, agency: bool, absent: bool, current: bool) -> int:
        people.append(
            {
                "team": team,
                "role": role,
                "fte": fte,
                "agency": agency,
                "absent": absent,
                "current": current,
            }
        )
        return len(people) - 1

    for t, row in teams.frame.iterrows():
        team = int(str(t))
        service = next(k for k, v in SERVICES.items() if v == row["service"])
        manager.append(person(team, "TM", 1.0, False, False, True))
        mine: list[int] = []
        mine_w: list[float] = []
        if service == "FIN":
            for _ in range(max(1, round(open_cases[team] / 400))):
                mine.append(person(team, "OTHER", 1.0, False, False, True))
                mine_w.append(1.0)
        else:
            if rng.random() < 0.6 and service != "PF":
                person(team, "ATM", 1.0, False, False, True)
            if row["manager_holds_cases"] == "Y":
                mine.append(manager[-1])
                mine_w.append(1.0)
            target = open_cases[team] / rng.uniform(*CASES_PER_FTE)
            have = sum(mine_w)
            while have < max(target, 1.0):
                fte = float(rng.choice(fte_options, p=fte_p))
                fp = rng.random() < P_FAMILY_PRACTITIONER.get(service, 0.0)
                newly = not fp and rng.random() < P_NEWLY_QUALIFIED
                role = (
                    "FP"
                    if fp
                    else ("ASYE" if newly and rng.random() < 0.7 else "NQSW" if newly else "SW")
                )
                absent = rng.random() < P_LONG_TERM_ABSENT
                w = 0.0 if absent else fte * (NEWLY_QUALIFIED_WEIGHT if newly else 1.0)
                if fp and row["family_practitioners_count"] != "Y":
                    w = 0.0
                i = person(team, role, fte, rng.random() < P_AGENCY and not fp, absent, True)
                have += w
                # Family practitioners outside P&T and absent staff still hold a few cases.
                mine.append(i)
                mine_w.append(max(w, 0.25 if not absent else 0.02))
        gone = [
            person(team, "SW", 1.0, rng.random() < P_AGENCY, False, False)
            for _ in range(max(1, round(len(mine) * FORMER_SHARE)))
        ]
        holders.append(mine)
        weights.append(mine_w)
        former.append(gone)

    n = len(people)
    order = rng.permutation(n)
    names = np.array(
        [f"{FIRST[i % len(FIRST)]} {LAST[(i * 7 + i // len(FIRST)) % len(LAST)]}" for i in order]
    )
    team_ids = teams.team_ids
    frame_team = np.array([team_ids[int(p["team"])] for p in people])  # type: ignore[call-overload]
    roles = np.array([str(p["role"]) for p in people])
    prof = frame(
        "ssd_professionals",
        {
            "prof_professional_id": ids("professional", np.arange(n)),
            "prof_professional_name": names,
            "prof_agency_worker_flag": np.where([bool(p["agency"]) for p in people], "Y", "N"),
            "prof_professional_job_title": np.array([JOB_TITLES[r] for r in roles]),
            "prof_professional_department": frame_team,
            "prof_full_time_equivalency": np.array([float(p["fte"]) for p in people]),  # type: ignore[arg-type]
        },
    )
    current = np.array([bool(p["current"]) for p in people])
    staff = frame(
        "qaf_staff",
        {
            "prof_professional_id": ids("professional", np.arange(n))[current],
            "team_id": frame_team[current],
            "role": roles[current],
            "fte": np.array([float(p["fte"]) for p in people])[current],  # type: ignore[arg-type]
            "agency": np.where([bool(p["agency"]) for p in people], "Y", "N")[current],
            "long_term_absence": np.where([bool(p["absent"]) for p in people], "Y", "N")[current],
        },
    )
    services = teams.frame["service"].to_numpy().astype(str)
    service_ids = {s: "SVC-" + k for k, s in SERVICES.items()}
    dept = pd.concat(
        [
            frame(
                "ssd_department",
                {
                    "dept_team_id": np.array(list(service_ids.values())),
                    "dept_team_name": np.array(list(service_ids)),
                    "dept_team_parent_id": np.full(len(service_ids), "CSC"),
                    "dept_team_parent_name": np.full(len(service_ids), "Children's Social Care"),
                },
            ),
            frame(
                "ssd_department",
                {
                    "dept_team_id": team_ids,
                    "dept_team_name": teams.frame["team_name"].to_numpy().astype(str),
                    "dept_team_parent_id": np.array([service_ids[s] for s in services]),
                    "dept_team_parent_name": services,
                },
            ),
        ],
        ignore_index=True,
    )
    return Staff(
        professionals=prof,
        staff=staff,
        department=dept,
        holders=[np.array(h, dtype=np.int64) for h in holders],
        weights=[np.array(w, dtype=np.float64) for w in weights],
        former=[np.array(f, dtype=np.int64) for f in former],
        manager=np.array(manager, dtype=np.int64),
    )
