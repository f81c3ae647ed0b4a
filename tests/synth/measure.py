"""Figures of one month counted straight from a written folder with plain pandas, independently of
the indicator engine: what the calibration test compares with the profile's targets."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

CLA_SERVICES = {
    "cf": "Children and Families",
    "pt": "Permanency and Transition",
    "ir": "Initial Response",
    "dcs": "Disabled Children's Services",
}
UNDER_18_BANDS = ("0", "1-4", "5-9", "10-15", "16-17")


def read(folder: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)


def dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series.replace("", None), format="%Y-%m-%d")


def birth(person: pd.DataFrame) -> pd.Series:
    """Date of birth, else the expected one (estimated or unborn), as the loader reads it."""
    return dates(person["pers_dob"].where(person["pers_dob"] != "", person["pers_expected_dob"]))


def open_at(start: pd.Series, end: pd.Series, at: pd.Timestamp) -> pd.Series:
    return (start <= at) & (end.isna() | (end > at))


ADOPTED = ("E11", "E12")
SGO = ("E43", "E44", "E45", "E46", "E47", "E48")
ADOPTIVE_PLACEMENTS = ("A3", "A4", "A5", "A6")
A3_MONTHS = 16  # seed table 24: placed within 16 months of entering care


def adoption(folder: Path, first_of_fy: pd.Timestamp, last: pd.Timestamp) -> dict[str, float]:
    """Seed table 24: FY-to-date counts of distinct children, the leavers' shares, and A1-A3 over
    the children adopted in the 3 years to the quarter ending at `last`."""
    out: dict[str, float] = {}
    eps = read(folder, "ssd_cla_episodes")
    ceased = dates(eps["clae_cla_episode_ceased_date"])
    reason = eps["clae_cla_episode_ceased_reason"]
    left = eps[(ceased >= first_of_fy) & (ceased <= last) & (reason != "") & (reason != "X1")]
    leavers = left["clae_person_id"].nunique()
    adopted = left[left["clae_cla_episode_ceased_reason"].isin(ADOPTED)]
    out["adopted_ytd"] = adopted["clae_person_id"].nunique()
    sgo = left["clae_person_id"][left["clae_cla_episode_ceased_reason"].isin(SGO)].nunique()
    out["sgo_exits_ytd"] = sgo
    out["adopted_pct"] = 100 * out["adopted_ytd"] / leavers
    out["sgo_pct"] = 100 * sgo / leavers
    dob = birth(read(folder, "ssd_person").set_index("pers_person_id"))
    when = dates(adopted["clae_cla_episode_ceased_date"])
    five = dob.reindex(adopted["clae_person_id"]) + pd.DateOffset(years=5)
    out["adopted_5_plus_ytd"] = int((when.to_numpy() >= five.to_numpy()).sum())
    perm = read(folder, "ssd_permanence")
    for name, column in (
        ("adoption_decisions_ytd", "perm_adm_decision_date"),
        ("placement_orders_ytd", "perm_placement_order_date"),
        ("matched_ytd", "perm_matched_date"),
        ("placed_for_adoption_ytd", "perm_placed_for_adoption_date"),
        ("decisions_reversed_ytd", "perm_decision_reversed_date"),
    ):
        d = dates(perm[column])
        out[name] = perm["perm_person_id"][(d >= first_of_fy) & (d <= last)].nunique()
    out["matched_of_orders_pct"] = 100 * out["matched_ytd"] / out["placement_orders_ytd"]
    # A1-A3: the cohort adopted in the 3 years to the last complete quarter.
    quarter_end = last if last.month % 3 == 0 else last - pd.offsets.QuarterEnd(1)
    cohort_from = quarter_end - pd.DateOffset(years=3) + pd.Timedelta(days=1)
    all_adopted = eps[reason.isin(ADOPTED) & (ceased >= cohort_from) & (ceased <= quarter_end)]
    cohort = all_adopted[["clae_cla_id", "clae_entered_care_date"]].merge(
        perm, left_on="clae_cla_id", right_on="perm_cla_id"
    )
    entered = dates(cohort["clae_entered_care_date"])
    placed = dates(cohort["perm_placed_for_adoption_date"])
    order = dates(cohort["perm_placement_order_date"])
    matched = dates(cohort["perm_matched_date"])
    out["a1_days"] = (placed - entered).dt.days.mean()
    out["a2_days"] = (matched - order).dt.days.mean()
    out["a3_pct"] = 100 * (placed < entered + pd.DateOffset(months=A3_MONTHS)).mean()
    # From the date placed for adoption to the order the child lives with the adopters.
    pl = read(folder, "ssd_cla_placement")
    since = pl.merge(
        perm[perm["perm_placed_for_adoption_date"] != ""],
        left_on="clap_cla_id",
        right_on="perm_cla_id",
    )
    pl_end = dates(since["clap_cla_placement_end_date"])
    after = pl_end.isna() | (pl_end > dates(since["perm_placed_for_adoption_date"]))
    wrong = after & ~since["clap_cla_placement_type"].isin(ADOPTIVE_PLACEMENTS)
    out["placed_for_adoption_not_adoptive"] = since["clap_cla_id"][wrong].nunique()
    return out


def three_plus(
    eps: pd.DataFrame, pl: pd.DataFrame, fy_start: pd.Timestamp, at: pd.Timestamp
) -> float:
    """% of children looked after at `at` with 3+ placements overlapping fy_start..at."""
    e_start = dates(eps["clae_cla_episode_start_date"])
    looked_after = eps["clae_person_id"][
        open_at(e_start, dates(eps["clae_cla_episode_ceased_date"]), at)
    ]
    pl_start = dates(pl["clap_cla_placement_start_date"])
    pl_end = dates(pl["clap_cla_placement_end_date"])
    in_fy = (pl_start <= at) & (pl_end.isna() | (pl_end >= fy_start))
    moves = pl[in_fy].groupby("clap_person_id").size()
    people = looked_after.drop_duplicates()
    return float(100 * (people.map(moves).fillna(0) >= 3).mean())


def long_term_stability(
    folder: Path, eps: pd.DataFrame, pl: pd.DataFrame, at: pd.Timestamp
) -> float:
    """Of children under 16 looked after at `at` for 2.5 years or more, % in the same placement
    for 2 years or more (a placement for adoption counts from the placement before it)."""
    e_open = open_at(
        dates(eps["clae_cla_episode_start_date"]), dates(eps["clae_cla_episode_ceased_date"]), at
    )
    cla = eps[e_open].drop_duplicates("clae_person_id")
    dob = birth(read(folder, "ssd_person").set_index("pers_person_id"))
    sixteen = dob.reindex(cla["clae_person_id"]) + pd.DateOffset(years=16)
    entered = dates(cla["clae_entered_care_date"])
    eligible = cla[
        (sixteen.to_numpy() > at) & (entered <= at - pd.DateOffset(months=30)).to_numpy()
    ]
    pl = pl.assign(
        s=dates(pl["clap_cla_placement_start_date"]), e=dates(pl["clap_cla_placement_end_date"])
    ).sort_values(["clap_cla_id", "s"])
    prev_start = pl.groupby("clap_cla_id")["s"].shift()
    adoptive = pl["clap_cla_placement_type"].isin(ADOPTIVE_PLACEMENTS) & prev_start.notna()
    pl["since"] = prev_start.where(adoptive, pl["s"])
    current = pl[open_at(pl["s"], pl["e"], at)].drop_duplicates("clap_cla_id", keep="last")
    since = current.set_index("clap_cla_id")["since"].reindex(eligible["clae_cla_id"])
    return float(100 * (since <= at - pd.DateOffset(months=24)).mean())


def measure(folder: Path, month: str) -> dict[str, float]:
    first = pd.Timestamp(f"{month}-01")
    last = first + pd.offsets.MonthEnd(0)
    fy_start = pd.Timestamp(year=first.year if first.month >= 4 else first.year - 1, month=4, day=1)
    april_end = fy_start + pd.offsets.MonthEnd(0)
    out: dict[str, float] = {}

    def in_month(s: pd.Series) -> pd.Series:
        return (s >= first) & (s <= last)

    contacts = read(folder, "ssd_contacts")
    out["contacts"] = in_month(dates(contacts["cont_contact_date"])).sum()
    cin = read(folder, "ssd_cin_episodes")
    ref = dates(cin["cine_referral_date"])
    close = dates(cin["cine_close_date"])
    refs = in_month(ref)
    out["referrals"] = refs.sum()
    frame = pd.DataFrame({"p": cin["cine_person_id"], "r": ref}).sort_values(["p", "r"])
    prev = frame.groupby("p")["r"].shift()
    rerefer = (frame["r"] - prev) <= pd.Timedelta(days=365)
    out["re_referral_pct"] = 100 * rerefer[in_month(frame["r"])].mean()
    out["re_referral_ytd_pct"] = (
        100 * rerefer[(frame["r"] >= fy_start) & (frame["r"] <= last)].mean()
    )
    sa = read(folder, "ssd_cin_assessments")
    out["assessments_started"] = in_month(dates(sa["cina_assessment_start_date"])).sum()
    authed = in_month(dates(sa["cina_assessment_auth_date"]))
    out["assessment_nfa_pct"] = 100 * (sa["cina_assessment_outcome_nfa"][authed] == "Y").mean()
    s47 = read(folder, "ssd_s47_enquiry")
    out["s47"] = in_month(dates(s47["s47e_s47_start_date"])).sum()
    icpc = read(folder, "ssd_initial_cp_conference")
    held = in_month(dates(icpc["icpc_icpc_date"]))
    out["icpcs"] = held.sum()
    out["icpc_plan_pct"] = 100 * (icpc["icpc_icpc_outcome_cp_flag"][held] == "Y").mean()
    plans = read(folder, "ssd_cp_plans")
    p_start, p_end = dates(plans["cppl_cp_plan_start_date"]), dates(plans["cppl_cp_plan_end_date"])
    out["cp_plans"] = open_at(p_start, p_end, last).sum()
    out["cp_plans_april"] = open_at(p_start, p_end, april_end).sum()
    # Plans ended April to the month end (seed table 12's Grand Total): under 3 months when the end
    # is before start + 3 calendar months; 2 years or more when on or after start + 24 months.
    ended = (p_end >= fy_start) & (p_end <= last)
    short = p_end < p_start + pd.DateOffset(months=3)
    long_ = p_end >= p_start + pd.DateOffset(months=24)
    out["cp_plan_ends_under_3m_ytd_pct"] = 100 * short[ended].mean()
    out["cp_plan_ends_2y_plus_ytd_pct"] = 100 * long_[ended].mean()

    eps = read(folder, "ssd_cla_episodes")
    e_start = dates(eps["clae_cla_episode_start_date"])
    e_end = dates(eps["clae_cla_episode_ceased_date"])
    looked_after = eps[open_at(e_start, e_end, last)]
    out["cla"] = looked_after["clae_person_id"].nunique()
    legal = read(folder, "ssd_legal_status")
    l_open = open_at(
        dates(legal["lega_legal_status_start_date"]),
        dates(legal["lega_legal_status_end_date"]),
        last,
    )
    v2 = set(legal["lega_person_id"][l_open & (legal["lega_legal_status"] == "V2")])
    out["s20_pct"] = 100 * looked_after["clae_person_id"].isin(v2).mean()
    pl = read(folder, "ssd_cla_placement")
    out["placements_3plus_pct"] = three_plus(eps, pl, fy_start, last)
    # Seed table 17's outturns: children looked after at 31 March, 3+ placements in that FY.
    for fy in (2014, 2015):
        out[f"placements_3plus_{fy}_{fy - 1999}_pct"] = three_plus(
            eps, pl, pd.Timestamp(f"{fy}-04-01"), pd.Timestamp(f"{fy + 1}-03-31")
        )
    out["long_term_stability_pct"] = long_term_stability(folder, eps, pl, last)
    # Seed item 20: mean exact age (days / 365.25) at month end by sex.
    person = read(folder, "ssd_person").set_index("pers_person_id")
    cla_people = looked_after["clae_person_id"].drop_duplicates()
    age = (last - birth(person).reindex(cla_people)).dt.days / 365.25
    sex = person["pers_sex"].reindex(cla_people)
    out["average_age_boys"] = age[sex.to_numpy() == "M"].mean()
    out["average_age_girls"] = age[sex.to_numpy() == "F"].mean()
    entered = dates(looked_after["clae_entered_care_date"])
    long_enough = looked_after[entered <= last - pd.Timedelta(days=41)]["clae_person_id"].unique()
    visits = read(folder, "ssd_cla_visits")
    v_date = dates(visits["clav_cla_visit_date"])
    recent = set(
        visits["clav_person_id"][(v_date > last - pd.Timedelta(days=42)) & (v_date <= last)]
    )
    out["visited_6w_pct"] = 100 * pd.Series(long_enough).isin(recent).mean()

    open_cin = open_at(ref, close, last)
    out["open_cases"] = open_cin.sum()
    teams = read(folder, "qaf_teams")
    staff = read(folder, "qaf_staff").merge(teams, on="team_id")
    fte = staff["fte"].astype(float)
    fte = fte.where(~staff["role"].isin(["ASYE", "NQSW"]), fte * 0.6)
    counts = ~staff["role"].isin(["TM", "ATM", "OTHER"]) | (
        staff["role"].eq("TM") & staff["manager_holds_cases"].eq("Y")
    )
    counts &= ~staff["role"].eq("FP") | staff["family_practitioners_count"].eq("Y")
    counts &= staff["long_term_absence"].ne("Y") & staff["finance_only"].ne("Y")
    inv = read(folder, "ssd_involvements")
    inv_open = open_at(
        dates(inv["invo_involvement_start_date"]), dates(inv["invo_involvement_end_date"]), last
    )
    fin_teams = set(teams["team_id"][teams["finance_only"] == "Y"])
    held_cases = inv[inv_open & ~inv["invo_professional_team"].isin(fin_teams)]
    # Seed table 16: which service holds the children looked after at month end.
    held_cla = held_cases[held_cases["invo_person_id"].isin(looked_after["clae_person_id"])]
    by_team = held_cla.merge(teams, left_on="invo_professional_team", right_on="team_id")
    service = by_team.drop_duplicates("invo_person_id")["service"]
    for key, name in CLA_SERVICES.items():
        out[f"cla_held_by_{key}"] = float((service == name).sum())
    out["caseload_per_fte"] = held_cases["invo_person_id"].nunique() / fte[counts].sum()
    out["open_cases_non_finance"] = held_cases["invo_person_id"].nunique()

    out.update(adoption(folder, fy_start, last))

    pop = read(folder, "qaf_population")
    pop = pop[pop["area_code"] == read(folder, "qaf_council")["ons_code"].iloc[0]]
    mid_year = pop["mid_year"].astype(int)
    out["population_latest_mid_year"] = mid_year.max()
    latest = pop[(mid_year == mid_year.max()) & pop["age_band"].isin(UNDER_18_BANDS)]
    out["population_under_18"] = latest["population"].astype(int).sum()

    audits = read(folder, "qaf_audits")
    out["audits"] = audits["audit_id"][in_month(dates(audits["audit_date"]))].nunique()
    feedback = read(folder, "qaf_feedback")
    out["feedback"] = in_month(dates(feedback["received_date"])).sum()
    iru = read(folder, "qaf_iru_reviews")
    out["iru_reviews"] = in_month(dates(iru["review_date"])).sum()
    return {k: float(v) for k, v in out.items()}
