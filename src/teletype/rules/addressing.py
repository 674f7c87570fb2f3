"""What the rules check on each address, looked up once per address.

Five rules read every TO, INFO and XMT address (TT211 its RI prefix, TT308 the station of
that RI, TT332 its spelling, TT251 its last word; TT307 its precedence), and nearly every
address passes them all. :func:`loud_addressees` keeps the addresses that one of the first
four checks may report, by one memoised look-up per RI and name, so that those rules read
a few addresses (most cables: none) instead of all of them.
"""

from __future__ import annotations

import functools

from .. import vocab
from ..corrections import _may_be_misspelt, precedence_word_correction
from ..decode.codes import _RI_FORM
from .context import Addressee, Context
from .names import _shared_station, _station_names, names_match


@functools.lru_cache(maxsize=8192)  # cables repeat their RIs
def _ill_formed(code: str) -> bool:
    """Whether :func:`teletype.decode.decode_ri` reports TT211 on ``code`` (the form its
    decoder checks), before the whole decoding is done for the few that are."""
    return _RI_FORM.fullmatch(code.strip().upper().rstrip("/")) is None


@functools.lru_cache(maxsize=8192)  # cables repeat their addressees
def _foreign_station(ri: str, name: str) -> vocab.Station | None:
    """The station of ``ri`` when it is known and does not deliver to the address ``name``
    (TT308): not its name, no gateway, no station shared by several addressees."""
    station = vocab.station(ri)
    if station is None or names_match(name, _station_names(station)):
        return None
    if station.is_gateway:  # a DMS gateway: the real addressee is the address itself
        return None
    if _shared_station(station, name):
        return None
    return station


@functools.lru_cache(maxsize=8192)  # cables repeat their addresses
def _misspelt(name: str) -> bool:
    """:func:`teletype.corrections._may_be_misspelt`, one look-up per address name (TT332)."""
    return _may_be_misspelt(name)


@functools.lru_cache(maxsize=8192)  # cables repeat their addressees
def _last_word_correction(name: str) -> str | None:
    """The precedence word the last word of an address of two words or more is a
    misspelling of, if any (TT251)."""
    words = name.split()
    return precedence_word_correction(words[-1]) if len(words) >= 2 else None


@functools.lru_cache(maxsize=8192)  # cables repeat their addressees
def _quiet(ri: str, name: str) -> bool:
    """Whether none of TT211, TT308, TT332 and TT251 can report an address ``RI/NAME``."""
    return not (_ill_formed(ri) or _foreign_station(ri, name) is not None
                or _misspelt(name) or _last_word_correction(name) is not None)


def _loud(ctx: Context) -> tuple[Addressee, ...]:
    header = ctx.cable.header
    if header is None:
        return ()
    out = []
    for keyword, items in (("TO", header.to), ("INFO", header.info), ("XMT", header.xmt)):
        for address in items:  # the addresses of Context.addressees, in its order
            prefix = address.ri
            if prefix is None or not _quiet(prefix.code, address.name):
                # (without an RI prefix the rules read the address's text)
                out.append(Addressee(keyword, address))
    return tuple(out)


def loud_addressees(ctx: Context) -> tuple[Addressee, ...]:
    """The TO, INFO and XMT addresses (:attr:`Context.addressees`, in their order) that
    TT211, TT308, TT332 or TT251 may report: those without an RI prefix and those that one
    of the checks of :func:`_quiet` does not pass. Worked out once per cable."""
    return ctx.fact(_loud)
