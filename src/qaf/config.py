"""Settings: every window, threshold and rule QAF applies, with its source.

Read from defaults, then a TOML file (`qaf.toml` in the working directory, or the file named by
QAF_CONFIG), then environment variables `QAF_<SECTION>__<NAME>` (for example
`QAF_LOAD__MAX_REJECTED_PCT=2`). Top-level settings use `QAF_<NAME>` (`QAF_WAREHOUSE_URL`).
An unknown name or a value that does not fit is an error naming where it was written; QAF_
variables that are not settings (QAF_CONFIG, QAF_TEST_*) are left alone. See docs/settings.md."""

from __future__ import annotations

import difflib
import math
import os
import string
import tomllib
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from qaf.errors import QafError


@dataclass(frozen=True)
class LoadSettings:
    # More than this share of a column's cells emptied, or of a table's rows excluded for a key
    # or a reference, rejects the whole load.
    max_rejected_pct: float = 5.0
    # A table whose loaded rows fall by more than this share against the current version is
    # refused unless the load says `--accept-drop` (a bad month must not replace a good one).
    max_row_drop_pct: float = 20.0
    # Loaded versions kept for rollback.
    keep_versions: int = 3
    # Dates that case-management systems use for "unknown".
    missing_dates: tuple[str, ...] = ("1900-01-01",)


@dataclass(frozen=True)
class CaseworkSettings:
    # ssd_involvements roles that mark the allocated case worker (interfaces.md 1a), compared
    # ignoring case and spaces: `CW` as SSD 1.4.5 writes it, and "Allocated Case Worker" as SSD
    # 1.4.4 and earlier wrote it.
    case_worker_roles: tuple[str, ...] = ("CW", "Allocated Case Worker")


def role_key(text: str) -> str:
    """A role as compared with casework.case_worker_roles: upper case, runs of spaces as one."""
    return " ".join(text.split()).upper()


@dataclass(frozen=True)
class TimelinessSettings:
    # Working days from assessment start to authorisation (Working Together 2015).
    assessment_working_days: int = 45
    # Working days from strategy discussion / s47 start to ICPC (Working Together 2015).
    icpc_working_days: int = 15
    # Days within which a looked-after child must have had a statutory visit (Care Planning
    # Regulations 2010, reg 28: at least every six weeks in the first year).
    visit_days: int = 42
    # Calendar months under which a CP plan ending counts as "ended 0-2 months" (seed table 12).
    short_plan_months: int = 3
    # Years that count a re-referral (DfE CIN census: within 12 months).
    re_referral_months: int = 12
    # Window for repeat plans "within 2 years" (seed chart 11).
    repeat_plan_months: int = 24


@dataclass(frozen=True)
class AdoptionSettings:
    # A1 threshold: 14 months = 426 days (DfE adoption scorecard 2013-16 onwards).
    a1_threshold_days: int = 426
    # A2 threshold: 4 months = 121 days (DfE adoption scorecard 2013-16 onwards).
    a2_threshold_days: int = 121
    # A3: placed within this many months of entering care (the seed uses 16; later scorecards 14).
    a3_months: int = 16
    # The scorecard pools three years of adoptions.
    cohort_years: int = 3


@dataclass(frozen=True)
class CaseloadSettings:
    """The seed's table 25 footnotes, each a setting."""

    # Roles that hold no cases and add no FTE, unless the team is flagged "manager holds cases".
    manager_roles: tuple[str, ...] = ("TM", "ATM")
    # Roles in their assessed first year, and the share of FTE they count at.
    newly_qualified_roles: tuple[str, ...] = ("ASYE", "NQSW")
    newly_qualified_weight: float = 0.6
    # Family practitioners count only in teams flagged family_practitioners_count.
    family_practitioner_role: str = "FP"
    # Long-term absent staff (sick or maternity) are left out.
    exclude_long_term_absent: bool = True


@dataclass(frozen=True)
class SignalSettings:
    """Statistical process control (NHS England "Making Data Count") and the "what moved"
    sentences. The fixed constants (2.66, 3.267) live in qaf.signals.spc; see docs/signals.md."""

    # A run: this many points in a row on one side of the mean (Making Data Count: 7).
    run_points: int = 7
    # A trend: this many points in a row each higher, or each lower, than the last (Making
    # Data Count: 7).
    trend_points: int = 7
    # Mean and limits from the first this many points of each segment; 0 takes every point.
    baseline_points: int = 0
    # Segments with fewer points than this have trial limits (NHSRplotthedots warns under 12).
    trial_points: int = 12
    # Leave moving ranges above 3.267 times their mean out of the mean moving range, as
    # NHSRplotthedots does by default (screen_outliers).
    screen_moving_ranges: bool = True
    # Two of three beyond two sigma: a point beyond the process limit counts as beyond two
    # sigma (false follows NHSRplotthedots, which counts only points between the two).
    two_sigma_counts_beyond_limit: bool = True
    # A change in a percentage smaller than this many percentage points reads "about the same".
    steady_percentage_points: float = 0.5
    # Any other change smaller than this per cent of the earlier figure reads "about the same".
    steady_pct: float = 1.0
    # The XmR chart of an indicator in `qaf indicators` covers this many months to the report
    # month (36: three years, past the 12 points firm limits need); 0 goes back to the data's
    # first month, which costs a computation per month (docs/output.md, Signals).
    series_months: int = 36
    # The data's build-up: an extract's first months hold only the episodes that started after
    # its start, so caseloads climb for about a year. The XmR chart starts no earlier than this
    # many months after the data's start (Coverage.start: its recording start, or its first event
    # where that is later); 0 charts from the start's month.
    run_in_months: int = 12


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    warehouse_url: str = ""
    load: LoadSettings = field(default_factory=LoadSettings)
    casework: CaseworkSettings = field(default_factory=CaseworkSettings)
    timeliness: TimelinessSettings = field(default_factory=TimelinessSettings)
    adoption: AdoptionSettings = field(default_factory=AdoptionSettings)
    caseload: CaseloadSettings = field(default_factory=CaseloadSettings)
    signals: SignalSettings = field(default_factory=SignalSettings)

    @property
    def warehouse(self) -> str:
        """The warehouse URL: the setting, or a DuckDB file in the data folder."""
        return self.warehouse_url or f"duckdb://{(self.data_dir / 'warehouse.duckdb').resolve()}"


# Variables that start with QAF_ but are not settings: the settings file's name, and variables
# for QAF's own tests and benchmarks (QAF_TEST_POSTGRES). They are left alone, never an error.
NOT_SETTINGS = frozenset({"QAF_CONFIG"})
NOT_SETTINGS_PREFIXES = ("QAF_TEST_", "QAF_BENCH_")

# The spellings a yes/no setting accepts, in the environment or as a string in qaf.toml.
TRUE_WORDS = ("true", "yes", "on", "1")
FALSE_WORDS = ("false", "no", "off", "0")


def setting_names(settings: object | None = None, prefix: str = "") -> list[str]:
    """Every setting's dotted name (`load.keep_versions`), in declaration order."""
    obj = Settings() if settings is None else settings
    names: list[str] = []
    for f in fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if is_dataclass(value):
            names += setting_names(value, f"{prefix}{f.name}.")
        else:
            names.append(f"{prefix}{f.name}")
    return names


def env_name(name: str) -> str:
    """The environment variable for a setting: `load.keep_versions` -> QAF_LOAD__KEEP_VERSIONS."""
    return "QAF_" + name.upper().replace(".", "__")


def _section_names() -> set[str]:
    return {f.name for f in fields(Settings) if is_dataclass(getattr(Settings(), f.name))}


def _did_you_mean(wrong: str, known: list[str], spell: Any = str) -> str:
    close = difflib.get_close_matches(wrong, known, n=1, cutoff=0.6)
    hint = f" Did you mean {spell(close[0])}?" if close else ""
    return f"{hint} Every setting is listed in docs/settings.md."


def _coerce(current: Any, raw: Any, where: str) -> Any:
    """`raw` (text from the environment, or a TOML value) as the type of the setting's default."""
    if isinstance(current, bool):
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower() if isinstance(raw, str) else None
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        accepted = ", ".join(TRUE_WORDS + FALSE_WORDS)
        raise QafError(f"{where} = {raw!r} is not yes or no; write one of {accepted}.")
    if isinstance(current, int | float) and not isinstance(raw, bool):
        kind = "a whole number" if isinstance(current, int) else "a number"
        try:
            if isinstance(current, int):
                if isinstance(raw, float):
                    raise ValueError
                return int(raw.strip() if isinstance(raw, str) else raw)
            value = float(raw.strip() if isinstance(raw, str) else raw)
            if not math.isfinite(value):
                raise ValueError
            return value
        except (TypeError, ValueError):
            pass
        raise QafError(f"{where} = {raw!r} is not {kind}; write it like {current!r}.")
    if isinstance(current, tuple):
        items = raw.split(",") if isinstance(raw, str) else raw
        if isinstance(items, list | tuple) and all(isinstance(i, str) for i in items):
            return tuple(i.strip() for i in items if i.strip())
        example = ", ".join(current)
        raise QafError(f"{where} = {raw!r} is not a list of words; write it like {example!r}.")
    if isinstance(raw, str) and not isinstance(current, int | float):
        return Path(raw) if isinstance(current, Path) else raw
    raise QafError(f"{where} = {raw!r} is not {type(current).__name__}; write it like {current!r}.")


def _set(settings: Settings, name: str, raw: Any, where: str) -> Settings:
    """A copy of `settings` with the setting `name` (dotted) set from `raw`."""
    head, _, rest = name.partition(".")
    if not rest:
        return replace(settings, **{head: _coerce(getattr(settings, head), raw, where)})
    section = getattr(settings, head)
    return replace(
        settings, **{head: replace(section, **{rest: _coerce(getattr(section, rest), raw, where)})}
    )


def _from_file(settings: Settings, path: Path) -> Settings:
    try:
        document = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise QafError(f"{path}: not valid TOML ({exc}); fix the line it names.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise QafError(f"{path}: cannot read the settings file ({exc}).") from exc
    known = setting_names()
    sections = _section_names()
    for key, value in document.items():
        entries = [(key, value)]
        if key in sections:
            if not isinstance(value, dict):
                raise QafError(
                    f"{path}: {key} is a section; write it as [{key}] with its settings."
                )
            entries = [(f"{key}.{name}", raw) for name, raw in value.items()]
        elif isinstance(value, dict):
            hint = _did_you_mean(key, sorted(sections), spell=lambda s: f"[{s}]")
            raise QafError(f"{path}: unknown section [{key}]." + hint)
        for name, raw in entries:
            if name not in known:
                raise QafError(f"{path}: unknown setting {name}." + _did_you_mean(name, known))
            settings = _set(settings, name, raw, f"{path}: {name}")
    return settings


def _from_env(settings: Settings, environ: dict[str, str]) -> Settings:
    by_env = {env_name(name): name for name in setting_names()}
    sections = [f"QAF_{s.upper()}" for s in _section_names()]
    for var in sorted(environ):
        if (
            not var.startswith("QAF_")
            or var in NOT_SETTINGS
            or var.startswith(NOT_SETTINGS_PREFIXES)
        ):
            continue
        if var in by_env:
            settings = _set(settings, by_env[var], environ[var], var)
            continue
        # A double underscore, or a section's name, says the variable is meant as a setting;
        # other QAF_ variables (another tool's) are not ours to judge.
        meant = "__" in var or any(var == s or var.startswith(s + "_") for s in sections)
        if meant or difflib.get_close_matches(var, list(by_env), n=1, cutoff=0.85):
            raise QafError(
                f"Unknown setting {var} (environment variable)." + _did_you_mean(var, list(by_env))
            )
    return settings


def load_settings(
    environ: dict[str, str] | None = None, config_file: Path | None = None
) -> Settings:
    """The settings: defaults, then qaf.toml (or QAF_CONFIG's file), then QAF_ variables."""
    env = dict(os.environ if environ is None else environ)
    settings = Settings()
    path = config_file or Path(env.get("QAF_CONFIG", "qaf.toml"))
    if path.exists():
        settings = _from_file(settings, path)
    return _from_env(settings, env)


def settings_as_dict(settings: Settings, *, with_location: bool = False) -> dict[str, Any]:
    """The settings as plain JSON values, to record beside the results they produced.

    Only the rules by default: where the data lives (`data_dir`, `warehouse_url`) does not change a
    figure. With `with_location`, the warehouse URL is included with any password masked."""
    record: dict[str, Any] = {}
    for name in setting_names():
        head, _, rest = name.partition(".")
        if not rest and not with_location:
            continue
        value = getattr(getattr(settings, head), rest) if rest else getattr(settings, head)
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, Path):
            value = str(value)
        elif name == "warehouse_url":
            value = _mask_password(value)
        if rest:
            record.setdefault(head, {})[rest] = value
        else:
            record[head] = value
    return record


def _mask_password(url: str) -> str:
    parts = urlsplit(url)
    if not parts.password:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


# Labels that state a window in words follow the setting, so a 28-day visit window is never
# called "6 weeks". For example: f"visited in the last {days_in_words(s.timeliness.visit_days)}".


def days_in_words(days: int, *, working: bool = False) -> str:
    """42 -> '6 weeks', 28 -> '4 weeks', 30 -> '30 days', 1 -> '1 day'; 45 working -> '45 working days'."""
    if working:
        return f"{days} working day{'' if days == 1 else 's'}"
    if days and days % 7 == 0:
        weeks = days // 7
        return f"{weeks} week{'' if weeks == 1 else 's'}"
    return f"{days} day{'' if days == 1 else 's'}"


def months_in_words(months: int) -> str:
    """24 -> '2 years', 36 -> '3 years', 12 -> '12 months' (as the DfE writes it), 3 -> '3 months'."""
    if months > 12 and months % 12 == 0:
        return f"{months // 12} years"
    return f"{months} month{'' if months == 1 else 's'}"


class _Wording(string.Formatter):
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def get_value(self, key: int | str, args: Any, kwargs: Any) -> Any:
        return getattr(self.settings, str(key))

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec == "days":
            return days_in_words(value)
        if format_spec == "working_days":
            return days_in_words(value, working=True)
        if format_spec == "months":
            return months_in_words(value)
        return str(super().format_field(value, format_spec))


def label(template: str, settings: Settings) -> str:
    """A label with its settings worded in: 'visited in the last {timeliness.visit_days:days}'
    gives 'visited in the last 6 weeks' (4 weeks when visit_days is 28). Specs: days,
    working_days, months, or any ordinary format spec."""
    return _Wording(settings).format(template)
