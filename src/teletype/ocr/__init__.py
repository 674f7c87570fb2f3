"""Position-aware OCR confusion model for coded groups (issue 13).

OCR'd printouts confuse letters and digits that look alike (O/0, I/1/l, S/5, B/8, Z/2,
G/6), double letters, glue words together and leave stray punctuation. Where the grammar
position of a group makes its intended form certain -- the DTG's digits, its zone letter,
month and year, a precedence prosign, the DE line's routing indicator, serial and filing
time, an MRN's office and serial, a classification word, a section count -- the functions
here return the corrected form and the list of repairs made, each with its offset inside
the group, the text found and its replacement. They never guess outside such positions:
a group that cannot be read as the position's form comes back unchanged with ``ok``
False.

The module is pure (no parsing, no diagnostics): the transformer reports every repair as
a transcription diagnostic carrying the suggestion, keeps the raw text and decodes the
corrected value. Offices are checked against the known posts of :mod:`teletype.vocab`.

The package: :mod:`.chars` (confusable characters, :class:`Repair`, :class:`Fixed`),
:mod:`.groups` (DTG groups, drafting dates, DE-line groups, offices, serials),
:mod:`.classification` (classification words, section counts) and :mod:`.lines` (DTG
lines, MRN lines and MRN mentions read by their shape).
"""

from __future__ import annotations

from .chars import (
    Fixed,
    Repair,
    as_digits,
    as_letters,
)
from .classification import (
    CLASSIFICATION_WORDS,
    ClassificationRead,
    classification,
    classification_prefix,
    section,
)
from .groups import (
    MONTHS,
    day_time,
    expand_office,
    is_known_office,
    julian_time,
    known_offices,
    month,
    mrn_office,
    precedence,
    routing_indicator,
    serial,
    slash_date,
    ssn,
    year,
    zone,
)
from .lines import (
    DtgRead,
    MrnLine,
    MrnMention,
    RegistryNumber,
    dtg_line,
    mrn_line,
    mrn_mention,
    registry_number,
)

__all__ = [
    "CLASSIFICATION_WORDS",
    "MONTHS",
    "ClassificationRead",
    "DtgRead",
    "Fixed",
    "MrnLine",
    "MrnMention",
    "RegistryNumber",
    "Repair",
    "as_digits",
    "as_letters",
    "classification",
    "classification_prefix",
    "day_time",
    "dtg_line",
    "expand_office",
    "is_known_office",
    "julian_time",
    "known_offices",
    "month",
    "mrn_line",
    "mrn_mention",
    "registry_number",
    "mrn_office",
    "precedence",
    "routing_indicator",
    "section",
    "serial",
    "slash_date",
    "ssn",
    "year",
    "zone",
]
