"""SARIF 2.1.0 output of validation results (one run, the rules of the catalog).

    >>> log = to_sarif([("cable.txt", diagnostics)])   # doctest: +SKIP
    >>> json.dumps(log)                                 # doctest: +SKIP

Schema: https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json.
Columns are counted in characters of the decoded text (``columnKind``
``unicodeCodePoints``), lines from 1.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ._version import __version__
from .diagnostics import CATALOG, Diagnostic, Fix, Rule, Severity
from .source import Span

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
VERSION = "2.1.0"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    help_text = rule.description
    if rule.example_fail:
        help_text += f"\n\nReported for:\n{rule.example_fail}"
    if rule.example_pass:
        help_text += f"\n\nNot reported for:\n{rule.example_pass}"
    out: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.description},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
    }
    if rule.source:
        out["properties"] = {"source": rule.source}
    return out


def artifact_uri(path: str) -> str:
    """A relative URI reference for a path (forward slashes, percent-encoded)."""
    if path in ("-", "<stdin>"):
        return "stdin"
    as_posix = Path(path).as_posix() if os.sep != "/" else path
    return quote(as_posix, safe="/:._-~")


def _region(span: Span) -> dict[str, Any]:
    return {
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": span.end_line,
        "endColumn": span.end_column,
        "charOffset": span.start,
        "charLength": span.end - span.start,
    }


def _fixes(d: Diagnostic) -> tuple[Fix, ...]:
    """The diagnostic's fixes, else its suggestion as a replacement of its span."""
    if d.fixes:
        return d.fixes
    if d.suggestion is not None and d.span is not None:
        return (Fix(d.span, d.suggestion, f"replace with {d.suggestion!r}"),)
    return ()


def _result(path: str, d: Diagnostic, rule_index: dict[str, int]) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(path)}}
    if d.span is not None:
        location["region"] = _region(d.span)
    message = d.message + (f" (hint: {d.hint})" if d.hint else "")
    result: dict[str, Any] = {
        "ruleId": d.code,
        "level": _LEVEL[d.severity],
        "message": {"text": message},
        "locations": [{"physicalLocation": location}],
    }
    if d.code in rule_index:
        result["ruleIndex"] = rule_index[d.code]
    if d.related:
        result["relatedLocations"] = [
            {
                "id": i,
                "physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)},
                                     "region": _region(r.span)},
                "message": {"text": r.message},
            }
            for i, r in enumerate(d.related)
        ]
    fixes = _fixes(d)
    if fixes:
        result["fixes"] = [{
            "description": {"text": f.description or f"replace with {f.replacement!r}"},
            "artifactChanges": [{
                "artifactLocation": {"uri": artifact_uri(path)},
                "replacements": [{
                    "deletedRegion": {"charOffset": f.span.start,
                                      "charLength": f.span.end - f.span.start},
                    "insertedContent": {"text": f.replacement},
                }],
            }],
        } for f in fixes]
    return result


def to_sarif(
    results: Iterable[tuple[str, Sequence[Diagnostic]]],
    *,
    invocation_ok: bool = True,
    notifications: Sequence[str] = (),
) -> dict[str, Any]:
    """A SARIF 2.1.0 log (as a dict) for ``(path, diagnostics)`` pairs."""
    rules = sorted(CATALOG.values(), key=lambda r: r.code)
    rule_index = {r.code: i for i, r in enumerate(rules)}
    items = list(results)
    artifacts = [{"location": {"uri": artifact_uri(path)}} for path, _ in items]
    invocation: dict[str, Any] = {"executionSuccessful": invocation_ok}
    if notifications:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": text}} for text in notifications
        ]
    return {
        "$schema": SCHEMA,
        "version": VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": "teletype",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule_descriptor(r) for r in rules],
            }},
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "invocations": [invocation],
            "results": [_result(path, d, rule_index) for path, diags in items for d in diags],
        }],
    }
