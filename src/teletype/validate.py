"""Validation: syntax diagnostics from parsing plus the rules of :mod:`teletype.rules`.

    >>> import teletype
    >>> [d.code for d in teletype.validate(open("cable.txt").read())]   # doctest: +SKIP
    ['TT301']

Configuration (tolerances, severity overrides, default select/ignore) is a
:class:`~teletype.rules.Config`; the command line reads it from a ``[tool.teletype]`` table
in the nearest ``pyproject.toml`` (:mod:`teletype.rules.config`, whose names are also
importable from here).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .api import parse
from .cable import Cable
from .diagnostics import Diagnostic, Fix, make
from .rules import RULES, Context, RegisteredRule  # importing rules registers them
from .rules.config import (
    Config,
    ConfigError,
    Options,
    find_pyproject,
    load_options,
    options_from_table,
    resolve_codes,
)

__all__ = [
    "Config", "ConfigError", "Options", "find_pyproject", "load_options", "options_from_table",
    "resolve_codes", "validate",
]


def _wanted(code: str, select: tuple[str, ...] | None, ignore: tuple[str, ...]) -> bool:
    if select is not None and not code.startswith(select):
        return False
    return not (ignore and code.startswith(ignore))


def _order(d: Diagnostic) -> tuple[int, int, str]:
    return (d.span.start if d.span else -1, d.span.end if d.span else -1, d.code)


#: The configuration of a validation given none, made once (validate() and the rules only
#: read it; making one a cable cost about 1% of validate())
_DEFAULT_CONFIG = Config()

#: Rules that read a line the parser could not (their finding explains its TT101).
_READS_UNPARSED = frozenset({"TT250"})


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
    cfg = config or _DEFAULT_CONFIG
    if select is None:
        select = cfg.select
    if ignore is None:
        ignore = cfg.ignore
    # (resolve_codes(None) is None: not called for it, as for most validations)
    chosen = resolve_codes(select, "select") if select is not None else None
    dropped = resolve_codes(ignore, "ignore") if ignore is not None else None
    ignored: tuple[str, ...] = dropped or ()

    found: list[Diagnostic] = list(cable.diagnostics)
    ctx = Context(cable, cfg)
    every = chosen is None and not ignored
    for entry in (RULES.values() if rules is None else rules):
        if not every and not _wanted(entry.rule.code, chosen, ignored):
            continue
        try:
            findings = entry.check(ctx)
            if type(findings) is not list:  # the project's rules return lists
                findings = list(findings)  # (a rule may be a generator)
        except Exception as error:  # noqa: BLE001 - one failing rule must not stop the others
            found.append(make("TT000", f"internal error in rule {entry.rule.code}: "
                                       f"{type(error).__name__}: {error}", None))
            continue
        if findings:  # most rules find nothing (their entry's rule is read only here)
            rule = entry.rule
            code = rule.code
            found.extend(Diagnostic(code, f.severity or rule.severity, f.message, f.span,
                                    f.hint, f.suggestion, f.fixes, f.related)
                         for f in findings)

    if not found:
        return []  # most cables
    # a rule that explains an unrecognised group supersedes the generic TT103 on it, and a
    # rule that reads an unparsed line (TT250: a misspelt DTG month) the TT101 of that line
    explained = {(d.span.start, d.span.end) for d in found
                 if d.span is not None and d.code in RULES}
    lines_read = [d.span for d in found if d.code in _READS_UNPARSED and d.span is not None]
    misspelt = {(d.span.start, d.span.end) for d in found if d.code == "TT252" and d.span}
    out = []
    seen = set()
    for d in found:
        if d.code == "TT103" and d.span is not None and (d.span.start, d.span.end) in explained:
            continue
        if d.code == "TT222" and d.span is not None and (d.span.start, d.span.end) in misspelt:
            continue  # TT252 names the tag it is a misspelling of
        if d.code == "TT101" and d.span is not None and any(
                d.span.start <= s.start and s.end <= d.span.end for s in lines_read):
            continue
        if not every and not _wanted(d.code, chosen, ignored):
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
