"""The rule registry: :class:`Finding`, :class:`RegisteredRule`, the :func:`rule` decorator
and :data:`RULES`, the table :func:`teletype.validate` runs."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..diagnostics import CATALOG, Fix, RelatedLocation, Rule, Severity, register
from ..source import Span

if TYPE_CHECKING:
    from .context import Context


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule reports; the validator turns it into a Diagnostic with the rule's code."""

    message: str
    span: Span | None
    hint: str | None = None
    suggestion: str | None = None
    severity: Severity | None = None  # None: the rule's severity
    #: corrections as data; without them validate() makes one of ``suggestion`` at ``span``
    fixes: tuple[Fix, ...] = ()
    #: the other groups that carry the same fact
    related: tuple[RelatedLocation, ...] = ()


Check = Callable[["Context"], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class RegisteredRule:
    rule: Rule
    check: Check
    kind: str  # "field", "cross-field" or "custom"

    @property
    def code(self) -> str:
        return self.rule.code


#: Every registered rule by code, in registration order.
RULES: dict[str, RegisteredRule] = {}

_CODE = re.compile(r"[A-Z]{2,8}\d{3}")


def rule(
    code: str,
    name: str,
    severity: Severity | str,
    title: str,
    *,
    description: str,
    example_fail: str,
    example_pass: str,
    source: str,
    kind: str = "custom",
) -> Callable[[Check], Check]:
    """Register a rule function under ``code`` (and its catalog entry).

    ``example_fail`` and ``example_pass`` are cable texts: validating the first reports the
    code, validating the second does not (the tests check this for every rule).
    """
    if not _CODE.fullmatch(code):
        raise ValueError(f"rule code {code!r} must be letters then three digits (TT301)")
    level = severity if isinstance(severity, Severity) else Severity(severity)

    def decorate(check: Check) -> Check:
        entry = Rule(code, name, level, title, description, example_fail, example_pass, source)
        register(entry)
        RULES[code] = RegisteredRule(entry, check, kind)
        return check

    return decorate


def unregister(code: str) -> None:
    """Remove a rule (and its catalog entry); for archives that replace a rule."""
    RULES.pop(code, None)
    CATALOG.pop(code, None)


def _field(code: str, name: str, severity: Severity, title: str, **kw: str) -> Callable[
        [Check], Check]:
    """:func:`rule` for the project's own field checks (TT23x)."""
    return rule(code, name, severity, title, kind="field", **kw)


def _cross(code: str, name: str, severity: Severity, title: str, **kw: str) -> Callable[
        [Check], Check]:
    """:func:`rule` for the project's own cross-field checks (TT3xx)."""
    return rule(code, name, severity, title, kind="cross-field", **kw)


def _uses(code: str, kind: str = "field") -> Callable[[Check], Check]:
    """Register ``check`` for a code whose catalog entry is registered elsewhere (the
    decoders' TT21x/TT22x), so that one check has one code."""

    def decorate(check: Check) -> Check:
        RULES[code] = RegisteredRule(CATALOG[code], check, kind)
        return check

    return decorate
