"""The QA records' settings: a Django setting, else the environment, else the default."""

from __future__ import annotations

import datetime as dt

import pytest

from qaf.errors import QafError
from qaf.web.qa import conf


def test_default_then_environment_then_django_setting(settings, monkeypatch):
    monkeypatch.delenv("QAF_QA_EDIT_WINDOW_DAYS", raising=False)
    assert conf.edit_window() == dt.timedelta(days=14)
    assert conf.feedback_link_life() == dt.timedelta(days=28)
    monkeypatch.setenv("QAF_QA_EDIT_WINDOW_DAYS", "7")
    assert conf.edit_window() == dt.timedelta(days=7)
    settings.QAF_QA_EDIT_WINDOW_DAYS = 3
    assert conf.edit_window() == dt.timedelta(days=3)


@pytest.mark.parametrize("value", ["two weeks", "0"])
def test_a_bad_value_is_named(monkeypatch, value):
    monkeypatch.setenv("QAF_QA_FEEDBACK_LINK_DAYS", value)
    with pytest.raises(QafError, match="QAF_QA_FEEDBACK_LINK_DAYS"):
        conf.feedback_link_life()
