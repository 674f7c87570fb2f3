"""Encodings and line endings: every file decodes losslessly, and TT001 says how."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT

import teletype
from teletype.api import parse, parse_bytes, parse_file
from teletype.nodes import Blank, Unparsed
from teletype.serialize import cable_to_dict
from teletype.source import (
    BOM,
    CODECS,
    decode_bytes,
    describe_decoding,
    encode_text,
    looks_binary,
)

VALID = sorted((ROOT / "corpus" / "valid").glob("*.txt"))
SEED_TEXT = (
    "OO RUEHC RUEHPE\n"
    "DE RUEHC #0194 1480246\n"
    "ZNY SSSSS ZZH\n"
    "O 280245Z MAY 89\n"
    "FM SECSTATE WASHDC\n"
    "TO AMEMBASSY LIMA IMMEDIATE 6315\n"
    "BT\n"
    "S E C R E T STATE 170194\n"
    "E.O. 12356: DECL: OADR\n"
    "TAGS: SNAR, PTER, PE\n"
    "SUBJECT: CAF\u00c9 \u00b6 REVIEW\n"
    "1. TEXT OF THE CABLE.\n"
    "BT\n"
)


def tt001(cable: teletype.Cable) -> list[str]:
    return [d.message for d in cable.diagnostics if d.code == "TT001"]


def without_tt001(cable: teletype.Cable) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in cable.diagnostics if d.code != "TT001"]


def assert_lossless(data: bytes) -> teletype.Cable:
    cable = parse_bytes(data)
    text, encoding = decode_bytes(data)
    assert cable.encoding == encoding
    assert cable.render() == text
    assert encode_text(cable.render(), encoding) == data
    json.dumps(cable_to_dict(cable))
    return cable


# ---------------------------------------------------------------------------- decode_bytes


@pytest.mark.parametrize(("data", "text", "encoding"), [
    (b"", "", "utf-8"),
    (b"ABC\n", "ABC\n", "utf-8"),
    ("CAF\u00c9\n".encode(), "CAF\u00c9\n", "utf-8"),
    (b"\xef\xbb\xbfABC\n", "\ufeffABC\n", "utf-8-sig"),
    (b"\xef\xbb\xbf", "\ufeff", "utf-8-sig"),
    ("\ufeffAB\n".encode("utf-16-le"), "\ufeffAB\n", "utf-16-le"),
    ("\ufeffAB\n".encode("utf-16-be"), "\ufeffAB\n", "utf-16-be"),
    ("\ufeffAB\n".encode("utf-32-le"), "\ufeffAB\n", "utf-32-le"),
    ("\ufeffAB\n".encode("utf-32-be"), "\ufeffAB\n", "utf-32-be"),
    (b"\x93QUOTED\x94 \x96 \xb6\n", "\u201cQUOTED\u201d \u2013 \u00b6\n", "cp1252"),
    (b"\x81\xb6\n", "\x81\u00b6\n", "latin-1"),  # 0x81 is undefined in Windows-1252
    # a mark whose encoding the rest does not fit: decoded as if there were no mark
    (b"\xef\xbb\xbf\xff\n", "\u00ef\u00bb\u00bf\u00ff\n", "cp1252"),
    (b"\xff\xfeA", "\u00ff\u00feA", "cp1252"),  # odd length: not UTF-16
    ("\ufeff\ud800".encode("utf-16-le", "surrogatepass"), "\u00ff\u00fe\x00\u00d8", "cp1252"),
])
def test_decode_bytes(data: bytes, text: str, encoding: str) -> None:
    assert decode_bytes(data) == (text, encoding)
    assert encode_text(text, encoding) == data


def test_utf16_with_a_nul_first_is_not_utf32() -> None:
    data = "\ufeff\x00AB".encode("utf-16-le")  # starts FF FE 00 00 like a UTF-32-LE mark
    text, encoding = decode_bytes(data)
    assert encoding == "utf-16-le"
    assert text == "\ufeff\x00AB"


def test_every_encoding_name_has_a_codec() -> None:
    for data in (b"A", b"\xef\xbb\xbfA", b"\xff\xfeA\x00", b"\xfe\xff\x00A",
                 b"\xff\xfe\x00\x00A\x00\x00\x00", b"\x00\x00\xfe\xff\x00\x00\x00A",
                 b"\x93", b"\x81"):
        assert decode_bytes(data)[1] in CODECS


def test_describe_decoding() -> None:
    assert describe_decoding(b"A", "utf-8") is None
    assert "UTF-8 byte order mark" in (describe_decoding(b"\xef\xbb\xbfA", "utf-8-sig") or "")
    assert "UTF-16 (little-endian)" in (describe_decoding(b"\xff\xfeA\x00", "utf-16-le") or "")
    assert describe_decoding(b"\x93", "cp1252") == "file is not UTF-8; decoded as cp1252"
    bad_mark = describe_decoding(b"\xef\xbb\xbf\xff", "cp1252") or ""
    assert "byte order mark" in bad_mark and "not valid utf-8-sig" in bad_mark


# ---------------------------------------------------------------------------- parse_bytes


def test_plain_utf8_has_no_tt001() -> None:
    cable = assert_lossless(SEED_TEXT.encode("utf-8"))
    assert cable.encoding == "utf-8"
    assert tt001(cable) == []


@pytest.mark.parametrize("codec", ["utf-8", "utf-16-le", "utf-16-be", "utf-32-le"])
def test_byte_order_mark_is_kept_and_parsed_like_plain_utf8(codec: str) -> None:
    plain = parse_bytes(SEED_TEXT.encode("utf-8"))
    data = (BOM + SEED_TEXT).encode(codec)
    cable = assert_lossless(data)
    assert cable.render() == BOM + SEED_TEXT
    # the mark is the first character of the first node (a leading Blank)
    assert cable.nodes[0].raw.startswith(BOM)
    assert isinstance(cable.nodes[0], Blank)
    assert cable.nodes[0].span.start == 0
    # the rest parses exactly as without the mark
    assert [type(n).__name__ for n in cable.nodes[1:]] == [type(n).__name__
                                                          for n in plain.nodes]
    assert cable.record() == plain.record()
    assert without_tt001(cable) == without_tt001(plain)
    messages = tt001(cable)
    assert len(messages) == 1 and "byte order mark" in messages[0]
    assert str(cable.encoding) in messages[0]
    d = next(d for d in cable.diagnostics if d.code == "TT001")
    assert d.span is not None and (d.span.start, d.span.end) == (0, 1)
    assert d.severity.value == "info"


def test_byte_order_mark_alone_and_before_a_blank_line() -> None:
    for data in (b"\xef\xbb\xbf", b"\xef\xbb\xbf\n", b"\xef\xbb\xbf\r\n\r\nBT\r\n"):
        cable = assert_lossless(data)
        assert cable.render().startswith(BOM)
        assert not [n for n in cable.nodes if isinstance(n, Unparsed)]


def test_parse_str_with_byte_order_mark() -> None:
    """parse() of text that still has its mark: same parse, mark kept, no TT001."""
    plain = parse(SEED_TEXT)
    cable = parse(BOM + SEED_TEXT)
    assert cable.render() == BOM + SEED_TEXT
    assert cable.record() == plain.record()
    assert tt001(cable) == []


def test_byte_order_mark_in_the_middle_is_text() -> None:
    text = "BT\n\ufeffFM SECSTATE WASHDC\n"
    cable = parse(text)
    assert cable.render() == text


@pytest.mark.parametrize(("codec", "encoding"), [("cp1252", "cp1252"), ("latin-1", "latin-1")])
def test_single_byte_encodings(codec: str, encoding: str) -> None:
    text = SEED_TEXT.replace("REVIEW", "REVIEW \u00ab\u00bb")
    if codec == "cp1252":
        text = text.replace("CAF\u00c9", "\u201cCAF\u00c9\u201d")  # smart quotes: 0x93/0x94
    else:
        text = text.replace("CAF\u00c9", "CAF\u00c9\x81")  # 0x81: not Windows-1252
    data = text.encode(codec)
    cable = assert_lossless(data)
    assert cable.encoding == encoding
    assert cable.render() == text
    assert tt001(cable) == [f"file is not UTF-8; decoded as {encoding}"]
    assert cable.record()["subject"] == parse(text).record()["subject"]


def test_invalid_utf8_after_a_mark_says_so() -> None:
    data = b"\xef\xbb\xbf" + SEED_TEXT.encode("cp1252")
    cable = assert_lossless(data)
    assert cable.encoding == "cp1252"
    assert "byte order mark" in tt001(cable)[0]


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
@pytest.mark.parametrize("codec", ["utf-8", "utf-16-le", "utf-16-be", "utf-32-be"])
def test_corpus_in_other_encodings(path: Path, codec: str) -> None:
    """Every corpus cable re-encoded (with a mark) parses to the same record."""
    original = parse_file(path)
    text = decode_bytes(path.read_bytes())[0]
    data = (BOM + text).encode(codec)
    cable = assert_lossless(data)
    assert cable.render() == BOM + text
    expected = dict(original.record(), source=None)
    assert dict(cable.record(), source=None) == expected


# ---------------------------------------------------------------------------- line endings


def test_crlf_parses_like_lf() -> None:
    lf = parse(SEED_TEXT)
    crlf_text = SEED_TEXT.replace("\n", "\r\n")
    crlf = parse(crlf_text)
    assert crlf.render() == crlf_text
    assert crlf.record() == lf.record()
    assert [type(n).__name__ for n in crlf.nodes] == [type(n).__name__ for n in lf.nodes]


def test_mixed_line_endings_round_trip() -> None:
    lines = SEED_TEXT.splitlines()
    endings = ["\n", "\r\n", "\r", "\n\r", "\r\r\n"]
    text = "".join(line + endings[i % len(endings)] for i, line in enumerate(lines))
    cable = parse(text)
    assert cable.render() == text
    assert cable.nodes[0].span.start == 0 and cable.nodes[-1].span.end == len(text)
    json.dumps(cable_to_dict(cable))
    cable.record()


@pytest.mark.parametrize("text", [
    "\r", "\r\r\r", "BT\rBT\r", "FM SECSTATE WASHDC\rTO AMEMBASSY LIMA\r",
    "O 280245Z MAY 89\r\nFM SECSTATE\rWASHDC\r\n", "\r\n\r\n\r", "A\rB\nC\r\nD",
    # old Mac files: lone CR only
    SEED_TEXT.replace("\n", "\r"),
])
def test_lone_carriage_return_stays_inside_a_line(text: str) -> None:
    """The grammar's line end is \\r?\\n: a lone CR is part of a line. Never raises."""
    cable = parse(text)
    assert cable.render() == text
    for node in cable.nodes:
        # a node never ends between a CR and the LF that follows it
        assert not (node.raw.endswith("\r") and text[node.span.end:node.span.end + 1] == "\n")
    cable.record()
    json.dumps(cable_to_dict(cable))


def test_other_unicode_line_breaks_are_text() -> None:
    """U+0085, U+2028, U+2029, VT, FF, FS..US: Python's splitlines breaks there, teletype
    does not (offsets and line numbers count LF only)."""
    text = "FM SECSTATE WASHDC\x85\u2028\u2029\x1c\x1d\x1e\x1f\x0b\x0c\nBT\n"
    cable = parse(text)
    assert cable.render() == text
    assert cable.nodes[-1].span.line == 2


def test_utf16_crlf_round_trips() -> None:
    data = (BOM + SEED_TEXT.replace("\n", "\r\n")).encode("utf-16-le")
    cable = assert_lossless(data)
    assert cable.record() == parse(SEED_TEXT).record()


# ---------------------------------------------------------------------------- binary


def test_looks_binary() -> None:
    assert not looks_binary("")
    assert not looks_binary(b"")
    assert not looks_binary(SEED_TEXT)
    assert not looks_binary(SEED_TEXT.replace("\n", "\r\n").encode())
    assert not looks_binary((BOM + SEED_TEXT).encode("utf-16-le"))  # NUL bytes, but text
    assert not looks_binary("\f" + SEED_TEXT)  # a form feed between pages
    assert looks_binary("A\x00B")
    assert looks_binary(bytes(range(256)))
    assert looks_binary("\x01\x02\x03 ABC")
