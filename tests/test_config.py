"""Settings: defaults, file, environment, and clear errors for bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from qaf.config import Settings, load_settings
from qaf.errors import QafError


def test_defaults_carry_the_seed_rules():
    s = load_settings(environ={}, config_file=Path("/nonexistent.toml"))
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


def test_tuple_setting_from_environment():
    s = load_settings(
        environ={"QAF_CASELOAD__MANAGER_ROLES": "TM, ATM, PM"}, config_file=Path("/no")
    )
    assert s.caseload.manager_roles == ("TM", "ATM", "PM")


def test_unknown_setting_is_named():
    with pytest.raises(QafError, match=r"Unknown setting load\.keep"):
        load_settings(environ={"QAF_LOAD__KEEP": "1"}, config_file=Path("/no"))


def test_bad_value_is_named():
    with pytest.raises(QafError, match=r"load\.keep_versions"):
        load_settings(environ={"QAF_LOAD__KEEP_VERSIONS": "three"}, config_file=Path("/no"))


def test_bad_toml_is_named(tmp_path):
    cfg = tmp_path / "qaf.toml"
    cfg.write_text("[load\n")
    with pytest.raises(QafError, match="not valid TOML"):
        load_settings(environ={}, config_file=cfg)
