"""Errors that are the user's to fix: the CLI prints them in plain words, with no traceback."""


class QafError(Exception):
    """A problem the person running QAF can fix (bad input, bad option, unreachable warehouse)."""

    exit_code = 2
