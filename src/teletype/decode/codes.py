"""Header codes: classification words, routing indicators, precedence, FL4 security
groups and operating signals, captions."""

from __future__ import annotations

import dataclasses
import functools
import re

from .. import facts, vocab
from ..diagnostics import Diagnostic
from ..nodes import (
    Caption,
    Classification,
    OperatingSignal,
    Precedence,
    RoutingIndicator,
    SecurityGroup,
    SecurityLine,
)
from ..source import Span
from ._common import Diagnostics, _diag

_OCR_CLASS = tuple((re.compile(pattern, re.I), word)
                   for pattern, word in facts.OCR_CLASSIFICATION_WORDS)


#: (prefix without spaces, level), for markings compared with their spaces removed
_COMPACT_LEVELS = tuple((prefix.replace(" ", ""), level)
                        for prefix, level in facts.CLASSIFICATION_WORDS)
_CLASS_KEYS = tuple(key for key, _ in _COMPACT_LEVELS)


def ocr_classification(raw: str) -> str | None:
    """The marking with an OCR-damaged classification word spelt right (spaces removed;
    for :func:`classification_level`), or None when it starts with a correctly spelt one."""
    compact = "".join(raw.upper().split())
    if compact.startswith(_CLASS_KEYS):
        return None
    marking = raw.strip()
    for pattern, word in _OCR_CLASS:
        match = pattern.match(marking)
        if match:
            return word + "".join(marking[match.end():].upper().split()).lstrip("•·")
    return None


def classification_level(raw: str) -> tuple[str, str | None]:
    """Normalise a classification marking to (level, qualifier).

    ``C O N F I D E N T I A L`` -> CONFIDENTIAL; ``UNCLAS EFTO`` -> (UNCLASSIFIED, EFTO);
    ``UNCLASSIFIED//FOR OFFICIAL USE ONLY`` -> (UNCLASSIFIED, FOR OFFICIAL USE ONLY);
    ``SS E C R E T`` (an OCR-doubled letter) -> SECRET. Misspelt words (``CECRET``) are
    read after :func:`ocr_classification` has spelt them right.
    """
    head, _, tail = raw.partition("//")
    compact = "".join(head.upper().split())
    for key, level in _COMPACT_LEVELS:
        for candidate in (compact, compact[1:]):
            if candidate.startswith(key):
                rest = candidate[len(key):]
                qualifier = " ".join(x for x in (rest, tail.strip()) if x) or None
                return level, qualifier
    return " ".join(head.upper().split()), tail.strip() or None




# ------------------------------------------------------------------ routing indicators


@dataclasses.dataclass(frozen=True, slots=True)
class DecodedRi:
    """A routing indicator (ACP 121 plan, FORMAT.md §2.4).

    ``match`` says how the station was found: ``"station"`` (listed in ACP 117 or seen in
    the corpus), ``"gateway"`` (a DMS MFI or the MCS: the real addressee follows in the
    address), ``"block"`` (inside an ACP 117 ``X THRU Y`` block), ``"relay"`` (not listed,
    but its first four letters are: ``relay``/``relay_name`` name that station, the relay or
    RI block that serves it; ``station`` stays None) or ``"unknown"``.

    Structure: ``network`` (1st letter R/Q), ``nation`` (2nd), ``area`` (3rd letter; no
    source gives the area names), ``relay`` (first four letters, when listed) and
    ``tributary`` (letters after the fourth). ``kind`` is the station's kind (post,
    collective, agency, military unit, gateway, relay; see ``vocab.STATION_KINDS``);
    ``observed`` says where the corpus shows an RI that no source explains.
    """

    code: str
    station: str | None
    other_names: tuple[str, ...]
    match: str
    relay: str | None
    relay_name: str | None
    network: str | None
    nation: str | None
    area: str | None
    tributary: str
    well_formed: bool
    source: str | None
    kind: str | None = None
    observed: str | None = None

    @property
    def known(self) -> bool:
        return self.station is not None

    @property
    def is_gateway(self) -> bool:
        """A DMS MFI or MCS gateway (ACP 117 §7.a): the real addressee follows in the
        address, so the RI names no station of its own."""
        return self.kind == "gateway"


_RI_FORM = re.compile(r"[RQ][A-Z]{3,7}")


def decode_ri(ri: RoutingIndicator | str, span: Span | None = None
              ) -> tuple[DecodedRi, Diagnostics]:
    """Decode a routing indicator: ``RUEHPE`` -> AMEMBASSY LIMA, R worldwide tape relay
    network, U United States, area E, relay RUEH (RGN RELAY FACILITY BELTSVILLE MD)."""
    if isinstance(ri, RoutingIndicator):
        code, span = ri.code, ri.span
    else:
        code = ri
    decoded, found = _decode_ri_code(code.strip().upper().rstrip("/"))
    # the decoding of a code is shared (cables repeat their RIs); the spans are this group's
    return decoded, tuple(dataclasses.replace(d, span=span) for d in found)


@functools.lru_cache(maxsize=8192)
def _decode_ri_code(code: str) -> tuple[DecodedRi, Diagnostics]:
    span = None
    diags: list[Diagnostic] = []
    well_formed = bool(_RI_FORM.fullmatch(code))
    if not well_formed:
        diags.append(_diag("TT211", f"routing indicator {code!r} is not 4-8 letters starting "
                           "with R or Q", span))
    found = vocab.station(code)
    relay_row = vocab.station(code[:4]) if len(code) > 4 else None
    if found is not None and found.kind == "gateway":
        match = "gateway"
    elif found is not None:
        match = "station" if code in _listed() else "block"
    elif relay_row is not None and well_formed:
        match = "relay"
    else:
        match = "unknown"
    if found is None:
        if match == "relay" and relay_row is not None:
            message = (f"routing indicator {code} is not in the station tables; it falls under "
                       f"{relay_row.ri} ({relay_row.name})")
        else:
            message = f"routing indicator {code} is not in the station tables"
        diags.append(_diag("TT210", message, span))
    network = vocab.ri_letter(1, code[:1]) if code else None
    nation = vocab.ri_letter(2, code[1:2]) if len(code) > 1 else None
    return DecodedRi(
        code=code,
        station=found.name if found else None,
        other_names=found.other_names if found else (),
        match=match,
        relay=relay_row.ri if relay_row else None,
        relay_name=relay_row.name if relay_row else None,
        network=network.meaning if network else None,
        nation=nation.meaning if nation else None,
        area=code[2:3] or None,
        tributary=code[4:],
        well_formed=well_formed,
        source=found.source if found else (relay_row.source if relay_row else None),
        kind=found.kind if found else None,
        observed=_observed(code) if found is None else None,
    ), tuple(diags)


def _observed(code: str) -> str | None:
    """What the corpus shows of an RI no source explains ("FL2 234x, e.g. ...")."""
    seen = vocab.unexplained_ri(code)
    if seen is None:
        return None
    counts = ", ".join(f"{s.split()[0]} line {s.split()[1]}x" for s in seen.seen)
    return f"seen in cables only: {counts} (e.g. {seen.example})"


@functools.cache
def _listed() -> frozenset[str]:
    """RIs listed one by one (the rest of what vocab.station finds lies in a block)."""
    return frozenset(s.ri for s in vocab.table("stations"))


# ------------------------------------------------------------------ precedence


@dataclasses.dataclass(frozen=True, slots=True)
class DecodedPrecedence:
    """A precedence: prosign (``OO``), letter (``O``) or word (``NIACT IMMEDIATE``)."""

    raw: str
    letter: str | None
    word: str | None
    rank: int | None
    known: bool
    source: str | None


def decode_precedence(node: Precedence | str, span: Span | None = None
                      ) -> tuple[DecodedPrecedence, Diagnostics]:
    """``OO``/``O``/``IMMEDIATE`` -> IMMEDIATE (letter O, rank 3); ``NIACT IMMEDIATE`` ->
    letter O, rank 3. Unknown -> ``known=False`` and TT212."""
    if isinstance(node, Precedence):
        raw, span = node.raw, node.span
        keys = [node.raw, node.word or "", node.letter or ""]
    else:
        raw = node
        keys = [node]
    row = next((r for r in (vocab.precedence(k) for k in keys if k.strip()) if r), None)
    if row is None:
        return (DecodedPrecedence(raw, None, None, None, False, None),
                (_diag("TT212", f"precedence {raw.strip()!r} is not in the tables", span),))
    return DecodedPrecedence(raw, row.letter, row.word, row.rank, True, row.source), ()


# ------------------------------------------------------------------ security line, signals


@dataclasses.dataclass(frozen=True, slots=True)
class DecodedSignal:
    """An operating signal; ``meaning`` None = no source gives one (``known`` says whether
    the code is in the tables at all)."""

    raw: str
    code: str
    numeral: str | None
    meaning: str | None
    known: bool
    source: str | None


def decode_signal(node: OperatingSignal | str, span: Span | None = None
                  ) -> tuple[DecodedSignal, Diagnostics]:
    """``ZZH`` -> "from Department of State offices"; ``ZFF4`` -> ZFF with numeral 4."""
    if isinstance(node, OperatingSignal):
        raw, span = node.raw, node.span
    else:
        raw = node
    row = vocab.operating_signal(raw)
    if row is None:
        return (DecodedSignal(raw, raw.strip().upper(), None, None, False, None),
                (_diag("TT215", f"operating signal {raw.strip()!r} is not in the tables",
                       span),))
    return DecodedSignal(raw, row.code, row.numeral, row.meaning, True, row.source), ()


@dataclasses.dataclass(frozen=True, slots=True)
class DecodedSecurity:
    """An FL4 security line or group: ``ZNY SSSSS`` -> SECRET; ``UUUAA`` -> UNCLASSIFIED,
    releasable code A (Australia)."""

    raw: str
    signal: str | None
    signal_meaning: str | None
    code: str | None
    classification: str | None
    release_letter: str | None
    release: str | None
    known: bool
    signals: tuple[DecodedSignal, ...]
    source: str | None


def decode_security_group(node: SecurityGroup | str, span: Span | None = None,
                          signal: str | None = None) -> tuple[DecodedSecurity, Diagnostics]:
    """Decode a five-letter FL4 group, plain (``SSSSS``) or composite (``UUUAA``)."""
    if isinstance(node, SecurityGroup):
        raw, span, code = node.raw, node.span, node.code
    else:
        raw, code = node, "".join(node.split()).upper()
    diags: list[Diagnostic] = []
    found = vocab.decode_security_group(code)
    sig_row = vocab.prosign(signal) if signal else None
    if found is None:
        diags.append(_diag("TT213", f"security group {raw.strip()!r} is not in the tables", span))
        return DecodedSecurity(raw, signal, sig_row.meaning if sig_row else None, code, None,
                               None, None, False, (), None), tuple(diags)
    group, release = found
    if signal and group.operating_signal and signal.upper() != group.operating_signal:
        diags.append(_diag("TT214", f"{signal} with {group.code} ({group.classification}); "
                           f"ACP 127(G) pairs {group.code} with {group.operating_signal}", span))
    return DecodedSecurity(
        raw, signal, sig_row.meaning if sig_row else None, code, group.classification,
        release.letter if release else None, release.meaning if release else None, True, (),
        group.source,
    ), tuple(diags)


def decode_security(node: SecurityLine) -> tuple[DecodedSecurity, Diagnostics]:
    """Decode a whole FL4 line: ``ZNY SSSSS ZOC STATE ZZH`` -> SECRET, signals ZOC, ZZH."""
    diags: list[Diagnostic] = []
    signals = []
    for sig in node.signals:
        decoded, found = decode_signal(sig)
        signals.append(decoded)
        diags.extend(found)
    if node.group is None:
        sig_row = vocab.prosign(node.signal)
        return DecodedSecurity(node.raw.strip(), node.signal,
                               sig_row.meaning if sig_row else None, None,
                               None, None, None, False, tuple(signals), None), tuple(diags)
    group, found = decode_security_group(node.group, signal=node.signal)
    return (dataclasses.replace(group, raw=node.raw.strip(), signals=tuple(signals)),
            found + tuple(diags))


# ------------------------------------------------------------------ classification, captions


@dataclasses.dataclass(frozen=True, slots=True)
class DecodedClassification:
    raw: str
    level: str
    qualifier: str | None
    rank: int | None


def decode_classification(node: Classification) -> tuple[DecodedClassification, Diagnostics]:
    """``C O N F I D E N T I A L`` -> CONFIDENTIAL (rank 2 of 0-4)."""
    rank = facts.CLASSIFICATION_RANK.get(node.level)
    return DecodedClassification(node.raw, node.level, node.qualifier, rank), ()


@dataclasses.dataclass(frozen=True, slots=True)
class DecodedCaption:
    """A caption line; ``caption`` is the table entry it matched (``FOR <ADDRESSEE> ONLY``)."""

    text: str
    caption: str | None
    kind: str | None
    restrictiveness: int | None
    meaning: str | None
    known: bool
    source: str | None


def decode_caption(node: Caption | str, span: Span | None = None
                   ) -> tuple[DecodedCaption, Diagnostics]:
    if isinstance(node, Caption):
        text, span = node.name, node.span
    else:
        text = node
    row = vocab.caption(text)
    if row is None:
        return (DecodedCaption(text, None, None, None, None, False, None),
                (_diag("TT216", f"caption {text!r} is not in the tables", span),))
    return DecodedCaption(text, row.caption, row.kind, row.restrictiveness, row.meaning, True,
                          row.source), ()
