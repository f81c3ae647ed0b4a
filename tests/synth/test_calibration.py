"""September 2016 of the devon-2016 folder looks like the seed report (profile targets), counted
with plain pandas from the CSVs, never through the indicator engine."""

from __future__ import annotations

import pytest

from qaf.synth import SynthSummary, get_profile
from tests.synth.measure import measure

PROFILE = get_profile("devon-2016")


@pytest.fixture(scope="module")
def september(clean: SynthSummary) -> dict[str, float]:
    return measure(clean.folder, PROFILE.end.strftime("%Y-%m"))


@pytest.mark.parametrize("name", sorted(PROFILE.targets))
def test_target(september: dict[str, float], name: str) -> None:
    target = PROFILE.targets[name]
    value = september[name]
    assert target.low <= value <= target.high, (
        f"{name}: {value:.1f} outside [{target.low}, {target.high}] (seed {target.seed_value})"
    )


def test_plans_decline_through_2016(clean: SynthSummary) -> None:
    april = measure(clean.folder, "2016-04")
    assert april["cp_plans"] > measure(clean.folder, "2016-09")["cp_plans"] * 1.1
