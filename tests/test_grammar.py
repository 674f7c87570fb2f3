"""The grammar builds conflict-free and splits every format line into its parts."""

from __future__ import annotations

import pytest

import teletype
from teletype import nodes as n
from teletype.grammar import build_parser, get_parser


@pytest.mark.slow
def test_grammar_builds_with_strict_mode() -> None:
    # strict: no shift/reduce conflicts, no same-priority terminal collisions per state
    pytest.importorskip("interegular")
    parser = build_parser(strict=True)
    assert parser.options.parser == "lalr"
    assert parser.options.lexer == "contextual"


def test_generated_word_lists_are_fresh() -> None:
    """grammars/vocab.lark is generated from teletype.facts (scripts/gen_grammar.py)."""
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "scripts" / "gen_grammar.py"
    spec = importlib.util.spec_from_file_location("gen_grammar", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0, "run scripts/gen_grammar.py"


def test_spaced_terminals_come_from_the_compiled_grammar() -> None:
    from teletype.grammar import spaced_terminals

    names = spaced_terminals(get_parser().lark)
    assert {"MONTH", "PREC_WORD", "CLASS", "OFFICE", "TIME_Z"} <= set(names)
    assert not any(name.startswith("_") for name in names)


def test_parser_is_built_once() -> None:
    assert get_parser() is get_parser()


def first(cable: teletype.Cable, kind: type) -> object:
    return next(node for node in cable.nodes if isinstance(node, kind))


def test_transmission_id_and_routing_lines() -> None:
    cable = teletype.parse(
        "VZCZCXRO0594\n"
        "RR RUEHAO RUEHCD RUEHGA RUEHGD RUEHGR RUEHHA RUEHHO RUEHMC RUEHNG\n"
        "RUEHNL RUEHQU RUEHRD RUEHRG RUEHRS RUEHTM RUEHVC\n"
        "DE RUEHBO #1165 0471902\n"
    )
    tid = first(cable, n.TransmissionId)
    assert tid.channel == "XRO0594"
    routing = first(cable, n.RoutingLine)
    assert routing.prosign.letter == "R" and routing.prosign.word == "ROUTINE"
    assert len(routing.indicators) == 16
    assert routing.indicators[-1].code == "RUEHVC"
    assert routing.indicators[-1].span.line == 3


def test_de_line_with_section() -> None:
    de = first(teletype.parse("DE RUEHC #0284/01 0041825\n"), n.DeLine)
    assert de.originator.code == "RUEHC"
    assert de.ssn.number == "0284"
    assert de.section == 1
    assert (de.filing.day_of_year, de.filing.hour, de.filing.minute) == (4, 18, 25)
    assert de.filing.span.column == 19


def test_security_line_with_operating_signals() -> None:
    sec = first(teletype.parse("ZNY SSSSS ZOC STATE ZZH\n"), n.SecurityLine)
    assert sec.signal == "ZNY"
    assert sec.group.code == "SSSSS" and sec.group.level == "SECRET"
    assert [s.code for s in sec.signals] == ["ZOC", "ZZH"]
    assert [g.raw for g in sec.extra] == ["STATE"]


@pytest.mark.parametrize(
    ("line", "letters", "iso", "signals"),
    [
        ("O 280245Z MAY 89", ["O"], "1989-05-28T02:45:00+00:00", []),
        ("P R 041820Z JAN 10", ["P", "R"], "2010-01-04T18:20:00+00:00", []),
        ("O R 181205Z NOV 75 ZFF4", ["O", "R"], "1975-11-18T12:05:00+00:00", ["ZFF4"]),
        ("P R 221828 Z MAY 73", ["P", "R"], "1973-05-22T18:28:00+00:00", []),
        ("R 191857z JUL 05", ["R"], "2005-07-19T18:57:00+00:00", []),
        ("R 241819Z MAY 05 ZYB MIN ZYW", ["R"], "2005-05-24T18:19:00+00:00", ["ZYB", "ZYW"]),
    ],
)
def test_dtg_lines(line: str, letters: list[str], iso: str, signals: list[str]) -> None:
    dtg_line = first(teletype.parse(line + "\n"), n.DtgLine)
    assert [p.letter for p in dtg_line.precedences] == letters
    assert dtg_line.dtg.value.isoformat() == iso
    assert [s.code for s in dtg_line.signals] == signals


def test_dtg_keeps_raw_beside_value() -> None:
    dtg = first(teletype.parse("O 280245Z MAY 89\n"), n.DtgLine).dtg
    assert dtg.raw == "280245Z MAY 89"
    assert (dtg.span.line, dtg.span.column) == (1, 3)


def test_impossible_dtg_is_reported_not_raised() -> None:
    cable = teletype.parse("O 310245Z APR 89\nFM SECSTATE WASHDC\n")
    dtg = first(cable, n.DtgLine).dtg
    assert dtg.value is None and dtg.day == 31
    assert [d.code for d in cable.diagnostics] == ["TT201"]


def test_ocr_letter_in_dtg_is_corrected_with_a_diagnostic() -> None:
    cable = teletype.parse("O 28O245Z MAY 89\n")
    dtg = first(cable, n.DtgLine).dtg
    assert dtg.value is not None and dtg.value.day == 28
    (diagnostic,) = cable.diagnostics
    assert diagnostic.code == "TT401" and diagnostic.suggestion == "280245Z"


def test_addresses_with_ri_precedence_and_mcn() -> None:
    cable = teletype.parse(
        "FM AMEMBASSY PARIS\n"
        "TO RHEHNSC/WHITE HOUSE NSC WASHINGTON DC IMMEDIATE\n"
        "RUEHC/SECSTATE WASHDC IMMEDIATE 6830\n"
        "INFO RUCNCIS/CIS COLLECTIVE PRIORITY 1049\n"
    )
    to = [b for b in cable.nodes if isinstance(b, n.AddressBlock) and b.keyword == "TO"][0]
    first_addr, second = to.addresses
    assert first_addr.ri.code == "RHEHNSC"
    assert first_addr.name == "WHITE HOUSE NSC WASHINGTON DC"
    assert first_addr.precedence.word == "IMMEDIATE" and first_addr.mcn is None
    assert (second.name, second.mcn) == ("SECSTATE WASHDC", "6830")
    record = cable.record()
    assert record["from"] == "AMEMBASSY PARIS"
    assert record["info"] == ["CIS COLLECTIVE"]


def test_page_header_glued_into_address_list() -> None:
    cable = teletype.parse(
        "P 182318Z FEB 09\nFM SECSTATE WASHDC\nTO PAGE 02        STATE   015113  182333Z\n"
        "ALL DIPLOMATIC POSTS COLLECTIVE PRIORITY\nAMEMBASSY TRIPOLI PRIORITY\n"
    )
    assert cable.record()["to"] == ["ALL DIPLOMATIC POSTS COLLECTIVE", "AMEMBASSY TRIPOLI"]
    block = first(cable, n.AddressBlock)
    assert block.page_headers[0].page == 2
    assert not cable.diagnostics


def test_front_matter_fields_on_one_line() -> None:
    cable = teletype.parse(
        "BT\nC O N F I D E N T I A L SECTION 01 OF 02 STATE 000284 SIPDIS "
        "E.O. 12958: DECL: 01/04/2020 TAGS: MASS MARR MCAP\n\n1.(U) This is a request.\n"
    )
    record = cable.record()
    assert record["classification"] == "CONFIDENTIAL"
    assert record["section"] == [1, 2]
    assert record["mrn"] == "STATE 000284"
    assert record["captions"] == ["SIPDIS"]
    assert (record["eo"], record["declassify"]) == ("12958", "01/04/2020")
    assert record["tags"] == ["MASS", "MARR", "MCAP"]


def test_tags_with_person_and_wrapped_subject() -> None:
    cable = teletype.parse(
        "UNCLAS STATE 017976 TOSEC 270436\n"
        "E.O. 11652: N/A\n"
        "TAGS: OVIP (VANCE, CYRUS) IS, SY\n"
        "SUBJECT: FIRST LINE OF THE SUBJECT\n"
        "  AND ITS SECOND LINE\n\n"
        "1. TEXT.\n"
    )
    record = cable.record()
    assert record["tags"] == ["OVIP (VANCE, CYRUS)", "IS", "SY"]
    assert record["subject"] == "FIRST LINE OF THE SUBJECT AND ITS SECOND LINE"
    assert record["declassify"] == "N/A"
    cls = first(cable, n.ClassificationLine)
    assert cls.series == ("TOSEC", "270436")


def test_references_with_bullets_and_years() -> None:
    cable = teletype.parse(
        "SECRET STATE 1\nREF: A. BEIRUT 53  B. 09 BEIRUT 974  C. 09 BEIRUT 1334\n\n1. X.\n"
    )
    refs = first(cable, n.ReferenceBlock).references
    assert [(r.bullet, r.mrn.text if r.mrn else None) for r in refs] == [
        ("A", "BEIRUT 53"), ("B", "09 BEIRUT 974"), ("C", "09 BEIRUT 1334")]


def test_trailer() -> None:
    cable = teletype.parse("UNCLAS STATE 000001\n\n1. TEXT.\nSMITH\nBT\n#0001\nNNNN\n")
    kinds = [type(node).__name__ for node in cable.trailer]
    assert kinds == ["Separator", "SsnLine", "EndOfMessage"]
    assert cable.record()["signature"] == "SMITH"


def test_distribution_block_and_drafting_lines() -> None:
    cable = teletype.parse(
        "ORIGIN    SPM-01\n\nINFO  OCT-01    EUR-25   ADP-00   RSC-01  /028  R\n\n"
        "DRAFTED BY S/ PM: PPCLAXTON,  JR.\n---------------------       001415\n"
        "P R 221828 Z MAY 73\nFM SECSTATE WASHDC\nTO  AMEMBASSY LUXEMBOURG PRIORITY\n"
    )
    dist = [x for x in cable.nodes if isinstance(x, n.DistributionBlock)]
    assert [d.keyword for d in dist] == ["ORIGIN", "INFO"]
    assert dist[1].total == "/028 R"
    assert cable.layout == "cfpf"
    assert not cable.diagnostics


def test_accounting_line() -> None:
    cable = teletype.parse("P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\n"
                           "TO SECSTATE WASHDC PRIORITY\nSTATE GRNC\nBT\n")
    acct = first(cable, n.AccountingLine)
    assert (acct.symbol, acct.group_count) == ("STATE", "GRNC")
    assert acct in cable.header.lines


def test_ocr_letters_in_serial_and_filing_time_are_reported() -> None:
    cable = teletype.parse("DE RUEHC #O194 148O246\n")
    de = first(cable, n.DeLine)
    assert de.ssn.number == "0194" and de.ssn.raw == "#O194"
    assert de.filing.day_of_year == 148
    assert [(d.code, d.suggestion) for d in cable.diagnostics] == [
        ("TT401", "#0194"), ("TT401", "1480246")]


def test_lost_portion_mark_parentheses_are_reported() -> None:
    cable = teletype.parse("UNCLAS STATE 000001\n\n1. SENTIRE TEXT.\n2. MORE.\n")
    (diagnostic,) = cable.diagnostics
    assert diagnostic.code == "TT402" and diagnostic.suggestion == "(S) ENTIRE TEXT"
    assert (diagnostic.span.line, diagnostic.span.column) == (3, 4)


def test_misspelt_precedence_word_is_read_and_reported() -> None:
    cable = teletype.parse("FM AMEMBASSY BRASILIA\nTO SECSTATE WASHDC PRIOITY 1234\n")
    address = cable.header.to[0]
    assert (address.name, address.precedence.word, address.mcn) == (
        "SECSTATE WASHDC", "PRIORITY", "1234")
    assert [d.code for d in cable.diagnostics] == ["TT403"]


def test_cia_cable_print() -> None:
    cable = teletype.parse(
        "PAGE 001 IN 5367593\nTOR: 120802Z SEP 96 TOKY 30260\n\n"
        "SECRET 120758Z SEP 96 STAFF\n\nCITE TOKYO 30260\n\nTO: PRIORITY DIRECTOR.\n"
        "SUBJECT: A TEST\n"
    )
    record = cable.record()
    assert cable.layout == "cia"
    # CITE is the sending station and its serial, never the MRN (issue 13)
    assert (record["dtg"], record["mrn"], record["from"], record["classification"]) == (
        "1996-09-12T07:58:00Z", None, "TOKYO", "SECRET")
    assert record["to"] == ["DIRECTOR"]


def test_military_message_with_dtg_after_the_addressees() -> None:
    cable = teletype.parse(
        "FM CNO WASHINGTON DC//N1NT//\nTO NAVADMIN\nUNCLAS //N01610//\nR 071922Z JUL 05\n"
        "NAVADMIN 151/05 CORRECTED COPY\nMSGID/GENADMIN/CNO WASHINGTON DC/N1/JUL//\n"
        "SUBJ/PERFORMANCE EVALUATION SYSTEM//\n"
    )
    record = cable.record()
    assert record["dtg"] == "2005-07-07T19:22:00Z"
    assert record["from"] == "CNO WASHINGTON DC"  # the office symbol stays on the FM node
    assert cable.header is not None and cable.header.from_ is not None
    assert cable.header.from_.address.name == "CNO WASHINGTON DC//N1NT//"
    assert record["classification"] == "UNCLASSIFIED"
    assert record["mrn"] == "NAVADMIN 151/05"
    assert record["subject"] == "PERFORMANCE EVALUATION SYSTEM"


def test_header_printed_after_the_text() -> None:
    cable = teletype.parse(
        "SUBJECT: SWISS CONSIDER CANDIDATES\n1. (U) TEXT.\n2. MORE TEXT.\n"
        "O 072120Z DEC 95\nFM AMEMBASSY BUDAPEST\nTO SECSTATE WASHDC IMMEDIATE 2334\n"
    )
    record = cable.record()
    assert record["dtg"] == "1995-12-07T21:20:00Z"
    assert (record["from"], record["to"]) == ("AMEMBASSY BUDAPEST", ["SECSTATE WASHDC"])
    assert not cable.diagnostics


def test_dtg_without_zone_letter_and_dtg_label() -> None:
    cable = teletype.parse("R 181635 JAN 12\nFM CNO WASHINGTON DC\n")
    assert cable.record()["dtg"] == "2012-01-18T16:35:00Z"
    cable = teletype.parse("DTG R 191217Z SEP 11\n")
    assert cable.record()["dtg"] == "2011-09-19T12:17:00Z"


def test_cables_csv_record() -> None:
    text = ('"2","2/25/1972 9:30","72TEHRAN1164","Embassy Tehran","UNCLASSIFIED",'
            '"72MOSCOW1603","R 250930Z FEB 72 \nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 7561 \n'
            '","UNCLASSIFIED SECTION 01 OF 01 TEHRAN 1164 \n \n1. TEXT.\n \nHECK \n"\n')
    cable = teletype.parse(text)
    record = cable.record()
    assert cable.render() == text
    container = first(cable, n.ContainerRecord)
    assert container.fields[2] == "72TEHRAN1164"
    assert (record["dtg"], record["from"], record["mrn"], record["signature"]) == (
        "1972-02-25T09:30:00Z", "AMEMBASSY TEHRAN", "TEHRAN 1164", "HECK")
    assert record["reference_id"] == "72TEHRAN1164"
    assert not cable.diagnostics


def test_release_stamp_anywhere_on_a_line_interrupts_the_body() -> None:
    text = ("UNCLAS STATE 000001\n\n1. FIRST.\nUNCLASSIFIED U.S. Department of State Case No. "
            "F-2017-13804 Doc No. C06694620 Date: 07/25/2019\n2. SECOND.\n")
    cable = teletype.parse(text)
    kinds = [type(x).__name__ for x in cable.nodes]
    assert kinds == ["ClassificationLine", "TextBlock", "ReleaseStamp", "TextBlock"]
    assert cable.nodes[2].text.startswith("UNCLASSIFIED U.S. Department")


def _language(items: object) -> set[str]:
    """Every string a finite regex (literals, classes of literals and ranges, groups,
    alternations, bounded repeats) matches, from its parse tree."""
    import re._constants as c
    import re._parser as p

    if isinstance(items, str):
        items = p.parse(items)
    out = {""}
    for op, av in items:  # type: ignore[attr-defined]
        if op is c.LITERAL:
            options = {chr(av)}
        elif op is c.IN:
            options = set()
            for kind, value in av:
                assert kind in (c.LITERAL, c.RANGE), kind
                low, high = (value, value) if kind is c.LITERAL else value
                options |= {chr(code) for code in range(low, high + 1)}
        elif op is c.BRANCH:
            options = set().union(*(_language(branch) for branch in av[1]))
        elif op is c.SUBPATTERN:
            options = _language(av[3])
        elif op is c.MAX_REPEAT:
            low, high, sub = av
            assert high <= 3, "an unbounded repeat"
            inner = _language(sub)
            options = set()
            current = {""}
            for count in range(high + 1):
                if count >= low:
                    options |= current
                current = {a + b for a in current for b in inner}
        else:
            raise AssertionError(f"not a finite regex item: {op}")
        out = {a + b for a in out for b in options}
    return out


def test_every_stamp_phrase_holds_an_anchor() -> None:
    """mark_stamps searches only the lines holding one of its anchors: every string the
    stamp phrases match holds one (the phrases are finite: all of them are checked)."""
    from teletype import facts
    from teletype.grammar import _ANCHORS, STAMP_PHRASES, mark_stamps

    phrases = _language(facts.STAMP_PHRASES)
    assert len(phrases) > 30
    for phrase in phrases:
        assert STAMP_PHRASES.fullmatch(phrase), phrase
        assert any(anchor in phrase for anchor in _ANCHORS), phrase
        marked = mark_stamps(f"A LINE\nxx {phrase} yy\nLAST\n")
        assert marked == "A LINE\n\ue000x " + phrase + " yy\nLAST\n", phrase
