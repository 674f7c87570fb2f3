"""The layouts a cable is classified into (docs/layouts.md)."""

from __future__ import annotations

import enum

from .nodes import (
    CiteLine,
    DashCounter,
    DraftingLine,
    FormBanner,
    Header,
    JanapRoutingLine,
    Line,
    MilitarySet,
    MrnLine,
    ReleaseStamp,
    Text,
)


class Layout(str, enum.Enum):
    """How a cable is laid out: the header form first, the document form next. A ``str``,
    so ``cable.layout == "acp127"`` holds and JSON writes the value."""

    ACP127 = "acp127"  #: an ACP-127 transmission header (routing, DE line or VZCZC)
    MILITARY = "military"  #: a military message (JANAP FL2, NAVADMIN-style series, USMTF)
    CIA = "cia"  #: a CIA cable print (CITE line, CIA form banners)
    DRAFTING = "drafting"  #: an outgoing drafting form (drafter, MM/DD/YY date, clearances)
    FOIA = "foia"  #: a FOIA reading-room printout (case-number release stamp)
    DTG_ONLY = "dtg-only"  #: a header that starts at the DTG line
    DISTRIBUTION = "distribution"  #: a State distribution block (ORIGIN/ACTION/INFO)
    CFPF = "cfpf"  #: a Central Foreign Policy File copy (dashes counter, DRAFTED BY)
    TEXT_ONLY = "text-only"  #: front matter and text without a header
    UNKNOWN = "unknown"  #: nothing recognised

    def __str__(self) -> str:
        return self.value


#: MRN offices of military message series (``NAVADMIN 005/20``)
MILITARY_SERIES = ("NAVADMIN", "ALNAV", "NAVOP", "ALNAVRESFOR", "MARADMIN", "ALMAR", "ALCOAST")
_MILITARY_SERIES = MILITARY_SERIES


def detect_layout(header: Header | None, text: Text | None, wrapper: list[Line], *,
                  drafted: bool = False) -> Layout:
    """Name the layout (docs/layouts.md): the header form first, the document form next.
    ``drafted``: the date was read from a drafting form's drafting date (no DTG)."""
    lines = header.lines if header is not None else ()
    banners = [n.text.upper() for n in wrapper if isinstance(n, (FormBanner, ReleaseStamp))]
    if any(isinstance(n, CiteLine) for n in lines) or any(
            "ASSASSINATION RECORDS" in b or "INTELLIGENCE" in b or "CLASSIFIED MESSAGE" in b
            for b in banners):
        return Layout.CIA
    mrn_lines = [n for n in (text.lines if text else ()) if isinstance(n, MrnLine)]
    if any(isinstance(n, JanapRoutingLine) for n in lines) or any(
            n.mrn.office in _MILITARY_SERIES for n in mrn_lines) or any(
            isinstance(n, MilitarySet) and n.name == "MSGID" for n in (text.lines if text else ())):
        return Layout.MILITARY
    if header is not None and (header.routing or header.de or header.transmission_id):
        return Layout.ACP127
    if drafted and (header is None or header.dtg is None):
        return Layout.DRAFTING
    if any("CASENO" in b.replace(" ", "") for b in banners):
        return Layout.FOIA
    if header is not None:
        if any(isinstance(n, (DashCounter, DraftingLine)) for n in lines):
            return Layout.CFPF
        if header.distribution:
            return Layout.DISTRIBUTION
        if header.dtg or header.from_:
            return Layout.DTG_ONLY
    if text is not None:
        return Layout.TEXT_ONLY
    return Layout.UNKNOWN
