"""The validator's configuration: :class:`Config` (tolerances, severity overrides, default
select/ignore) and :class:`Options`, read from a ``[tool.teletype]`` table in the nearest
``pyproject.toml``::

    [tool.teletype]
    select = ["TT2", "TT3"]          # codes, code prefixes or rule names
    ignore = ["unknown-tag"]
    min-severity = "warning"         # CLI: report diagnostics at or above this level
    strict = false                   # CLI: warnings also fail
    exit-zero = false                # CLI: always exit 0 when the files could be read
    format = "text"                  # CLI: text, json or sarif
    filing-delay-minutes = 60        # TT304
    filing-early-minutes = 0         # TT303
    eo-tolerance-days = 180          # TT311

    [tool.teletype.severity]         # per-code severity overrides
    TT239 = "info"
"""

from __future__ import annotations

import difflib
import importlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import CATALOG, Severity

__all__ = [
    "Config", "ConfigError", "Options", "find_pyproject", "load_options", "options_from_table",
    "resolve_codes",
]


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


class ConfigError(ValueError):
    """A bad ``[tool.teletype]`` value or an unknown code in select/ignore."""


def resolve_codes(values: Iterable[str] | None, option: str = "select") -> tuple[str, ...] | None:
    """Codes, code prefixes (``TT3``) or rule names (``ssn-mrn-mismatch``), comma- or
    space-separated, as a tuple of code prefixes. Raises ConfigError for unknown ones."""
    if values is None:
        return None
    names: dict[str, str] | None = None  # built on the first item (most calls have none)
    out: list[str] = []
    for value in values:
        for item in str(value).replace(",", " ").split():
            if names is None:
                names = {rule.name: code for code, rule in CATALOG.items()}
            code = names.get(item.lower(), item.upper())
            if not any(known.startswith(code) for known in CATALOG):
                raise ConfigError(f"{option}: unknown diagnostic code {item!r}")
            out.append(code)
    return tuple(out)


# ---------------------------------------------------------------------------- pyproject


@dataclass(frozen=True, slots=True)
class Options:
    """Everything ``[tool.teletype]`` can set: the rule config and the CLI defaults."""

    config: Config = field(default_factory=Config)
    min_severity: Severity | None = None
    strict: bool = False
    exit_zero: bool = False
    format: str | None = None
    path: Path | None = None  # the pyproject.toml read, if any
    warnings: tuple[str, ...] = ()  # unknown keys (typos), for the CLI to show


_INT_KEYS = {
    "filing-delay-minutes": "filing_delay_minutes",
    "filing-early-minutes": "filing_early_minutes",
    "eo-tolerance-days": "eo_tolerance_days",
}
_FORMATS = ("text", "json", "sarif")

#: The keys of ``[tool.teletype]``; another key draws a warning (a typo would otherwise
#: be ignored without a word).
KNOWN_KEYS = frozenset({
    "select", "ignore", "min-severity", "strict", "exit-zero", "format", "severity",
    *_INT_KEYS,
})


def find_pyproject(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The nearest ``pyproject.toml`` with a ``[tool.teletype]`` table, from ``start``
    (default: the working directory) upwards."""
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            table = _read_table(candidate)
            if table is not None:
                return candidate
    return None


def _toml_loads(text: str) -> dict[str, Any] | None:
    for name in ("tomllib", "tomli"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        data: dict[str, Any] = module.loads(text)
        return data
    return None


def _read_table(path: Path) -> dict[str, Any] | None:
    try:
        data = _toml_loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not data:
        return None
    tool = data.get("tool")
    table = tool.get("teletype") if isinstance(tool, dict) else None
    return table if isinstance(table, dict) else None


def _severity(value: Any, key: str) -> Severity:
    try:
        return Severity(str(value).lower())
    except ValueError:
        raise ConfigError(f"[tool.teletype] {key}: {value!r} is not error, warning or "
                          "info") from None


def _codes(value: Any, key: str) -> tuple[str, ...]:
    items: Sequence[Any] = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not all(isinstance(i, str) for i in items):
        raise ConfigError(f"[tool.teletype] {key}: expected a list of codes")
    resolved = resolve_codes(items, f"[tool.teletype] {key}")
    return resolved or ()


def options_from_table(table: dict[str, Any], path: Path | None = None) -> Options:
    """Options from a ``[tool.teletype]`` table (already read). Bad values raise
    ConfigError; an unknown key (a typo such as ``ingore``) is named in
    :attr:`Options.warnings` and otherwise ignored."""
    where = f"{path}: " if path is not None else ""
    warnings = []
    for key in table:
        if key not in KNOWN_KEYS:
            close = difflib.get_close_matches(str(key), sorted(KNOWN_KEYS), n=1)
            guess = f" (did you mean {close[0]!r}?)" if close else ""
            warnings.append(f"{where}[tool.teletype]: unknown key {key!r} ignored{guess}")
    cfg: dict[str, Any] = {}
    for key, attr in _INT_KEYS.items():
        if key in table:
            value = table[key]
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ConfigError(f"[tool.teletype] {key}: expected a whole number >= 0")
            cfg[attr] = value
    if "select" in table:
        cfg["select"] = _codes(table["select"], "select")
    if "ignore" in table:
        cfg["ignore"] = _codes(table["ignore"], "ignore")
    overrides = table.get("severity", {})
    if not isinstance(overrides, dict):
        raise ConfigError("[tool.teletype.severity]: expected a table of CODE = level")
    severities = {}
    for code, level in overrides.items():
        if code.upper() not in CATALOG:
            raise ConfigError(f"[tool.teletype.severity]: unknown diagnostic code {code!r}")
        severities[code.upper()] = _severity(level, f"severity.{code}")
    cfg["severities"] = severities
    fmt = table.get("format")
    if fmt is not None and fmt not in _FORMATS:
        raise ConfigError(f"[tool.teletype] format: {fmt!r} is not one of {', '.join(_FORMATS)}")
    for key in ("strict", "exit-zero"):
        if key in table and not isinstance(table[key], bool):
            raise ConfigError(f"[tool.teletype] {key}: expected true or false")
    minimum = table.get("min-severity")
    return Options(
        config=Config(**cfg),
        min_severity=_severity(minimum, "min-severity") if minimum is not None else None,
        strict=bool(table.get("strict", False)),
        exit_zero=bool(table.get("exit-zero", False)),
        format=fmt,
        path=path,
        warnings=tuple(warnings),
    )


def load_options(path: str | os.PathLike[str] | None = None) -> Options:
    """Options from ``path`` (a pyproject.toml), or from the nearest pyproject.toml with a
    ``[tool.teletype]`` table; defaults when there is none."""
    target = Path(path) if path is not None else find_pyproject()
    if target is None:
        return Options()
    table = _read_table(target)
    if table is None:
        if path is not None and not Path(path).is_file():
            raise ConfigError(f"cannot read {path}")
        return Options(path=target)
    return options_from_table(table, target)
