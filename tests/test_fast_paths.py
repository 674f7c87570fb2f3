"""The Builder's fast paths give exactly what the general paths give (issue 16): the OCR
group readers' paths for a clean group (``as_digits``, ``as_letters``, ``day_time``,
``month``, ``year``, ``section``) against the readers character by character, on groups
generated from the characters where the two could part."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from teletype import ocr
from teletype.ocr import chars, groups
from teletype.ocr.classification import _section

#: Characters of coded groups and those the readers treat apart: ASCII digits, the letters
#: and signs OCR confuses with digits, other letters in both cases, stray punctuation,
#: zone misreads, whitespace, and digits and letters outside ASCII.
GROUP_CHARS = ("0123456789" "OoQDIli|!SsBZzGb$" "ACEFHJKLMNPRTUVWXY" "acefhjkmn"
               ".,;:'`\u2018\u2019\"*~_-%7" " \t" "\u00b2\u0663\uff11\u00e9\u00c9\u0130")

groups_ = st.text(st.sampled_from(GROUP_CHARS), max_size=9)
clean_digits = st.text(st.sampled_from("0123456789"), min_size=1, max_size=8)
clean_letters = st.text(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), min_size=1, max_size=9)


def same(fast: ocr.Fixed, slow: ocr.Fixed) -> None:
    assert type(fast) is type(slow) is ocr.Fixed
    assert (fast.raw, fast.text, fast.repairs, fast.ok) == (slow.raw, slow.text, slow.repairs,
                                                            slow.ok)
    assert fast == slow and hash(fast) == hash(slow)


@settings(max_examples=300, deadline=None)
@given(st.one_of(groups_, clean_digits, clean_letters))
@example("")
@example("\u0663\u0663")  # Arabic-Indic digits: isdigit, not ASCII
@example("\u00b2")  # a superscript: isdigit, not a digit
@example("\u00c9T\u0130")  # upper-case letters outside ASCII
def test_as_digits_and_as_letters(raw: str) -> None:
    same(ocr.as_digits(raw), chars._as_digits(raw))
    same(ocr.as_letters(raw), chars._as_letters(raw))


def _day_times() -> st.SearchStrategy[str]:
    two = st.text(st.sampled_from("0123456789"), min_size=2, max_size=2)
    return st.builds(lambda d, h, m, z: d + h + m + z, two, two, two,
                     st.sampled_from(["Z", "L", "z", "l", "2", "%", "A", "", "Z.", "\u0130"]))


@settings(max_examples=300, deadline=None)
@given(st.one_of(groups_, _day_times()), st.sampled_from(["Z", "ZL", "L"]))
@example("280245Z", "Z")
@example("320245Z", "Z")
@example("002400Z", "Z")
@example("312359L", "ZL")
@example("312359L", "Z")
@example("28\u06630245Z", "Z")
def test_day_time(raw: str, zones: str) -> None:
    same(ocr.day_time(raw, zones), groups._day_time(raw, zones))


@settings(max_examples=300, deadline=None)
@given(st.one_of(groups_, st.sampled_from(sorted(ocr.MONTHS)),
                 st.sampled_from(sorted(ocr.MONTHS)).map(str.lower),
                 st.sampled_from(sorted(ocr.MONTHS)).map(lambda m: m + ".")))
@example("MAY")
@example("N0V")
def test_month(raw: str) -> None:
    same(ocr.month(raw), groups._month(raw))


@settings(max_examples=300, deadline=None)
@given(st.one_of(groups_, clean_digits))
@example("89")
@example("2009")
@example("O8")
@example("\u0663\u0663")
def test_year(raw: str) -> None:
    same(ocr.year(raw), groups._year(raw))


def _sections() -> st.SearchStrategy[str]:
    number = st.text(st.sampled_from("0123456789OIl"), min_size=1, max_size=3)
    word = st.sampled_from(["SECTION", "SECTION ", "SECTION  ", "SECTI0N ", "Section ", "SECT "])
    of = st.sampled_from([" OF ", "  OF ", " OF", " 0F ", " of "])
    pad = st.sampled_from(["", " ", "\t", "\n", " ."])
    return st.builds(lambda a, w, n, o, m, b: a + w + n + o + m + b, pad, word, number, of,
                     number, pad)


@settings(max_examples=400, deadline=None)
@given(st.one_of(groups_, _sections()))
@example("SECTION 01 OF 02")
@example("SECTION 03 OF 02")
@example("SECTION 00 OF 02")
@example(" SECTION 1 OF 12 ")
def test_section(raw: str) -> None:
    same(ocr.section(raw), _section(raw))


# --------------------------------------------------------------------------- node makers

def _node_classes() -> list[type]:
    import dataclasses

    from teletype import nodes
    return [value for value in vars(nodes).values()
            if isinstance(value, type) and dataclasses.is_dataclass(value)
            and value.__module__ == nodes.__name__]


def test_makers_make_the_nodes_the_classes_make() -> None:
    """builder.maker(cls)(*values) is cls(*values) for every node class of two to seven
    fields (the class itself for more): equal, of the class, frozen."""
    import dataclasses

    import pytest

    from teletype.builder import maker
    from teletype.source import LineIndex

    span = LineIndex("ab\ncd\n").span(1, 4)
    classes = _node_classes()
    assert len(classes) > 50
    for cls in classes:
        make = maker(cls)
        fields = dataclasses.fields(cls)
        assert (make is cls) == (len(fields) > 7), cls
        assert maker(cls) is make  # made once
        values = [span if f.name == "span" else f"{f.name}-{i}" for i, f in enumerate(fields)]
        made, want = make(*values), cls(*values)
        assert type(made) is cls
        assert made == want and repr(made) == repr(want) and hash(made) == hash(want)
        assert [getattr(made, f.name) for f in fields] == [getattr(want, f.name) for f in fields]
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(made, fields[0].name, "x")
        with pytest.raises(TypeError):
            make(*values, "one too many")


def test_draft_makers_make_the_nodes_the_classes_make() -> None:
    """builder.draft_maker(cls)(raw, span, fields) is cls(raw=raw, span=span, **fields):
    with every field, with defaults left out, and the same error for a field too many,
    one missing or raw given twice."""
    import dataclasses

    import pytest

    from teletype.builder import draft_maker
    from teletype.source import LineIndex

    span = LineIndex("ab\ncd\n").span(1, 4)
    lines = [cls for cls in _node_classes()
             if [f.name for f in dataclasses.fields(cls)[:2]] == ["raw", "span"]]
    assert len(lines) > 50
    for cls in lines:
        make = draft_maker(cls)
        fields = dataclasses.fields(cls)[2:]
        values = {f.name: f"{f.name}-{i}" for i, f in enumerate(fields)}
        required = {f.name: values[f.name] for f in fields
                    if f.default is dataclasses.MISSING}
        for passed in (values, required, dict(reversed(values.items()))):
            made, want = make("raw", span, dict(passed)), cls(raw="raw", span=span, **passed)
            assert type(made) is cls
            assert made == want and repr(made) == repr(want)
        bad = [{**values, "unknown": 1}, {**values, "raw": "again"}]
        if required:
            bad.append({k: v for k, v in values.items() if k != next(iter(required))})
        if values:  # as many fields as the class has, one of them unknown
            bad.append({**dict(list(values.items())[1:]), "unknown": 1})
        for passed in bad:
            with pytest.raises(TypeError) as error:
                cls(raw="raw", span=span, **passed)
            with pytest.raises(TypeError) as ours:
                make("raw", span, passed)
            assert str(ours.value) == str(error.value)


def test_maker_falls_back_to_the_class() -> None:
    """A class whose __init__ does more than set its fields is made by the class itself."""
    import dataclasses

    import pytest

    from teletype.builder import draft_maker, maker

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        raw: str
        span: object
        value: int

        def __post_init__(self) -> None:
            if self.value < 0:
                raise ValueError(self.value)

    @dataclasses.dataclass(frozen=True, slots=True)
    class Listed:
        values: list[int] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True)
    class Unslotted:
        value: int

    for cls in (Checked, Listed, Unslotted):
        assert maker(cls) is cls
    with pytest.raises(ValueError):
        draft_maker(Checked)("raw", None, {"value": -1})


def test_precedence_words_spelt_right_are_their_own_normal_form() -> None:
    """BuilderBase.prec_group takes a word of facts.WORD_LETTERS as it stands: each is in
    upper case with single spaces, and none is a misspelling."""
    from teletype import facts

    for word in facts.WORD_LETTERS:
        assert " ".join(word.upper().split()) == word
        assert word not in facts.MISSPELT_PRECEDENCE


# --------------------------------------------------------------------------- cable layers

def _reference_split_header(lines: list[Any]) -> tuple[Any, Any]:
    """cable._split_header as it was written before its one pass (f2a3bb7)."""
    from teletype import nodes as n_
    from teletype.cable import Envelope, Header

    if not lines:
        return (), None
    envelopes = []
    first_de = next((i for i, n in enumerate(lines) if isinstance(n, n_.DeLine)), None)
    limit = first_de if first_de is not None else len(lines)
    groups = []
    i = 0
    while i < limit:
        if isinstance(lines[i], n_.RoutingLine):
            j = i
            while j < limit and isinstance(lines[j], n_.RoutingLine):
                j += 1
            if j < limit and isinstance(lines[j], n_.SecurityLine):
                j += 1
            groups.append((i, j))
            i = j
        else:
            i += 1
    skip: set[int] = set()
    for start, end in groups[:-1]:
        envelopes.append(Envelope(
            tuple(n for n in lines[start:end] if isinstance(n, n_.RoutingLine)),
            next((n for n in lines[start:end] if isinstance(n, n_.SecurityLine)), None)))
        skip.update(range(start, end))
    rest = [n for k, n in enumerate(lines) if k not in skip]

    def first(kind: type[Any]) -> Any:
        return next((n for n in rest if isinstance(n, kind)), None)

    dtg_lines = [n for n in rest if isinstance(n, n_.DtgLine)]
    dtg = next((n for n in dtg_lines if n.precedences), dtg_lines[0] if dtg_lines else None)
    after = rest[rest.index(dtg):] if dtg is not None else rest
    if not any(isinstance(n, n_.FromLine) for n in after):
        after = rest
    first_from = next((k for k, n in enumerate(after) if isinstance(n, n_.FromLine)), None)
    if first_from is not None:
        end = next((first_from + 1 + k for k, n in enumerate(after[first_from + 1:])
                    if isinstance(n, n_.FromLine) or (isinstance(n, n_.DtgLine)
                                                      and n.precedences)), len(after))
        after = after[:end]

    def addresses(keyword: str) -> tuple[Any, ...]:
        return tuple(a for n in after if isinstance(n, n_.AddressBlock) and n.keyword == keyword
                     for a in n.addresses)

    return tuple(envelopes), Header(
        lines=tuple(rest), transmission_id=first(n_.TransmissionId),
        routing=tuple(n for n in rest if isinstance(n, (n_.RoutingLine, n_.JanapRoutingLine))),
        de=first(n_.DeLine), security=first(n_.SecurityLine), dtg=dtg,
        from_=next((n for n in after if isinstance(n, n_.FromLine)), None),
        to=addresses("TO"), info=addresses("INFO"), xmt=addresses("XMT"),
        distribution=tuple(n for n in rest if isinstance(n, n_.DistributionBlock)))


def _reference_text(lines: list[Any]) -> Any:
    """cable._text as it was written before its one pass (f2a3bb7)."""
    from teletype import nodes as n_
    from teletype.cable import Text, _office_word, _signature

    def first(kind: type[Any]) -> Any:
        return next((n for n in lines if isinstance(n, kind)), None)

    class_line = first(n_.ClassificationLine)
    mrn = class_line.mrn if class_line else None
    if mrn is None:
        mrn_line = next((n for n in lines if isinstance(n, n_.MrnLine)
                         and _office_word(n.mrn)), None)
        mrn = mrn_line.mrn if mrn_line else None
    blocks = [n for n in lines if isinstance(n, n_.TextBlock)]
    source = list(blocks) or [n for n in lines if isinstance(n, n_.FrontText)]
    return Text(
        lines=tuple(lines), classification=class_line, mrn=mrn,
        captions=tuple(n for n in lines if isinstance(n, n_.Caption)),
        eo=first(n_.EoLine), tags=first(n_.TagsLine), subject=first(n_.SubjectLine),
        references=tuple(n for n in lines if isinstance(n, n_.ReferenceBlock)),
        classified_by=first(n_.ClassifiedBy), blocks=tuple(blocks),
        signature=_signature(source))


def _node(cls: type, at: int, **extra: Any) -> Any:
    """A node of ``cls`` at offset ``at`` (its own span), its other fields placeholders."""
    import dataclasses

    from teletype.source import LineIndex

    values = {f.name: f"{f.name}@{at}" for f in dataclasses.fields(cls)[2:]}
    values.update(extra)
    return cls(raw=f"{cls.__name__}@{at}", span=LineIndex("x" * 999).span(at, at + 1),
               **values)


def _header_lines() -> st.SearchStrategy[list[Any]]:
    from teletype import nodes as n_

    kinds = st.sampled_from([
        (n_.DtgLine, {"precedences": ()}), (n_.DtgLine, {"precedences": ("P",)}),
        (n_.FromLine, {}), (n_.RoutingLine, {}), (n_.JanapRoutingLine, {}),
        (n_.SecurityLine, {}), (n_.DeLine, {}), (n_.TransmissionId, {}),
        (n_.DistributionBlock, {}), (n_.DashCounter, {}), (n_.Separator, {}),
        (n_.AddressBlock, {"keyword": "TO"}), (n_.AddressBlock, {"keyword": "INFO"}),
        (n_.AddressBlock, {"keyword": "XMT"}), (n_.AddressBlock, {"keyword": "CC"})])
    return st.lists(kinds, max_size=14).map(lambda picked: [
        _node(cls, i, **({"addresses": (f"A{i}", f"B{i}")} if cls is n_.AddressBlock
                         else {}), **extra) for i, (cls, extra) in enumerate(picked)])


@settings(max_examples=500, deadline=None)
@given(_header_lines())
def test_split_header_is_the_reference(lines: list[Any]) -> None:
    from teletype.cable import _split_header

    assert _split_header(list(lines)) == _reference_split_header(list(lines))


def _text_lines() -> st.SearchStrategy[list[Any]]:
    from teletype import nodes as n_

    def mrn(office: str) -> Any:
        return _node(n_.MessageNumber, 0, year=None, office=office, serial="1")

    texts = ["", "  ", "KIMMITT", "THE END. SMITH", "DESIRED DISTRIBUTION:\nEAP",
             "1. TEXT.\n\nJONES", "END SUMMARY"]
    kinds = st.sampled_from([
        (n_.ClassificationLine, {"mrn": None}), (n_.ClassificationLine, {"mrn": "STATE"}),
        (n_.MrnLine, {"mrn": "ROME"}), (n_.MrnLine, {"mrn": "INFO"}), (n_.MrnLine, {"mrn": ""}),
        (n_.Caption, {}), (n_.EoLine, {}), (n_.TagsLine, {}), (n_.SubjectLine, {}),
        (n_.ReferenceBlock, {}), (n_.ClassifiedBy, {}), (n_.MilitarySet, {}),
        (n_.ClassificationMark, {})]
        + [(n_.TextBlock, {"text": t}) for t in texts]
        + [(n_.FrontText, {"text": t}) for t in texts])

    def made(picked: list[tuple[type, dict[str, Any]]]) -> list[Any]:
        out = []
        for i, (cls, extra) in enumerate(picked):
            if "mrn" in extra and extra["mrn"] is not None:
                extra = {**extra, "mrn": mrn(extra["mrn"])}
            out.append(_node(cls, i, **extra))
        return out

    return st.lists(kinds, min_size=1, max_size=14).map(made)


@settings(max_examples=500, deadline=None)
@given(_text_lines())
def test_text_is_the_reference(lines: list[Any]) -> None:
    from teletype.cable import _text

    assert _text(list(lines)) == _reference_text(list(lines))


def test_the_kinds_read_in_one_pass_are_apart() -> None:
    """No node class is two of the kinds that cable._split_header and cable._text tell
    apart with one chain of isinstance tests."""
    from teletype import nodes as n_

    header = (n_.DtgLine, n_.FromLine, (n_.RoutingLine, n_.JanapRoutingLine),
              n_.DistributionBlock, n_.TransmissionId, n_.DeLine, n_.SecurityLine)
    text = (n_.FrontText, n_.TextBlock, n_.Caption, n_.ReferenceBlock, n_.MrnLine,
            n_.ClassificationLine, n_.EoLine, n_.TagsLine, n_.SubjectLine, n_.ClassifiedBy)
    for kinds in (header, text):
        for cls in _node_classes():
            assert sum(issubclass(cls, kind) for kind in kinds) <= 1, cls


# --------------------------------------------------------------------------- line helpers

@settings(max_examples=300, deadline=None)
@given(st.one_of(groups_, clean_digits))
@example("0123")
@example("\u0663\u00b2")
def test_fix_digits(raw: str) -> None:
    """decode.fix_digits returns a group of digits as it is, what str.translate gives."""
    from teletype.decode import dates

    assert dates.fix_digits(raw) == raw.translate(dates._DIGIT_FIX)


MARKINGS = ["C O N F I D E N T I A L", "S E C R E T", "UNCLAS", "CONFIDENTIAL", "SECRET",
            "UNCLASSIFIED", "S e c r e t", "SS E C R E T", "unclassified",
            "LIMITED OFFICIAL USE", "CONFIDENTIAT\u2022", "CECRET", "CO.NFIDENTIAL",
            "C NFIDENTIAL", "UNCLAS EFTO", "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "TOP SECRET"]


def test_classification_marking_read_once_is_read_the_same() -> None:
    """BuilderBase.classification keeps what a marking reads as: a second read (from the
    memo) gives the same node and reports the same misspelling again."""
    from lark import Token

    from teletype import decode
    from teletype.builder import _MARKINGS, BuilderBase
    from teletype.source import LineIndex

    for marking in MARKINGS:
        text = marking + "\n"
        reads = []
        for _ in range(2):
            builder = BuilderBase(text, LineIndex(text))
            node = builder.classification(Token("CLASS", marking, 0, 1, 1, 1, 1, len(marking)))
            reads.append((node, [(d.code, d.message) for d in builder.diagnostics]))
        assert marking in _MARKINGS
        assert reads[0] == reads[1]
        fixed = decode.ocr_classification(marking)
        level, qualifier = decode.classification_level(fixed or marking)
        assert (reads[0][0].level, reads[0][0].qualifier) == (level, qualifier)
        assert [code for code, _ in reads[0][1]] == (["TT403"] if fixed is not None else [])


def test_token_list_is_the_tokens_in_order() -> None:
    from lark import Token, Tree

    from teletype.builder import _token_list, _tokens

    def tok(i: int) -> Token:
        return Token("W", f"w{i}", i, 1, 1, 1, 1, i + 1)

    tree = Tree("a", [tok(0), Tree("b", [tok(1), Tree("c", []), tok(2)]), "not a token",
                      Tree("d", [Tree("e", [tok(3)])]), tok(4)])
    assert _token_list(tree) == list(_tokens(tree)) == [tok(i) for i in range(5)]


def _trees(depth: int = 3) -> st.SearchStrategy[Any]:
    """Trees of tokens (some empty at 0, some without offsets), other objects and trees."""
    from lark import Token, Tree

    def tok(start: int | None, size: int) -> Token:
        end = None if start is None else start + size
        return Token("W", "w" * size, start, 1, 1, 1, 1, end)

    leaf = st.one_of(st.builds(tok, st.one_of(st.none(), st.integers(0, 9)), st.integers(0, 3)),
                     st.just("not a token"))
    return st.recursive(leaf, lambda children: st.builds(
        Tree, st.just("r"), st.lists(children, max_size=4)), max_leaves=12).filter(
        lambda tree: isinstance(tree, Tree))


@settings(max_examples=500, deadline=None)
@given(_trees())
def test_first_start_and_last_end_read_the_tokens(tree: Any) -> None:
    """_first_start and _last_end, which look at a tree's own first and last child first,
    give what the search of every token gives: the first token's start (0 without tokens),
    the end of the last token that has a non-zero one (0 if none)."""
    from teletype.builder import _first_start, _last_end, _token_list

    tokens = _token_list(tree)
    assert _first_start(tree) == ((tokens[0].start_pos or 0) if tokens else 0)
    assert _last_end(tree) == next((t.end_pos for t in reversed(tokens) if t.end_pos), 0)


# --------------------------------------------------------------------------- addresses

ADDRESS_WORDS = ["AMEMBASSY", "PARIS", "SECSTATE", "WASHDC", "PRIORITY", "ROUTINE",
                 "IMMEDIATE", "NIACT", "FLASH", "CRITIC", "PIORITY", "IMMEDIAT", "PRIORITYX",
                 "PRIORITY,", "ROUTINE.", "1234", "12", "123456", "0075", "\u0663\u0663", "4050",
                 "12A", ".", "D.C.", "RUEHC/SECSTATE", "priority", "PRIORIT\u00c9", "IMMEDIATE\t"]


def _address_texts() -> st.SearchStrategy[str]:
    separator = st.sampled_from([" ", " ", " ", "  ", "\t", " \t", "\u00a0"])
    return st.lists(st.tuples(st.sampled_from(ADDRESS_WORDS), separator), min_size=1,
                    max_size=6).map(lambda parts: "".join(w + s for w, s in parts).rstrip(" \t"))


@settings(max_examples=1000, deadline=None)
@given(_address_texts(), st.integers(0, 50))
@example("SECSTATE WASHDC PRIORITY 8478", 7)
@example("AMEMBASSY PARIS NIACT IMMEDIATE 2276-2279", 0)
@example("EU MEMBER STATES COLLECTIVE PRIORITY", 0)
@example("AMEMBASSY PARIS 0075", 0)
@example("AMEMBASSY PARIS PRIORITY  0075", 0)
@example("AMEMBASSY PARIS PRIORITY 123456", 0)
def test_address_tail_is_the_pieces(text: str, start: int) -> None:
    """builder._address_tail gives what _address_pieces gives from the first group that
    lexes as PREC_WORD or MCN, or None."""
    from teletype.builder import _address_pieces, _address_special_pattern, _address_tail

    special = _address_special_pattern().search(text)
    if special is None:
        return
    tail = _address_tail(text, start, special.start())
    if tail is not None:
        assert tail == _address_pieces(text, start, special.start())


def test_address_tail_takes_the_usual_addresses() -> None:
    from teletype.builder import _address_tail

    assert _address_tail("SECSTATE WASHDC PRIORITY 8478", 100, 16) == [
        ("PREC_WORD", "PRIORITY", 116, 124), ("MCN", "8478", 125, 129)]
    assert _address_tail("AMEMBASSY PARIS ROUTINE", 0, 16) == [("PREC_WORD", "ROUTINE", 16, 23)]
    assert _address_tail("AMEMBASSY PARIS 0075", 0, 16) == [("MCN", "0075", 16, 20)]
    assert _address_tail("AMEMBASSY PARIS NIACT IMMEDIATE 1", 0, 16) is None


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("ab\n"), max_size=30), st.integers(-40, 40), st.integers(-40, 40))
def test_span_clamps_as_it_did(text: str, start: int, end: int) -> None:
    """LineIndex.span clamps offsets outside the text as before it skipped clamping offsets
    inside it: the start into the text, the end between the start and the text's end."""
    from teletype.source import LineIndex, Span

    length = len(text)
    want_start = 0 if start < 0 else length if start > length else start
    want_end = want_start if end < want_start else length if end > length else end
    index = LineIndex(text)
    span = index.span(start, end)
    assert type(span) is Span
    assert (span.start, span.end) == (want_start, want_end)
    assert span == Span(want_start, want_end, *index.position(want_start),
                        *index.position(want_end))


# --------------------------------------------------------------------------- MRN lines

def _reference_office_suffix(before: str) -> Any:
    """ocr.lines._office_suffix as it was before it looked only at the offices whose last
    two letters the text can end with (f2a3bb7)."""
    from teletype.ocr.chars import Repair, _char_repairs, _could_be
    from teletype.ocr.lines import _glued_ok, _offices_ending_in

    stripped = before.rstrip()
    if not stripped:
        return None
    upper = stripped.upper()
    best = None
    for office in _offices_ending_in(stripped[-1]):
        n = len(office)
        if n > len(upper):
            continue
        piece = stripped[-n:]
        if not all(_could_be(c, o) or (c.isspace() and o == " ")
                   for c, o in zip(piece, office, strict=True)):
            continue
        start = len(stripped) - n
        if start and upper[start - 1].isalpha() and not _glued_ok(stripped[:start]):
            continue
        if best is None or n > len(best[0]):
            best = (office, start, _char_repairs(piece.upper(), office))
    if best is None:
        return _reference_spaced_office_suffix(stripped)
    office, start, repairs = best
    raw_piece = stripped[start:start + len(office)]
    return office, start, tuple(Repair(r.offset, raw_piece[r.offset], r.replacement)
                                for r in repairs)


def _reference_spaced_office_suffix(stripped: str) -> Any:
    from teletype.ocr import known_offices
    from teletype.ocr.chars import Repair
    from teletype.ocr.classification import _compact_map

    compact, where = _compact_map(stripped)
    upper = compact.upper()
    best = None
    for office in known_offices():
        key = office.replace(" ", "")
        if len(key) < 4 or not upper.endswith(key):
            continue
        start = where[len(upper) - len(key)]
        if start and stripped[start - 1].isalpha():
            continue
        if best is None or len(office) > len(best[0]):
            best = (office, start)
    if best is None:
        return None
    office, start = best
    found = stripped[start:]
    return office, start, (Repair(0, found, office),) if found != office else ()


def _office_texts() -> st.SearchStrategy[str]:
    from teletype.ocr import known_offices

    offices = sorted(known_offices())
    damage = str.maketrans({"O": "0", "I": "1", "S": "5", "B": "8", "L": "l", "A": "a"})

    def shaped(office: str, how: int) -> str:
        if how == 1:
            return office.translate(damage)
        if how == 2:
            return " ".join(office.replace(" ", ""))
        if how == 3:
            return office.lower()
        return office

    lead = st.sampled_from(["", "CONFIDENTIAL", "SECRET ", "X.4-9r\u2014", "RE", "E.O. 12958: ",
                            "SECTION 01 OF 02 ", "  ", "ab", "\u00df"])
    tail = st.sampled_from(["", " ", "  ", "\t", ".", "/"])
    named = st.builds(lambda a, o, how, b: a + shaped(o, how) + b, lead,
                      st.sampled_from(offices), st.integers(0, 3), tail)
    noise = st.text(st.sampled_from("ABEKNOSTUVW 015l.\u00df"), max_size=14)
    return st.one_of(named, noise)


@settings(max_examples=600, deadline=None)
@given(_office_texts())
@example("E.O. 12958: DECL: 01/10/")
@example("S TATE")
@example("CONFIDENTIALPORT AU PRINCE")
@example("RESTATE")
def test_office_suffix_is_the_reference(before: str) -> None:
    """ocr.lines._office_suffix (and _spaced_office_suffix behind it) find what they found
    when they tried every office ending in the last character, or every office."""
    from teletype.ocr.lines import _office_suffix, _spaced_office_suffix

    assert _office_suffix(before) == _reference_office_suffix(before)
    stripped = before.rstrip()
    if stripped:
        assert _spaced_office_suffix(stripped) == _reference_spaced_office_suffix(stripped)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(st.sampled_from("AB1. \t\n\r\x1c\u00a0\u2028"), max_size=8), max_size=5))
def test_join_is_each_value_joined(values: list[str]) -> None:
    """builder._join, one split of the values joined, gives what joining each non-blank
    value's words and then the values gave."""
    from teletype.builder import _join

    assert _join(values) == " ".join(" ".join(v.split()) for v in values if v.strip())
