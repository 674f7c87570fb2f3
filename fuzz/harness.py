"""What must hold for any input, and the mutations the fuzzers apply to real cables.

Used by ``fuzz/run_fuzz.py`` (the long run, no extra dependencies), ``fuzz/atheris_fuzz.py``
(coverage-guided, the optional ``fuzz`` extra) and ``tests/test_fuzz.py`` (hypothesis).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

from teletype.api import parse, parse_bytes
from teletype.cable import Cable
from teletype.diagnostics import CATALOG
from teletype.record import RECORD_KEYS
from teletype.serialize import cable_to_dict
from teletype.source import LineIndex, decode_bytes, encode_text

ROOT = Path(__file__).resolve().parent.parent

#: Small limits keep a fuzz iteration fast; the size limit code path is exercised too.
FUZZ_MAX_CHARS = 200_000


#: Internal errors tolerated until fixed (the input is still kept whole, the failing line as
#: one Unparsed node with a TT000 diagnostic). None is known: keep it that way.
KNOWN_INTERNAL_ERRORS: tuple[str, ...] = ()


class InvariantError(AssertionError):
    """An input for which teletype broke one of its promises."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise InvariantError(message)


def check_cable(cable: Cable, text: str) -> list[str]:
    """Everything promised about a parsed cable, given the text it was parsed from.
    Returns the messages of tolerated known internal errors (usually none)."""
    known: list[str] = []
    _require(cable.render() == text, "render(parse(text)) != text")
    # the top-level nodes tile the text: contiguous, in order, raw == slice
    index = LineIndex(text)
    pos = 0
    for node in cable.nodes:
        span = node.span
        _require(span.start == pos, f"gap or overlap at {pos}: node starts at {span.start}")
        _require(span.end >= span.start, f"node ends before it starts at {span.start}")
        _require(node.raw == text[span.start:span.end], f"raw differs from the span at {pos}")
        _require((span.line, span.column) == index.position(span.start),
                 f"line/column wrong at {span.start}")
        _require((span.end_line, span.end_column) == index.position(span.end),
                 f"end line/column wrong at {span.end}")
        pos = span.end
    _require(pos == len(text), f"nodes end at {pos}, text at {len(text)}")
    _require(bool(cable.nodes) == bool(text), "nodes present iff text is not empty")
    for d in cable.diagnostics:
        _require(d.code in CATALOG, f"unregistered diagnostic code {d.code}")
        if d.code == "TT000":
            _require(any(k in d.message for k in KNOWN_INTERNAL_ERRORS),
                     f"internal error: {d.message}")
            known.append(d.message)
        if d.span is not None:
            _require(0 <= d.span.start <= d.span.end <= len(text),
                     f"{d.code} span {d.span.start}-{d.span.end} outside the text")
    record = cable.record()
    _require(tuple(record) == RECORD_KEYS, "record keys differ from RECORD_KEYS")
    json.dumps(record)
    json.dumps(cable_to_dict(cable))
    _validate(cable)
    return known


def _validate(cable: Cable) -> None:
    """The validate layer (teletype.validate) and the decode command's explanation
    (teletype.explain), when they are present."""
    try:
        from teletype.validate import validate
    except ImportError:  # pragma: no cover - an older checkout
        pass
    else:
        for d in validate(cable):
            _require(d.code in CATALOG, f"validate: unregistered code {d.code}")
            _require(d.code != "TT000" or any(k in d.message for k in KNOWN_INTERNAL_ERRORS),
                     f"validate: internal error: {d.message}")
    try:
        from teletype import explain
    except ImportError:  # pragma: no cover - an older checkout
        return
    json.dumps(explain.to_json(explain.explain(cable), cable.source, cable))


def check_text(text: str) -> list[str]:
    """Parse ``text`` and check every promise; returns tolerated known internal errors."""
    return check_cable(parse(text, max_chars=FUZZ_MAX_CHARS), text)


def check_bytes(data: bytes) -> list[str]:
    """Decode and parse ``data`` and check every promise (also that decoding is lossless
    and TT001 says when it was not plain UTF-8)."""
    text, encoding = decode_bytes(data)
    _require(encode_text(text, encoding) == data, f"decoding as {encoding} lost bytes")
    cable = parse_bytes(data, max_chars=FUZZ_MAX_CHARS)
    _require(cable.encoding == encoding, "cable.encoding differs from decode_bytes")
    _require(any(d.code == "TT001" for d in cable.diagnostics) == (encoding != "utf-8"),
             "TT001 must be reported exactly when the input was not plain UTF-8")
    return check_cable(cable, text)


# ---------------------------------------------------------------------------- inputs


def corpus_files() -> list[Path]:
    """The project's corpus, and ../shared/corpus when it is there."""
    files = sorted((ROOT / "corpus").glob("*/*.txt"))
    shared = ROOT.parent / "shared"
    files += sorted((shared / "corpus").glob("*/*.txt"))
    seed = shared / "seed" / "000_03defcabef60f1fe.txt"
    if seed.exists():
        files.append(seed)
    return files


#: Fragments of real header and front-matter syntax, for inputs that reach deep rules.
FRAGMENTS = (
    "VZCZC", "ZZ", "OO", "PP", "RR", "RUEHC", "RUEHPE", "RUEAIIB", "DE", "#0194", "/01",
    "1480246", "ZNY", "ZNR", "SSSSS", "UUUUU", "CCCCC", "ZZH", "ZOC", "ZFR", "O", "P", "R",
    "Z", "280245Z", "MAY", "89", "1989", "FM", "TO", "TO:", "INFO", "XMT", "SECSTATE",
    "WASHDC", "AMEMBASSY", "LIMA", "IMMEDIATE", "NIACT", "PRIORITY", "6315", "BT",
    "SECRET", "CONFIDENTIAL", "UNCLAS", "S E C R E T", "LIMITED OFFICIAL USE", "SECTION",
    "01", "OF", "02", "STATE", "170194", "TOSEC", "NODIS", "EXDIS", "SIPDIS", "E.O.",
    "E.O. 12356:", "12958", "DECL:", "OADR", "DNG:", "TAGS:", "SNAR", "PTER", "(KIMMITT, R)",
    "(", ")", "((", "SUBJECT:", "SUBJ:", "REF:", "REFTEL", "A.", "B)", "CLASSIFIED BY:",
    "1.", "2)", "\u00b6", "SUMMARY", "BEGIN SUMMARY", "END SUMMARY", "NNNN", "#0194",
    "PAGE 02", "TOR:", "HEADER", "CONTROLS", "Declassified/Released", "RELEASED IN FULL",
    "ORIGIN", "ACTION", "SS-25", "/050 W", "DRAFTED BY:", "-----", "***", "STATE GRNC",
    "RAAUZYUW", "RUENAAA0542", "-UUUU--", "\t", " ", "  ", "\n", "\r\n", "\r", "\f", "\x00",
    "\ufeff", "\u2028", "\x85", "\x1c", "\u00e9", "\ud7ff", ":", ";", ",", ".", "/", "-",
)


def fragment_text(rng: random.Random, count: int) -> str:
    parts: list[str] = []
    for _ in range(count):
        parts.append(rng.choice(FRAGMENTS))
        parts.append(rng.choice((" ", " ", " ", "\n", "", "\r\n")))
    return "".join(parts)


# ---------------------------------------------------------------------------- mutations


def _flip(data: bytearray, rng: random.Random) -> bytearray:
    for _ in range(rng.randint(1, 8)):
        if data:
            i = rng.randrange(len(data))
            data[i] ^= 1 << rng.randrange(8)
    return data


def _set_byte(data: bytearray, rng: random.Random) -> bytearray:
    for _ in range(rng.randint(1, 8)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return data


def _truncate(data: bytearray, rng: random.Random) -> bytearray:
    return data[: rng.randint(0, len(data))]


def _cut_front(data: bytearray, rng: random.Random) -> bytearray:
    return data[rng.randint(0, len(data)):]


def _duplicate(data: bytearray, rng: random.Random) -> bytearray:
    if not data:
        return data
    i = rng.randrange(len(data))
    j = min(len(data), i + rng.randint(1, 400))
    k = rng.randrange(len(data) + 1)
    return data[:k] + data[i:j] * rng.randint(1, 20) + data[k:]


def _delete(data: bytearray, rng: random.Random) -> bytearray:
    if not data:
        return data
    i = rng.randrange(len(data))
    return data[:i] + data[i + rng.randint(1, 200):]


def _shuffle_lines(data: bytearray, rng: random.Random) -> bytearray:
    lines = bytes(data).splitlines(keepends=True)
    rng.shuffle(lines)
    return bytearray(b"".join(lines))


def _swap_lines(data: bytearray, rng: random.Random) -> bytearray:
    lines = bytes(data).splitlines(keepends=True)
    if len(lines) > 1:
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return bytearray(b"".join(lines))


def _insert_binary(data: bytearray, rng: random.Random) -> bytearray:
    k = rng.randrange(len(data) + 1)
    return data[:k] + bytearray(rng.randbytes(rng.randint(1, 64))) + data[k:]


def _insert_nuls(data: bytearray, rng: random.Random) -> bytearray:
    for _ in range(rng.randint(1, 10)):
        k = rng.randrange(len(data) + 1)
        data[k:k] = b"\x00" * rng.randint(1, 4)
    return data


def _long_line(data: bytearray, rng: random.Random) -> bytearray:
    k = rng.randrange(len(data) + 1)
    unit = rng.choice((b"A", b" ", b"E.O. ", b"REF ", b"(", b"TO X ", b"1. ", b"ZZ ",
                       b"RUEHC ", b"-", b"#", b"\t", b"S E C R E T ", b"TAGS: "))
    return data[:k] + unit * (rng.randint(1_000, 20_000) // len(unit)) + data[k:]


def _line_endings(data: bytearray, rng: random.Random) -> bytearray:
    ending = rng.choice((b"\r\n", b"\r", b"\n\r", b"\r\r\n", b"\x85", b"\x0b"))
    out = bytearray()
    for line in bytes(data).split(b"\n"):
        out += line + (ending if rng.random() < 0.5 else b"\n")
    return out[:-1] if out else out


def _insert_fragment(data: bytearray, rng: random.Random) -> bytearray:
    k = rng.randrange(len(data) + 1)
    return data[:k] + fragment_text(rng, rng.randint(1, 12)).encode("utf-8") + data[k:]


def _reencode(data: bytearray, rng: random.Random) -> bytearray:
    text = data.decode("utf-8", errors="replace")
    codec, mark = rng.choice((("utf-16-le", "\ufeff"), ("utf-16-be", "\ufeff"),
                              ("utf-8", "\ufeff"), ("cp1252", ""), ("latin-1", ""),
                              ("utf-32-le", "\ufeff")))
    return bytearray((mark + text).encode(codec, errors="replace"))


def _splice(data: bytearray, rng: random.Random, other: bytes = b"") -> bytearray:
    k = rng.randrange(len(data) + 1)
    return data[:k] + other[rng.randrange(len(other) + 1):] if other else data


MUTATIONS: tuple[Callable[[bytearray, random.Random], bytearray], ...] = (
    _flip, _set_byte, _truncate, _cut_front, _duplicate, _delete, _shuffle_lines,
    _swap_lines, _insert_binary, _insert_nuls, _long_line, _line_endings, _insert_fragment,
    _reencode,
)


def mutate(data: bytes, rng: random.Random, other: bytes = b"") -> bytes:
    """One to three mutations of ``data`` (sometimes spliced with ``other``)."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        if other and rng.random() < 0.1:
            out = _splice(out, rng, other)
        else:
            out = rng.choice(MUTATIONS)(out, rng)
    return bytes(out)
