"""The Builder's fast paths give exactly what the general paths give (issue 16): the OCR
group readers' paths for a clean group (``as_digits``, ``as_letters``, ``day_time``,
``month``, ``year``, ``section``) against the readers character by character, on groups
generated from the characters where the two could part."""

from __future__ import annotations

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
    """builder.maker(cls) is cls(...) for every node class: positional and keyword
    arguments, defaults left out, the node frozen, equal and of the class."""
    import dataclasses

    import pytest

    from teletype.builder import maker
    from teletype.source import LineIndex

    span = LineIndex("ab\ncd\n").span(1, 4)
    classes = _node_classes()
    assert len(classes) > 50
    for cls in classes:
        make = maker(cls)
        assert make is not cls, cls  # every node class has a maker
        assert maker(cls) is make  # made once
        fields = dataclasses.fields(cls)
        values = {f.name: span if f.name == "span" else f"{f.name}-{i}"
                  for i, f in enumerate(fields)}
        required = {f.name: values[f.name] for f in fields
                    if f.default is dataclasses.MISSING}
        for args, kwargs in (((*values.values(),), {}), ((), values), ((), required),
                             ((*required.values(),), {})):
            made, want = make(*args, **kwargs), cls(*args, **kwargs)
            assert type(made) is cls
            assert made == want and repr(made) == repr(want) and hash(made) == hash(want)
            assert [getattr(made, f.name) for f in fields] == \
                [getattr(want, f.name) for f in fields]
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(made, fields[0].name, "x")
        with pytest.raises(TypeError):
            make(*values.values(), "one too many")
        with pytest.raises(TypeError):
            make()


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
