"""Tests for teletype.explain and ``teletype decode`` (run in-process through cli.main)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SHARED_CORPUS, needs_shared

import teletype
from teletype import cli, explain

UNKNOWN_CODES = """VZCZCXRO0379
RR RUEHWEB
DE RUEHC #0001 0010002
ZNR UUUUU ZZH ZQQ
R 312358Z DEC 09
FM SECSTATE WASHDC
TO RHMFISS/JOINT STAFF WASHINGTON DC ROUTINE
BT
UNCLAS STATE 000001
E.O. 12958: DECL: MR
TAGS: PGOV, QQ
SUBJECT: TEST

1. TEXT.
"""

ROLLOVER = """R 312359Z DEC 09
FM SECSTATE WASHDC
TO AMEMBASSY LIMA
"""


def groups(lines: list[explain.ExplainedLine]) -> dict[str, str]:
    """group text -> meaning, over all lines (the first wins)."""
    out: dict[str, str] = {}
    for line in lines:
        for group in line.groups:
            out.setdefault(group.text, group.meaning)
    return out


def test_seed_meanings(seed_path: Path) -> None:
    cable = teletype.parse_file(seed_path)
    lines = explain.explain(cable)
    meaning = groups(lines)
    assert meaning["RUEHPE"] == "routing indicator of AMEMBASSY LIMA (post)"
    assert meaning["RUEHC"] == "routing indicator of DEPT OF STATE WASHINGTON DC (agency)"
    assert meaning["RUEAIIB"] == "routing indicator of CNC CCG WASHINGTON DC (agency)"
    assert meaning["1480246"] == "filed 28 May 1989 at 02:46 UTC (day 148)"
    assert meaning["ZZH"].startswith("operating signal ZZH: from Department of State offices")
    assert meaning["ZOC"].startswith("operating signal ZOC: Station(s) called relay")
    assert meaning["SSSSS"] == "security group: SECRET"
    assert meaning["OO"].startswith("precedence IMMEDIATE")
    assert meaning["280245Z MAY 89"].startswith("date-time group: 28 May 1989 at 02:45 UTC")
    assert meaning["STATE 170194"].endswith("reference id 89STATE170194")
    assert meaning["E.O. 12356"].startswith("Executive Order 12356")
    assert meaning["DECL: OADR"] == \
        "declassification: originating agency's determination required"
    assert meaning["PE"] == "geographic tag: Peru"
    assert meaning["ASEC"] == "subject tag, Administration: Security"
    assert meaning["SNAR"].startswith("subject tag, Social Affairs")
    roles = [line.role for line in lines]
    assert "relay envelope 1: routing line (FL2)" in roles
    assert "relay envelope 1: security line (FL4)" in roles
    assert "routing line (FL2)" in roles and "originator line (FL3)" in roles
    assert [line.line for line in lines] == sorted(line.line for line in lines)
    assert not any(line.diagnostics for line in lines)  # every code of the seed is known


def test_unknown_codes_are_shown_as_unknown() -> None:
    lines = explain.explain(teletype.parse(UNKNOWN_CODES, source="unknown.txt"))
    meaning = groups(lines)
    assert "station unknown" in meaning["RUEHWEB"] and "RUEH" in meaning["RUEHWEB"]
    assert meaning["ZQQ"] == "operating signal not in the tables (meaning unknown)"
    assert "RHMFISS = DMS gateway: the real addressee follows in the address" in \
        meaning["RHMFISS/JOINT STAFF WASHINGTON DC ROUTINE"]
    assert meaning["DECL: MR"].startswith("declassification: not a known declassification form")
    assert meaning["QQ"].startswith("unknown tag (not in the TAGS tables)")
    found = {d.code for line in lines for d in line.diagnostics}
    assert {"TT210", "TT215", "TT218", "TT221", "TT222"} <= found
    # a day 001 filing of a 31 Dec DTG: the next year
    assert meaning["0010002"] == \
        "filed 1 January 2010 at 00:02 UTC (day 1), the year after the DTG's"


def test_rollover_and_summary() -> None:
    cable = teletype.parse(ROLLOVER + "BT\nUNCLAS STATE 000001\n\n1. TEXT.\n")
    lines = explain.explain(cable)
    dtg = next(line for line in lines if line.kind == "DtgLine")
    assert dtg.summary == "ROUTINE, written 31 December 2009 at 23:59 UTC"
    assert explain.explain(cable, pivot=1900)[0].groups[1].meaning.startswith(
        "date-time group: 31 December 1909")


def test_render_text_and_json_agree(seed_path: Path) -> None:
    cable = teletype.parse_file(seed_path)
    lines = explain.explain(cable)
    text = explain.render_text(lines, "seed.txt", cable)
    data = explain.to_json(lines, "seed.txt", cable)
    assert text.startswith("== seed.txt\n")
    assert "    RUEHPE: routing indicator of AMEMBASSY LIMA (post)\n" in text
    assert data["summary"]["reference_id"] == "89STATE170194"
    assert len(data["lines"]) == len(lines)
    for entry, line in zip(data["lines"], lines, strict=True):
        assert entry["line"] == line.line and entry["role"] == line.role
        assert f"line {entry['line']}: {entry['text'][:60]}" in text
        for group in entry["groups"]:
            assert f"    {group['text']}: {group['meaning']}" in text
    json.dumps(data)  # JSON-ready
    de = next(e for e in data["lines"] if e["kind"] == "DeLine")
    filing = next(g for g in de["groups"] if g["field"] == "filing_time")
    assert filing["value"]["value"] == "1989-05-28T02:46:00Z"


def test_cli_decode_text(seed_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["decode", str(seed_path)])
    out, err = capsys.readouterr()
    assert code == 0 and not err
    assert "RUEHPE: routing indicator of AMEMBASSY LIMA" in out
    assert "1480246: filed 28 May 1989 at 02:46 UTC (day 148)" in out
    assert "ZZH: operating signal ZZH: from Department of State offices" in out
    assert "PE: geographic tag: Peru" in out


def test_cli_decode_json(seed_path: Path, capsys: pytest.CaptureFixture[str],
                         tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code = cli.main(["decode", "--format", "json", "-o", str(target), str(seed_path)])
    assert code == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert isinstance(data, list) and len(data) == 1
    assert data[0]["path"] == str(seed_path)
    kinds = [line["kind"] for line in data[0]["lines"]]
    assert {"RoutingLine", "DeLine", "SecurityLine", "DtgLine", "EoLine", "TagsLine"} <= set(kinds)


def test_cli_decode_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = cli.main(["decode", str(tmp_path / "nope.txt")])
    _, err = capsys.readouterr()
    assert code == 2 and "cannot read" in err


@needs_shared
def test_one_cable_per_corpus_folder(capsys: pytest.CaptureFixture[str]) -> None:
    """``teletype decode`` runs on every folder's first cable and explains something."""
    for folder in sorted(p for p in SHARED_CORPUS.iterdir() if p.is_dir()):
        files = sorted(folder.glob("*.txt"))
        if not files:
            continue
        code = cli.main(["decode", str(files[0])])
        out, err = capsys.readouterr()
        assert code == 0, (files[0], err)
        assert out.startswith(f"== {files[0]}") and "line " in out, files[0]


def test_seed_tags_all_titled(seed_path: Path) -> None:
    """Issue 14: `teletype decode` on the seed gives a title for all five tags."""
    lines = explain.explain(teletype.parse_file(seed_path))
    meaning = groups(lines)
    for code in ("SNAR", "PTER", "MASS", "ASEC", "PE"):
        assert "title not in the sources" not in meaning[code], code
    assert meaning["SNAR"] == "subject tag, Social Affairs: Narcotics"
