"""Children live coherent lives: dates in order, every reference resolves, care is covered by
placements and legal statuses, visits only while looked after, no seed names."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pandas as pd
import pytest

from qaf.synth import SynthSummary
from qaf.warehouse.specs import TABLES
from tests.synth.measure import dates, read

SEED = Path("/work/shared/seed/000_50ab85987fe4c8bb.txt")


@pytest.mark.parametrize("table", sorted(t for t in TABLES if TABLES[t].date_order))
def test_dates_never_run_backwards(clean: SynthSummary, table: str) -> None:
    df = read(clean.folder, table)
    for start, end in TABLES[table].date_order:
        s, e = dates(df[start]), dates(df[end])
        assert not (e < s).any(), f"{table}: {end} before {start}"


def test_pathway_dates_in_order(clean: SynthSummary) -> None:
    cin = read(clean.folder, "ssd_cin_episodes").set_index("cine_referral_id")
    ref = dates(cin["cine_referral_date"])
    # Unborn children (pers_dob empty) are referred before birth.
    dob = dates(read(clean.folder, "ssd_person").set_index("pers_person_id")["pers_dob"])
    born = dob.reindex(cin["cine_person_id"]).to_numpy()
    assert not (born > ref.to_numpy()).any()
    for table, ref_col, date_col in (
        ("ssd_cin_assessments", "cina_referral_id", "cina_assessment_start_date"),
        ("ssd_s47_enquiry", "s47e_referral_id", "s47e_s47_start_date"),
        ("ssd_initial_cp_conference", "icpc_referral_id", "icpc_icpc_date"),
        ("ssd_cla_episodes", "clae_referral_id", "clae_cla_episode_start_date"),
    ):
        df = read(clean.folder, table)
        # A conference booked but not held has no date yet.
        assert not (dates(df[date_col]).to_numpy() < ref.reindex(df[ref_col]).to_numpy()).any(), (
            table
        )
    icpc = read(clean.folder, "ssd_initial_cp_conference")
    s47 = read(clean.folder, "ssd_s47_enquiry").set_index("s47e_s47_enquiry_id")
    started = dates(s47["s47e_s47_start_date"]).reindex(icpc["icpc_s47_enquiry_id"]).to_numpy()
    assert not (dates(icpc["icpc_icpc_date"]).to_numpy() < started).any()
    assert icpc["icpc_icpc_date"].eq("").sum() < 10  # a few booked, not held


def test_every_reference_exists(clean: SynthSummary) -> None:
    frames = {name: read(clean.folder, name) for name in TABLES}
    for name, spec in TABLES.items():
        for column in spec.columns:
            if column.references:
                ref_table, ref_col = column.references.split(".")
                values = frames[name][column.name]
                values = values[values != ""]
                missing = ~values.isin(frames[ref_table][ref_col])
                assert not missing.any(), f"{name}.{column.name}: {values[missing].iloc[0]}"
    plans = frames["ssd_cp_plans"]
    assert plans["cppl_icpc_id"].isin(frames["ssd_initial_cp_conference"]["icpc_icpc_id"]).all()
    eps = frames["ssd_cla_episodes"]
    assert (
        eps["clae_cla_placement_id"]
        .isin(frames["ssd_cla_placement"]["clap_cla_placement_id"])
        .all()
    )
    urns = frames["ssd_cla_placement"]["clap_cla_placement_urn"]
    assert urns[urns != ""].isin(frames["qaf_providers"]["urn"]).all()
    assert (urns == "").any(), "in-house and family placements carry no URN"
    inv = frames["ssd_involvements"]
    assert inv["invo_professional_team"].isin(frames["qaf_teams"]["team_id"]).all()
    assert (
        frames["qaf_staff"]["prof_professional_id"]
        .isin(frames["ssd_professionals"]["prof_professional_id"])
        .all()
    )
    for table, key in ((t, TABLES[t].key) for t in TABLES):
        if key:
            assert frames[table][key].is_unique, f"{table}.{key} repeats"


def _intervals(df: pd.DataFrame, start: str, end: str, by: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": df[by],
            "s": dates(df[start]),
            "e": dates(df[end]).fillna(pd.Timestamp("2099-01-01")),
        }
    )


def _covered(outer: pd.DataFrame, inner: pd.DataFrame) -> pd.Series:
    """For each outer interval: inner intervals of the same id cover it without gaps."""
    inner = inner.sort_values(["id", "s"])
    span = inner.groupby("id").agg(s=("s", "min"), e=("e", "max"))
    # A gap: the next interval of the same id starts after this one ends.
    same = inner["id"].shift(-1) == inner["id"]
    gaps = (same & (inner["s"].shift(-1) > inner["e"])).groupby(inner["id"]).any()
    got = span.reindex(outer["id"])
    ok = (got["s"].to_numpy() <= outer["s"].to_numpy()) & (
        got["e"].to_numpy() >= outer["e"].to_numpy()
    )
    return pd.Series(ok & ~gaps.reindex(outer["id"]).fillna(True).to_numpy(dtype=bool))


def test_care_is_covered_by_placements_and_legal_statuses(clean: SynthSummary) -> None:
    eps = read(clean.folder, "ssd_cla_episodes")
    periods = (
        _intervals(
            eps, "clae_cla_episode_start_date", "clae_cla_episode_ceased_date", "clae_cla_id"
        )
        .groupby("id")
        .agg(s=("s", "min"), e=("e", "max"))
    )
    periods = periods.reset_index()
    pl = _intervals(
        read(clean.folder, "ssd_cla_placement"),
        "clap_cla_placement_start_date",
        "clap_cla_placement_end_date",
        "clap_cla_id",
    )
    assert _covered(periods, pl).all()
    legal = read(clean.folder, "ssd_legal_status")
    person_of = eps.drop_duplicates("clae_cla_id").set_index("clae_cla_id")["clae_person_id"]
    by_person = periods.assign(id=periods["id"].map(person_of))
    lg = _intervals(
        legal, "lega_legal_status_start_date", "lega_legal_status_end_date", "lega_person_id"
    )
    # Legal statuses are per person; check each period is inside one person's statuses.
    span = lg.groupby("id").agg(s=("s", "min"), e=("e", "max")).reindex(by_person["id"])
    assert (span["s"].to_numpy() <= by_person["s"].to_numpy()).all()


def test_visits_only_while_looked_after(clean: SynthSummary) -> None:
    eps = read(clean.folder, "ssd_cla_episodes")
    span = (
        _intervals(
            eps, "clae_cla_episode_start_date", "clae_cla_episode_ceased_date", "clae_cla_id"
        )
        .groupby("id")
        .agg(s=("s", "min"), e=("e", "max"))
    )
    visits = read(clean.folder, "ssd_cla_visits")
    when = dates(visits["clav_cla_visit_date"])
    got = span.reindex(visits["clav_cla_id"])
    assert (when.to_numpy() >= got["s"].to_numpy()).all()
    assert (when.to_numpy() < got["e"].to_numpy()).all()


def test_repeat_referrals_and_plans_exist(clean: SynthSummary) -> None:
    plans = read(clean.folder, "ssd_cp_plans")
    assert plans["cppl_person_id"].duplicated().mean() > 0.05
    perm = read(clean.folder, "ssd_permanence")
    assert (perm["perm_permanence_order_type"] == "ADOPTION").sum() > 20
    assert (perm["perm_permanence_order_type"] == "SGO").sum() > 20
    ceased = read(clean.folder, "ssd_cla_episodes")["clae_cla_episode_ceased_reason"]
    assert ceased.isin(["E11", "E12"]).any() and ceased.isin(["E45", "E46", "E47", "E48"]).any()


def test_back_dated_stock(clean: SynthSummary) -> None:
    eps = read(clean.folder, "ssd_cla_episodes")
    entered = dates(eps["clae_entered_care_date"])
    assert entered.min() < pd.Timestamp("2004-01-01")
    cin = read(clean.folder, "ssd_cin_episodes")
    assert (dates(cin["cine_referral_date"]) < pd.Timestamp("2013-04-01")).sum() > 1000


def test_no_names_from_the_seed(clean: SynthSummary) -> None:
    if not SEED.exists():
        pytest.skip("seed report not on this machine")
    seed_words = set(re.findall(r"[A-Z][a-z]+", SEED.read_text(encoding="utf-8")))
    names = read(clean.folder, "ssd_professionals")["prof_professional_name"]
    surnames = set(names.str.split().str[-1])
    assert not surnames & seed_words


def test_adoption_milestones_in_order(clean: SynthSummary) -> None:
    perm = read(clean.folder, "ssd_permanence")
    steps = (
        "perm_adm_decision_date",
        "perm_placement_order_date",
        "perm_matched_date",
        "perm_placed_for_adoption_date",
        "perm_permanence_order_date",
    )
    for before, after in pairwise(steps):
        a, b = dates(perm[before]), dates(perm[after])
        assert not (b < a).any(), f"{after} before {before}"
