"""Published benchmarks: the DfE's figures for every council, region and England, beside QAF's ids.

`load_published()` reads the bundled files once; `comparators()` gives one indicator's council,
statistical neighbours' median, region and England figures by year; `benchmarks_json()` the
`benchmarks` object of the JSON results. docs/benchmarks.md describes the data and each mapping.
"""

from qaf.benchmarks.compare import (
    COMPARATORS,
    Benchmark,
    Council,
    benchmarks_json,
    comparators,
    neighbour_codes,
    read_overrides,
)
from qaf.benchmarks.errors import BenchmarkDataError
from qaf.benchmarks.mappings import BY_ID, MAPPINGS, Mapping
from qaf.benchmarks.neighbours import SN2021, SN2025
from qaf.benchmarks.published import Published, load_published

__all__ = [
    "BY_ID",
    "COMPARATORS",
    "MAPPINGS",
    "SN2021",
    "SN2025",
    "Benchmark",
    "BenchmarkDataError",
    "Council",
    "Mapping",
    "Published",
    "benchmarks_json",
    "comparators",
    "load_published",
    "neighbour_codes",
    "read_overrides",
]
