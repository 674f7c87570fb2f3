"""The shortcuts that make validate() fast give what the long way gives: one-edit distances
without a table, the DTG's year first for a filing time, decoder diagnostics shared between
E.O. lines and cables, facts computed once per context."""

from __future__ import annotations

import gc
import itertools
import re
import weakref
from collections.abc import Iterator
from dataclasses import fields, replace
from datetime import datetime, timedelta, timezone
from typing import Any

from conftest import CORPUS, SHARED_CORPUS

import teletype
from teletype import corrections
from teletype.corrections import closest, edit_distance
from teletype.decode.dates import filed_datetime
from teletype.nodes import (
    ClassificationLine,
    DtgLine,
    EoLine,
    FrontText,
    HeaderLine,
    Line,
    PageHeader,
    ReceiptTime,
    SubjectLine,
    TagsLine,
    TextBlock,
    TextLine,
    UnknownLine,
    Unparsed,
)
from teletype.rules import RULES, Context
from teletype.rules.addressing import loud_addressees
from teletype.rules.context import _LEAF_LINES, _line_marks


def _osa(a: str, b: str) -> int:
    """The optimal string alignment distance, uncapped (the textbook table)."""
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        table[i][0] = i
    for j in range(len(b) + 1):
        table[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1,
                              table[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
    return table[len(a)][len(b)]


def _words(letters: str, longest: int) -> list[str]:
    return ["".join(w) for n in range(longest + 1) for w in itertools.product(letters, repeat=n)]


def test_one_edit_is_the_distance_of_the_table() -> None:
    words = _words("ABC", 4)
    for a in words:
        for b in words:
            assert edit_distance(a, b, 1) == min(_osa(a, b), 2), (a, b)


def test_closest_with_one_edit_is_what_ranking_the_distances_gives() -> None:
    words = _words("AB", 4)
    pool = tuple(words[3:12])
    for word in words:
        scored = [(_osa(word, c), c) for c in pool]
        near = [] if word in pool or not any(d <= 1 for d, _ in scored) else \
            sorted({c for d, c in scored if d == 1})
        assert closest(word, pool, 1) == near, word
    # a long candidate list (the one-edit index) gives the same
    many = tuple(f"RU{a}{b}{c}" for a in "EHKL" for b in "ABCDEFGH" for c in "PQRS")
    for word in ("RUEBX", "RUEB", "RUEBPP", "UREBP", "RUBEP"):
        assert closest(word, many, 1) == sorted(c for c in many if _osa(word, c) == 1), word
    assert closest("RUEBP", many, 1) == []  # a candidate itself


def test_filing_time_in_the_dtg_year_is_the_nearest() -> None:
    utc = timezone.utc

    def nearest(day: int, hour: int, minute: int, dtg: datetime) -> datetime | None:
        found = []
        for year in (dtg.year - 1, dtg.year, dtg.year + 1):
            value = datetime(year, 1, 1, hour, minute, tzinfo=utc) + timedelta(days=day - 1)
            if value.year == year:
                found.append(value)
        if not found:
            return None
        best = min(found, key=lambda v: abs((v - dtg).total_seconds()))
        return None if abs(best - dtg) > timedelta(days=183) else best

    for dtg in (datetime(1989, 5, 28, 2, 45, tzinfo=utc),
                datetime(2009, 12, 31, 23, 58, tzinfo=utc), datetime(2010, 1, 1, 0, 5, tzinfo=utc),
                datetime(2008, 7, 1, 12, 0, tzinfo=utc), datetime(2009, 7, 2, 12, 0, tzinfo=utc)):
        for day in (1, 2, 148, 182, 183, 184, 300, 365, 366):
            assert filed_datetime(day, 0, 1, dtg) == nearest(day, 0, 1, dtg), (dtg, day)


def test_station_name_suggestions_only_for_names_with_an_unknown_word() -> None:
    assert not corrections._may_be_misspelt("AMEMBASSY LIMA")
    assert not corrections._may_be_misspelt("")
    assert corrections._may_be_misspelt("AMEMBASY LIMA")
    assert corrections.station_name_suggestion("AMEMBASY LIMA") == ["AMEMBASSY LIMA"]


CABLE = ("BT\nSECRET STATE 170194\nE.O. 12385: DECL: OADR\nTAGS: PGOV\n"
         "SUBJECT: TEST\n1. (S) TEXT.\n")


def test_eo_diagnostics_are_at_each_line_of_its_own_cable() -> None:
    # the decoding of an E.O. line is shared with a later line that reads the same: the
    # diagnostics are at the later line
    first = teletype.validate(CABLE)
    later = teletype.validate("\n\n" + CABLE)
    [a] = [d for d in first if d.code == "TT217"]
    [b] = [d for d in later if d.code == "TT217"]
    assert (b.span.start, b.span.line) == (a.span.start + 2, a.span.line + 2)
    ctx = Context(teletype.parse("\n" + CABLE))
    [eo] = ctx.eo_lines
    assert [d.span for d in ctx.eo_diagnostics(eo)] == [eo.span]


def test_rule_module_facts_are_computed_once() -> None:
    ctx = Context(teletype.parse(CABLE))
    calls = []

    def count(context: Context) -> tuple[str, ...]:
        calls.append(context)
        return ("fact",)

    assert ctx.fact(count) is ctx.fact(count)
    assert calls == [ctx]
    assert ctx.unparsed is ctx.unparsed
    assert [t.code for t in ctx.tags] == ["PGOV"]


def test_a_context_is_freed_without_the_garbage_collector() -> None:
    # no fact refers back to its context: a cycle would keep the cable alive until the next
    # collection (and make the next stage pay for collecting it)
    for code in ("TT331", "TT332", "TT333", "TT217"):
        cable = teletype.parse(RULES[code].rule.example_fail)
        gc.disable()
        try:
            ctx = Context(cable)
            assert any(list(entry.check(ctx)) for entry in RULES.values())
            ref = weakref.ref(ctx)
            del ctx
            assert ref() is None, code
        finally:
            gc.enable()


# ---------------------------------------------------------------------------- issue 16


def _cables() -> list[teletype.Cable]:
    """The project's corpus, and a few real cables of ../shared/corpus when present."""
    paths = sorted(CORPUS.rglob("*.txt"))
    if SHARED_CORPUS.is_dir():
        paths += sorted((SHARED_CORPUS / "cablegate-wikileaks-more").glob("*.txt"))[:40]
    return [teletype.parse_bytes(p.read_bytes()) for p in paths]


def test_nodes_of_is_what_testing_every_line_gives() -> None:
    kinds = sorted(_LEAF_LINES, key=lambda k: k.__name__)
    pairs = [(DtgLine, ReceiptTime), (ClassificationLine, PageHeader), (UnknownLine, Unparsed)]
    for cable in _cables():
        ctx = Context(cable)
        for kind in (*kinds, HeaderLine, TextLine, Line):  # leaves and types with subclasses
            assert ctx.nodes_of(kind) == tuple(n for n in cable.nodes if isinstance(n, kind))
        for pair in pairs:
            assert ctx.nodes_of(*pair) == tuple(n for n in cable.nodes if isinstance(n, pair))


def test_nodes_of_sees_lines_of_a_subclass() -> None:
    class Dated(DtgLine):  # a line type the index does not know: the lines are tested
        pass

    cable = teletype.parse("TOR: 280300Z MAY 89\nO 280245Z MAY 89\nFM SECSTATE WASHDC\n")
    line = next(n for n in cable.nodes if isinstance(n, DtgLine))
    mine = Dated(**{f.name: getattr(line, f.name) for f in fields(line)})
    nodes = tuple(mine if n is line else n for n in cable.nodes)
    ctx = Context(replace(cable, nodes=nodes))
    assert ctx.nodes_of(DtgLine) == (mine,)
    assert ctx.nodes_of(DtgLine, ReceiptTime) == tuple(
        n for n in nodes if isinstance(n, (DtgLine, ReceiptTime)))


def test_text_lines_are_those_of_the_text() -> None:
    """Context._text_lines reads the index by type: the lines of ``text.lines`` of a type,
    also when the index does not answer (a line of a type it does not know)."""
    kinds = (EoLine, TagsLine, FrontText, SubjectLine, TextBlock)

    class Dated(DtgLine):  # a line type the index does not know: the text's lines are read
        pass

    plain = teletype.parse("O 280245Z MAY 89\nFM SECSTATE WASHDC\nBT\nSECRET STATE 170194\n"
                           "E.O. 12356: DECL: OADR\nTAGS: PREL, PINR\nSUBJECT: (C) TEST\n"
                           "1. (C) TEXT.\n")
    line = next(n for n in plain.nodes if isinstance(n, DtgLine))
    mine = Dated(**{f.name: getattr(line, f.name) for f in fields(line)})
    odd = replace(plain, nodes=tuple(mine if n is line else n for n in plain.nodes))
    for cable in [*_cables(), odd]:
        ctx = Context(cable)
        lines = cable.text.lines if cable.text else ()
        for kind in kinds:
            assert list(ctx._text_lines(kind)) == [n for n in lines if isinstance(n, kind)]
        assert ctx.tags == tuple(t for n in lines if isinstance(n, TagsLine) for t in n.tags)
    assert Context(odd)._by_type is None  # (the lines of the text are read)
    assert Context(odd).eo_lines == Context(plain).eo_lines != ()


_MARK_BODY = r"[ \t]*(?:¶[ \t]*)?\d{1,2}[ \t]?[.)][ \t]*(\(([A-Za-z][A-Za-z/ \-]{0,14})\))"


def _marks_by_regex(raw: str) -> list[tuple[int, int]]:
    """The portion marks of a block the long way: at its start and after every line end."""
    first = re.match(_MARK_BODY, raw)
    return [m.span(1) for m in ([first] if first else [])] + [
        m.span(1) for m in re.finditer("\n" + _MARK_BODY, raw)]


def test_portion_marks_found_from_parentheses_are_those_of_the_line_scan() -> None:
    samples = ["1. (C) A.\n2. (S) B (C) x.\n(U) no number\n 3) (SBU) C.\n",
               "\n¶4. (S/NF) D\ntext (a) b\n¶ 12.(TS) E\n5. text (C)\n", "(", "no marks\n",
               "1. (C)", "x\n1. (C) (S)\n\n2. (X) y (z)\n", "\u0663. (C) Arabic-Indic\n",
               "\u00b2. (C) superscript\n", "\t7. (C) tab\n", "\u00b6(C)\n", "a (b)\n9. (C)"]
    blocks = [n.raw for c in _cables() if c.text for n in c.text.lines
              if isinstance(n, (TextBlock, FrontText))]
    for raw in samples + blocks:
        assert [m.span(1) for m in _line_marks(raw)] == _marks_by_regex(raw), raw[:80]
    for cable in _cables():
        ctx = Context(cable)
        assert ctx.portion_mark_texts == {m.mark for m in ctx.portion_marks}


def test_loud_addressees_are_those_a_rule_may_report() -> None:
    cable = teletype.parse(
        "OO RUEHC RUEHPE\nDE RUEHC #0194 1480246\nZNY SSSSS ZZH\nO 280245Z MAY 89\n"
        "FM SECSTATE WASHDC\nTO RUEHPE/AMEMBASSY LIMA IMMEDIATE 6315\n"
        "INFO RUEHFR/AMEMBASSY LIMA\nAMEMBASY LA PAZ\nRUEHBU/AMEMBASSY BUENOS AIRES\n"
        "RUEHSG/AMEMBASSY SANTIAGO IMMEDAITE\nBT\n")
    ctx = Context(cable)
    names = [(keyword, a.name) for keyword, a in loud_addressees(ctx)]
    assert ("TO", "AMEMBASSY LIMA") not in names  # its own RI, well formed, spelt right
    assert ("INFO", "AMEMBASSY BUENOS AIRES") not in names
    assert ("INFO", "AMEMBASSY LIMA") in names  # RUEHFR is another station's RI (TT308)
    assert ("INFO", "AMEMBASY LA PAZ") in names  # no RI prefix (and misspelt: TT332)
    assert ("INFO", "AMEMBASSY SANTIAGO IMMEDAITE") in names  # TT251
    assert loud_addressees(ctx) is loud_addressees(ctx)
    codes = {d.code for d in teletype.validate(cable)}
    assert {"TT308", "TT332", "TT251"} <= codes


def test_eo_codes_are_those_of_the_decoders() -> None:
    ctx = Context(teletype.parse(CABLE))
    assert ctx.eo_codes == {d.code for eo in ctx.eo_lines for d in ctx.eo_diagnostics(eo)}
    assert "TT217" in ctx.eo_codes
    assert Context(teletype.parse(CABLE.replace("12385", "12356"))).eo_codes == frozenset()


def test_decl_dates_of_digits_are_what_the_date_reader_reads() -> None:
    from teletype.decode import find_date
    from teletype.rules.eo import DeclDate, _decl_date

    def long_way(text: str, dtg: datetime) -> DeclDate | None:
        found = find_date(text, pivot=dtg.year - 20)
        return None if found is None else DeclDate(found[1].value, found[0], found[1].end)

    dtg = datetime(1989, 5, 28, 2, 45, tzinfo=timezone.utc)
    parts = ["00", "01", "02", "09", "12", "13", "28", "29", "30", "31", "32", "99"]
    years = ["0000", "0001", "1988", "1999", "2000", "2019", "9999"]
    values = [f"{a}/{b}/{y}" for a in parts for b in parts for y in years]
    values += [f"{y}/{a}/{b}" for a in parts for b in parts for y in years]
    values += ["05/28/19", "5/28/2019", "05-28-2019", "2019-05-28", "O5/28/2019",
               "05/28/2019 ", " 05/28/2019", "05/28/20191", "(05/28/2019)", "N/A", "OADR",
               "CO 05/28/2019", "1.4 (B), (D)", "MAY 28, 2019", "28 MAY 2019", ""]
    for value in values:
        assert _decl_date(value, dtg) == long_way(value, dtg), value


def test_fl2_suspects_are_found_without_the_missing_addresses_first() -> None:
    from teletype import vocab
    from teletype.rules.proofread import _read_missing, _read_routing

    cables = _cables()
    # an FL2 RI mistyped into no station, into another station, an FL2 of one RI
    base = ("OO RUEHC RUEHPE\nDE RUEHC #0194 1480246\nZNY SSSSS ZZH\nO 280245Z MAY 89\n"
            "FM SECSTATE WASHDC\nTO AMEMBASSY LIMA IMMEDIATE 6315\nINFO AMEMBASSY LA PAZ\n"
            "RUEHLP\nBT\n")
    for fl2 in ("OO RUEHC RUEHEP", "OO RUEHC RUEHFR", "OO RUEHEP", "OO RUEHFR RUEHEP",
                "OO RUEHC RUEHPE RUEHLP", "OO RUEHWEB"):
        cables.append(teletype.parse(base.replace("OO RUEHC RUEHPE", fl2)))
    reported = 0
    for cable in cables:
        ctx = Context(cable)
        routing, missing = _read_routing(ctx), _read_missing(ctx)
        # the long way: the missing addresses first, then the suspects
        lone = len(routing.unclaimed) == 1 and len(missing) == 1
        suspects = [ri for ri in routing.unclaimed if lone or vocab.station(ri.code) is None]
        long_way = bool(missing and routing.unclaimed and suspects)
        # the short way: the suspects that need no missing address first
        unknown = [ri for ri in routing.unclaimed if vocab.station(ri.code) is None]
        maybe = bool(routing.unclaimed) and (bool(unknown) or len(routing.unclaimed) == 1)
        assert long_way <= maybe  # never skipped where the long way has suspects
        found = [d for d in teletype.validate(cable) if d.code == "TT331"]
        assert not found or long_way
        reported += bool(found)
    assert reported >= 2


def test_highest_rank_is_that_of_the_highest_precedence() -> None:
    cables = _cables() + [teletype.parse(text) for text in (
        "OO RUEHC\nDE RUEHC #0194 1480246\nR 280245Z MAY 89\nFM SECSTATE WASHDC\n"
        "TO AMEMBASSY LIMA NIACT IMMEDIATE\nINFO AMEMBASSY LA PAZ PRIORITY\nBT\n",
        "RR RUEHC\nDE RUEHC #0194 1480246\nZ P 280245Z MAY 89\nFM SECSTATE WASHDC\n"
        "TO AMEMBASSY LIMA\nBT\n", "FM SECSTATE WASHDC\nTO AMEMBASSY LIMA\nBT\n")]
    for cable in cables:
        ctx = Context(cable)
        highest = ctx.highest_precedence
        assert ctx.highest_rank == (highest.rank if highest is not None else None)


def test_ssns_agree_as_their_numbers_do() -> None:
    from teletype.rules.odd_one_out import _last4, _ssns, _ssns_agree

    base = ("DE RUEHC #0194 1480246\nO 280245Z MAY 89\nFM SECSTATE WASHDC\nTO AMEMBASSY LIMA\n"
            "BT\nSECRET STATE 170194\n1. TEXT.\nBT\n#0194\n")
    cables = _cables() + [teletype.parse(base.replace("BT\n#0194", f"BT\n{trailer}"))
                          for trailer in ("#0194", "#0195", "#194", "#0I94", "NNNN")]
    for cable in cables:
        ctx = Context(cable)
        for mrn in ("170194", "170195", "194", ""):
            ssns = _ssns(ctx)
            long_way = len(ssns) < 2 or all(
                _last4(s.serial) == _last4(mrn) for s in ssns[1:])
            assert _ssns_agree(ctx, _last4(mrn)) == long_way


def test_eo_diagnostics_of_a_date_are_what_the_decoder_reports() -> None:
    from teletype import decode, vocab
    from teletype.nodes import EoLine
    from teletype.rules.context import _eo_diagnostics

    orders = sorted({row.number.split("-")[0].split()[0]
                     for row in vocab.table("executive_orders")}) + ["12385", "1295"]
    days = ["1", "01", "9", "12", "13", "28", "29", "30", "31", "32", "00"]
    years = ["0000", "1988", "1996", "2000", "2015", "2100"]
    values = [f"{m}/{d}/{y}" for m in days for d in days for y in years[::2]]
    values += [f"{y}/{m}/{d}" for m in days for d in days for y in years[1::2]]
    values += ["12/21/15", "12-21-2015", "OADR", "N/A", "X1", "25X1, 25X6", "1.4 (B)",
               "CLOSURE OF ICTY", "12/21/2015 ", "O1/21/2015"]
    checked = 0
    for order in orders:
        for value in values:
            cable = teletype.parse(f"BT\nSECRET STATE 170194\nE.O. {order}: DECL: {value}\n"
                                   "TAGS: PGOV\nSUBJECT: TEST\n1. (S) TEXT.\n")
            for eo in (n for n in cable.nodes if isinstance(n, EoLine)):
                assert _eo_diagnostics(eo) == decode.decode_eo(eo)[1], (order, value)
                checked += 1
    assert checked > len(orders) * len(values) // 2


def test_rules_as_lists_or_generators_report_alike() -> None:
    from teletype.rules import Finding, RegisteredRule
    from teletype.rules.context import Context as Ctx

    text = "BT\nUNCLAS STATE 000001\n1. TEXT.\n"
    entry = RULES["TT301"]  # any catalog entry: the checks below report under its code

    def as_list(ctx: Ctx) -> list[Finding]:
        return [Finding("one", None), Finding("two", None)]

    def as_generator(ctx: Ctx) -> Iterator[Finding]:
        yield Finding("one", None)
        yield Finding("two", None)

    def failing_list(ctx: Ctx) -> list[Finding]:
        findings = [Finding("lost", None)]
        raise RuntimeError("boom")
        return findings  # pragma: no cover

    def failing_generator(ctx: Ctx) -> Iterator[Finding]:
        yield Finding("lost", None)
        raise RuntimeError("boom")

    def run(check: Any) -> list[tuple[str, str]]:
        rules = [RegisteredRule(entry.rule, check, "custom")]
        return [(d.code, d.message) for d in teletype.validate(text, rules=rules)]

    assert run(as_list) == run(as_generator) == [("TT301", "one"), ("TT301", "two")]
    assert run(failing_list) == run(failing_generator) == [
        ("TT000", "internal error in rule TT301: RuntimeError: boom")]
    ctx = Context(teletype.parse(text))
    assert all(type(entry.check(ctx)) is list for entry in RULES.values()
               if entry.check.__module__.startswith("teletype.rules."))  # the project's own
