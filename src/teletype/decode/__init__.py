"""Decoders: coded groups and fields to typed, plain-language values, one decoder a field.

The package is the one place where a cable's codes and dates are read: the Builder
(:mod:`teletype.transform`) reads DTGs, filing times and classifications with
:mod:`.dates` and :mod:`.codes` as it makes the nodes, and the rules, the record and
``teletype decode`` read the nodes' decoded values or call the decoders below.

- :mod:`.dates`: date-time groups, Julian filing times, two-digit years, written dates;
- :mod:`.codes`: classification words, routing indicators, precedence, security groups,
  operating signals, captions;
- :mod:`.front_matter`: E.O. lines, TAGS, MRNs and reference ids, references, addressees;
- :mod:`.fields`: the front-matter fields read from text, one decoder a field (references,
  TAGS, classified-by, subject, signers, summary, XMT; the Builder calls them once).

Every decoder takes a node (or the text of one group) and returns ``(value, diagnostics)``:
a frozen dataclass with the decoded meaning, and a tuple of :class:`~teletype.Diagnostic`
for what could not be decoded. Nothing is guessed: a code missing from the tables of
:mod:`teletype.vocab` is returned as unknown (``known=False``, meaning ``None``) with a
diagnostic, and text that fits no known form is kept as text.

The decoders do not add their diagnostics to ``Cable.diagnostics``; ``teletype decode``
(:mod:`teletype.explain`) shows them beside the lines they concern.

==========================  =============================================================
decoder                     decodes
==========================  =============================================================
:func:`decode_dtg`          DTG -> UTC datetime (two-digit years in a pivot window)
:func:`decode_filing`       DE-line Julian day + time -> datetime in the DTG's year
:func:`decode_ri`           routing indicator -> station and its ACP 121 structure
:func:`decode_precedence`   FL2 prosign, FL5 letter or TO/INFO word -> precedence
:func:`decode_security`     FL4 line or group -> classification (composite forms too)
:func:`decode_signal`       operating signal (``ZZH``, ``ZFF4``) -> meaning
:func:`decode_caption`      caption line -> kind, restrictiveness, meaning
:func:`decode_eo`           E.O. line -> order + declassification instruction
:func:`decode_tags`         TAGS line -> typed tags
:func:`decode_references`   REF block -> references (kind, MRN, bullet, captions, text)
:func:`decode_mrn`          MRN -> office, serial, year, reference id
:func:`reference_id`        MRN (+ year) -> ``89STATE170194``
==========================  =============================================================
"""

from __future__ import annotations

from ._common import Diagnostics, as_json
from .codes import (
    DecodedCaption,
    DecodedClassification,
    DecodedPrecedence,
    DecodedRi,
    DecodedSecurity,
    DecodedSignal,
    classification_level,
    decode_caption,
    decode_classification,
    decode_precedence,
    decode_ri,
    decode_security,
    decode_security_group,
    decode_signal,
    ocr_classification,
)
from .dates import (
    DEFAULT_PIVOT,
    DecodedFiling,
    decode_dtg,
    decode_filing,
    dtg_diagnostics,
    dtg_value,
    expand_year,
    filed_datetime,
    filing_diagnostics,
    find_date,
    fix_digits,
    parse_date,
    read_dtg,
    rollover_hint,
    split_daytime,
    split_julian,
)
from .front_matter import (
    DecodedAddress,
    DecodedDeclassification,
    DecodedEo,
    DecodedMrn,
    DecodedReference,
    DecodedTag,
    decode_address,
    decode_declassification,
    decode_eo,
    decode_mrn,
    decode_references,
    decode_tag,
    decode_tags,
    reference_id,
)

__all__ = [
    "DEFAULT_PIVOT",
    "DecodedAddress",
    "DecodedCaption",
    "DecodedClassification",
    "DecodedDeclassification",
    "DecodedEo",
    "DecodedFiling",
    "DecodedMrn",
    "DecodedPrecedence",
    "DecodedReference",
    "DecodedRi",
    "DecodedSecurity",
    "DecodedSignal",
    "DecodedTag",
    "Diagnostics",
    "as_json",
    "classification_level",
    "decode_address",
    "decode_caption",
    "decode_classification",
    "decode_declassification",
    "decode_dtg",
    "dtg_diagnostics",
    "decode_eo",
    "decode_filing",
    "decode_mrn",
    "decode_precedence",
    "decode_references",
    "decode_ri",
    "decode_security",
    "decode_security_group",
    "decode_signal",
    "decode_tag",
    "decode_tags",
    "dtg_value",
    "expand_year",
    "filed_datetime",
    "filing_diagnostics",
    "find_date",
    "fix_digits",
    "ocr_classification",
    "parse_date",
    "read_dtg",
    "reference_id",
    "rollover_hint",
    "split_daytime",
    "split_julian",
]
