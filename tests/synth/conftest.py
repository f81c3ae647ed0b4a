"""Each synthetic folder the tests need is generated once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from qaf.synth import SynthSummary, write_folder


@pytest.fixture(scope="session")
def clean(tmp_path_factory: pytest.TempPathFactory) -> SynthSummary:
    return write_folder(tmp_path_factory.mktemp("clean"), seed=1, progress=False)


@pytest.fixture(scope="session")
def messy(tmp_path_factory: pytest.TempPathFactory) -> SynthSummary:
    return write_folder(tmp_path_factory.mktemp("messy"), seed=1, messy=True, progress=False)


@pytest.fixture(scope="session")
def small(tmp_path_factory: pytest.TempPathFactory) -> SynthSummary:
    return write_folder(tmp_path_factory.mktemp("small"), seed=7, scale=0.1, progress=False)


@pytest.fixture(scope="session")
def clean_folder(clean: SynthSummary) -> Path:
    return clean.folder
