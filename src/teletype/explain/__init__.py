"""Explain a cable to a person, line by line and group by group (``teletype decode``).

:func:`explain` walks the header and front matter of a parsed cable and returns one
:class:`ExplainedLine` per line: what the line is (its role in the ACP-127 format) and, for
each group on it, what the group means, decoded by :mod:`teletype.decode` from the tables
of :mod:`teletype.vocab`. Unknown codes are shown as unknown, never guessed. The body is
summed up in one line; wrapper furniture that carries no coded field (free lines, blank
lines) is left out.

:func:`render_text` prints the explanation the way a METAR decoder explains a weather
report; :func:`to_json` gives the same as data::

    line 24: OO RUEHC RUEHPE
      routing line (FL2): IMMEDIATE, 2 routing indicators
        OO: precedence IMMEDIATE (prosign: the letter doubled)
        RUEHC: routing indicator of DEPT OF STATE WASHINGTON DC
        RUEHPE: routing indicator of AMEMBASSY LIMA
"""

from __future__ import annotations

from typing import Any

from ..cable import Cable
from ..decode import DEFAULT_PIVOT, as_json
from ._lines import _Explainer
from .model import Explained, ExplainedLine

__all__ = ["Explained", "ExplainedLine", "explain", "render_text", "to_json"]


def explain(cable: Cable, *, pivot: int = DEFAULT_PIVOT) -> list[ExplainedLine]:
    """The header and front matter of ``cable``, explained line by line (document order).

    ``pivot`` is the first year of the two-digit-year window (default 1960: 1960-2059).
    """
    explainer = _Explainer(cable, pivot)
    out = []
    for node in cable.nodes:
        explained = explainer.explain(node)
        if explained is not None:
            out.append(explained)
    return out


def summary(cable: Cable, *, pivot: int = DEFAULT_PIVOT) -> dict[str, Any]:
    """A few headline facts: layout, classification, precedence, DTG, originator, id."""
    record = cable.record()
    return {
        "layout": cable.layout.value,
        "envelopes": len(cable.envelopes),
        "classification": record.get("classification"),
        "precedence": record.get("precedence"),
        "dtg": record.get("dtg"),
        "from": record.get("from"),
        "reference_id": record.get("reference_id"),
    }


def to_json(lines: list[ExplainedLine], path: str | None = None,
            cable: Cable | None = None) -> dict[str, Any]:
    """The explanation as JSON-ready data: ``{"path", "summary", "lines": [...]}``; each
    group carries its decoded ``value``."""
    out: dict[str, Any] = {"path": path}
    if cable is not None:
        out["summary"] = summary(cable)
    out["lines"] = [
        {
            "line": line.line,
            "kind": line.kind,
            "role": line.role,
            "text": line.text,
            "summary": line.summary,
            "groups": [
                {"text": g.text, "meaning": g.meaning, "field": g.field, "known": g.known,
                 "value": as_json(g.value)}
                for g in line.groups
            ],
            "diagnostics": [d.to_dict() for d in line.diagnostics],
        }
        for line in lines
    ]
    return out


def render_text(lines: list[ExplainedLine], path: str | None = None,
                cable: Cable | None = None, width: int = 100) -> str:
    """The explanation as text, one block per line of the cable::

        line 27: DE RUEHC #0194 1480246
          originator line (FL3): prepared for transmission by DEPT OF STATE WASHINGTON DC
            DE: prosign DE: This message was prepared for transmission ...
            RUEHC: originating station DEPT OF STATE WASHINGTON DC
            #0194: station serial number 0194
            1480246: filed 28 May 1989 at 02:46 UTC (day 148)
    """
    out: list[str] = []
    if path is not None:
        out.append(f"== {path}")
    if cable is not None:
        fields = summary(cable)
        shown = [f"{k} {v}" for k, v in fields.items() if v not in (None, 0, "")]
        out.append("   " + "; ".join(shown))
    for line in lines:
        text = line.text if len(line.text) <= width else line.text[: width - 3] + "..."
        out.append(f"line {line.line}: {text}")
        said = line.summary if len(line.summary) <= width else line.summary[: width - 3] + "..."
        out.append(f"  {line.role}: {said}" if said else f"  {line.role}")
        for group in line.groups:
            out.append(f"    {group.text}: {group.meaning}")
        for d in line.diagnostics:
            out.append(f"    ! {d.severity.value} {d.code} {d.message}")
    return "\n".join(out) + "\n"
