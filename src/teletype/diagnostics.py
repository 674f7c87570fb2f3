"""Diagnostics: data with stable codes, a severity, a span and a hint.

Every code is registered in :data:`CATALOG` with a name, default severity, title and
description; docs/diagnostics.md is generated from it (``scripts/gen_docs.py``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from .source import Span


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@dataclass(frozen=True, slots=True)
class Rule:
    """A catalog entry: what a diagnostic code means."""

    code: str
    name: str
    severity: Severity
    title: str
    description: str
    example_fail: str = ""
    example_pass: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class Fix:
    """A correction as data: replace the text at ``span`` (``original``) by ``replacement``."""

    span: Span
    replacement: str
    description: str = ""
    original: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"span": self.span.to_dict(), "replacement": self.replacement}
        if self.original is not None:
            out["original"] = self.original
        if self.description:
            out["description"] = self.description
        return out

    def describe(self) -> str:
        """``replace 'MYA' with 'MAY' at 44:11`` (the text output's ``fix:`` line)."""
        where = f"{self.span.line}:{self.span.column}"
        if self.original is None:
            return f"replace the text at {where} with {self.replacement!r}"
        return f"replace {self.original!r} with {self.replacement!r} at {where}"


@dataclass(frozen=True, slots=True)
class RelatedLocation:
    """Another group that carries the same fact (SARIF ``relatedLocations``)."""

    span: Span
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"span": self.span.to_dict(), "message": self.message}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    severity: Severity
    message: str
    span: Span | None = None
    hint: str | None = None
    suggestion: str | None = field(default=None)
    #: corrections as data (a rule's own, or the suggestion at the span, set by validate())
    fixes: tuple[Fix, ...] = ()
    #: the other groups that carry the same fact
    related: tuple[RelatedLocation, ...] = ()

    def at(self, span: Span | None) -> Diagnostic:
        """The same diagnostic at ``span``: ``dataclasses.replace(self, span=span)``
        without its cost (3.5 us against 1)."""
        return Diagnostic(self.code, self.severity, self.message, span, self.hint,
                          self.suggestion, self.fixes, self.related)

    @property
    def name(self) -> str:
        rule = CATALOG.get(self.code)
        return rule.name if rule else self.code

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "span": self.span.to_dict() if self.span else None,
        }
        if self.hint:
            out["hint"] = self.hint
        if self.suggestion is not None:
            out["suggestion"] = self.suggestion
        if self.fixes:
            out["fixes"] = [f.to_dict() for f in self.fixes]
        if self.related:
            out["related"] = [r.to_dict() for r in self.related]
        return out

    def fix_lines(self) -> str:
        """One ``  fix: replace 'X' with 'Y' at L:C`` line per fix (text output)."""
        return "".join(f"  fix: {f.describe()}\n" for f in self.fixes)

    def format(self, path: str = "<text>", *, color: bool = False) -> str:
        """GNU style: ``path:line:col: severity CODE message``; with ``color``, the
        severity and code in ANSI colours (red error, yellow warning, cyan info)."""
        line, col = (self.span.line, self.span.column) if self.span else (1, 1)
        severity = self.severity.value
        if color:
            on = _COLORS[self.severity]
            return (f"\x1b[1m{path}:{line}:{col}:\x1b[0m {on}{severity}\x1b[0m "
                    f"\x1b[1m{self.code}\x1b[0m {self.message}")
        return f"{path}:{line}:{col}: {severity} {self.code} {self.message}"


_COLORS = {
    Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m", Severity.INFO: "\x1b[1;36m",
}


CATALOG: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.code in CATALOG:
        raise ValueError(f"diagnostic code {rule.code} registered twice")
    CATALOG[rule.code] = rule
    return rule


def make(
    code: str,
    message: str,
    span: Span | None = None,
    *,
    hint: str | None = None,
    suggestion: str | None = None,
    severity: Severity | None = None,
) -> Diagnostic:
    """Build a diagnostic for a registered code (its default severity unless given)."""
    rule = CATALOG[code]
    return Diagnostic(code, severity or rule.severity, message, span, hint, suggestion)


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

for _rule in (
    Rule("TT000", "internal-error", _E, "Internal error",
         "teletype failed on this input. The text is kept as unparsed lines; please report "
         "the input.", source="teletype"),
    Rule("TT001", "non-utf8-input", _I, "Input was not UTF-8",
         "The file was not valid UTF-8 and was decoded as Windows-1252 (or Latin-1 where "
         "Windows-1252 has no character). Offsets refer to the decoded text.",
         "a Latin-1 file with \\xb6 paragraph signs", "a UTF-8 file", "teletype"),
    Rule("TT002", "input-too-large", _E, "Input larger than the size limit",
         "Text beyond the configured size limit is not parsed; it is kept as one unparsed "
         "node.", source="teletype"),
    Rule("TT101", "unexpected-text", _W, "Text does not fit the grammar here",
         "A group or line that the grammar does not accept at this point of the cable. It is "
         "kept verbatim as unparsed text.",
         "TO:\nAMEMBASSY LIMA", "TO: AMEMBASSY LIMA", "FORMAT.md §2.2"),
    Rule("TT102", "unknown-header-line", _I, "Unknown line in the transmission header",
         "A line inside the transmission header that is none of the ACP-127 format lines "
         "(FL1-FL10). Often a transcription artefact or a printing-system line.",
         "XYZZY 123", "ZNY CCCCC ZZH", "FORMAT.md §2.2"),
    Rule("TT103", "unparsed-group", _W, "Unrecognised group in a format line",
         "A group inside a header or front-matter line that is not of the form the line "
         "expects at that position, such as a word where the Julian filing time belongs.",
         "DE RUEHC #0194 14802X6", "DE RUEHC #0194 1480246", "FORMAT.md §2.2"),
    Rule("TT201", "invalid-dtg", _E, "Date-time group is not a real date and time",
         "The DTG (DDHHMMZ MON YY) names a day, hour, minute or month that does not exist.",
         "O 310245Z APR 89", "O 300245Z APR 89", "ACP 127(G) §113; FORMAT.md §2.8"),
    Rule("TT202", "invalid-julian-time", _E, "Filing time is not a valid Julian day and time",
         "The DE line's filing time is DDDHHMM: day of the year 001-366, hour 00-23, "
         "minute 00-59.", "DE RUEHC #0194 3990246", "DE RUEHC #0194 1480246",
         "ACP 127(G) §115; FORMAT.md §2.2"),
    Rule("TT401", "ocr-confusion", _W, "Letter read in place of a digit (or the reverse)",
         "A coded group contains a character that OCR commonly confuses (O/0, I/l/1, S/5) in "
         "a position where only a digit is possible. The value is decoded with the "
         "correction; the raw text is unchanged.",
         "O 28O245Z MAY 89", "O 280245Z MAY 89", "FORMAT.md §6"),
    Rule("TT402", "portion-mark-parentheses", _W, "Portion mark lost its parentheses",
         "A paragraph begins with a classification letter run into the text, as in "
         "'1. SENTIRE TEXT.': the portion mark (S) lost its parentheses in transcription.",
         "1. SENTIRE TEXT.", "1. (S) ENTIRE TEXT.", "FORMAT.md §2.5, §6"),
    Rule("TT403", "misspelt-keyword", _W, "Misspelt keyword",
         "A keyword of the format (a precedence word, TAGS, a classification that OCR misread "
         "after it was struck through: CECRET, CO.NFIDENTIAL, CONFIDENTIAT) is misspelt; it is "
         "read as the keyword it stands for.", "TO AMEMBASSY LIMA PIORITY",
         "TO AMEMBASSY LIMA PRIORITY",
         "FORMAT.md §2.12"),
    Rule("TT404", "field-from-other-source", _I, "Field read from another place it is printed",
         "The line a field has its home in is missing or unreadable, and its value was read "
         "from another place it is printed: the MRN from a damaged MRN line, the page header, "
         "a printout banner, a footer, a Heading: line or the FM office with the DE line's "
         "SSN; the date from a damaged DTG line, the page header, a TOR/TOT line or a "
         "drafting date. The record names the source (mrn_source, date_source).",
         "PAGE 01 PORT A 07938 082303Z OCT 94", "CONFIDENTIAL PORT AU PRINCE 07938",
         "FORMAT.md §6"),
    Rule("TT405", "long-subject", _W, "Subject unusually long",
         "A subject runs over several hundred characters: it probably ran into the next field "
         "or paragraph because the line ending it was damaged.",
         "SUBJECT: ... (U) CLASSIFIED BY ... 1. ...", "SUBJECT: ...\n\n(U) CLASSIFIED BY ...",
         "FORMAT.md §2.10"),
    Rule("TT601", "tags-run-together", _W, "TAGS codes run together",
         "Codes of a TAGS line are written without separators (ETRDEINVECINPGOVCS); they are "
         "split where the tag tables allow exactly one reading. The raw text is unchanged.",
         "TAGS: ETRDEINVECINPGOVCS", "TAGS: ETRD EINV ECIN PGOV CS", "FORMAT.md §4"),
    Rule("TT602", "reference-year-inferred", _I, "Cited cable written without a year",
         "A cable cited in a REF block has no year of its own (TBILISI 1605); its reference id "
         "takes the citing cable's year, which is how such references are meant, but the year "
         "is inferred, not read.", "REF: TBILISI 1605", "REF: 07 TBILISI 1605",
         "FORMAT.md §4"),
    Rule("TT603", "page-head-in-field", _I, "Page head inside a front-matter field",
         "A printout's page head (MADRID 00000869 001.2 OF 004) stands inside a field that "
         "runs over a page break; it is skipped when the field is read.",
         "REF: A. MADRID 286\nMADRID 00000869 001.2 OF 004", "REF: A. MADRID 286",
         "FORMAT.md §4"),
    Rule("TT604", "not-a-classification-statement", _W,
         "'Classified By' line that is no classification statement",
         "A 'Classified By:' label is followed by something that is not an official and "
         "reasons (a list of cables, ADANA 222); the real statement, when there is one, is "
         "read from where it stands.", "Classified By: ADANA 222",
         "Classified by DCM Nancy McEldowney; reasons 1.4 b and d.", "FORMAT.md §2.10, §4"),
    Rule("TT605", "tag-letter-too-many", _W, "TAGS code with one letter too many",
         "A TAGS entry that is in no tag table becomes exactly one table code when one letter "
         "is dropped (MOPPS, UNDESCO); it is read as that code. The raw text is unchanged.",
         "TAGS: PTER MARR, MOPPS", "TAGS: PTER MARR, MOPS", "FORMAT.md §4"),
):
    register(_rule)


def count(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic], severity: Severity) -> int:
    return sum(1 for d in diagnostics if d.severity is severity)
