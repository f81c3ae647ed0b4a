"""Checks anyone can make by reading the bundled DfE files (data/PROVENANCE.md)."""

from __future__ import annotations

import pytest

from qaf.benchmarks import (
    MAPPINGS,
    SN2021,
    SN2025,
    Council,
    comparators,
    load_published,
    neighbour_codes,
)
from qaf.indicators.registry import load_all

DEVON = Council("878", "E10000008", "South West")
RE_REFERRALS = "front_door.re_referral_12m_pct"


@pytest.fixture(scope="module")
def published():
    return load_published()


def by_comparator(rows, period):
    return {b.comparator: b for b in rows if b.period == period}


def test_every_mapping_names_an_indicator_of_the_catalogue():
    catalogue = load_all()
    assert [m.indicator_id for m in MAPPINGS if m.indicator_id not in catalogue] == []


def test_devon_and_england_re_referral_rates_for_2015(published):
    # c1, time_period 2015: Devon (878) 23.4, England 24.2, South West 24.6.
    year = by_comparator(comparators(published, RE_REFERRALS, DEVON), "2014-15")
    assert year["la"].value == 23.4
    assert year["england"].value == 24.2
    assert year["region"].value == 24.6
    assert year["la"].as_at == "2015-03-31"
    assert year["la"].source.startswith("c1_")


def test_neighbours_median_worked_by_hand_from_the_file(published):
    # sn_model_2025_wide.csv, Devon: 845 838 926 886 933 935 938 830 881 885. Their c1
    # rereferral_percent for 2015, read from the file: 845 23.6, 926 17.4, 886 28.4, 933 27.0,
    # 935 25.8, 938 21.8, 830 24.6, 881 27.9, 885 13.6; 838 (Dorset since 2019) has no 2015 row.
    # Sorted: 13.6 17.4 21.8 23.6 [24.6] 25.8 27.0 27.9 28.4: the median of 9 is the 5th.
    assert neighbour_codes(published, DEVON) == (
        "845", "838", "926", "886", "933", "935", "938", "830", "881", "885",
    )  # fmt: skip
    neighbours = by_comparator(comparators(published, RE_REFERRALS, DEVON), "2014-15")[
        "statistical_neighbours"
    ]
    assert neighbours.value == 24.6
    assert (neighbours.n_neighbours, neighbours.n_neighbours_with_data) == (10, 9)


def test_the_2021_groupings_and_a_custom_list_give_other_medians(published):
    # April 2021 groupings, Devon: 933 893 838 884 908 916 935 865 885 926. For 2015: 884 40.7,
    # 893 24.9, 885 13.6, 926 17.4, 935 25.8, 916 24.1, 933 27.0, 865 18.3; 908 is "x" and 838
    # has no row. Sorted: 13.6 17.4 18.3 24.1 | 24.9 25.8 27.0 40.7: (24.1 + 24.9) / 2 = 24.5.
    sn2021 = by_comparator(comparators(published, RE_REFERRALS, DEVON, SN2021), "2014-15")
    assert sn2021["statistical_neighbours"].value == pytest.approx(24.5)
    assert sn2021["statistical_neighbours"].n_neighbours_with_data == 8
    # Plymouth (879) 33.7 and Torbay (880) 24.9 in 2015, read from the c1 file by eye:
    # (33.7 + 24.9) / 2 = 29.3.
    custom = by_comparator(comparators(published, RE_REFERRALS, DEVON, ["879", "880"]), "2014-15")
    assert custom["statistical_neighbours"].value == pytest.approx(29.3)
    assert custom["statistical_neighbours"].n_neighbours_with_data == 2
    # The la, region and England figures do not depend on the model.
    assert sn2021["england"].value == custom["england"].value == 24.2


def test_suppressed_cells_are_missing_never_zero(published):
    # c1, 2015, Isles of Scilly (420): rereferral_percent is "c".
    scilly = by_comparator(comparators(published, RE_REFERRALS, Council("420")), "2014-15")["la"]
    assert scilly.value is None
    assert scilly.suppressed == "c"
    figures = published.figures
    suppressed = figures[figures["symbol"].notna()]
    assert suppressed["value"].isna().all()
    assert set(suppressed["symbol"]) <= {"c", "k", "x", "z", "u", "low", ":", "blank"}
    assert {"c", "x", "z", "u", "low"} <= set(suppressed["symbol"])
    # Every figure with a value has no symbol.
    assert figures.loc[figures["value"].notna(), "symbol"].isna().all()


def test_rates_per_10k_are_worked_from_counts_and_the_previous_mid_year_estimate(published):
    # b1 2015, Devon: At31_episodes 5725; ONS mid-2014, Devon: 141,221 children aged 0 to 17.
    year = by_comparator(comparators(published, "cin.rate_per_10k", DEVON), "2014-15")
    assert year["la"].value == pytest.approx(5725 / 141221 * 10_000)
    # The cla file publishes its own rate with the same population (England 2025: 81,770 / 12,183,016).
    cla = by_comparator(comparators(published, "cla.rate_per_10k", DEVON), "2024-25")
    assert cla["england"].value == 67


def test_counts_carry_the_councils_own_figure_only(published):
    population = comparators(published, "population.under_18", DEVON)
    assert {b.comparator for b in population} == {"la"}
    mid_2024 = next(b for b in population if b.as_at == "2024-06-30")
    assert mid_2024.value == 148164
    assert mid_2024.period == "2024-25"


def test_workforce_figures_stand_at_30_september(published):
    rows = comparators(published, "workforce.caseloads", DEVON)
    latest = by_comparator(rows, "2025-26")
    assert latest["la"].as_at == "2025-09-30"
    assert set(latest) == {"la", "statistical_neighbours", "region", "england"}


def test_adoption_timings_are_england_only_in_days(published):
    # 2025, Total, stage 4: "01:07", 19 months at 365.25 / 12 days a month.
    rows = comparators(published, "adoption.a1_days", DEVON)
    assert {b.comparator for b in rows} == {"england"}
    latest = by_comparator(rows, "2024-25")["england"]
    assert latest.value == pytest.approx(19 * 365.25 / 12)


def test_every_model_holds_devon(published):
    for model in (SN2025, SN2021):
        assert len(neighbour_codes(published, DEVON, model)) == 10
