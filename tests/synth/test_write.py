"""The folder is complete, deterministic, scales, and its messy twin carries the same facts."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from qaf.errors import QafError
from qaf.synth import SynthSummary, write_folder
from qaf.synth.messy import ANSI_TABLE, CR_ONLY_TABLE, SEMICOLON_TABLE
from qaf.synth.ssd_layout import OUTCOME_JSON, ddl_columns
from qaf.warehouse.specs import TABLES


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_every_table_with_the_ssd_header(clean: SynthSummary) -> None:
    """SSD tables carry every v1.4.5 column in DDL order; QAF tables the contract's columns."""
    assert sorted(p.name for p in clean.folder.iterdir()) == sorted(f"{t}.csv" for t in TABLES)
    ddl = ddl_columns()
    for name, spec in TABLES.items():
        text = (clean.folder / f"{name}.csv").read_text(encoding="utf-8")
        expected = ddl[name] if spec.source == "ssd" else spec.names
        assert text.splitlines()[0].split(",") == list(expected)
        assert clean.rows[name] > 0, name


def test_outcome_json_has_the_ssd_keys(clean: SynthSummary) -> None:
    for table, (column, keys, count_key, comments_key, _) in OUTCOME_JSON.items():
        values = pd.read_csv(clean.folder / f"{table}.csv", dtype=str, keep_default_na=False)
        written = [json.loads(v) for v in values[column] if v]
        assert written, table
        assert all(list(w) == [*keys, count_key, comments_key] for w in written), table
        assert any(w[comments_key] for w in written), table
    icpc = pd.read_csv(clean.folder / "ssd_initial_cp_conference.csv", dtype=str)
    assert icpc["icpc_icpc_outcome_json"].str.contains('"CP_FLAG":"Y"').any()


def test_no_involvement_starts_after_the_extract_date(clean: SynthSummary) -> None:
    invo = pd.read_csv(clean.folder / "ssd_involvements.csv", dtype=str)
    assert (invo["invo_involvement_start_date"] <= "2016-09-30").all()


def test_the_council_gives_the_extract_date(clean: SynthSummary) -> None:
    """qaf_council.extract_date is the profile's last day, so coverage ends there, not at the
    last event; no event or date of birth comes after it."""
    council = pd.read_csv(clean.folder / "qaf_council.csv", dtype=str)
    assert council["extract_date"].tolist() == ["2016-09-30"]
    people = pd.read_csv(clean.folder / "ssd_person.csv", dtype=str, keep_default_na=False)
    assert (people["pers_dob"][people["pers_dob"] != ""] <= "2016-09-30").all()


def test_same_seed_same_bytes(small: SynthSummary, tmp_path: Path) -> None:
    again = write_folder(tmp_path, seed=7, scale=0.1, progress=False)
    assert digest(again.folder) == digest(small.folder)


def test_messy_same_seed_same_bytes(tmp_path: Path) -> None:
    first = write_folder(tmp_path / "a", seed=7, scale=0.05, messy=True, progress=False)
    again = write_folder(tmp_path / "b", seed=7, scale=0.05, messy=True, progress=False)
    assert digest(first.folder) == digest(again.folder)


def test_other_seed_other_bytes(small: SynthSummary, tmp_path: Path) -> None:
    other = write_folder(tmp_path, seed=8, scale=0.1, progress=False)
    assert digest(other.folder)["ssd_contacts.csv"] != digest(small.folder)["ssd_contacts.csv"]


@pytest.mark.parametrize(
    "table", ["ssd_contacts", "ssd_cin_episodes", "ssd_cla_visits", "qaf_audits"]
)
def test_scale_multiplies_volumes(clean: SynthSummary, small: SynthSummary, table: str) -> None:
    ratio = small.rows[table] / clean.rows[table]
    assert 0.06 < ratio < 0.15, f"{table}: {ratio:.3f}"


def test_bad_scale_and_profile(tmp_path: Path) -> None:
    with pytest.raises(QafError):
        write_folder(tmp_path, scale=0, progress=False)
    with pytest.raises(QafError):
        write_folder(tmp_path, profile="nowhere", progress=False)


def read_messy(folder: Path, table: str) -> str:
    raw = (folder / f"{table}.csv").read_bytes()
    return raw.decode("cp1252" if table == ANSI_TABLE else "utf-8-sig")


def test_messy_differs_but_keeps_rows(clean: SynthSummary, messy: SynthSummary) -> None:
    assert messy.rows == clean.rows
    assert digest(messy.folder) != digest(clean.folder)
    body = "".join(read_messy(messy.folder, t) for t in TABLES)
    for variant in (
        "00:00:00.000",
        "T00:00:00",
        "/09/2016",
        "NULL",
        "1900-01-01",
        "9999-12-31",
        "2099-12-31",
        "Yes",
        "NEW_REFERRAL_FLAG=",
        "{NEW_REFERRAL_FLAG: ",
        "Multiple: Neglect, Emotional abuse",
        "Special Guardianship Order",
        " - ",  # "C2 - Full care order"
    ):
        assert variant in body, variant
    assert any((messy.folder / f"{t}.csv").read_bytes().startswith(b"\xef\xbb\xbf") for t in TABLES)


def test_messy_comments_concatenated_as_the_ssd_writes_them(messy: SynthSummary) -> None:
    contacts = pd.read_csv(
        messy.folder / "ssd_contacts.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )
    outcome = contacts.iloc[
        :, list(ddl_columns()["ssd_contacts"]).index("cont_contact_outcome_json")
    ]
    assert outcome.str.contains('"COMMENTS": "Caller said "no one is at home""', regex=False).any()


def test_messy_files_as_export_tools_write_them(messy: SynthSummary) -> None:
    ansi = (messy.folder / f"{ANSI_TABLE}.csv").read_bytes()
    assert b"\x92" in ansi  # a curly apostrophe in Windows-1252
    with pytest.raises(UnicodeDecodeError):
        ansi.decode("utf-8")
    header = (messy.folder / f"{SEMICOLON_TABLE}.csv").read_text("utf-8-sig").splitlines()[0]
    assert header.count(";") == len(ddl_columns()[SEMICOLON_TABLE]) - 1
    cr_only = (messy.folder / f"{CR_ONLY_TABLE}.csv").read_bytes()
    assert cr_only.count(b"\r") > 1 and b"\n" not in cr_only


def test_messy_agency_flag_not_available(messy: SynthSummary) -> None:
    prof = pd.read_csv(messy.folder / "ssd_professionals.csv", dtype=str, encoding="utf-8-sig")
    prof.columns = [c.lower() for c in prof.columns]
    assert prof["prof_agency_worker_flag"].isna().all()


def test_messy_carries_the_same_facts(clean: SynthSummary, messy: SynthSummary) -> None:
    a = pd.read_csv(clean.folder / "ssd_cin_episodes.csv", dtype=str, keep_default_na=False)
    b = pd.read_csv(
        messy.folder / "ssd_cin_episodes.csv",
        dtype=str,
        keep_default_na=False,
        encoding="utf-8-sig",
    )
    b.columns = [c.lower() for c in b.columns]
    assert (a["cine_referral_id"] == b["cine_referral_id"]).all()
    parsed = pd.to_datetime(b["cine_referral_date"].str.slice(0, 10), format="mixed", dayfirst=True)
    assert (parsed == pd.to_datetime(a["cine_referral_date"])).all()


def test_orders_on_leaving_care_kept_as_legal_statuses(clean: SynthSummary) -> None:
    """A child who left care on a special guardianship or child arrangements order keeps it in
    ssd_legal_status, as a real extract does: QAF's NLA, starting the day care ended."""
    legal = pd.read_csv(clean.folder / "ssd_legal_status.csv", dtype=str, keep_default_na=False)
    eps = pd.read_csv(clean.folder / "ssd_cla_episodes.csv", dtype=str, keep_default_na=False)
    nla = legal[legal["lega_legal_status"] == "NLA"]
    assert len(nla) > 0
    ended = eps[eps["clae_cla_episode_ceased_reason"].isin(["E41", "E45", "E46", "E47", "E48"])]
    exits = set(zip(ended["clae_person_id"], ended["clae_cla_episode_ceased_date"], strict=True))
    starts = set(zip(nla["lega_person_id"], nla["lega_legal_status_start_date"], strict=True))
    assert starts == exits
