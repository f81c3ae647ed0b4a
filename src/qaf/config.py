"""Settings: every window, threshold and rule QAF applies, with its source.

Read from defaults, then a TOML file (`qaf.toml` in the working directory, or the file named by
QAF_CONFIG), then environment variables `QAF_<SECTION>__<NAME>` (for example
`QAF_LOAD__MAX_REJECTED_PCT=2`). Top-level settings use `QAF_<NAME>` (`QAF_WAREHOUSE_URL`)."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from qaf.errors import QafError


@dataclass(frozen=True)
class LoadSettings:
    # More than this share of a table's rows excluded rejects the whole load.
    max_rejected_pct: float = 5.0
    # Loaded versions kept for rollback.
    keep_versions: int = 3
    # Dates that case-management systems use for "unknown".
    missing_dates: tuple[str, ...] = ("1900-01-01",)


@dataclass(frozen=True)
class CaseworkSettings:
    # ssd_involvements role that marks the allocated case worker (interfaces.md 1a).
    case_worker_role: str = "CW"


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
class Settings:
    data_dir: Path = Path("data")
    warehouse_url: str = ""
    load: LoadSettings = field(default_factory=LoadSettings)
    casework: CaseworkSettings = field(default_factory=CaseworkSettings)
    timeliness: TimelinessSettings = field(default_factory=TimelinessSettings)
    adoption: AdoptionSettings = field(default_factory=AdoptionSettings)
    caseload: CaseloadSettings = field(default_factory=CaseloadSettings)

    @property
    def warehouse(self) -> str:
        """The warehouse URL: the setting, or a DuckDB file in the data folder."""
        return self.warehouse_url or f"duckdb://{(self.data_dir / 'warehouse.duckdb').resolve()}"


def _coerce(current: Any, raw: Any, where: str) -> Any:
    try:
        if isinstance(current, bool):
            if isinstance(raw, bool):
                return raw
            return str(raw).strip().lower() in ("1", "true", "yes", "y", "on")
        if isinstance(current, int):
            return int(raw)
        if isinstance(current, float):
            return float(raw)
        if isinstance(current, Path):
            return Path(raw)
        if isinstance(current, tuple):
            items = raw if isinstance(raw, list | tuple) else str(raw).split(",")
            return tuple(str(item).strip() for item in items)
        return str(raw)
    except (TypeError, ValueError) as exc:
        raise QafError(f"Setting {where}: {raw!r} is not a valid {type(current).__name__}") from exc


def _apply(obj: Any, values: dict[str, Any], prefix: str) -> Any:
    changes: dict[str, Any] = {}
    known = {f.name for f in fields(obj)}
    for key, raw in values.items():
        if key not in known:
            raise QafError(f"Unknown setting {prefix}{key} (known: {', '.join(sorted(known))})")
        current = getattr(obj, key)
        if is_dataclass(current):
            if not isinstance(raw, dict):
                raise QafError(f"Setting {prefix}{key} must be a section")
            changes[key] = _apply(current, raw, f"{prefix}{key}.")
        else:
            changes[key] = _coerce(current, raw, f"{prefix}{key}")
    return replace(obj, **changes)


def _from_env(environ: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, raw in environ.items():
        if not name.startswith("QAF_") or name == "QAF_CONFIG":
            continue
        parts = name[4:].lower().split("__")
        target = values
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = raw
    return values


def load_settings(
    environ: dict[str, str] | None = None, config_file: Path | None = None
) -> Settings:
    env = dict(os.environ if environ is None else environ)
    settings = Settings()
    path = config_file or Path(env.get("QAF_CONFIG", "qaf.toml"))
    if path.exists():
        try:
            settings = _apply(settings, tomllib.loads(path.read_text()), "")
        except tomllib.TOMLDecodeError as exc:
            raise QafError(f"{path}: not valid TOML ({exc})") from exc
    return _apply(settings, _from_env(env), "")
