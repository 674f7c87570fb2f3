"""Pure decoders of a cable's front matter: references, TAGS, classified-by, subject,
signers, summary and XMT exclusions.

Each ``decode_*`` function reads the raw text of one field (plus, for references, the
citing cable's year and office) into a frozen dataclass and returns it with diagnostics;
offsets inside the result are relative to that raw text. Each ``find_*`` function locates
the field in a whole cable (or a snippet) first: the way the conformance adapter
(``scripts/cablemap_score.py``) calls them until the Builder calls the ``decode_*``
functions on its nodes.
"""

from __future__ import annotations

from .classified_by import (
    ClassifiedBy,
    decode_classified_by,
    find_classified_by,
    normalize_name,
)
from .references import (
    KINDS,
    CitedItem,
    References,
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
    "ClassifiedBy", "decode_classified_by", "find_classified_by", "normalize_name",
    "CABLEMAP_KIND", "CABLEMAP_KINDS", "KINDS", "CitedItem", "References",
    "decode_references", "find_references", "locate_references",
    "Signers", "decode_signers", "find_signers",
    "Subject", "decode_subject", "find_subject", "locate_subject",
    "Summary", "decode_summary", "find_summary",
    "TagItem", "Tags", "decode_tags", "find_tags", "locate_tags",
    "Exclusion", "is_exclusion", "split_exclusions",
]
