"""Errors that are the user's to fix: the CLI prints them in plain words, with no traceback."""


class QafError(Exception):
    """A problem the person running QAF can fix (bad input, bad option, unreachable warehouse)."""

    exit_code = 2


class Interrupted(QafError):
    """Ctrl-C stopped the work part-way; whatever it was writing was undone."""

    # 128 + SIGINT, as shells report a process that Ctrl-C stopped.
    exit_code = 130
