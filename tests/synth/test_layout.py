"""The SSD layout and the spellings --messy writes: each is something the loader reads as meant."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from qaf.synth import SynthSummary
from qaf.synth.messy import local_wording
from qaf.synth.ssd_layout import OUTCOME_JSON, ddl_columns, ssd_outcome_json
from qaf.synth.world import COUNCIL_LEGAL_STATUS
from qaf.warehouse.codes import LEGAL_STATUS
from qaf.warehouse.outcome_json import read_outcome
from qaf.warehouse.parse import code_reader
from qaf.warehouse.specs import TABLES

CODE_LISTS = {
    col.codes.name: col.codes
    for table in TABLES.values()
    if table.source == "ssd"
    for col in table.columns
    if col.codes is not None
}


def test_ddl_list_holds_every_contract_column_once() -> None:
    ddl = ddl_columns()
    for name, spec in TABLES.items():
        if spec.source == "ssd":
            assert len(set(ddl[name])) == len(ddl[name]), name
            assert set(spec.names) <= set(ddl[name]), name


@pytest.mark.parametrize("name", sorted(CODE_LISTS))
def test_every_local_wording_reads_as_its_code(name: str) -> None:
    codes = CODE_LISTS[name]
    read = code_reader(codes)
    for code, spellings in local_wording(codes).items():
        for spelling in spellings:
            assert read(spelling)[0] == code, (name, spelling)


def test_council_wording_reads_through_the_code_map() -> None:
    read = code_reader(LEGAL_STATUS, local=COUNCIL_LEGAL_STATUS)
    for wording, code in COUNCIL_LEGAL_STATUS.items():
        assert read(wording)[0] == code


@pytest.mark.parametrize("table", sorted(OUTCOME_JSON))
def test_outcome_json_concatenated_with_a_raw_comment_keeps_its_flags(table: str) -> None:
    keys = OUTCOME_JSON[table][1]
    flags = {keys[0]: "Y", keys[-1]: "N"}
    text = ssd_outcome_json(table, flags, 'Mum said "no",\nthen "yes"')
    pairs, repaired = read_outcome(text)
    assert repaired
    assert {k: v for k, v in (pairs or {}).items() if v in ("Y", "N")} == flags


def test_messy_uses_the_council_code_map(messy: SynthSummary) -> None:
    status = pd.read_csv(
        messy.folder / "ssd_legal_status.csv",
        dtype=str,
        keep_default_na=False,
        encoding="utf-8-sig",
    )
    written = set(
        status.iloc[:, list(ddl_columns()["ssd_legal_status"]).index("lega_legal_status")]
    )
    assert written & set(COUNCIL_LEGAL_STATUS)
    assert written & {"Interim care order Sec. 38(1)", "Care Order Sec. 31(a)"}
    code_map = pd.read_csv(messy.folder / "qaf_code_map.csv", dtype=str, encoding="utf-8-sig")
    assert len(code_map) == len(COUNCIL_LEGAL_STATUS)


def test_unborn_children_have_an_expected_date_only(clean: SynthSummary) -> None:
    person = pd.read_csv(clean.folder / "ssd_person.csv", dtype=str, keep_default_na=False)
    unborn = person[person["pers_expected_dob"] > "2016-09-30"]
    assert len(unborn) >= 3
    assert (unborn["pers_dob"] == "").all() and (unborn["pers_sex"] == "U").all()
    plans = pd.read_csv(clean.folder / "ssd_cp_plans.csv", dtype=str, keep_default_na=False)
    assert plans["cppl_person_id"].isin(unborn["pers_person_id"]).any()
    estimated = person[(person["pers_dob"] == "") & (person["pers_expected_dob"] <= "2016-09-30")]
    assert 0.002 < len(estimated) / len(person) < 0.01
    icpc = pd.read_csv(clean.folder / "ssd_initial_cp_conference.csv", dtype=str)
    assert icpc["icpc_icpc_date"].isna().any()


def test_outcome_comments_are_valid_json_in_the_clean_folder(clean: SynthSummary) -> None:
    contacts = pd.read_csv(clean.folder / "ssd_contacts.csv", dtype=str, keep_default_na=False)
    comments = [json.loads(v)["COMMENTS"] for v in contacts["cont_contact_outcome_json"]]
    assert any('"' in c for c in comments) and any("\n" in c for c in comments)
