"""The validator's configuration: :class:`Config` (tolerances, severity overrides, default
select/ignore)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import Severity


@dataclass(frozen=True, slots=True)
class Config:
    """Tolerances and overrides of the validator (``[tool.teletype]`` in pyproject.toml)."""

    #: TT304: the filing time may be at most this many minutes after the DTG.
    filing_delay_minutes: int = 60
    #: TT303: the filing time may be this many minutes before the DTG without an error.
    filing_early_minutes: int = 0
    #: TT311: an E.O. counts as in force this many days before and after its period.
    eo_tolerance_days: int = 180
    #: per-code severity overrides, e.g. {"TT239": Severity.INFO}
    severities: dict[str, Severity] = field(default_factory=dict)
    #: default --select / --ignore (codes, code prefixes or rule names)
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
