"""Settings: defaults, file, environment, and clear errors for bad values."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from qaf.config import (
    FALSE_WORDS,
    TRUE_WORDS,
    Settings,
    TimelinessSettings,
    days_in_words,
    env_name,
    label,
    load_settings,
    months_in_words,
    setting_names,
    settings_as_dict,
)
from qaf.errors import QafError

NO_FILE = Path("/nonexistent/qaf.toml")


def from_env(**environ: str) -> Settings:
    return load_settings(environ=environ, config_file=NO_FILE)


def from_file(tmp_path: Path, text: str) -> Settings:
    cfg = tmp_path / "qaf.toml"
    cfg.write_text(text)
    return load_settings(environ={}, config_file=cfg)


def test_defaults_carry_the_seed_rules():
    s = from_env()
    assert s == Settings()
    assert s.load.max_rejected_pct == 5.0
    assert s.load.keep_versions == 3
    assert s.caseload.newly_qualified_weight == 0.6
    assert s.warehouse.startswith("duckdb://") and s.warehouse.endswith("data/warehouse.duckdb")


def test_file_then_environment(tmp_path):
    cfg = tmp_path / "qaf.toml"
    cfg.write_text('warehouse_url = "postgres://x@h/db"\n[load]\nkeep_versions = 5\n')
    s = load_settings(environ={"QAF_LOAD__MAX_REJECTED_PCT": "2.5"}, config_file=cfg)
    assert s.warehouse == "postgres://x@h/db"
    assert s.load.keep_versions == 5
    assert s.load.max_rejected_pct == 2.5


def test_qaf_config_names_the_file(tmp_path):
    cfg = tmp_path / "elsewhere.toml"
    cfg.write_text("[load]\nkeep_versions = 9\n")
    assert load_settings(environ={"QAF_CONFIG": str(cfg)}).load.keep_versions == 9


def test_tuple_setting_from_environment():
    s = from_env(QAF_CASELOAD__MANAGER_ROLES="TM, ATM, PM,")
    assert s.caseload.manager_roles == ("TM", "ATM", "PM")


def test_every_setting_has_its_environment_variable():
    assert env_name("load.keep_versions") == "QAF_LOAD__KEEP_VERSIONS"
    assert env_name("warehouse_url") == "QAF_WAREHOUSE_URL"
    assert from_env(QAF_WAREHOUSE_URL="postgres://q@h/db").warehouse == "postgres://q@h/db"
    assert "timeliness.visit_days" in setting_names()


@pytest.mark.parametrize(
    ("var", "hint"),
    [
        ("QAF_LOAD__KEEP", "Did you mean QAF_LOAD__KEEP_VERSIONS?"),
        ("QAF_LOAD_KEEP_VERSIONS", "Did you mean QAF_LOAD__KEEP_VERSIONS?"),
        ("QAF_WAREHOUSE_ULR", "Did you mean QAF_WAREHOUSE_URL?"),
        ("QAF_NOSUCH__THING", "docs/settings.md"),
    ],
)
def test_an_unknown_setting_in_the_environment_is_named_with_a_hint(var, hint):
    with pytest.raises(QafError, match=f"Unknown setting {var} ") as err:
        from_env(**{var: "1"})
    assert hint in str(err.value)


def test_variables_that_are_not_settings_are_left_alone():
    s = from_env(
        QAF_TEST_POSTGRES="postgres://postgres@127.0.0.1/test",
        QAF_CONFIG="/nonexistent/qaf.toml",
        QAF_HOME="/opt/qaf",
        QAFX="1",
    )
    assert s == Settings()


@pytest.mark.parametrize("word", [*TRUE_WORDS, "Yes", " ON "])
def test_true_spellings(word):
    s = from_env(QAF_CASELOAD__EXCLUDE_LONG_TERM_ABSENT="false")
    assert not s.caseload.exclude_long_term_absent
    assert from_env(QAF_CASELOAD__EXCLUDE_LONG_TERM_ABSENT=word).caseload.exclude_long_term_absent


@pytest.mark.parametrize("word", [*FALSE_WORDS, "No", "OFF"])
def test_false_spellings(word):
    s = from_env(QAF_CASELOAD__EXCLUDE_LONG_TERM_ABSENT=word)
    assert s.caseload.exclude_long_term_absent is False


@pytest.mark.parametrize("word", ["ture", "", "2", "yess"])
def test_a_misspelt_yes_or_no_is_refused(word):
    with pytest.raises(QafError) as err:
        from_env(QAF_CASELOAD__EXCLUDE_LONG_TERM_ABSENT=word)
    text = str(err.value)
    assert text.startswith(f"QAF_CASELOAD__EXCLUDE_LONG_TERM_ABSENT = {word!r}")
    assert "true, yes, on, 1, false, no, off, 0" in text


@pytest.mark.parametrize(
    ("var", "value"),
    [
        ("QAF_LOAD__KEEP_VERSIONS", "three"),
        ("QAF_LOAD__KEEP_VERSIONS", "2.5"),
        ("QAF_LOAD__MAX_REJECTED_PCT", "five"),
        ("QAF_LOAD__MAX_REJECTED_PCT", "nan"),
    ],
)
def test_a_bad_number_is_named(var, value):
    with pytest.raises(QafError, match=f"^{var} = {value!r} is not"):
        from_env(**{var: value})


def test_file_values_are_checked_and_named(tmp_path):
    assert not from_file(
        tmp_path, "[caseload]\nexclude_long_term_absent = false\n"
    ).caseload.exclude_long_term_absent
    assert from_file(tmp_path, '[caseload]\nexclude_long_term_absent = "no"\n') == replace(
        Settings(), caseload=replace(Settings().caseload, exclude_long_term_absent=False)
    )
    cases = {
        '[caseload]\nexclude_long_term_absent = "ture"\n': "caseload.exclude_long_term_absent = 'ture'",
        "[load]\nkeep_versions = 2.5\n": "load.keep_versions = 2.5 is not a whole number",
        "[load]\nmax_rejected_pct = true\n": "load.max_rejected_pct = True is not",
        "[caseload]\nmanager_roles = [1, 2]\n": "is not a list of words",
        "[load]\nkeep = 1\n": "unknown setting load.keep. Did you mean load.keep_versions?",
        "[laod]\nkeep_versions = 1\n": "unknown section [laod]. Did you mean [load]?",
        "load = 3\n": "load is a section; write it as [load]",
    }
    for text, message in cases.items():
        with pytest.raises(QafError) as err:
            from_file(tmp_path, text)
        assert str(err.value).startswith(f"{tmp_path / 'qaf.toml'}: "), text
        assert message in str(err.value), text


def test_bad_toml_is_named(tmp_path):
    with pytest.raises(QafError, match="not valid TOML"):
        from_file(tmp_path, "[load\n")


def test_settings_as_a_plain_record():
    s = from_env(QAF_WAREHOUSE_URL="postgres://qaf:secret@db:5432/qaf", QAF_LOAD__KEEP_VERSIONS="4")
    record = settings_as_dict(s)
    assert json.loads(json.dumps(record)) == record
    assert record["load"]["keep_versions"] == 4
    assert record["caseload"]["manager_roles"] == ["TM", "ATM"]
    assert "warehouse_url" not in record and "data_dir" not in record
    assert sum(len(v) for v in record.values()) == len(setting_names()) - 2
    located = settings_as_dict(s, with_location=True)
    assert located["warehouse_url"] == "postgres://qaf:***@db:5432/qaf"
    assert located["data_dir"] == "data"


def test_windows_in_words():
    assert [days_in_words(d) for d in (42, 28, 7, 30, 1)] == [
        "6 weeks",
        "4 weeks",
        "1 week",
        "30 days",
        "1 day",
    ]
    assert days_in_words(45, working=True) == "45 working days"
    assert [months_in_words(m) for m in (24, 36, 12, 3, 1, 16)] == [
        "2 years",
        "3 years",
        "12 months",
        "3 months",
        "1 month",
        "16 months",
    ]


def test_labels_follow_their_settings():
    template = "Visited in the last {timeliness.visit_days:days}, ICPC in {timeliness.icpc_working_days:working_days}"
    assert label(template, Settings()) == "Visited in the last 6 weeks, ICPC in 15 working days"
    four_weeks = replace(Settings(), timeliness=TimelinessSettings(visit_days=28))
    assert label(template, four_weeks).startswith("Visited in the last 4 weeks")
    assert label("within {timeliness.repeat_plan_months:months}", Settings()) == "within 2 years"
    assert label("{adoption.a1_threshold_days} days", Settings()) == "426 days"
