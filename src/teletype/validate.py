"""Validation: syntax diagnostics from parsing plus the rules of :mod:`teletype.rules`.

    >>> import teletype
    >>> [d.code for d in teletype.validate(open("cable.txt").read())]   # doctest: +SKIP
    ['TT301']

Configuration (tolerances, severity overrides, default select/ignore) is a
:class:`~teletype.rules.Config`; the command line reads it from a ``[tool.teletype]`` table
in the nearest ``pyproject.toml``::

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

import importlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import proofread as _proofread  # noqa: F401  (registers the proofreading rules)
from .api import parse
from .cable import Cable
from .diagnostics import CATALOG, Diagnostic, Fix, Severity, make
from .rules import RULES, Config, Context, RegisteredRule  # importing rules registers them

__all__ = [
    "Config", "ConfigError", "Options", "find_pyproject", "load_options", "options_from_table",
    "resolve_codes", "validate",
]


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


def _wanted(code: str, select: tuple[str, ...] | None, ignore: tuple[str, ...]) -> bool:
    if select is not None and not code.startswith(select):
        return False
    return not (ignore and code.startswith(ignore))


def _order(d: Diagnostic) -> tuple[int, int, str]:
    return (d.span.start if d.span else -1, d.span.end if d.span else -1, d.code)


def validate(
    source: str | Cable,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    config: Config | None = None,
    rules: Iterable[RegisteredRule] | None = None,
) -> list[Diagnostic]:
    """Diagnostics of a cable: those found while parsing and those of the rules, sorted by
    position.

    ``source`` is the text of a cable or a parsed :class:`~teletype.cable.Cable`.
    ``select``/``ignore`` take codes, code prefixes or rule names (they default to the
    config's). ``rules`` replaces the registered rules (default: all of :data:`RULES`).
    A rule that fails internally gives a TT000 diagnostic instead of an exception.
    """
    cable = parse(source) if isinstance(source, str) else source
    cfg = config or Config()
    chosen = resolve_codes(select, "select") if select is not None else \
        resolve_codes(cfg.select, "select")
    dropped = resolve_codes(ignore, "ignore") if ignore is not None else \
        resolve_codes(cfg.ignore, "ignore")
    ignored: tuple[str, ...] = dropped or ()

    found: list[Diagnostic] = list(cable.diagnostics)
    ctx = Context(cable, cfg)
    for entry in (RULES.values() if rules is None else rules):
        code = entry.rule.code
        if not _wanted(code, chosen, ignored):
            continue
        try:
            findings = list(entry.check(ctx))
        except Exception as error:  # noqa: BLE001 - one failing rule must not stop the others
            found.append(make("TT000", f"internal error in rule {code}: "
                                       f"{type(error).__name__}: {error}", None))
            continue
        for f in findings:
            found.append(Diagnostic(code, entry.rule.severity, f.message, f.span, f.hint,
                                    f.suggestion, f.fixes, f.related))

    # a rule that explains an unrecognised group supersedes the generic TT103 on it
    explained = {(d.span.start, d.span.end) for d in found
                 if d.span is not None and d.code in RULES}
    out = []
    seen = set()
    for d in found:
        if d.code == "TT103" and d.span is not None and (d.span.start, d.span.end) in explained:
            continue
        if not _wanted(d.code, chosen, ignored):
            continue
        override = cfg.severities.get(d.code)
        if override is not None and override is not d.severity:
            d = replace(d, severity=override)
        key = (d.code, d.message, d.span)
        if key in seen:
            continue
        seen.add(key)
        if not d.fixes and d.suggestion is not None and d.span is not None:
            original = ctx.text[d.span.start:d.span.end]
            d = replace(d, fixes=(Fix(d.span, d.suggestion, f"replace with {d.suggestion!r}",
                                      original),))
        out.append(d)
    out.sort(key=_order)
    return out


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


_INT_KEYS = {
    "filing-delay-minutes": "filing_delay_minutes",
    "filing-early-minutes": "filing_early_minutes",
    "eo-tolerance-days": "eo_tolerance_days",
}
_FORMATS = ("text", "json", "sarif")


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
    """Options from a ``[tool.teletype]`` table (already read). Unknown keys are left for
    other tools; bad values raise ConfigError."""
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
