"""Tests for teletype.vocab and the CSV tables it ships (no access to ../shared needed)."""

from __future__ import annotations

import collections
import csv
import io
import itertools
from datetime import date, timedelta
from importlib.resources import files

import pytest

from teletype import facts, vocab

# file -> (columns, key columns)
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "stations": (
        ("ri", "name", "kind", "other_names", "alternatives", "editions", "source"),
        ("ri",),
    ),
    "station_ranges": (("ri_first", "ri_last", "name", "kind", "source"), ("ri_first",)),
    "ri_unexplained": (("ri", "seen", "example", "source"), ("ri",)),
    "ri_letters": (("position", "letter", "meaning", "source"), ("position", "letter")),
    "precedence": (("code", "word", "letter", "rank", "source"), ("code",)),
    "security_groups": (("code", "classification", "operating_signal", "source"), ("code",)),
    "release_codes": (("letter", "meaning", "source"), ("letter",)),
    "operating_signals": (("code", "meaning", "source"), ("code",)),
    "prosigns": (("code", "kind", "meaning", "source"), ("code",)),
    "captions": (("caption", "kind", "restrictiveness", "meaning", "source"), ("caption",)),
    "tags": (
        ("tag", "kind", "category", "title", "title_era", "era_titles", "alternatives",
         "takes_name", "source"),
        ("tag", "kind"),
    ),
    "executive_orders": (
        (
            "number",
            "title",
            "in_force_from",
            "in_force_to",
            "decl_forms",
            "reason_section",
            "source",
        ),
        ("number",),
    ),
    "portion_marks": (("mark", "classification", "source"), ("mark",)),
}


def read_csv(name: str) -> tuple[list[str], list[dict[str, str]]]:
    text = (files("teletype") / "data" / f"{name}.csv").read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


@pytest.mark.parametrize("name", sorted(TABLES))
def test_csv_columns_keys_and_sources(name: str) -> None:
    columns, key = TABLES[name]
    header, rows = read_csv(name)
    assert tuple(header) == columns
    assert rows, f"{name} is empty"
    keys = collections.Counter(tuple(r[k].upper() for k in key) for r in rows)
    dupes = [k for k, n in keys.items() if n > 1]
    assert not dupes, f"duplicate keys in {name}: {sorted(dupes)[:5]}"
    for row in rows:
        assert row["source"].strip(), f"row without source in {name}: {row}"
        assert all(v == v.strip() for v in row.values()), row


@pytest.mark.parametrize("name", sorted(TABLES))
def test_table_loads_typed_rows(name: str) -> None:
    rows = vocab.table(name)
    assert len(rows) == len(read_csv(name)[1])
    assert rows is vocab.table(name)  # cached


def test_unknown_table() -> None:
    with pytest.raises(KeyError):
        vocab.table("nope")


def test_stations() -> None:
    stations = vocab.table("stations")
    assert len(stations) >= 1500
    rueh = [s for s in stations if s.ri.startswith("RUEH")]
    assert len(rueh) >= 290
    for s in stations:
        assert s.name == s.name.upper()
        assert 4 <= len(s.ri) <= 7 and s.ri.isalpha() and s.ri.isupper()
    hq = vocab.station("RUEHC")
    assert hq is not None
    assert hq.name == "DEPT OF STATE WASHINGTON DC"
    assert "SECSTATE WASHDC" in hq.other_names
    lima = vocab.station("ruehpe ")
    assert lima is not None and lima.name == "AMEMBASSY LIMA"
    tripoli = vocab.station("RUEHTRO")
    assert tripoli is not None and tripoli.name == "AMEMBASSY TRIPOLI"
    assert vocab.station("RUEAIIA") is not None
    assert vocab.station("RUEKJCS") is not None
    assert vocab.station("RQQQQQQ") is None


def test_station_ranges() -> None:
    block = vocab.station("RHFJAAK")  # ACP 117: RHFJAAA THRU RHFJAAZ
    assert block is not None
    assert block.ri == "RHFJAAK"
    assert block.name == "NAVCOMTELSTA JACKSONVILLE FL"
    assert "THRU" in block.source
    assert vocab.station("RHFJAA") is None


def test_ri_letters() -> None:
    assert vocab.ri_letter(1, "R") is not None
    assert vocab.ri_letter(1, "q") is not None
    us = vocab.ri_letter(2, "U")
    assert us is not None and us.meaning == "United States"
    uk = vocab.ri_letter(2, "B")
    assert uk is not None and "[inferred]" in uk.source
    assert vocab.ri_letter(3, "E") is None  # area letters: no source gives them
    assert vocab.ri_letter(2, "J") is None


def test_stations_from_corpus_headers() -> None:
    # RUEHMS is in no ACP 117 book; cables name it on address lines (and DE + FM lines)
    muscat = vocab.station("RUEHMS")
    assert muscat is not None and muscat.name == "AMEMBASSY MUSCAT" and muscat.kind == "post"
    assert "usage only" in muscat.source and "6x" in muscat.source
    # a gateway RI pairs with many addressees: they are not its names
    gateway = vocab.station("RHMFISS")
    assert gateway is not None and gateway.is_gateway and gateway.other_names == ()
    assert "different addressees" in gateway.source


def test_precedence() -> None:
    oo = vocab.precedence("OO")
    assert oo is not None and oo.word == "IMMEDIATE" and oo.rank == 3
    assert vocab.precedence("o") == oo
    niact = vocab.precedence("niact  immediate")
    assert niact is not None and niact.letter == "O" and niact.rank == 3
    imm = vocab.precedence("IMMEDIATE")
    assert imm is not None and imm.letter == "O"
    ranks = {
        code: p.rank
        for code in ("R", "P", "O", "Z", "Y", "ROUTINE", "PRIORITY", "FLASH", "CRITIC")
        if (p := vocab.precedence(code)) is not None
    }
    assert ranks == {
        "R": 1,
        "P": 2,
        "O": 3,
        "Z": 4,
        "Y": 5,
        "ROUTINE": 1,
        "PRIORITY": 2,
        "FLASH": 4,
        "CRITIC": 4,
    }
    w = vocab.precedence("WW")
    assert w is not None and "unverified" in w.source
    assert vocab.precedence("XX") is None


def test_security_groups() -> None:
    secret = vocab.security_group("SSSSS")
    assert secret is not None
    assert secret.classification == "SECRET"
    assert secret.operating_signal == "ZNY"
    uuuuu = vocab.security_group("uuuuu")
    assert uuuuu is not None and uuuuu.operating_signal == "ZNR"
    eeeee = vocab.security_group("EEEEE")
    assert eeeee is not None and eeeee.classification == "UNCLASSIFIED EFTO"
    for g in vocab.table("security_groups"):
        assert g.classification in facts.CLASSIFICATION_RANK
    assert vocab.security_group("SSSS") is None


def test_decode_security_group() -> None:
    plain = vocab.decode_security_group("CCCCC")
    assert plain is not None and plain[1] is None
    composite = vocab.decode_security_group("SSS BB")
    assert composite is not None
    group, release = composite
    assert group.classification == "SECRET"
    assert release is not None and release.meaning == "British"
    assert vocab.decode_security_group("UUUAA") is not None
    assert vocab.decode_security_group("QQQAA") is None


def test_operating_signals() -> None:
    zzh = vocab.operating_signal("ZZH")
    assert zzh is not None and zzh.meaning
    zdk = vocab.operating_signal("ZDK")
    assert zdk is not None and zdk.meaning is None
    zff = vocab.operating_signal("ZFF4")
    assert zff is not None and zff.code == "ZFF" and zff.numeral == "4"
    dashed = vocab.operating_signal("ZFF-1/4")
    assert dashed is not None and dashed.numeral == "1/4"
    assert vocab.operating_signal("zes2") is not None
    assert vocab.operating_signal("ZNY") is not None
    assert vocab.operating_signal("ZZZ9") is None
    for s in vocab.table("operating_signals"):
        assert s.code.startswith("Z") and s.numeral is None


def test_prosigns() -> None:
    for code in ("BT", "NNNN", "DE", "TO", "INFO", "XMT", "ZNR", "ZNY", "UU", "HH", "ZCZC"):
        p = vocab.prosign(code)
        assert p is not None, code
        assert p.meaning, code
    assert vocab.prosign("VV") is not None and vocab.prosign("V") is not None
    assert vocab.prosign("QQ") is None


def test_captions() -> None:
    kinds = {"special-handling", "distribution", "channel", "control", "dissemination", "other"}
    for c in vocab.table("captions"):
        assert c.kind in kinds
    rank = {
        name: c.restrictiveness
        for name in ("NODIS", "EXDIS", "LIMDIS")
        if (c := vocab.caption(name)) is not None
    }
    assert rank["NODIS"] > rank["EXDIS"] > rank["LIMDIS"] > 0  # type: ignore[operator]
    iase = vocab.caption("INFORM ALL STATE EMPLOYEES")
    assert iase is not None and iase.restrictiveness == 0
    stadis = vocab.caption("STADIS////////")
    assert stadis is not None and stadis.caption == "STADIS"
    agrement = vocab.caption("Agrément")
    assert agrement is not None and agrement.kind == "channel"
    role = vocab.caption("FOR THE AMBASSADOR ONLY")
    assert role is not None and role.caption == "FOR <ADDRESSEE> ONLY"
    passing = vocab.caption("LONDON: PASS TO USDAO")
    assert passing is not None
    for name in (
        "SIPDIS",
        "NOFORN",
        "SBU",
        "ROGER CHANNEL",
        "CHEROKEE",
        "DISSENT CHANNEL",
        "DIRGEN",
        "AGRMENT CHANNEL",
        "MED CHANNEL",
        "TM CHANNEL",
        "CODEL",
        "SPECAT",
        "SPECAT EXCLUSIVE",
        "INFORM CONSULS",
        "DECAPTIONED",
        "NIACT",
        "MERCURY",
        "TERREP",
        "AIDAC",
        "NOT FOR INTERNET DISTRIBUTION",
    ):
        assert vocab.caption(name) is not None, name
    assert vocab.caption("FOO") is None


def test_tags() -> None:
    pe = vocab.tag("PE")
    assert pe is not None and pe.kind == "geographic" and pe.title == "Peru"
    for code in ("SNAR", "PTER", "MASS", "ASEC"):
        t = vocab.tag(code.lower())
        assert t is not None and t.kind == "subject", code
    asec = vocab.tag("ASEC")
    assert asec is not None and asec.category == "Administration" and asec.title == "Security"
    for code in ("OVIP", "OREP", "OTRA", "OCON", "OEXC"):
        t = vocab.tag(code)
        assert t is not None and t.kind == "subject" and t.takes_name, code
    nato = vocab.tag("NATO")
    assert nato is not None and nato.kind == "organization"
    kcrm = vocab.tag("KCRM")
    assert kcrm is not None and kcrm.kind == "program"
    rs = vocab.tag("RS")
    assert rs is not None and rs.title == "Russia"
    al = vocab.tags_for("AL")
    assert [t.kind for t in al] == ["geographic", "organization"]
    kinds = {"subject", "geographic", "program", "organization", "person"}
    for t in vocab.table("tags"):
        assert t.kind in kinds
        if t.kind == "subject":
            assert len(t.tag) == 4 and t.category, t
        if t.kind == "geographic":
            assert len(t.tag) == 2, t
    assert vocab.tag("QQQQ") is None


def test_executive_orders() -> None:
    eo = vocab.executive_order("12356")
    assert eo is not None
    assert eo.in_force_from == date(1982, 8, 1)
    assert "OADR" in eo.decl_forms
    assert vocab.executive_order(12356) == eo
    assert vocab.executive_order("E.O. 12356:") == eo
    amended = vocab.executive_order("12958 as amended")
    assert amended is not None and amended.number == "12958-AMENDED"
    assert vocab.executive_order("13292") == amended
    assert vocab.executive_order("12958-AMENDED") == amended
    plain = vocab.executive_order("12958")
    assert plain is not None and "X1" in plain.decl_forms
    e11652 = vocab.executive_order("11652")
    assert e11652 is not None and "XGDS-4" in e11652.decl_forms
    assert e11652.in_force_on(date(1975, 6, 1))
    assert not e11652.in_force_on(date(1980, 1, 1))
    latest = vocab.executive_order("13526")
    assert latest is not None and latest.in_force_to is None
    assert latest.in_force_on(date(2020, 1, 1))
    orders = sorted(vocab.table("executive_orders"), key=lambda e: e.in_force_from)
    for before, after in itertools.pairwise(orders):  # no gap between successive orders
        assert before.in_force_to is not None
        assert before.in_force_from < after.in_force_from
        assert after.in_force_from <= before.in_force_to + timedelta(days=1)
    assert vocab.executive_order("99999") is None


def test_portion_marks() -> None:
    c = vocab.portion_mark("(C)")
    assert c is not None and c.classification == "CONFIDENTIAL"
    snf = vocab.portion_mark("S/NF")
    assert snf is not None and snf.classification == "SECRET"
    rel = vocab.portion_mark("(C/REL LIBYA)")
    assert rel is not None and rel.mark == "C/REL"
    sbu = vocab.portion_mark("(SBU/N)")
    assert sbu is not None and sbu.classification == "SBU"
    for p in vocab.table("portion_marks"):
        assert p.classification in facts.CLASSIFICATION_RANK
    assert vocab.portion_mark("(Q)") is None


def test_classification_rank() -> None:
    rank = facts.CLASSIFICATION_RANK
    assert rank["UNCLASSIFIED"] == rank["UNCLASSIFIED EFTO"] == 0
    # SBU is a caveat of unclassified text ("UNCLAS SBU" cables carry (SBU) paragraphs)
    assert rank["SBU"] == 0
    assert rank["LIMITED OFFICIAL USE"] == rank["RESTRICTED"] == 1
    assert rank["CONFIDENTIAL"] == 2 and rank["SECRET"] == 3 and rank["TOP SECRET"] == 4


def test_rows_are_frozen() -> None:
    s = vocab.station("RUEHC")
    assert s is not None
    with pytest.raises(AttributeError):
        s.name = "X"  # type: ignore[misc]


def test_station_kinds_editions_and_alternatives() -> None:
    """Issue 14: kinds, the ACP 117 books that list an RI, other readings kept."""
    lima = vocab.station("RUEHPE")
    assert lima is not None and lima.kind == "post" and lima.editions == ("2014", "2010")
    assert all(s.kind in vocab.STATION_KINDS for s in vocab.table("stations"))
    opec = vocab.station("RUEHHH")
    assert opec is not None and opec.kind == "collective" and opec.name == "OPEC COLLECTIVE"
    for ri in ("RHMFIUU", "RHMFISS", "RHMFITT", "RHMCSUU"):
        gateway = vocab.station(ri)
        assert gateway is not None and gateway.is_gateway, ri
    # 2010 Section I lists RHMFITT under a unit; the instructions make it a gateway
    tt = vocab.station("RHMFITT")
    assert tt is not None and "COMSUBGRU TEN [ACP 117 2010]" in tt.alternatives
    # usage with counts: RULSDMK is DEPT OF TRANSPORTATION in cablemap, once "NSA US" in cables
    dot = vocab.station("RULSDMK")
    assert dot is not None and dot.kind == "agency"
    assert "NSA US WASHDC [usage 1x]" in dot.alternatives
    assert "NSA US WASHDC" not in dot.other_names  # a single sighting is not a name
    # only in Section II (Encode) of the 2010 book
    mosul = vocab.station("RUEHMOS")
    assert mosul is not None and mosul.name == "REO MOSUL" and "Section II" in mosul.source


def test_unexplained_ris_keep_what_is_observed() -> None:
    web = vocab.unexplained_ri("RUEHWEB")
    assert web is not None and web.seen[0].startswith("FL2 ")
    assert vocab.station("RUEHWEB") is None
    assert vocab.unexplained_ri("RUEHPE") is None


def test_tag_titles_and_eras() -> None:
    for code, title in [("SNAR", "Narcotics"), ("PTER", "Terrorists and Terrorism"),
                        ("MASS", "Military Assistance and Sales"), ("XF", "Middle East"),
                        ("AADP", "Automated Data Processing")]:
        found = vocab.tag(code)
        assert found is not None and found.title == title, code
    wto = vocab.tag("WTO")
    assert wto is not None and wto.kind == "organization"
    assert wto.title_for(1975) == ("Warsaw Pact Organization", "1974")
    assert wto.title_for(2008) == ("World Trade Organization", "2000-2009")
    eec = vocab.tag("EEC")  # a plain (PlusD) title and a 1974 one
    assert eec is not None and eec.title_for(1974)[1] == "1974"
    assert eec.title_for(2008) == (eec.title, None)
    un = vocab.tag("UN")  # PlusD's 2013 copy mixes in an airline: kept as alternative only
    assert un is not None and un.title == "United Nations"
    assert any("Transaero" in a for a in un.alternatives)
    person = vocab.tag("KISSINGER, HENRY A")
    assert person is not None and person.kind == "person" and person.title == "Henry Kissinger"
