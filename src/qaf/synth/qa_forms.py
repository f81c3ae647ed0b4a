"""Quality assurance records: case audits, parent and carer feedback, the Independent Reviewing
Unit's meeting attendance and review monitoring forms (seed sections 3 and 4)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from qaf.synth.dates import NA, business_days, month_end, month_start, months
from qaf.synth.frames import frame, ids
from qaf.synth.profile import Profile

STANDARDS = ("1a", "2", "3", "4", "5", "6")
# Seed section 3, Sept 2016: 16 CIN, 20 CP, 8 CIC, 1 care leaver, 2 assessments of 47.
CASE_TYPES = (("CIN", 16), ("CP", 20), ("CIC", 8), ("CL", 1), ("ASSESSMENT", 2))
# Score shares 1..5 (seed: ~75% of dimensions scored 3 or more).
SCORES = (0.07, 0.18, 0.36, 0.27, 0.12)
P_SCORE_NA = 0.03
AUDITORS = (
    "Audit Officer A. Penrose",
    "Audit Officer B. Kestle",
    "Audit Officer C. Lanyon",
    "Audit Officer D. Tregear",
    "Audit Officer E. Boscawen",
)
# Feedback answers: chance of yes, and of not answered (seed section 3.1, Sept 2016).
QUESTION_YES = (0.74, 0.76, 0.9, 0.66)
QUESTION_BLANK = (0.02, 0.02, 0.01, 0.12)
COMMENTS = {
    "positive": (
        "The social worker listened to us and explained everything clearly.",
        "Really helpful and kind throughout.",
        "We felt supported at every step.",
        "Thank you for sorting things out so quickly.",
        "Our worker was reliable and always called back.",
    ),
    "negative": (
        "Nobody told us what was happening.",
        "The report had mistakes in it.",
        "We did not feel listened to.",
        "Too many changes of worker.",
        "It took far too long to get a decision.",
    ),
    "mixed": (
        "Helpful in the end but communication could have been better.",
        "The worker was kind but the outcome was not what we hoped.",
        "Good support, though meetings were often moved.",
    ),
}
THEMES = {
    "positive": ("support", "respect", "communication"),
    "negative": ("communication", "information", "timeliness", "worker changes"),
    "mixed": ("communication", "outcome", "support"),
}
P_COMMENT = 0.76  # seed: 13 of 17 respondents commented
# IRU: share of invited professionals attending (seed section 4, 2016 averages).
ATTEND = {
    ("ICPC", "HEALTH"): 0.6,
    ("ICPC", "OTHER"): 0.55,
    ("CORE_GROUP", "HEALTH"): 0.7,
    ("CORE_GROUP", "OTHER"): 0.8,
    ("CP_REVIEW", "HEALTH"): 0.62,
    ("CP_REVIEW", "OTHER"): 0.63,
}
INVITED = {"HEALTH": (1, 3), "OTHER": (2, 6)}
P_NEW_MEETING = 0.45  # siblings share a conference: ~52 children in ~24 ICPC meetings
CORE_GROUPS_PER_MONTH = 30  # seed section 4: monitored core groups
CP_REVIEW_GAPS = (91, 182)  # first review at 3 months, then six-monthly (Working Together 2015)
IRU_ON_TIME = (0.72, 0.22)  # report shared on time yes / no; rest not recorded
SW_CHANGES = (0.7, 0.25, 0.04, 0.01)  # 0, 1, 2, 3 changes (seed: 30% one or more)
P_SW_CHANGES_BLANK = 0.17  # seed: 140 of 169 forms recorded changes


def audits(
    rng: np.random.Generator,
    p: Profile,
    scale: float,
    status: dict[str, np.ndarray],
    seg_person: npt.NDArray[np.str_],
    seg_team: npt.NDArray[np.str_],
    seg_worker: npt.NDArray[np.str_],
    seg_start: np.ndarray,
    seg_end: np.ndarray,
) -> pd.DataFrame:
    """status: per segment, boolean masks per case type at... recomputed per month by caller."""
    names = [c for c, _ in CASE_TYPES]
    weights = np.array([w for _, w in CASE_TYPES], dtype=float)
    rows: list[pd.DataFrame] = []
    count = 0
    for year, month in months(p.window_start, p.end):
        start, last = month_start(year, month), month_end(year, month)
        n = int(rng.poisson(p.audits_per_month * scale))
        dates = np.sort(rng.choice(business_days(start, last), n))
        kinds = rng.choice(len(names), n, p=weights / weights.sum())
        mid = (start + last) // 2
        live = (seg_start <= mid) & (seg_end > mid)
        for k, name in enumerate(names):
            want = np.flatnonzero(kinds == k)
            pool = np.flatnonzero(live & status[name])
            if len(want) == 0 or len(pool) == 0:
                continue
            pick = pool[rng.integers(0, len(pool), len(want))]
            m = len(want)
            score = rng.choice(5, (m, len(STANDARDS)), p=np.array(SCORES) / sum(SCORES)) + 1
            na = rng.random((m, len(STANDARDS))) < P_SCORE_NA * (4 if name == "CL" else 1)
            score_text = np.where(na, "NA", score.astype(str))
            audit_no = np.arange(count, count + m)
            count += m
            rows.append(
                frame(
                    "qaf_audits",
                    {
                        "audit_id": np.repeat(ids("audit", audit_no), len(STANDARDS)),
                        "person_id": np.repeat(seg_person[pick], len(STANDARDS)),
                        "case_type": np.full(m * len(STANDARDS), name),
                        "team_id": np.repeat(seg_team[pick], len(STANDARDS)),
                        "worker_id": np.repeat(seg_worker[pick], len(STANDARDS)),
                        "auditor": np.repeat(
                            np.array(AUDITORS)[rng.integers(0, len(AUDITORS), m)], len(STANDARDS)
                        ),
                        "audit_date": np.repeat(dates[want], len(STANDARDS)),
                        "standard": np.tile(np.array(STANDARDS), m),
                        "score": score_text.reshape(-1),
                    },
                )
            )
    out = pd.concat(rows, ignore_index=True)
    return out.sort_values(["audit_date", "audit_id", "standard"], kind="stable").reset_index(
        drop=True
    )


def feedback(
    rng: np.random.Generator, p: Profile, scale: float, closed_workers: pd.DataFrame
) -> pd.DataFrame:
    """Forms from families whose case closed in the previous two months."""
    parts = []
    for year, month in months(p.window_start, p.end):
        start, last = month_start(year, month), month_end(year, month)
        n = round(int(rng.integers(p.feedback_per_month[0], p.feedback_per_month[1] + 1)) * scale)
        pool = closed_workers[
            (closed_workers["end"] >= start - 60) & (closed_workers["end"] < last)
        ]
        if n == 0 or pool.empty:
            continue
        worker = pool["worker"].to_numpy()[rng.integers(0, len(pool), n)]
        date = np.sort(rng.choice(business_days(start, last), n))
        answers = []
        for yes, blank in zip(QUESTION_YES, QUESTION_BLANK, strict=True):
            u = rng.random(n)
            answers.append(
                np.where(u < blank, "", np.where(u < blank + (1 - blank) * yes, "Y", "N"))
            )
        noes = sum((a == "N").astype(int) for a in answers)
        tone = np.where(noes == 0, "positive", np.where(noes >= 2, "negative", "mixed"))
        comment = np.array([COMMENTS[t][rng.integers(len(COMMENTS[t]))] for t in tone])
        themes = np.array([";".join(sorted(set(rng.choice(THEMES[t], 2)))) for t in tone])
        has = rng.random(n) < P_COMMENT
        parts.append(
            pd.DataFrame(
                {
                    "received_date": date,
                    "worker_id": worker,
                    "children": rng.choice([1, 1, 1, 2, 2, 3, 4], n),
                    "q1": answers[0],
                    "q2": answers[1],
                    "q3": answers[2],
                    "q4": answers[3],
                    "comment": np.where(has, comment, ""),
                    "tone": np.where(has, tone, ""),
                    "themes": np.where(has, themes, ""),
                }
            )
        )
    df = pd.concat(parts, ignore_index=True)
    cols: dict[str, object] = {c: df[c].to_numpy() for c in df.columns}
    cols["form_id"] = ids("feedback", np.arange(len(df)))
    return frame("qaf_feedback", cols)


def iru_meetings(
    rng: np.random.Generator,
    p: Profile,
    scale: float,
    icpc: pd.DataFrame,
    plans: pd.DataFrame,
    window_start: int,
    end: int,
) -> pd.DataFrame:
    """icpc: person, date; plans: person, start, end (NA while open)."""
    parts = [icpc.assign(type="ICPC")]
    # Review conferences at 3 months then six-monthly while the plan lasts.
    due = plans["start"].to_numpy() + CP_REVIEW_GAPS[0]
    stop = np.where(plans["end"].to_numpy() == NA, end + 1, plans["end"].to_numpy())
    person = plans["person"].to_numpy()
    while True:
        ok = due < stop
        if not ok.any():
            break
        parts.append(pd.DataFrame({"person": person[ok], "date": due[ok], "type": "CP_REVIEW"}))
        due = due + CP_REVIEW_GAPS[1]
    for year, month in months(p.window_start, p.end):
        start, last = month_start(year, month), month_end(year, month)
        live = (plans["start"].to_numpy() < start) & (stop > last)
        pool = np.flatnonzero(live)
        n = min(int(rng.poisson(CORE_GROUPS_PER_MONTH * scale)), len(pool))
        pick = rng.choice(pool, n, replace=False) if n else pool[:0]
        parts.append(
            pd.DataFrame(
                {
                    "person": person[pick],
                    "type": "CORE_GROUP",
                    "date": rng.choice(business_days(start, last), n),
                }
            )
        )
    ev = pd.concat(parts, ignore_index=True)
    ev = ev[(ev["date"] >= window_start) & (ev["date"] <= end)]
    ev = ev.sort_values(["type", "date", "person"], kind="stable").reset_index(drop=True)
    t, d = ev["type"].to_numpy(), ev["date"].to_numpy()
    new = np.r_[True, (t[1:] != t[:-1]) | (d[1:] != d[:-1])] | (rng.random(len(ev)) < P_NEW_MEETING)
    new |= t == "CORE_GROUP"
    meeting = np.cumsum(new) - 1
    first = np.flatnonzero(new)
    size = np.diff(np.r_[first, len(ev)])
    rows = []
    for group in ("HEALTH", "OTHER"):
        lo, hi = INVITED[group]
        invited = rng.integers(lo, hi, len(first)) + (size > 1)
        p_att = np.array([ATTEND[(str(x), group)] for x in t[first]])
        rows.append(
            pd.DataFrame(
                {
                    "meeting": meeting[first],
                    "group": group,
                    "type": t[first],
                    "date": d[first],
                    "person": ev["person"].to_numpy()[first],
                    "invited": invited,
                    "attended": rng.binomial(invited, p_att),
                }
            )
        )
    out = pd.concat(rows).sort_values(["meeting", "group"], kind="stable")
    return frame(
        "qaf_iru_meetings",
        {
            "meeting_id": ids("meeting", out["meeting"].to_numpy()),
            "meeting_type": out["type"].to_numpy(),
            "meeting_date": out["date"].to_numpy(),
            "person_id": out["person"].to_numpy(),
            "professional_group": out["group"].to_numpy(),
            "invited": out["invited"].to_numpy(),
            "attended": out["attended"].to_numpy(),
        },
    )


def iru_reviews(
    rng: np.random.Generator, held: np.ndarray, person: npt.NDArray[np.str_]
) -> pd.DataFrame:
    n = len(held)
    u = rng.random(n)
    on_time = np.where(u < IRU_ON_TIME[0], "Y", np.where(u < sum(IRU_ON_TIME), "N", ""))
    changes = rng.choice(len(SW_CHANGES), n, p=np.array(SW_CHANGES) / sum(SW_CHANGES)).astype(str)
    changes = np.where(rng.random(n) < P_SW_CHANGES_BLANK, "", changes)
    return frame(
        "qaf_iru_reviews",
        {
            "form_id": ids("iru_form", np.arange(n)),
            "review_date": held,
            "person_id": person,
            "report_on_time": on_time,
            "sw_changes": changes,
        },
    )
