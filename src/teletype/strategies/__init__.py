"""Hypothesis strategies for cables: header groups, whole consistent cables, and noise.

Use them to test your own cable tools (docs/strategies.md)::

    from hypothesis import given
    from teletype import strategies as tts

    @given(tts.cables())
    def test_my_tool(cable):
        assert my_tool(cable.text).dtg == cable.dtg

This module needs `hypothesis <https://hypothesis.readthedocs.io>`_ (installed with the
``test`` extra: ``pip install "teletype-cables[test]"``). ``import teletype`` never
imports it; import it explicitly.

Line-level strategies return strings. :func:`cables` returns :class:`GeneratedCable`, the
generated values and the text made from them; :meth:`GeneratedCable.expected_record`
gives the values in the form of :meth:`teletype.Cable.record`. The values are internally
consistent (FORMAT.md §2.11): SSN = last four digits of the MRN serial, Julian day = the
DTG's day of the year with the filing time minutes after the DTG, FL2 prosign = highest
precedence of FL5 and the TO lines, FL4 group = classification line, RI/PLAD pairs from
:mod:`teletype.vocab`, E.O. in force at the DTG (``vocab.table("executive_orders")``),
DECL date after the DTG, SIPDIS only from December 2005 and never with NODIS/EXDIS,
portion marks no higher than the classification.
"""

from __future__ import annotations

from .cables import (
    GeneratedCable,
    cables,
    headers,
)
from .front_matter import (
    GeneratedRefs,
    GeneratedTags,
    ref_blocks,
    tags_fields,
)
from .groups import (
    CLASSIFICATIONS,
    LAYOUTS,
    address_lines,
    classifications,
    dtg_values,
    dtgs,
    eo_lines,
    format_dtg,
    known_routing_indicators,
    mrns,
    precedence_letters,
    precedence_words,
    routing_indicators,
    security_lines,
    stations,
    tag_codes,
    tags_lines,
)
from .noise import (
    noisy,
)
from .typos import (
    KINDS,
    PrintedCable,
    Typo,
    cables_1980s,
    typo,
    typo_sites,
)

__all__ = [
    "GeneratedRefs",
    "GeneratedTags",
    "ref_blocks",
    "tags_fields",
    "KINDS",
    "PrintedCable",
    "Typo",
    "cables_1980s",
    "typo",
    "typo_sites",
    "CLASSIFICATIONS",
    "LAYOUTS",
    "GeneratedCable",
    "address_lines",
    "cables",
    "classifications",
    "dtg_values",
    "dtgs",
    "eo_lines",
    "format_dtg",
    "headers",
    "known_routing_indicators",
    "mrns",
    "noisy",
    "precedence_letters",
    "precedence_words",
    "routing_indicators",
    "security_lines",
    "stations",
    "tag_codes",
    "tags_lines",
]
