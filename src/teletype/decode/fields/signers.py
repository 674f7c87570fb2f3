"""The signature: the signer's surname on the last line of the text, read past what
follows it (banners, ``SIPDIS``, ``NNNN``, page heads, release stamps, WikiLeaks trailers,
notes by the communications center) and past what is glued to it (``GILLESPIE##``,
``MCNAMARA.``, ``=PERKINS``); written in mixed case too (``Murphy``), or after the last
sentence of a line (``BEIRUT MINIMIZE CONSIDERED.  EAGLETON``).

``decode_signers(raw)`` reads the closing text of a cable (any tail of it that holds the
signature, or the whole text) into the signature line as written and the signers' names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from ... import facts
from ...slots import slot_maker
from .common import Diagnostics, blank_continuations, head_barrier, in_no_head, page_heads


@dataclass(frozen=True, slots=True)
class Signers:
    """The signature: ``line`` as written, ``start``/``end`` its offsets in the raw text,
    ``names`` the signers' surnames as written (one, or several on one line)."""

    raw: str = field(repr=False)  # the text read (often the whole cable)
    line: str | None
    start: int
    end: int
    names: tuple[str, ...]


# (a line between asterisks is ``\*.*\*``: ``\*+.*\*+`` reads the same lines, but in time
# cubic in a run of asterisks, 2 ms for a WikiLeaks trailer line of 229 characters)
_SKIP: Final = re.compile(
    r"(?i)^\s*(?:$|[.\->=#]+\s*$|(?:" + facts.BANNER_LEVELS +
    r"|SENSITIVE BUT UNCLASSIFIED|SBU|NOFORN)(?:\s*//.*)?\s*$|SIPDIS\s*$|N{3,4}\s*$|BT\s*$"
    r"|#\d+\s*$|NOTE(?:\s+BY\s+\S+)?\s*:.*$|PAGE\s+\d+\s+.*$|WP\s*$|"
    r"DECLASSIFIED/RELEASED\b.*$|(?:EO\s+)?SYSTEMATIC\s+REVIEW\b.*$|REVIEW\s+\d{1,2}\s+[A-Z]{3}\s+\d{4}\s*$"
    r"|\d{4}[A-Z]+\d+\s+-\s+.*$|MSG\s*$|\*.*\*\s*$|ADMIN\s*:?\s*$|END\s+OF\s+MESSAGE\s*$)"
)
_signers: Final = slot_maker(Signers)  # every field given
_NOT_NAMES: Final = frozenset({
    "END", "TEXT", "END TEXT", "UNQUOTE", "QUOTE", "REGARDS", "COMMENT", "END COMMENT",
    "SUMMARY", "END SUMMARY", "SIPDIS", "NNNN", "BT", "THE", "CONFIDENTIAL", "SECRET",
    "UNCLASSIFIED", "NOFORN", "EXDIS", "NODIS", "LIMDIS", "STADIS", "CITY", "YYY", "XXXXXXXXXXXX",
})
_NAME: Final = r"[A-Z][A-Za-z'\-]*[A-Za-z](?:\s[A-Z][A-Z'\-]*[A-Z])?"
_ALONE: Final = re.compile(r"^\s*=?(?P<name>" + _NAME + r")\s*(?:#+|\.|\\)?\s*$")
_TAIL: Final = re.compile(r"[.)]\s+(?P<name>[A-Z][A-Z'\-]*[A-Z])\s*(?:#+|\.)?\s*$")


def decode_signers(raw: str) -> tuple[Signers, Diagnostics]:
    """Read the signature from the end of ``raw``."""
    work = blank_continuations(raw)
    heads: list[tuple[int, int]] | None = None
    heads_after = -1
    start = len(work) + 1
    while start > 0:  # the lines from the last one up
        end = start - 1
        start = work.rfind("\n", 0, end) + 1
        line = work[start:end]
        if _SKIP.match(line):
            continue
        # a head that holds the line's start or end holds its first or last character (a
        # line read holds more than blanks): when none can, the heads are not needed
        if not (in_no_head(work, start) and in_no_head(work, end - 1)):
            if heads is None or start <= heads_after:
                # only the heads after a character none holds: the lines read are the last
                # few
                heads_after = head_barrier(work, start)
                heads = page_heads(work, heads_after + 1)
            if any(s <= start < e or s < end <= e for s, e in heads):
                continue
        alone = _ALONE.match(line)
        if alone is not None:
            name = alone["name"]
            single = " " not in name
            if name.upper() not in _NOT_NAMES and (name.isupper() or (
                    single and name[0].isupper() and name[1:].islower())):
                return _signers(raw, raw[start:end].strip(), start, end, (name,)), ()
        tail = _TAIL.search(line)
        if tail is not None and tail["name"] not in _NOT_NAMES and len(tail["name"]) > 2:
            return _signers(raw, raw[start:end].strip(), start, end, (tail["name"],)), ()
        break
    return _signers(raw, None, len(raw), len(raw), ()), ()


def find_signers(text: str) -> Signers:
    """The signature of a whole cable (or of its closing lines)."""
    signers, _ = decode_signers(text)
    return signers
