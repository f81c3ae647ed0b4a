"""Reference tables: the council, its population, local targets and published comparators."""

from __future__ import annotations

import numpy as np
import pandas as pd

from qaf.synth.dates import day
from qaf.synth.frames import frame
from qaf.synth.profile import Profile

BANDS = ("0", "1-4", "5-9", "10-15", "16-17", "18-25", "all")
# ONS mid-2015 estimates (seed section 1.0); all ages: ONS mid-2015 (Devon ~770k, England 54.8m).
POPULATION_2015 = {
    ("E10000008", "Devon"): (7005, 31596, 40769, 46422, 16799, 73900, 770200),
    ("E92000001", "England"): (662977, 2771703, 3357463, 3612971, 1272742, 5674723, 54786300),
}
# Yearly change by band before mid-2015 (ONS 2012-2015 trends: fewer babies, more 5-9s, growth
# in all ages).
BAND_TREND = (-0.004, -0.002, 0.015, 0.004, -0.01, 0.003, 0.007)
# A September 2016 extract holds estimates up to mid-2015: ONS publishes mid-2016 in June 2017, and
# the seed's rates per 10,000 use mid-2015 (under-18 142,591).
MID_YEARS = (2012, 2013, 2014, 2015)
# Published comparators quoted by the seed (DfE statistical releases; seed tables 1, 4, 11, 24).
BENCHMARKS = (
    ("cin.rate_per_10k", "2014-15", "statistical_neighbours", 327.5),
    ("cin.rate_per_10k", "2014-15", "england", 337.3),
    ("front_door.re_referral_12m_pct", "2015-16", "statistical_neighbours", 24.6),
    ("front_door.re_referral_12m_pct", "2015-16", "england", 24.0),
    ("cp.rate_per_10k", "2014-15", "statistical_neighbours", 51.1),
    ("cp.rate_per_10k", "2014-15", "region", 54.3),
    ("cp.rate_per_10k", "2014-15", "england", 53.7),
    ("cp.repeat_plan_ytd_pct", "2015-16", "statistical_neighbours", 19.6),
    ("cp.s47_enquiries", "2015-16", "statistical_neighbours", 141.0),
    ("cla.s20_pct", "2013-14", "england", 27.9),
    ("adoption.a1_days", "2012-15", "statistical_neighbours", 517.0),
    ("adoption.a1_days", "2012-15", "england", 593.0),
    ("adoption.a2_days", "2012-15", "statistical_neighbours", 152.0),
    ("adoption.a2_days", "2012-15", "england", 223.0),
    ("adoption.a3_pct", "2012-15", "england", 47.0),
    ("adoption.adopted_pct", "2012-15", "statistical_neighbours", 16.0),
    ("adoption.adopted_pct", "2012-15", "england", 14.0),
    ("adoption.sgo_pct", "2012-15", "statistical_neighbours", 10.0),
    ("adoption.sgo_pct", "2012-15", "england", 10.0),
)


def council(p: Profile) -> pd.DataFrame:
    return frame(
        "qaf_council",
        {
            "la_code": np.array([p.la_code]),
            "ons_code": np.array([p.ons_code]),
            "la_name": np.array([p.la_name]),
            "region": np.array([p.region]),
            # The extract is taken on the profile's last day: coverage ends there.
            "extract_date": np.array([day(p.end)]),
        },
    )


def population() -> pd.DataFrame:
    rows = []
    for (code, name), values in POPULATION_2015.items():
        for year in MID_YEARS:
            for band, value, trend in zip(BANDS, values, BAND_TREND, strict=True):
                rows.append((year, code, name, band, round(value * (1 + trend) ** (year - 2015))))
    df = pd.DataFrame(
        rows, columns=["mid_year", "area_code", "area_name", "age_band", "population"]
    )
    return frame("qaf_population", {c: df[c].to_numpy() for c in df.columns})


def targets(p: Profile) -> pd.DataFrame:
    return frame(
        "qaf_targets",
        {
            "indicator_id": np.array([t[0] for t in p.local_targets]),
            "period": np.array([t[1] for t in p.local_targets]),
            "target": np.array([t[2] for t in p.local_targets], dtype=np.float64),
        },
    )


def benchmarks() -> pd.DataFrame:
    return frame(
        "qaf_benchmarks",
        {
            "indicator_id": np.array([b[0] for b in BENCHMARKS]),
            "period": np.array([b[1] for b in BENCHMARKS]),
            "comparator": np.array([b[2] for b in BENCHMARKS]),
            "value": np.array([b[3] for b in BENCHMARKS], dtype=np.float64),
        },
    )
