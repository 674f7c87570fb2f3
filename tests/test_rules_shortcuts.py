"""The shortcuts that make validate() fast give what the long way gives: one-edit distances
without a table, the DTG's year first for a filing time, decoder diagnostics shared between
E.O. lines and cables, facts computed once per context."""

from __future__ import annotations

import gc
import itertools
import weakref
from datetime import datetime, timedelta, timezone

import teletype
from teletype import corrections
from teletype.corrections import closest, edit_distance
from teletype.decode.dates import filed_datetime
from teletype.rules import RULES, Context


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
