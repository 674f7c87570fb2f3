"""The decoders of a cable's front-matter fields, one a field: references, TAGS,
classified-by, subject, signers, summary and XMT exclusions (docs/frontmatter.md).

Each ``decode_*`` function reads the raw text of one field (plus, for references, the
citing cable's year and office) into a frozen dataclass and returns it with diagnostics;
offsets inside the result are relative to that raw text. Each ``locate_*``/``find_*``
function finds the field in a whole cable (or a snippet) first. The Builder calls
:func:`read_front_matter` once per cable and puts the values on the nodes
(``TagsLine.decoded``, ``SubjectLine.decoded``, ``ReferenceBlock.decoded``,
``ClassifiedBy.decoded``) and on ``Text.front``; the record, the rules and ``teletype
decode`` read them there.
"""

from __future__ import annotations

from .classified_by import (
    ClassifiedBy,
    decode_classified_by,
    find_classified_by,
    normalize_name,
)
from .front import FrontMatter, Located, read_front_matter
from .references import (
    KINDS,
    CitedItem,
    References,
    cable_id,
    canonical_office,
    decode_references,
    find_references,
    locate_references,
)
from .signers import Signers, decode_signers, find_signers
from .subject import Subject, decode_subject, find_subject, locate_subject
from .summary import Summary, decode_summary, find_summary
from .tags import TagItem, Tags, decode_tags, find_tags, locate_tags
from .xmt import Exclusion, is_exclusion, split_exclusions

#: teletype's kind -> cablemap's (the kinds cablemap's typed references keep).
CABLEMAP_KIND = {"publication": "book"}
CABLEMAP_KINDS = frozenset({"cable", "email", "telcon", "report", "publication"})

__all__ = [
    "FrontMatter", "Located", "read_front_matter",
    "ClassifiedBy", "decode_classified_by", "find_classified_by", "normalize_name",
    "CABLEMAP_KIND", "CABLEMAP_KINDS", "KINDS", "CitedItem", "References",
    "cable_id", "canonical_office",
    "decode_references", "find_references", "locate_references",
    "Signers", "decode_signers", "find_signers",
    "Subject", "decode_subject", "find_subject", "locate_subject",
    "Summary", "decode_summary", "find_summary",
    "TagItem", "Tags", "decode_tags", "find_tags", "locate_tags",
    "Exclusion", "is_exclusion", "split_exclusions",
]
