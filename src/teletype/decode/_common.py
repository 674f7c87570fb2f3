"""What every decoder shares: the diagnostics type, the JSON view of decoded values, and
the catalog entries of the codes the decoders report (TT21x/TT22x)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from ..diagnostics import Diagnostic, Rule, Severity, make, register
from ..source import Span

Diagnostics = tuple[Diagnostic, ...]

# ------------------------------------------------------------------ diagnostic codes

_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

for _rule in (
    Rule("TT210", "unknown-routing-indicator", _I, "Routing indicator not in the station tables",
         "The routing indicator is not in ACP 117 (2010) nor among the RIs seen in the corpus. "
         "Its structure (network, nation, relay) is still decoded, and when its first four "
         "letters are a listed relay or RI block, that is named; the station itself is left "
         "unknown.",
         "RR RUEHWEB", "RR RUEHPE", "FORMAT.md §2.4; ACP 127(G) §204.a"),
    Rule("TT211", "malformed-routing-indicator", _I, "Routing indicator of an unexpected form",
         "A routing indicator is 4-7 letters starting with R or Q (ACP 121; 5 FAH-2 H-231 says "
         "five to eight). Other forms are usually OCR damage or a merged group.",
         "DE RU3HC #0194 1480246", "DE RUEHC #0194 1480246", "FORMAT.md §2.4"),
    Rule("TT212", "unknown-precedence", _W, "Precedence not in the tables",
         "A precedence prosign, letter or word that is none of Z, O, P, R, Y, W, FLASH, NIACT "
         "IMMEDIATE, IMMEDIATE, PRIORITY, ROUTINE, NIACT, CRITIC.",
         "TO AMEMBASSY LIMA PIORITY", "TO AMEMBASSY LIMA PRIORITY",
         "ACP 127(G) §150-151; FORMAT.md §2.3"),
    Rule("TT213", "unknown-security-group", _W, "FL4 security group not in the tables",
         "The five-letter group after ZNR/ZNY is neither a classification letter repeated five "
         "times (UUUUU, EEEEE, RRRRR, CCCCC, SSSSS, TTTTT) nor a composite group with a known "
         "release letter (UUUAA).", "ZNY SSCSS ZZH", "ZNY SSSSS ZZH",
         "ACP 127(G) §124.b, §203.a; FORMAT.md §2.5"),
    Rule("TT214", "security-signal-mismatch", _I, "ZNR/ZNY does not go with the security group",
         "ACP 127(G) pairs ZNR with UUUUU (unclassified, may go over non-approved circuits) and "
         "ZNY with the classified groups. ZNY UUUUU (UNCLAS SVC) is reported from a low-"
         "authority source, so this is informational.", "ZNR SSSSS", "ZNY SSSSS",
         "ACP 127(G) §124.b, §203.a; FORMAT.md §2.5"),
    Rule("TT215", "unknown-operating-signal", _I, "Operating signal not in the tables",
         "A Z operating signal that neither ACP 127(G) nor the other sources name. Signals they "
         "name without a meaning are decoded as 'meaning unknown' without this diagnostic.",
         "ZNY CCCCC ZQQ", "ZNY CCCCC ZZH", "ACP 127(G) §135; FORMAT.md §2.7"),
    Rule("TT216", "unknown-caption", _I, "Caption not in the tables",
         "A caption or handling marker line that is not in the caption table (5 FAH-2 H-250, "
         "H-442 and the captions observed in the corpus).", "EXDISS", "EXDIS",
         "FORMAT.md §2.9"),
    Rule("TT217", "unknown-executive-order", _W, "Executive order not in the tables",
         "The E.O. line names an order other than 11652, 12065, 12356, 12958 (as amended) or "
         "13526.", "E.O. 12385: DECL: OADR", "E.O. 12356: DECL: OADR", "FORMAT.md §2.10"),
    Rule("TT218", "undecodable-declassification", _W,
         "Declassification instruction of no known form",
         "The text after the order number is none of the forms of FORMAT.md §2.10 (GDS, "
         "XGDS-n, ADS, RDS-n, XDS-n, OADR, a date, X1-X8, 25Xn, N/A, a retroactive "
         "DECLASSIFIED line). It is kept as text.", "E.O. 12958: DECL: MR",
         "E.O. 12958: DECL: 01/08/2018", "FORMAT.md §2.10"),
    Rule("TT219", "invalid-declassification-date", _W, "Declassification date is not a real date",
         "The date of a declassification instruction names a month or day that does not exist.",
         "E.O. 12958: DECL: 13/45/2019", "E.O. 12958: DECL: 01/08/2018", "FORMAT.md §2.10"),
    Rule("TT220", "incomplete-dtg", _I, "Date-time group without month or year",
         "The DTG gives day and time but no month or year (ACP 127(G) §113 makes the year "
         "optional), so it names no instant by itself.", "O 280245Z", "O 280245Z MAY 89",
         "ACP 127(G) §113; FORMAT.md App. B 3.7"),
    Rule("TT221", "filing-year-rollover", _I,
         "Filing time falls in the year before or after the DTG",
         "The DE line gives only a Julian day. A day 001 filing of a 31 Dec DTG is taken in the "
         "next year, a day 365/366 filing of a 1 Jan DTG in the year before.",
         "DE RUEHC #0001 0010002 / O 312359Z DEC 09", "DE RUEHC #0194 1480246 / O 280245Z MAY 89",
         "ACP 127(G) §115; FORMAT.md §2.11 X2"),
    Rule("TT222", "unknown-tag", _W, "TAG not in the tables",
         "A TAGS entry that no source knows (5 FAH-3, NARA, the 1974 handbook, FIPS 10-4, "
         "PlusD, cablemap's lists, TAGS lines of real cables). It is shown as unknown, with "
         "the form it has (four letters: subject or K program tag; two letters: geographic); "
         "where it has such a form the diagnostic is info only, since the sources are "
         "incomplete, and a warning otherwise.", "TAGS: PGOV, ITALY",
         "TAGS: PGOV, PE", "FORMAT.md §2.9; 1974STATE150591; docs/vocabularies.md"),
    Rule("TT223", "tag-name-missing", _I, "Person tag without a name",
         "OVIP, OREP, OTRA, OCON and OEXC 'MUST BE USED WITH THE NAME OF THE SUBJECT "
         "INDIVIDUAL', in parentheses after the tag.", "TAGS: OVIP, IS",
         "TAGS: OVIP (VANCE, CYRUS) IS", "1974STATE150591; FORMAT.md §2.9"),
    Rule("TT224", "tag-name-unexpected", _I, "Name in parentheses after a tag that takes none",
         "Only person tags (OVIP, OREP, OTRA, OCON, OEXC) carry a name; the 1974 handbook lists "
         "other parenthesised text on the TAGS line as a typing error (its own example puts "
         "the names after a geographic tag: OVIP UR (KOSYGIN, ALEKSEY N)).",
         "TAGS: PGOV (SMITH, JOHN)", "TAGS: OVIP (SMITH, JOHN)", "FORMAT.md App. B 3.10"),
    Rule("TT225", "mrn-serial-not-numeric", _I,
         "Message reference number with a non-numeric serial",
         "The serial of an MRN should be digits (OCR letters O, I, l, S are read as digits). "
         "No reference id is derived from it.", "REF: MADRID SP 0307", "REF: MADRID 0307",
         "FORMAT.md §2.6"),
):
    register(_rule)


# ------------------------------------------------------------------ JSON


def as_json(value: Any) -> Any:
    """A decoded value as JSON-ready data: dataclasses become dicts, datetimes ISO text
    (``2009-12-31T23:58:00Z``), dates ``YYYY-MM-DD``, tuples lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: as_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [as_json(v) for v in value]
    if isinstance(value, (Diagnostic, Span)):
        return value.to_dict()
    if isinstance(value, Span):
        return value.to_dict()
    return value


def _diag(code: str, message: str, span: Span | None, **kw: Any) -> Diagnostic:
    return make(code, message, span, **kw)
