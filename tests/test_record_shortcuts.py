"""The shortcuts that make Cable.record() fast give what the long way gives: timestamps
formatted from their fields, address sections without XMT lines split without reading
each name."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from conftest import CORPUS, SHARED_CORPUS

import teletype
from teletype.decode.fields import split_exclusions
from teletype.decode.fields.xmt import _split
from teletype.record import _iso


def test_timestamps_are_what_strftime_gives() -> None:
    start = datetime(1966, 1, 1, tzinfo=timezone.utc)
    values = [start + timedelta(seconds=s * 7919 * 60 + s % 61) for s in range(2000)]
    values += [datetime(y, 12, 31, 23, 59, 59, tzinfo=timezone.utc)
               for y in (1, 9, 10, 99, 100, 999, 1000, 9999)]
    values += [datetime(2009, 5, 28, 2, 45), datetime(2009, 5, 28, 2, 45, 1, 999)]
    for value in values:
        assert _iso(value) == value.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert _iso(None) is None


def test_sections_without_xmt_lines_are_split_as_the_decoder_splits_them() -> None:
    sections = [
        [], ["AMEMBASSY LIMA"], ["ALL NATO CAPITALS COLLECTIVE", "XMT AMEMBASSY ANKARA"],
        ["ALL NATO POSTS COLLECTIVE", " xmt: AMEMBASSY ATHENS, AMEMBASSY ROME"],
        ["AMEMBASSY XMTOWN", "XMTX"], ["Xmt AMEMBASSY PARIS"], ["AMEMBASSY PARIS XMT"],
        ["SECSTATE WASHDC", "AMEMBASSY LA PAZ", "USMISSION USUN NEW YORK"], ["XMT"],
    ]
    paths = sorted(CORPUS.rglob("*.txt"))
    if SHARED_CORPUS.is_dir():
        paths += sorted((SHARED_CORPUS / "cablegate-wikileaks-more").glob("*.txt"))[:60]
    for path in paths:
        header = teletype.parse_bytes(path.read_bytes()).header
        if header is not None:
            sections += [[a.name for a in header.to], [a.name for a in header.info]]
    for names in sections:
        assert split_exclusions(list(names)) == _split(names), names
