"""The one error of the benchmarks package."""

from qaf.errors import QafError


class BenchmarkDataError(QafError):
    """A published file or a qaf_benchmarks row is not as QAF expects, named with what to do."""
