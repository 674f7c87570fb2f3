#!/usr/bin/env python3
"""Build the code tables in src/teletype/data/*.csv from ../shared/reference.

Run from the project root:

    python scripts/build_vocab.py [--reference ../shared/reference] [--out src/teletype/data]

The script is only needed to regenerate the tables; the package reads the CSV files it
writes and never this script or ../shared. Every row written carries a ``source`` citation:
a file under shared/reference, a FORMAT.md section, or the primary source FORMAT.md names.
Facts that no source gives are left empty ("meaning unknown"), never guessed.

Hand-curated rows (precedence, captions, operating signals, executive orders ...) are
literal tables below, each row with its citation. Tables read from the reference files
(stations, prosigns, tags) are parsed here, with the merge rules spelled out in comments.
"""

from __future__ import annotations

import argparse
import collections
import csv
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT_OUT = ROOT / "src" / "teletype" / "data"

F = "FORMAT.md"  # shared/docs/FORMAT.md

ACP117 = "acp117-2010_allied-routing-indicators.txt"
ROUTE2NAME = "routing-indicators_route2name.csv"
OBSERVED_RI = "observed_ri-to-name_from-corpus.csv"
PROSIGNS = "acp127g_prosigns-security-warnings-indicators.csv"
NARA_TAGS = "nara-cfpf-1973-1979_subject-tags.csv"
CM_SUBJECT = "tags_subject-codes_cablemap.txt"
CM_ORG = "tags_organization-codes_cablemap.txt"
OBS_SIGNALS = "observed_dtg-precedence-and-operating-signals.csv"
OBS_CAPTIONS = "observed_captions-handling-markers.csv"
OBS_EO = "observed_eo-line-variants.csv"
UNVERIFIED = "[unverified]"

Row = dict[str, str]


def write_table(out: Path, name: str, columns: Sequence[str], rows: Iterable[Row]) -> int:
    rows = list(rows)
    for row in rows:
        assert set(row) == set(columns), (name, row)
        assert row["source"].strip(), (name, row)
    path = out / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {len(rows)} rows")
    return len(rows)


def squash(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- stations

# Evident misspellings in ACP 117 (2010) that the corpus writes correctly for the same RI.
# Only one-letter slips corroborated by observed_ri-to-name_from-corpus.csv are mended.
ACP_SPELLING_FIXES = {
    "RUEHQT": ("AMEMBASSY QUINTO", "AMEMBASSY QUITO"),
    "RUEHLM": ("AMEMBASSY COLUMBO", "AMEMBASSY COLOMBO"),
    "RUEHUNV": ("USMISSIN UNVIE VIENNA", "USMISSION UNVIE VIENNA"),
}

# RIs seen only in the corpus whose TO/INFO lines name several different addressees: the
# RI belongs to a relay or hub that serves them, so no single station name can be given.
AMBIGUOUS_OBSERVED = {
    "RHMFISS": "corpus pairs it with 25 different addressees (relay/hub RI)",
    "RHMCSUU": "corpus pairs it with 4 different addressees (relay/hub RI)",
    "RHMFIUU": "corpus pairs it with 4 different addressees (relay/hub RI)",
    "RUEUITH": "corpus pairs it with TLO ANKARA TU and ODC ANKARA TU",
}

RANGE_RE = re.compile(r"^([A-Z]{4,7})\s+THRU\s+([A-Z]{4,7})\s+(.+)$")
ACP_LINE_RE = re.compile(r"^([A-Z]{4,7})\s+(.+)$")


def read_acp117(ref: Path) -> tuple[dict[str, list[str]], list[tuple[str, str, str]]]:
    names: dict[str, list[str]] = collections.defaultdict(list)
    ranges: list[tuple[str, str, str]] = []
    for line in (ref / ACP117).read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if not text:
            continue
        m = RANGE_RE.match(text)
        if m:
            ranges.append((m.group(1), m.group(2), squash(m.group(3))))
            continue
        m = ACP_LINE_RE.match(text)
        if not m:
            # One stray line "ST" (line 1673, between RUZBEAA and RUZBTSC); skipped.
            print(f"  acp117: skipped line {text!r}", file=sys.stderr)
            continue
        name = squash(m.group(2))
        if name not in names[m.group(1)]:
            names[m.group(1)].append(name)
    return names, ranges


def read_route2name(ref: Path) -> dict[str, list[str]]:
    names: dict[str, list[str]] = collections.defaultdict(list)
    with (ref / ROUTE2NAME).open(encoding="utf-8", newline="") as fh:
        for ri, name in csv.reader(fh):
            if " THRU " in ri:
                continue
            name = squash(name)
            if name not in names[ri]:
                names[ri].append(name)
    return names


def read_observed_ri(ref: Path) -> dict[str, list[tuple[str, int, str]]]:
    """RI -> [(name without //office// suffix, occurrences, example file)], commonest first."""
    merged: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    example: dict[tuple[str, str], str] = {}
    with (ref / OBSERVED_RI).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            ri = row["routing_indicator"].strip()
            name = squash(row["name_as_written_after_slash"].split("//")[0])
            if not name:
                continue
            merged[ri][name] += int(row["occurrences_in_corpus"])
            example.setdefault((ri, name), row["example_file"])
    return {
        ri: [(n, c, example[(ri, n)]) for n, c in sorted(cnt.items(), key=lambda x: (-x[1], x[0]))]
        for ri, cnt in merged.items()
    }


# Header lines of the corpus, for RIs that neither ACP 117 nor observed_ri-to-name lists.
# DE line + the FM line after it: the DE station prepares the message for transmission and
# for a State post is the post itself (FORMAT.md 2.11 X6: "FM PLAD <-> DE OSRI").
DE_LINE_RE = re.compile(r"(?m)^DE (R[A-Z]{3,6}) #?[0-9]+(?:/[0-9]+)? [0-9]{7}[ \t]*$")
FM_LINE_RE = re.compile(r"(?m)^FM ([A-Z][A-Z0-9 .'/-]*[A-Z])[ \t]*$")
# "RI/PLAIN LANGUAGE ADDRESS [precedence] [MCN]" on a TO/INFO line or its continuation,
# after the FM line (FORMAT.md 2.2 FL7-FL8; ACP 127(G) §215.a, FORMAT.md App. B 3.5).
ADDRESS_LINE_RE = re.compile(r"(?m)^(?:(?:TO|INFO) +)?(R[A-Z]{3,6})/([A-Z0-9][A-Z0-9 .'/-]*)$")
HEADER_END_RE = re.compile(
    r"(?m)^(?:[ \t]*$|BT[ \t]*$|UNCLAS|LIMITED OFFICIAL|CONFIDENTIAL|SECRET|TOP SECRET|"
    r"C O N|S E C|T O P)"
)
ADDRESS_TAIL_RE = re.compile(
    r"(?:\s+(?:FLASH|NIACT IMMEDIATE|IMMEDIATE|PRIORITY|ROUTINE))?(?:\s+[0-9]{1,4})?\s*$"
)


def harvest_corpus_ris(corpus: Path) -> dict[str, tuple[str, list[str], str]]:
    """RI -> (kind of evidence, names seen, example file) from the headers of the corpus."""
    found: dict[str, tuple[str, collections.Counter[str], str]] = {}
    if not corpus.is_dir():
        return {}
    for path in sorted(corpus.glob("*/*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        name = f"{path.parent.name}/{path.name}"
        for m in DE_LINE_RE.finditer(text):
            fm = FM_LINE_RE.search(text, m.end(), m.end() + 200)
            if fm is not None:
                entry = found.setdefault(m.group(1), ("de-fm", collections.Counter(), name))
                entry[1][squash(fm.group(1))] += 1
        # the address lines: from the FM line to the next blank line, BT or text start
        fm_line = re.search(r"(?m)^FM ", text)
        if fm_line is None:
            continue
        end = HEADER_END_RE.search(text, fm_line.end())
        header = text[fm_line.start() : end.start() if end else len(text)]
        for m in ADDRESS_LINE_RE.finditer(header):
            plad = squash(ADDRESS_TAIL_RE.sub("", m.group(2).split("//")[0]))
            if plad:
                entry = found.setdefault(m.group(1), ("address", collections.Counter(), name))
                entry[1][plad] += 1
    return {
        ri: (kind, [n for n, _ in sorted(names.items(), key=lambda x: (-x[1], x[0]))], example)
        for ri, (kind, names, example) in found.items()
    }


# ACP 117 CAN-US SUPP-1, the whole books (SOURCES-acp117-routes-tags.md §1). Order of authority
# for a routing indicator (docs/vocabularies.md "Order of the sources"): the newest official
# book (2014), the older book (2010, full text, then cablemap's extract routes.txt and
# route2name.csv of the same edition), the cablemap compilations, then usage mined from cables
# (commonest name first, with its count). The other readings are kept as alternatives.
ACP_BOOKS = (
    # (year label, file, edition as printed)
    ("2014", "acp117-2014_can-us-supp1-P-part1-instructions-decode.txt",
     "ACP 117 CAN-US SUPP-1(P), May 2014, change 18 eff. 12 Jan 2015"),
    ("2010", "acp117-2010_can-us-supp1-O-part1-instructions-decode.txt",
     "ACP 117 CAN-US SUPP-1(O), Nov 2010, change 4 eff. 7 Feb 2011"),
)
ADDITIONAL = "routing-indicators_cablemap-additional.csv"
STATION_COLUMNS = ("ri", "name", "kind", "other_names", "alternatives", "editions", "source")
OBSERVED_MORE = "observed_ri-to-name_from-cablegate-more.csv"

# Gateways named by the general instructions of both books (§2 and §7.a): the Message
# Conversion System and the DMS Multi-Functional Interpreters. "MCS and MFI RIs will not be
# listed in Section I" (§5.a(1)), so a Section I row for one of them is kept as alternative.
GATEWAYS = {
    "RHMCSUU": "MESSAGE CONVERSION SYSTEM (MCS): ASSIGNS THE RIS OF THE ADDRESSEES "
    "(PLA TO RI SERVICE)",
    "RHMCSYY": "MESSAGE CONVERSION SYSTEM (MCS), SPECIAL RI FOR ALLIED ORIGINATORS",
    "RHMFIUU": "DMS GATEWAY (MFI): UNCLASSIFIED MFI RESIDING ON THE DMS NIPRNET ENCLAVE/DOMAIN",
    "RHMFISS": "DMS GATEWAY (MFI): SECRET AND BELOW MFI RESIDING ON THE DMS SIPRNET "
    "ENCLAVE/DOMAIN",
    "RHMFITT": "DMS GATEWAY (MFI): TOP SECRET ONLY MFI RESIDING ON THE TOP SECRET/COLLATERAL "
    "DMS ENCLAVE/DOMAIN",
}
GATEWAY_SOURCE = ("general instructions §2 and §7.a (MCS: 'route the message to the MCS "
                  "(RHMCSUU) and allow the MCS to assign the proper RIs'; MFIs: 'The MFI "
                  "routing indicators used to interface the legacy community and the ACP 123 "
                  "(DMS) domains')")

SECTION_HEADER_RE = re.compile(r"^(?:SECTION I DECODE|A-ROUTING B-|EFF \d|ACP 117 CAN-US)")
PAGE_MARK_RE = re.compile(r"\s*ACP 117 CAN-US SUPPP?-1\([A-Z]\)\s*$")
BOOK_LINE_RE = re.compile(r"^([RQ][A-Z]{3,6})\s+(.+)$")
BARE_RI_RE = re.compile(r"^[RQ][A-Z]{3,6}$")


def read_acp_book(ref: Path, filename: str) -> tuple[dict[str, list[str]],
                                                     list[tuple[str, str, str]]]:
    """Section I (Decode) of one book: RI -> names as printed, and the X THRU Y blocks."""
    names: dict[str, list[str]] = collections.defaultdict(list)
    ranges: list[tuple[str, str, str]] = []
    lines = (ref / filename).read_text(encoding="utf-8").replace("\f", "\n").splitlines()
    start = next(i for i, line in enumerate(lines)
                 if line.strip() == "SECTION I DECODE"
                 and lines[i + 1].startswith("A-ROUTING"))
    last: tuple[str, int] | None = None
    pending: list[str] = []
    for raw in lines[start:]:
        text = squash(PAGE_MARK_RE.sub("", raw))
        if not text or SECTION_HEADER_RE.match(text):
            continue
        m = RANGE_RE.match(text)
        if m:
            ranges.append((m.group(1), m.group(2), m.group(3)))
            last = None
            continue
        if BARE_RI_RE.match(text):
            # a run of RIs whose names follow on the next lines, in the same order
            pending.append(text)
            last = None
            continue
        if pending and not BOOK_LINE_RE.match(text):
            ri = pending.pop(0)
            names[ri].append(text)
            last = (ri, len(names[ri]) - 1)
            continue
        pending.clear()
        m = BOOK_LINE_RE.match(text)
        if m and not (last and names[last[0]][last[1]].count("//") % 2):
            names[m.group(1)].append(m.group(2))
            last = (m.group(1), len(names[m.group(1)]) - 1)
            continue
        if last is not None:
            # a name wrapped onto the next line ("... THE PENTAGON" / "WASHINGTON DC") or
            # a "//...//" remark continued there
            names[last[0]][last[1]] += " " + text
            continue
        print(f"  {filename}: skipped line {text!r}", file=sys.stderr)
    return {ri: list(dict.fromkeys(ns)) for ri, ns in names.items()}, ranges


ENCODE_2010 = "acp117-2010_can-us-supp1-O-part2-encode.txt"
RI_TOKEN_RE = re.compile(r"^[RQ][A-Z]{3,6}$")


def read_encode(ref: Path) -> dict[str, list[str]]:
    """Section II (Encode) of the 2010 book: RI -> the activities (PLAs) it serves, read
    from lines "ACTIVITY RI [RI ...] COL-E ..." (a leading * marks a complete PLA)."""
    served: dict[str, list[str]] = collections.defaultdict(list)
    for line in (ref / ENCODE_2010).read_text(encoding="utf-8").splitlines():
        tokens = PAGE_MARK_RE.sub("", line).split()
        first = next((i for i, t in enumerate(tokens) if i and RI_TOKEN_RE.match(t)), None)
        if first is None:
            continue
        activity = " ".join(tokens[:first]).lstrip("*").strip()
        for tok in tokens[first:]:
            if not RI_TOKEN_RE.match(tok):
                break
            if activity and activity not in served[tok]:
                served[tok].append(activity)
    return served


def read_additional(ref: Path) -> dict[str, list[tuple[str, str]]]:
    """cablemap's name->RI table and routes.txt pairs: RI -> [(name, short source)]."""
    out: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
    with (ref / ADDITIONAL).open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            name = squash(rec["name"])
            if name.startswith("HRU "):  # tail of a truncated "X THRU Y" range
                continue
            which = "reader.py _ADDITIONAL_ROUTES" if "reader.py" in rec["source"] \
                else "routes.txt"
            if (name, which) not in out[rec["ri"]]:
                out[rec["ri"]].append((name, which))
    return out


def read_observed_more(ref: Path) -> dict[str, list[tuple[str, int, str]]]:
    merged: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    example: dict[tuple[str, str], str] = {}
    with (ref / OBSERVED_MORE).open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            name = squash(rec["name"])
            merged[rec["ri"]][name] += int(rec["count"])
            example.setdefault((rec["ri"], name), rec["example_file"])
    return {
        ri: [(n, c, example[(ri, n)]) for n, c in sorted(cnt.items(), key=lambda x: (-x[1], x[0]))]
        for ri, cnt in merged.items()
    }


# Kind of a station, read off its name by the rules below (first match wins); the rule that
# decided is not a source fact about the station, so docs/vocabularies.md lists the rules.
KIND_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("gateway", re.compile(r"\bGATEWAY\b|\bDMS MFI\b")),
    ("collective", re.compile(r"\bCOLLECTIVE\b|\bCOLL\b|\bDIPL POSTS\b|\bPOSTS\b")),
    ("post", re.compile(
        r"^(?:XMT )?(?:AMEMBASSY|AMEMB|AMCONSUL|AMCONGEN|USMISSION|US MISSION|USMISSIN|USLO|"
        r"USINT|USOFFICE|AIT|AMERICAN INSTITUTE|USDEL|US DELEGATION|USEU|USNATO|USUN|USOSCE|"
        r"USUNESCO|UNVIE|[A-Z]+ RPO|RPO|[A-Z]*EMB|AMERICAN EMBASSY|AMERICAN CONSULATE|"
        r"US EMBASSY|EMBASSY|CONSULATE|US CONSULATE|USAID|US INTERESTS)\b")),
    ("relay", re.compile(
        r"\bRELAY\b|\bMAJRELSTA\b|\bCOMMCEN\b|\bCOMMUNICATIONS? CENTER\b|\bTELECOM(?:MUNICATIONS?)?"
        r" CENTER\b|\bNODE\b|\bNAVCOMTELSTA\b|\bNCTAMS\b|\bTCC\b|\bASC\b|\bMSG CEN\b|"
        r"\bSWITCH|\bNGC\b|\bCOMM(?:UNICATIONS)? (?:STATION|FACILITY)\b|\bDISA\b|"
        r"TRIBSTA\b|COMMCEN\b|CMDCEN\b|\bBCST\b|\bBCS\b|\bMACS\b")),
    ("agency", re.compile(
        r"^(?:SECSTATE|SECDEF|SECTREAS|SECARMY|SECNAV|SECAF|DEPT|DEPARTMENT|CIA|DIA|NSA|FBI|DEA|"
        r"NSC|NCTC|DHS|TSA|FAA|NGA|DTRA|DOE|DOJ|DOT|USDA|USTR|ONDCP|NASA|EXIM|OPIC|USIA|ACDA|"
        r"FEMA|NRC|EPA|INS|IRS|DIR|DIRECTOR|OFFICE OF|WHITE HOUSE|THE WHITE HOUSE|NATIONAL "
        r"SECURITY COUNCIL|NATIONAL SECRITY COUNCIL|TREASURY|US CUSTOMS|CUSTOMS|HOMELAND|"
        r"US SECRET SERVICE|SECRET SERVICE|COMMERCE|AGRICULTURE|ENERGY|JUSTICE|LIBRARY OF "
        r"CONGRESS|PEACE CORPS|VOA|USAGM|BBG|DNI|ODNI|CNC|NMCC|NATIONAL)\b|\bDEPT OF\b|"
        r"\bDEPARTMENT OF\b")),
    ("military unit", re.compile(
        r"\b(?:HQ|HQS|CDR|CDRUS[A-Z]*|COM[A-Z]*|CINC[A-Z]*|CTF|CTG|USS|USNS|HMS|HMCS|NAV[A-Z]*|"
        r"ARMY|USA[A-Z]*|AFB|AB|SQN|SQDN|WG|WING|BDE|BN|DIV|CMD|COMMAND|JOINT STAFF|JTF|CJTF|"
        r"MARINE|MARFOR[A-Z]*|FLEET|FLT|RAF|RAAF|RNZAF|RNLN|MOD|MODUK|DEF|DEFENCE|DEFENSE|DET|"
        r"FORCE|FORCES|BASE|CAMP|FORT|FT|GARRISON|USCG|COAST GUARD|SHAPE|NATO|CJCS|CNO|CMC|"
        r"SUBASE|NAS|NSA|MCAS|MCB|CFB|CFS|NDHQ|CHOD|GCHQ|DSD|DIO|OPS|J[1-9]|US[A-Z]*COM|"
        r"AIR|TACTICAL|MOBILE|SHIP|SHIPS|PORT|STA|STN|GROUP|GRU|SUBGRU|REGT|REGIMENT|CORPS|"
        r"ODC|TLO|AFLO|AFOSI|AEW|ABG|ABS|OSI|MNF|TF|JB|SSO|CREW|ARSENAL)\b|\b\d+[A-Z]{2,}\b|"
        r"PACFLT|LANTFLT|PACOM|EUCOM|CENTCOM|SOUTHCOM|CENTAF|AFSOUTH|JICPAC|SACCS|CDR\d|"
        r"^DIR[A-Z]{3,}|^CDR|^COM[A-Z]{3,}|^CINC")),
]


def station_kind(ri: str, name: str) -> tuple[str, str]:
    """(kind, how it was decided) for a station row."""
    if ri in GATEWAYS:
        return "gateway", "named a gateway by the ACP 117 instructions"
    for kind, regex in KIND_RULES:
        if regex.search(name):
            return kind, f"name rule '{kind}'"
    return "station", "no kind rule matches the name"


def build_stations(ref: Path, corpus: Path) -> tuple[list[Row], list[Row]]:
    books = {year: read_acp_book(ref, fname) for year, fname, _ in ACP_BOOKS}
    edition = {year: f"{fname} ({label}, Section I Decode)" for year, fname, label in ACP_BOOKS}
    extract, extract_ranges = read_acp117(ref)
    r2n = read_route2name(ref)
    additional = read_additional(ref)
    observed = read_observed_ri(ref)
    observed_more = read_observed_more(ref)
    harvested = harvest_corpus_ris(corpus)

    all_ris = (set().union(*(b[0] for b in books.values())) | set(extract) | set(r2n)
               | set(additional) | set(observed) | set(observed_more) | set(GATEWAYS))
    rows: list[Row] = []
    for ri in sorted(all_ris):
        # every reading: (name, short source); the first is the row's name
        readings: list[tuple[str, str]] = []
        editions: list[str] = []
        notes: list[str] = []
        if ri in GATEWAYS:
            readings.append((GATEWAYS[ri], "ACP 117 2014+2010 instructions"))
            notes.append(f"ACP 117 2014 and 2010 {GATEWAY_SOURCE} ({ACP_BOOKS[0][1]}, "
                         f"{ACP_BOOKS[1][1]})")
        for year, _, _ in ACP_BOOKS:
            for name in books[year][0].get(ri, []):
                readings.append((name, f"ACP 117 {year}"))
            if ri in books[year][0]:
                editions.append(year)
        if editions:
            notes.append("; ".join(edition[y] for y in editions))
            if editions == ["2010"]:
                notes.append("not in the 2014 edition's Section I")
        for name in extract.get(ri, []):
            if ri in ACP_SPELLING_FIXES and name == ACP_SPELLING_FIXES[ri][0]:
                name = ACP_SPELLING_FIXES[ri][1]
                notes.append(f"ACP 117 (2010) misspells {ACP_SPELLING_FIXES[ri][0]!r}; the "
                             f"corpus spelling is kept ({OBSERVED_RI})")
            readings.append((name, "ACP 117 2010 extract"))
        if ri in extract and not editions:
            notes.append(f"{ACP117} (cablemap's extract of ACP 117, 2010, Section I)")
        for name in r2n.get(ri, []):
            readings.append((name, "route2name"))
        if ri in r2n and ri not in extract and not editions:
            notes.append(ROUTE2NAME)
        for name, which in additional.get(ri, []):
            readings.append((name, f"cablemap {which}"))
        if ri in additional and not editions and ri not in extract:
            which_tables = ", ".join(sorted({w for _, w in additional[ri]}))
            notes.append(f"{ADDITIONAL} (cablemap {which_tables})")
        usage: collections.Counter[str] = collections.Counter()
        example: dict[str, str] = {}
        for table in (observed.get(ri, []), observed_more.get(ri, [])):
            for name, count, ex in table:
                usage[name] += count
                example.setdefault(name, ex)
        for name, count in sorted(usage.items(), key=lambda x: (-x[1], x[0])):
            readings.append((name, f"usage {count}x"))
        if usage and not readings[: len(readings) - len(usage)]:
            top = max(usage.values())
            total = sum(usage.values())
            best = sorted(n for n, c in usage.items() if c == top)
            notes.append(
                f"usage only: {OBSERVED_RI} / {OBSERVED_MORE} ({total} address lines, e.g. "
                f"{example[best[0]]}); name = commonest ({top}x)"
                + (f"; tie with {' | '.join(best[1:])}" if len(best) > 1 else "")
            )
        if ri in GATEWAYS:
            # the names cables and cablemap's name->RI table give a gateway are addressees
            # served through it, not readings of the RI
            mapped = [n for n, src in readings if src.startswith("cablemap ")]
            readings = [r for r in readings if r[1].startswith("ACP 117")]
            if mapped:
                notes.append(f"cablemap's name->RI table maps {len(mapped)} addressees to it "
                             f"(e.g. {mapped[0]})")
            if usage:
                notes.append(f"cables pair it with {len(usage)} different addressees "
                             f"({OBSERVED_RI}, {OBSERVED_MORE}; e.g. "
                             f"{', '.join(list(usage)[:3])}): the real addressee follows the "
                             "RI in the address")
        name = readings[0][0]
        # keep each distinct name once, first source wins
        seen = {name}
        alternatives: list[str] = []
        for other, src in readings[1:]:
            if other not in seen:
                seen.add(other)
                alternatives.append(f"{other} [{src}]")
        kind, why = station_kind(ri, name)
        # a gateway's names in cables are its addressees (SOURCES §4), not other names
        # other_names (names an address line may carry for this RI): the tables' names and
        # those seen at least twice in cables (single sightings include misaddressed lines)
        others = [n for n, src in readings[1:] if n != name and not (
            src.startswith("usage ") and usage[n] < 2)]
        others = list(dict.fromkeys(others)) if kind != "gateway" else []
        rows.append({
            "ri": ri,
            "name": name,
            "kind": kind,
            "other_names": "|".join(others),
            "alternatives": "|".join(alternatives),
            "editions": "|".join(editions),
            "source": "; ".join([*notes, f"kind: {why}"]),
        })

    # RIs that only Section II (Encode) of the 2010 book lists, for one activity only: the
    # activity is the station's addressee (an RI serving several activities is left out).
    listed = {r["ri"] for r in rows}
    for ri, activities in sorted(read_encode(ref).items()):
        if ri in listed or len(activities) != 1 or ri[1:2] not in "UH":
            continue
        kind, why = station_kind(ri, activities[0])
        rows.append({"ri": ri, "name": activities[0], "kind": kind, "other_names": "",
                     "alternatives": "", "editions": "2010",
                     "source": f"{ENCODE_2010} (ACP 117 CAN-US SUPP-1(O), Nov 2010, change 4, "
                     f"Section II Encode: the only activity listed with this RI); not in "
                     f"Section I; kind: {why}"})

    # RIs that only the corpus headers name, with one name: a DE line with its FM line
    # (FORMAT.md 2.11 X6, FM PLAD <-> DE OSRI) or an RI/PLAD address line.
    listed = {r["ri"] for r in rows}
    for ri, (how, names, ex) in sorted(harvested.items()):
        if ri in listed or len(names) != 1:
            continue
        if how == "de-fm":
            src = (f"shared corpus: DE line of {ex} with 'FM {names[0]}' ({F} 2.11 X6, "
                   "FM PLAD <-> DE OSRI); in no table")
        else:
            src = f"shared corpus: address line '{ri}/{names[0]}' in {ex} ({F} 2.2 FL7-FL8)"
        kind, why = station_kind(ri, names[0])
        rows.append({"ri": ri, "name": names[0], "kind": kind, "other_names": "",
                     "alternatives": "", "editions": "", "source": f"{src}; kind: {why}"})
    rows.sort(key=lambda r: r["ri"])

    blocks: dict[tuple[str, str], Row] = {}
    for year, _, _ in ACP_BOOKS:
        for a, b, name in books[year][1]:
            if (a, b) in blocks:
                blocks[(a, b)]["source"] += f"; ACP 117 {year}: '{name}'" \
                    if name != blocks[(a, b)]["name"] else f"; = ACP 117 {year}"
                continue
            blocks[(a, b)] = {"ri_first": a, "ri_last": b, "name": name,
                              "source": f"{edition[year]}: '{a} THRU {b}'"}
    for a, b, name in extract_ranges:
        blocks.setdefault((a, b), {"ri_first": a, "ri_last": b, "name": name,
                                   "source": f"{ACP117} (ACP 117, 2010: '{a} THRU {b}')"})
    for block in blocks.values():
        block["kind"] = station_kind(block["ri_first"], block["name"])[0]
    return rows, [blocks[k] for k in sorted(blocks)]


# Routing indicators that occur in corpus headers and that no table above explains: what is
# observed about them (where, how often), never a name.
# JANAP 128 routing line of NAVADMIN messages: "RAAUZYUW RUEWMCS0094 0281213-UUUU--RUCRNAD."
JANAP_LINE_RE = re.compile(r"(?m)^R ?[A-Z]{3}ZYUW (R[A-Z]{3,6}?)\d{4} \d{7}-")
NOT_RIS = {"RMKS", "RECORD"}  # NAVADMIN "RMKS/" remarks and "RECORD/" labels, not RIs
FL2_LINE_RE = re.compile(r"(?m)^(?:ZZ|OO|PP|RR|YY|WW) ((?:[RQ][A-Z]{3,6} ?)+)[ \t]*$")


def build_unexplained(corpus: Path, known: set[str], blocks: list[Row]) -> list[Row]:
    seen: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    example: dict[str, str] = {}
    if not corpus.is_dir():
        return []
    for path in sorted(corpus.glob("*/*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        where = f"{path.parent.name}/{path.name}"
        found: list[tuple[str, str]] = []
        for m in FL2_LINE_RE.finditer(text):
            found += [(ri, "FL2") for ri in m.group(1).split()]
        found += [(m.group(1), "FL2") for m in JANAP_LINE_RE.finditer(text)]
        found += [(m.group(1), "DE") for m in DE_LINE_RE.finditer(text)]
        found += [(m.group(1), "address") for m in ADDRESS_LINE_RE.finditer(text)]
        for ri, kind in found:
            if ri in NOT_RIS:
                continue
            seen[ri][kind] += 1
            example.setdefault(ri, where)

    def in_block(ri: str) -> bool:
        return any(len(ri) == len(b["ri_first"]) and b["ri_first"] <= ri <= b["ri_last"]
                   for b in blocks)

    rows = []
    for ri, where in sorted(seen.items()):
        if ri in known or in_block(ri):
            continue
        rows.append({
            "ri": ri,
            "seen": "|".join(f"{k} {n}" for k, n in sorted(where.items())),
            "example": example[ri],
            "source": "shared corpus header lines (FL2, DE and RI/ address lines); "
            "no reference table names it",
        })
    return rows


# --------------------------------------------------------------------------- RI letters

# ACP 121 routing indicator plan as FORMAT.md 2.4 quotes it: first letter R (worldwide tape
# relay) or Q (theatre/self-contained), second letter the nation or alliance (U = United
# States), third the geographic area, fourth and later the relay/tributary station.
# Only U is named in the sources; the other nation letters are read off the station names
# ACP 117 lists under them (all rows of a letter belong to one nation or alliance), so they
# are marked [inferred]. Area letters are not given by any source and have no rows.
ACP121 = f"{F} 2.4 (ACP 121 routing indicator plan, via tpub.com/incco/4.htm and techmap.io)"
RI_LETTER_COLUMNS = ("position", "letter", "meaning", "source")
RI_NATIONS = [
    ("A", "Australia", "RAYWAE DSD CANBERRA, RAYASAP FEDPOL CANBERRA"),
    ("B", "United Kingdom", "RBDUAG GCHQ CHELTENHAM, RBDWC MODUK"),
    ("C", "Canada", "RCCE DEPARTMENT OF EXTERNAL AFFAIRS ASC OTTAWA ON CAN"),
    ("D", "Denmark", "RDFKA CHOD DNK, RDFNQ MOD DNK"),
    ("F", "France", "RFGW MAJOR RELAY STATION MOD FR, RFFIC MARINE PARIS"),
    ("H", "United States", "RHEHNSC WHITE HOUSE NATIONAL SECURITY COUNCIL WASHINGTON DC, "
     "RHEG DOE MAJOR RELAY GERMANTOWN MD"),
    ("I", "Italy", "RIFD MAJOR RELAY STATION MOD IT, RIFM MAJOR RELAY STATION ITALIAN NAVY "
     "ROME IT"),
    ("K", "Greece", "RKQAMFA MFA ATHENS GRC, RKQCCCA HNDGS ATHEN GRC"),
    ("N", "Netherlands", "RNFAD MOD NL, RNFL MAJRELSTA DENHELDER RNLN"),
    ("O", "Japan", "ROJF JAPANESE MARITIME SELF DEFENSE FORCE"),
    ("P", "Portugal", "RPFN MAJOR RELAY STATION CHIEF OF NAVAL STAFF LISBON PO"),
    ("Q", "Belgium", "RQFZA CHOD BE, RQFTAN 10(BE)TAC WG"),
    ("X", "NATO", "RXCA NATO AIFS NORFOLK VA, RXFS NICS TARE EVERE"),
    ("Y", "Norway", "RYFIA CHOD NOR, RYFID MOD NOR"),
    ("Z", "New Zealand", "RZEXAWA NZDEF WASHINGTON, RZYXAE HQNZDF COMMCEN"),
]
RI_LETTER_ROWS: list[Row] = [
    {"position": "1", "letter": "R", "meaning": "worldwide tape relay network",
     "source": ACP121},
    {"position": "1", "letter": "Q", "meaning": "theatre or self-contained network",
     "source": ACP121},
    {"position": "2", "letter": "U", "meaning": "United States", "source": ACP121},
    *(
        {
            "position": "2",
            "letter": letter,
            "meaning": nation,
            "source": f"{ACP117} (ACP 117, 2010): every R{letter}* row is a station of "
            f"{nation}, e.g. {examples}; position 2 = nation per {F} 2.4 [inferred]",
        }
        for letter, nation, examples in RI_NATIONS
    ),
]
RI_LETTER_ROWS.sort(key=lambda r: (r["position"], r["letter"]))


# --------------------------------------------------------------------------- precedence

PRECEDENCE_COLUMNS = ("code", "word", "letter", "rank", "source")
ACP150 = "ACP 127(G) §150.b-151 (FORMAT.md App. B 3.3); FORMAT.md 2.3"
FAH = "State precedence word, 5 FAH-1 H-221 via cablemap Recipient.precedence (FORMAT.md 2.3)"
PRECEDENCE_ROWS: list[Row] = [
    # letters (FL2 doubles them: ZZ OO PP RR YY)
    {"code": "Z", "word": "FLASH", "letter": "Z", "rank": "4", "source": ACP150},
    {"code": "O", "word": "IMMEDIATE", "letter": "O", "rank": "3", "source": ACP150},
    {"code": "P", "word": "PRIORITY", "letter": "P", "rank": "2", "source": ACP150},
    {"code": "R", "word": "ROUTINE", "letter": "R", "rank": "1", "source": ACP150},
    {
        "code": "Y",
        "word": "EMERGENCY COMMAND PRECEDENCE",
        "letter": "Y",
        "rank": "5",
        "source": f"{F} 2.3 (ECP, 'FLASH preemption capability'; tpub training page, "
        "low authority)",
    },
    {
        "code": "W",
        "word": "FLASH OVERRIDE",
        "letter": "W",
        "rank": "5",
        "source": f"{F} 2.3 'WW for FLASH OVERRIDE is [unverified]'; rank above FLASH "
        "from the name only, order against Y not sourced [unverified]",
    },
    # words on TO/INFO lines
    {"code": "FLASH", "word": "FLASH", "letter": "Z", "rank": "4", "source": FAH},
    {
        "code": "NIACT IMMEDIATE",
        "word": "NIACT IMMEDIATE",
        "letter": "O",
        "rank": "3",
        "source": f"{FAH}; NIACT = night action: immediate precedence with night action",
    },
    {"code": "IMMEDIATE", "word": "IMMEDIATE", "letter": "O", "rank": "3", "source": FAH},
    {"code": "PRIORITY", "word": "PRIORITY", "letter": "P", "rank": "2", "source": FAH},
    {"code": "ROUTINE", "word": "ROUTINE", "letter": "R", "rank": "1", "source": FAH},
    {
        "code": "NIACT",
        "word": "NIACT",
        "letter": "",
        "rank": "3",
        "source": f"{F} 2.3 (History Lab urgency table lists NIACT on its own); rank as "
        "NIACT IMMEDIATE and no letter [unverified]",
    },
    {
        "code": "CRITIC",
        "word": "CRITIC",
        "letter": "",
        "rank": "4",
        "source": f"{F} 2.3: a separate intelligence message type sent 'at the highest "
        "priority' (training material, low authority); rank 4 = FLASH level "
        "[unverified]; no letter",
    },
]

# --------------------------------------------------------------------------- security

S124 = "ACP 127(G) §124.b, §203.a (FORMAT.md App. B 3.4); " + PROSIGNS
SECURITY_COLUMNS = ("code", "classification", "operating_signal", "source")
SECURITY_ROWS: list[Row] = [
    {
        "code": "UUUUU",
        "classification": "UNCLASSIFIED",
        "operating_signal": "ZNR",
        "source": f"{S124}; {F} 2.5 (ZNY UUUUU = UNCLAS SVC in a message generator, low authority)",
    },
    {
        "code": "EEEEE",
        "classification": "UNCLASSIFIED EFTO",
        "operating_signal": "ZNY",
        "source": f"{F} 2.5 (EFTO = encrypt for transmission only; ZNY EEEEE pairing from "
        "a message generator, low authority)",
    },
    {
        "code": "RRRRR",
        "classification": "RESTRICTED",
        "operating_signal": "ZNY",
        "source": S124.replace("§124.b", "§124.b(2)"),
    },
    {
        "code": "CCCCC",
        "classification": "CONFIDENTIAL",
        "operating_signal": "ZNY",
        "source": S124.replace("§124.b", "§124.b(3)"),
    },
    {
        "code": "SSSSS",
        "classification": "SECRET",
        "operating_signal": "ZNY",
        "source": S124.replace("§124.b", "§124.b(4)"),
    },
    {
        "code": "TTTTT",
        "classification": "TOP SECRET",
        "operating_signal": "ZNY",
        "source": S124.replace("§124.b", "§124.b(5)"),
    },
]

RELEASE = (
    f"{F} 2.5 (wlwardiary/cable2graph:extract comments on composite groups UUUAA / "
    "SSS BB) [verify against ACP 127 US SUPP-1]"
)
RELEASE_COLUMNS = ("letter", "meaning", "source")
RELEASE_ROWS: list[Row] = [
    {"letter": letter, "meaning": meaning, "source": RELEASE}
    for letter, meaning in [
        ("A", "Australia"),
        ("B", "British"),
        ("C", "Canada"),
        ("O", "Japan"),
        ("U", "US"),
        ("X", "other NATO"),
    ]
]

# --------------------------------------------------------------------------- op signals

C2G = f"{F} 2.7 (wlwardiary/cable2graph:extract comments) [verify against ACP 131]"
ACP135 = f"ACP 127(G) text names it ({F} App. B 3.2); meaning is in ACP 131, not consulted"
OBS_SIG = f"{OBS_SIGNALS} (after the DTG)"
SIGNAL_COLUMNS = ("code", "meaning", "source")
# code -> (meaning, [sources]); numbered forms (ZFF4, ZES2) are stored under the base code.
SIGNALS: dict[str, tuple[str, list[str]]] = {
    "ZZH": ("from Department of State offices", [C2G, "FL4 'ZNY CCCCC ZZH'"]),
    "ZOC": (
        "Station(s) called relay this message to addressees for whom you are responsible",
        [C2G],
    ),
    "ZFD": ("This message is a suspected duplicate", [C2G, ACP135]),
    "ZZK": ("NIACT", [C2G]),
    "ZDF": ("Received", [C2G]),
    "ZUI": ("Your attention is invited to…", [C2G, ACP135]),
    "ZFR": ("cancel", [C2G, ACP135]),
    "ZOJ": ("This is corrected version number", [C2G]),
    "ZEL": ("This message is a correction", [C2G, ACP135, OBS_SIG]),
    "ZEX": ("book message", [C2G, ACP135, OBS_SIG]),
    "ZDK": ("", [f"{F} 2.7 'meaning not sourced'", ACP135, OBS_SIG]),
    "ZFF": (
        "",
        [
            f"{F} 2.7 'not sourced'; written ZFF4, ZFF-4, ZFF-1/4 at the end of FL5 "
            "(1975-76, 1990s)",
            OBS_SIG,
        ],
    ),
    "ZYUW": (
        "narrative message",
        [f"{F} 2.2/2.7: JANAP 128 content indicator, not an ACP 131 operating signal (tpub page)"],
    ),
    "ZEN": (
        "delivered by other means",
        [f"ACP 127(G) Annex B format line 7 ({F} App. B 3.1, 3.5: 'ZEN/' before an address)"],
    ),
    "ZNR": (
        "Unclassified or off-line encrypted message. This message may be forwarded "
        "without change by radio or non-approved circuit.",
        [f"ACP 127(G) §124.b(1) ({PROSIGNS}); always followed by UUUUU (§203.a)"],
    ),
    "ZNY": (
        "Do not forward this message unencrypted by radio or non-approved circuit.",
        [
            f"ACP 127(G) §124.b(2)-(5) ({PROSIGNS}); followed by RRRRR, CCCCC, SSSSS or "
            "TTTTT (§203.a)"
        ],
    ),
    "ZXB": (
        "",
        [f"{ACP135}; §424.b uses it as an alternative way to cancel an incomplete transmission"],
    ),
    "ZPH": (
        "",
        [f"{ACP135}; §424.c uses it as an alternative way to cancel an incomplete transmission"],
    ),
    "ZES": ("", [f"{ACP135} (written ZES2)"]),
    "ZAR": ("", [f"{ACP135} (written ZAR2)"]),
    "ZEQ": ("", [f"{ACP135} (written ZEQ2-ZEQ6)"]),
    "ZYB": ("", [OBS_SIG + " (NAVADMIN)"]),
    "ZYW": ("", [OBS_SIG + " (NAVADMIN)"]),
    "ZDS": ("", [OBS_SIG]),
}
for _code in (
    "ZGC ZOT ZVQ ZFG ZOV ZDG ZFH ZID ZIC ZFQ ZFU ZFT ZFX ZKJ ZBZ ZOE ZAN ZDQ ZDH"
).split():
    SIGNALS.setdefault(_code, ("", [ACP135]))

# --------------------------------------------------------------------------- prosigns

PROSIGN_COLUMNS = ("code", "kind", "meaning", "source")


def build_prosigns(ref: Path) -> list[Row]:
    rows: dict[str, Row] = {}
    with (ref / PROSIGNS).open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            kind, token = rec["kind"], rec["token"]
            meaning = rec["meaning_verbatim_from_ACP127G"]
            para = rec["acp127g_paragraph"]
            if kind == "definition":
                continue
            src = f"{PROSIGNS} (ACP 127(G) §{para})"
            if kind == "security warning operating signal":
                token = token.split()[0]  # ZNR UUUUU / ZNY RRRRR ... -> ZNR / ZNY
                if token in rows:
                    rows[token]["source"] += f", §{para}"
                    continue
                meaning = SIGNALS[token][0]
            codes = [t.strip() for t in token.split("/")] if kind == "indicator" else [token]
            for code in codes:
                rows[code] = {"code": code, "kind": kind, "meaning": meaning, "source": src}
    rows["GRNC"] = {
        "code": "GRNC",
        "kind": "prosign",
        "meaning": "word groups have not been counted",
        "source": f"{F} 2.2 FL10 (ACP-126 'WD GRNC'; wikimili 16-line format page, secondary)",
    }
    return sorted(rows.values(), key=lambda r: r["code"])


# --------------------------------------------------------------------------- captions

CAPTION_COLUMNS = ("caption", "kind", "restrictiveness", "meaning", "source")
H250 = "5 FAH-2 H-250 via FORMAT.md 2.9 ('The most restrictive caption must appear first')"
RANK_NOTE = "rank NODIS > EXDIS > LIMDIS [ordering not quoted verbatim in the sources]"
H442 = (
    "5 FAH-2 H-442 via FORMAT.md 2.9 (channel and role captions; 'A message can have "
    "only one channel caption'); rank among restrictive captions not sourced"
)
OBS_CAP = f"{OBS_CAPTIONS}"
CAPTION_ROWS: list[Row] = [
    {
        "caption": "NODIS",
        "kind": "distribution",
        "restrictiveness": "3",
        "meaning": "",
        "source": f"{H250}; {RANK_NOTE}; {OBS_CAP} (7 files)",
    },
    {
        "caption": "EXDIS",
        "kind": "distribution",
        "restrictiveness": "2",
        "meaning": "",
        "source": f"{H250}; {RANK_NOTE}; {OBS_CAP} (1 file)",
    },
    {
        "caption": "LIMDIS",
        "kind": "distribution",
        "restrictiveness": "1",
        "meaning": "",
        "source": f"{H250}; {RANK_NOTE}; FORMAT.md App. A 2.1 handling designators",
    },
    {
        "caption": "STADIS",
        "kind": "distribution",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{H250}: 'You may use STADIS ... with EXDIS ... or NODIS'; written "
        "'STADIS////////'; rank not sourced",
    },
    {
        "caption": "SIPDIS",
        "kind": "distribution",
        "restrictiveness": "",
        "meaning": "SIPRNET distribution",
        "source": f"05 STATE 226504 via {F} 2.9 (introduced Dec 2005; may not carry NODIS or "
        f"EXDIS); {OBS_CAP} (243 files); rank not sourced",
    },
    {
        "caption": "SPECAT",
        "kind": "special-handling",
        "restrictiveness": "2",
        "meaning": "equivalent to EXDIS",
        "source": f"5 FAH-2 H-251 via {F} 2.9 (SPECAT ≈ EXDIS)",
    },
    {
        "caption": "SPECAT EXCLUSIVE",
        "kind": "special-handling",
        "restrictiveness": "3",
        "meaning": "equivalent to NODIS",
        "source": f"5 FAH-2 H-251 via {F} 2.9 (SPECAT EXCLUSIVE ≈ NODIS)",
    },
    {
        "caption": "NIACT",
        "kind": "special-handling",
        "restrictiveness": "",
        "meaning": "night action",
        "source": f"{F} 2.3; {OBS_CAP} (3 files)",
    },
    {
        "caption": "ROGER CHANNEL",
        "kind": "channel",
        "restrictiveness": "",
        "meaning": "intelligence channel",
        "source": f"{F} 2.9 'ROGER CHANNEL (intelligence)' [unverified: not in the readable "
        "excerpts]",
    },
    {
        "caption": "CHEROKEE",
        "kind": "channel",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{F} 2.9 historical caption [unverified: not in the readable excerpts]",
    },
    {
        "caption": "DISSENT CHANNEL",
        "kind": "channel",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{F} 2.9 historical caption [unverified: not in the readable excerpts]",
    },
    {"caption": "DIRGEN", "kind": "channel", "restrictiveness": "", "meaning": "", "source": H442},
    {
        "caption": "AGREMENT",
        "kind": "channel",
        "restrictiveness": "",
        "meaning": "",
        "source": H442 + " (written AGRÉMENT)",
    },
    {
        "caption": "AGRMENT CHANNEL",
        "kind": "channel",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{F} 2.9 (older form of AGRÉMENT, 5 FAH-2 H-442)",
    },
    {
        "caption": "MED CHANNEL",
        "kind": "channel",
        "restrictiveness": "",
        "meaning": "",
        "source": H442,
    },
    {
        "caption": "TM CHANNEL",
        "kind": "channel",
        "restrictiveness": "",
        "meaning": "",
        "source": H442,
    },
    {
        "caption": "CODEL",
        "kind": "channel",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{H442}; {OBS_CAP} (8 files)",
    },
    {
        "caption": "FOR <ADDRESSEE> ONLY",
        "kind": "channel",
        "restrictiveness": "",
        "meaning": "",
        "source": H442 + " ('FOR xxx ONLY' role caption)",
    },
    {
        "caption": "INFORM ALL STATE EMPLOYEES",
        "kind": "other",
        "restrictiveness": "0",
        "meaning": "",
        "source": f"5 FAH-2 H-442 via {F} 2.9: 'the only caption considered nonrestrictive'",
    },
    {
        "caption": "INFORM CONSULS",
        "kind": "other",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{F} 2.9 (passing line)",
    },
    {
        "caption": "FOR ALL CABLE DRAFTERS",
        "kind": "other",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{F} 2.9 (passing line)",
    },
    {
        "caption": "PASS TO <ADDRESSEE>",
        "kind": "other",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{F} 2.9 (passing line); {OBS_CAP} (37 files)",
    },
    {
        "caption": "<POST>: PASS TO <ADDRESSEE>",
        "kind": "other",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{F} 2.9 ('LONDON: PASS TO …')",
    },
    {
        "caption": "PERSONAL FOR <ADDRESSEE>",
        "kind": "other",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{OBS_CAP} (1 file, NAVADMIN); {F} 4",
    },
    {
        "caption": "NOFORN",
        "kind": "dissemination",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{F} 2.9, 4; {OBS_CAP} (66 files)",
    },
    {
        "caption": "REL TO <COUNTRIES>",
        "kind": "dissemination",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{OBS_CAP} (3 files)",
    },
    {
        "caption": "SBU",
        "kind": "dissemination",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{F} 2.5 ('UNCLAS SENSITIVE/SBU'), 4; {OBS_CAP} (98 files)",
    },
    {
        "caption": "FOR OFFICIAL USE ONLY",
        "kind": "dissemination",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{F} 2.5 ('UNCLASSIFIED//FOR OFFICIAL USE ONLY'); {OBS_CAP}",
    },
    {
        "caption": "FOUO",
        "kind": "dissemination",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{OBS_CAP} (1 file)",
    },
    {
        "caption": "NOT FOR INTERNET DISTRIBUTION",
        "kind": "dissemination",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{F} 4; {OBS_CAP} (1 file)",
    },
    {
        "caption": "EYES ONLY",
        "kind": "dissemination",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{OBS_CAP} (4 files; 'MERCURY EYES ONLY', {F} 4)",
    },
    {
        "caption": "MERCURY",
        "kind": "other",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{F} 4 ('MERCURY EYES ONLY'); {OBS_CAP} (3 files)",
    },
    {
        "caption": "TERREP",
        "kind": "other",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{F} 4; {OBS_CAP} (1 file)",
    },
    {
        "caption": "AIDAC",
        "kind": "other",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{F} 4; {OBS_CAP} (1 file)",
    },
    {
        "caption": "DEPTO <SERIAL>",
        "kind": "other",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{F} 4 ('DEPTO 0001'); {OBS_CAP} (1 file)",
    },
    {
        "caption": "USSALTTWO/CTB",
        "kind": "other",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{F} 2.9 (observed caption)",
    },
    {
        "caption": "WNINTEL",
        "kind": "other",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{OBS_CAP} (5 files, CIA cables)",
    },
    {
        "caption": "RYBAT",
        "kind": "other",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{OBS_CAP} (4 files, CIA cables)",
    },
    {
        "caption": "DECAPTIONED",
        "kind": "control",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{F} 4; {OBS_CAP} (8 files)",
    },
    {
        "caption": "CORRECTED COPY",
        "kind": "control",
        "restrictiveness": "",
        "meaning": "",
        "source": f"{F} 2.12; {OBS_CAP} (3 files)",
    },
]

# --------------------------------------------------------------------------- tags

TAG_COLUMNS = ("tag", "kind", "category", "title", "title_era", "era_titles", "alternatives",
               "takes_name", "source")
# First letter of a subject TAG -> category. Names are NARA's "field" names
# (nara-cfpf-1973-1979_subject-tags.csv); L and K are only in FORMAT.md 2.9.
CATEGORY = {
    "A": "Administration",
    "B": "Business Services",
    "C": "Consular Affairs",
    "E": "Economic Affairs",
    "M": "Military and Defense Affairs",
    "O": "Operations",
    "P": "Political Affairs",
    "S": "Social Affairs",
    "T": "Technology and Science",
    "L": "Legal",
    "K": "Program",
}
PERSON_PREFIXES = ("OVIP", "OREP", "OTRA", "OCON", "OEXC")
PERSON_NOTE = (
    "takes a name in parentheses: 'EACH OF THESE TAGS MUST BE USED WITH THE NAME "
    f"OF THE SUBJECT INDIVIDUAL' (1974STATE150591 via {F} 2.9)"
)

FIPS = "FIPS PUB 10-4 (country codes; not in shared/reference)"
FIPS_HIST = FIPS + " [historic code, withdrawn; verify]"
# FIPS 10-4 code -> short name: the last edition's countries and dependencies.
FIPS_10_4 = """
AA Aruba|AC Antigua and Barbuda|AE United Arab Emirates|AF Afghanistan|AG Algeria
AJ Azerbaijan|AL Albania|AM Armenia|AN Andorra|AO Angola|AQ American Samoa|AR Argentina
AS Australia|AT Ashmore and Cartier Islands|AU Austria|AV Anguilla|AX Akrotiri
AY Antarctica|BA Bahrain|BB Barbados|BC Botswana|BD Bermuda|BE Belgium|BF Bahamas, The
BG Bangladesh|BH Belize|BK Bosnia and Herzegovina|BL Bolivia|BM Burma|BN Benin|BO Belarus
BP Solomon Islands|BQ Navassa Island|BR Brazil|BS Bassas da India|BT Bhutan|BU Bulgaria
BV Bouvet Island|BX Brunei|BY Burundi|CA Canada|CB Cambodia|CD Chad|CE Sri Lanka
CF Congo (Brazzaville)|CG Congo (Kinshasa)|CH China|CI Chile|CJ Cayman Islands
CK Cocos (Keeling) Islands|CM Cameroon|CN Comoros|CO Colombia|CQ Northern Mariana Islands
CR Coral Sea Islands|CS Costa Rica|CT Central African Republic|CU Cuba|CV Cape Verde
CW Cook Islands|CY Cyprus|DA Denmark|DJ Djibouti|DO Dominica|DQ Jarvis Island
DR Dominican Republic|DX Dhekelia|EC Ecuador|EG Egypt|EI Ireland|EK Equatorial Guinea
EN Estonia|ER Eritrea|ES El Salvador|ET Ethiopia|EU Europa Island|EZ Czech Republic
FG French Guiana|FI Finland|FJ Fiji|FK Falkland Islands (Islas Malvinas)
FM Micronesia, Federated States of|FO Faroe Islands|FP French Polynesia|FQ Baker Island
FR France|FS French Southern and Antarctic Lands|GA Gambia, The|GB Gabon|GG Georgia
GH Ghana|GI Gibraltar|GJ Grenada|GK Guernsey|GL Greenland|GM Germany|GO Glorioso Islands
GP Guadeloupe|GQ Guam|GR Greece|GT Guatemala|GV Guinea|GY Guyana|GZ Gaza Strip|HA Haiti
HK Hong Kong|HM Heard Island and McDonald Islands|HO Honduras|HQ Howland Island
HR Croatia|HU Hungary|IC Iceland|ID Indonesia|IM Isle of Man|IN India
IO British Indian Ocean Territory|IP Clipperton Island|IR Iran|IS Israel|IT Italy
IV Cote d'Ivoire|IZ Iraq|JA Japan|JE Jersey|JM Jamaica|JN Jan Mayen|JO Jordan
JQ Johnston Atoll|JU Juan de Nova Island|KE Kenya|KG Kyrgyzstan|KN Korea, North
KQ Kingman Reef|KR Kiribati|KS Korea, South|KT Christmas Island|KU Kuwait|KV Kosovo
KZ Kazakhstan|LA Laos|LE Lebanon|LG Latvia|LH Lithuania|LI Liberia|LO Slovakia
LQ Palmyra Atoll|LS Liechtenstein|LT Lesotho|LU Luxembourg|LY Libya|MA Madagascar
MB Martinique|MC Macau|MD Moldova|MF Mayotte|MG Mongolia|MH Montserrat|MI Malawi
MJ Montenegro|MK Macedonia|ML Mali|MN Monaco|MO Morocco|MP Mauritius|MQ Midway Islands
MR Mauritania|MT Malta|MU Oman|MV Maldives|MX Mexico|MY Malaysia|MZ Mozambique
NC New Caledonia|NE Niue|NF Norfolk Island|NG Niger|NH Vanuatu|NI Nigeria|NL Netherlands
NN Sint Maarten|NO Norway|NP Nepal|NR Nauru|NS Suriname|NU Nicaragua|NZ New Zealand
OD South Sudan|PA Paraguay|PC Pitcairn Islands|PE Peru|PF Paracel Islands
PG Spratly Islands|PK Pakistan|PL Poland|PM Panama|PO Portugal|PP Papua New Guinea
PS Palau|PU Guinea-Bissau|QA Qatar|RE Reunion|RI Serbia|RM Marshall Islands
RN Saint Martin|RO Romania|RP Philippines|RQ Puerto Rico|RS Russia|RW Rwanda
SA Saudi Arabia|SB Saint Pierre and Miquelon|SC Saint Kitts and Nevis|SE Seychelles
SF South Africa|SG Senegal|SH Saint Helena|SI Slovenia|SL Sierra Leone|SM San Marino
SN Singapore|SO Somalia|SP Spain|ST Saint Lucia|SU Sudan|SV Svalbard|SW Sweden
SX South Georgia and the South Sandwich Islands|SY Syria|SZ Switzerland
TB Saint Barthelemy|TD Trinidad and Tobago|TE Tromelin Island|TH Thailand|TI Tajikistan
TK Turks and Caicos Islands|TL Tokelau|TN Tonga|TO Togo|TP Sao Tome and Principe
TS Tunisia|TT Timor-Leste|TU Turkey|TV Tuvalu|TW Taiwan|TX Turkmenistan|TZ Tanzania
UC Curacao|UG Uganda|UK United Kingdom|UP Ukraine|US United States|UV Burkina Faso
UY Uruguay|UZ Uzbekistan|VC Saint Vincent and the Grenadines|VE Venezuela
VI British Virgin Islands|VM Vietnam|VQ Virgin Islands|VT Holy See (Vatican City)
WA Namibia|WE West Bank|WF Wallis and Futuna|WI Western Sahara|WQ Wake Island|WS Samoa
WZ Swaziland|YM Yemen|ZA Zambia|ZI Zimbabwe
"""
# Withdrawn codes that 1966-1990s cables use.
FIPS_10_4_HISTORIC = {
    "UR": "Soviet Union",
    "GC": "German Democratic Republic",
    "GE": "Germany, Federal Republic of",
    "YO": "Yugoslavia",
    "CZ": "Czechoslovakia",
    "NT": "Netherlands Antilles",
}
# Extra facts for some geographic tags from the sources themselves.
GEO_NOTES = {
    "RS": f"; {F} 2.9 ('RS Russia'; cablemap fixes RU -> RS)",
    "IZ": f"; {F} 2.9 ('IZ Iraq')",
    "KS": f"; {F} 2.9 ('KS'/'KN' Koreas)",
    "KN": f"; {F} 2.9 ('KS'/'KN' Koreas)",
    "PE": f"; {F} 2.9 ('PE Peru')",
    "EU": "; the shared corpus has EU on 4 TAGS lines, where its meaning is not sourced",
    "UR": f"; {F} App. B 3.10 (TAGS example 'OVIP UR (KOSYGIN, ALEKSEY N)', 1974)",
}

TAGS_LINE_RE = re.compile(r"(?m)(?:^|\s)TAGS?\s*[:;]?\s+([^\n]*)")


def harvest_corpus_tags(corpus: Path) -> dict[str, list[str]]:
    """Two- and four-letter tokens on TAGS lines of the corpus -> files they occur in."""
    seen: dict[str, set[str]] = collections.defaultdict(set)
    if not corpus.is_dir():
        return {}
    for path in sorted(corpus.glob("*/*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for m in TAGS_LINE_RE.finditer(text):
            line = re.split(r"\bSUBJ", m.group(1))[0]  # collapsed records run on
            line = re.sub(r"\([^)]*\)", " ", line)
            for tok in re.split(r"[\s,;]+", line):
                tok = tok.strip("._")
                if re.fullmatch(r"[A-Z]{2}|[A-Z]{4}", tok):
                    seen[tok].add(f"{path.parent.name}/{path.name}")
    return {k: sorted(v) for k, v in seen.items()}


FAM_TAGS = "tags_titles_fam-5fah3-h011-excerpt.csv"
PLUSD_TAGS = "tags_titles_wikileaks-plusd.csv"
HANDBOOK_1974 = "tags_titles_1974-handbook-orgs_via-leuc-acp127.csv"
SOURCES_NOTE = "SOURCES-acp117-routes-tags.md"
# Era readings that a source states: the 1974 handbook's organization titles are of 1974;
# SOURCES-acp117-routes-tags.md §3 says "in 2000s cables WTO is the World Trade Organization".
ERA_READINGS = [("WTO", "organization", "World Trade Organization", "2000-2009",
                 f"{SOURCES_NOTE} §3 ('in 2000s cables WTO is the World Trade Organization')")]


def tag_kind(code: str) -> str:
    if re.fullmatch(r"K[A-Z]{3}", code):
        return "program"
    if re.fullmatch(r"[A-Z]{4}", code) and code[0] in CATEGORY:
        return "subject"
    if re.fullmatch(r"[A-Z]{2}", code):
        return "geographic"
    if "," in code:
        return "person"
    return "organization"


def build_tags(ref: Path, corpus: Path) -> list[Row]:
    """TAGS rows. Titles in order of authority (docs/vocabularies.md): 5 FAH-3 H-011.1
    (2022, the official list, first part), NARA's 1973-1979 list, the 1974 handbook
    (organization tags, era 1974), FIPS 10-4 (geographic), WikiLeaks PlusD (2015 copy,
    then 2013 copy); codes only: cablemap's lists, FORMAT.md, TAGS lines of the corpus."""
    rows: dict[tuple[str, str], Row] = {}
    readings: dict[tuple[str, str], list[tuple[str, str, str]]] = collections.defaultdict(list)

    def add(tag: str, kind: str, title: str, source: str, category: str = "",
            era: str = "") -> None:
        key = (tag.upper(), kind)
        if title:
            readings[key].append((squash(title), source, era))
        if key in rows:
            row = rows[key]
            if source not in row["source"]:
                row["source"] += "; " + source
            if category and not row["category"]:
                row["category"] = category
            return
        if kind in ("subject", "program") and not category:
            category = CATEGORY.get(tag[0], "")
        takes = "1" if tag in PERSON_PREFIXES else "0"
        rows[key] = {"tag": tag, "kind": kind, "category": category, "title": "",
                     "title_era": "", "era_titles": "", "alternatives": "",
                     "takes_name": takes, "source": source}

    with (ref / FAM_TAGS).open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            add(rec["code"], tag_kind(rec["code"]), rec["title"],
                f"{FAM_TAGS} (5 FAH-3 H-011.1, CT:TAGS-91, 2022)",
                CATEGORY.get(rec["category"], ""))
    with (ref / NARA_TAGS).open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            code = rec["tags_code"]
            if "*" in code:  # "E***: all subject TAGS in the E field are permanent"
                continue
            appendix = "I" if rec["retention_1973_1979"] == "permanent" else "II"
            add(code, "subject", rec["title"],
                f"{NARA_TAGS} (NARA FAQ App. {appendix}, 1973-1979)", rec["field"])
    with (ref / HANDBOOK_1974).open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            add(rec["code"], "organization", rec["title"],
                f"{HANDBOOK_1974} (1974 TAGS handbook TL:TAGS-1, section 15)", era="1974")
    for tag, kind, title, era, src in ERA_READINGS:
        add(tag, kind, title, src, era=era)
    for line in (ref / CM_SUBJECT).read_text(encoding="utf-8").splitlines():
        if line.strip():
            add(line.strip(), "subject", "", CM_SUBJECT)
    for code in ("KCRM", "KNNP"):
        add(code, "program", "", f"{F} 2.9 ('Program tags are K???')")
    add("KTFN", "program", "", f"{OBS_EO} (TAGS line 'ECON PTER KTFN AE AF EFIN')")
    for code in PERSON_PREFIXES:
        rows[(code, "subject")]["source"] += "; " + PERSON_NOTE

    for line in re.split(r"[|\n]", FIPS_10_4):
        line = line.strip()
        if line:
            code, name = line.split(" ", 1)
            add(code, "geographic", name, FIPS + GEO_NOTES.get(code, ""))
    for code, name in FIPS_10_4_HISTORIC.items():
        add(code, "geographic", name, FIPS_HIST + GEO_NOTES.get(code, ""))

    # PlusD: the 2015 copy before the 2013 one (newer; the 2013 copy mixes in airline codes:
    # "UN: United Nations; Transaero"). Its category is kept where ours is empty.
    with (ref / PLUSD_TAGS).open(encoding="utf-8", newline="") as fh:
        plusd = list(csv.DictReader(fh))
    for year, marker in (("2015", "bhyassine"), ("2013", "jplusplus")):
        for rec in plusd:
            if marker not in rec["source"] or not rec["title"].strip():
                continue
            code = rec["code"].strip()
            kind = tag_kind(code)
            if kind == "geographic" and (code, "organization") in rows \
                    and (code, "geographic") not in rows:
                kind = "organization"
            if kind == "organization" and (code, "geographic") in rows:
                kind = "geographic"  # PlusD shows geographic tags without category too
            add(code, kind, rec["title"], f"{PLUSD_TAGS} (WikiLeaks PlusD, {year} copy)")

    for line in (ref / CM_ORG).read_text(encoding="utf-8").splitlines():
        if line.strip():
            add(line.strip(), "organization", "", CM_ORG)

    # Tags seen on TAGS lines of the shared corpus in at least two files, unknown to the
    # lists above: the form is attested, the title is not.
    known = {t for t, _ in rows}
    for tok, files in sorted(harvest_corpus_tags(corpus).items()):
        if tok in known or len(files) < 2:
            continue
        kind = tag_kind(tok)
        if kind not in ("program", "subject", "geographic"):
            continue
        add(tok, kind, "", f"shared corpus TAGS lines ({len(files)} files, e.g. {files[0]}); "
            "title not sourced [unverified]")

    # Title = the first reading without an era; era readings that say something else are
    # kept in era_titles ("1974=Warsaw Pact Organization"), the cable's year picks one.
    for key, row in rows.items():
        found = readings.get(key, [])
        if not found:
            continue
        plain = [r for r in found if not r[2]]
        first = plain[0] if plain else found[0]
        row["title"] = first[0]
        row["title_era"] = first[2]
        eras: dict[str, str] = {}
        for title, _, era in found:
            if era:
                eras.setdefault(era, title)
        if any(title != first[0] for title in eras.values()):
            row["era_titles"] = "|".join(f"{era}={title}" for era, title in eras.items())
        others = [f"{title} [{src.split(' (')[0]}{' ' + era if era else ''}]"
                  for title, src, era in found if title != first[0]]
        row["alternatives"] = "|".join(dict.fromkeys(others))

    return sorted(rows.values(), key=lambda r: (r["tag"].upper(), r["kind"]))


# --------------------------------------------------------------------------- E.O.s

EO_COLUMNS = (
    "number",
    "title",
    "in_force_from",
    "in_force_to",
    "decl_forms",
    "reason_section",
    "source",
)
TITLE_NOTE = "title from the order's published text [not quoted in shared sources; verify]"


def forms(*parts: str) -> str:
    return "|".join(parts)


EO_ROWS: list[Row] = [
    {
        "number": "11652",
        "title": "Classification and Declassification of National Security Information "
        "and Material",
        "in_force_from": "1972-06-01",
        "in_force_to": "1978-11-30",
        "decl_forms": forms("GDS", "ADS", "XGDS-1", "XGDS-2", "XGDS-3", "XGDS-4", "N/A"),
        "reason_section": "",
        "source": f"{F} 2.10 (dates from general knowledge [verify]; forms: GDS 1975STATE133602, "
        f"XGDS-1..4 §5(B)(1)-(4), ADS [unverified form], N/A); {F} App. B 3.10 "
        "(1974 TAGS handbook: ADS/XGDSn 'followed by DECLAS and the date or event', "
        f"written XGDS1); {OBS_EO} (also 'NGDS', corrupt); {TITLE_NOTE}",
    },
    {
        "number": "12065",
        "title": "National Security Information",
        "in_force_from": "1978-12-01",
        "in_force_to": "1982-07-31",
        "decl_forms": forms(
            "GDS", "RDS-1", "RDS-2", "RDS-3", "XDS-1", "XDS-2", "XDS-3", "XDS-4", "N/A"
        ),
        "reason_section": "",
        "source": f"{F} 2.10 (effective 1 Dec 1978, 1978STATE296107; revoked by E.O. 12356, "
        "in force to the day before 12356 took effect; 'GDS <m/d/yy>', RDS-1/2/3, "
        f"XDS-1..4 + date, N/A); {OBS_EO} ('GDS 8/12/85 (TOMSETH, VICTOR L.) OR-P'); "
        f"{TITLE_NOTE}",
    },
    {
        "number": "12356",
        "title": "National Security Information",
        "in_force_from": "1982-08-01",
        "in_force_to": "1995-10-13",
        "decl_forms": forms("OADR", "DATE", "N/A"),
        "reason_section": "",
        "source": f"{F} 2.10 ('1 Aug 1982 - Oct 1995'; end day = eve of E.O. 12958's 180-day "
        "effective date 14 Oct 1995 [verify]; 'DECL: OADR' = originating agency's "
        f"determination required, 'DECL: <date>', N/A); {OBS_EO}; {TITLE_NOTE}",
    },
    {
        "number": "12958",
        "title": "Classified National Security Information",
        "in_force_from": "1995-04-17",
        "in_force_to": "2003-03-24",
        "decl_forms": forms("DATE", "X1", "X2", "X3", "X4", "X5", "X6", "X7", "X8", "N/A"),
        "reason_section": "1.5",
        "source": f"{F} 2.10 (from 17 Apr 1995 per api.fdsys.gov, which overlaps 12356's "
        "'- Oct 1995'; 'DECL: mm/dd/yy(yy)', 'DECL: X1, X5', N/A; 'REASON: 1.5 (D)'; "
        f"amended 25 Mar 2003); {OBS_EO} (also 'DECL: MR', 'DNG: CO <date>', "
        f"'DECL: OADR'; meanings not sourced); {TITLE_NOTE}",
    },
    {
        "number": "12958-AMENDED",
        "title": "Classified National Security Information (E.O. 12958 as amended by E.O. 13292)",
        "in_force_from": "2003-03-25",
        "in_force_to": "2010-06-26",
        "decl_forms": forms("DATE", "N/A"),
        "reason_section": "1.4",
        "source": f"{F} 2.10 ('25 Mar 2003 - Jun 2010'; end day = eve of E.O. 13526's "
        "effective date 27 Jun 2010 [verify]; E.O. line unchanged 'E.O. 12958: DECL: "
        "<date>'; reasons 1.4 (a)-(h), h = WMD, cablemap interfaces.py citing 5 FAH-3 "
        "H-700); lines read 'E.O. 12958', so the number alone cannot tell it from "
        f"12958; {TITLE_NOTE}",
    },
    {
        "number": "13526",
        "title": "Classified National Security Information",
        "in_force_from": "2009-12-29",
        "in_force_to": "",
        "decl_forms": forms(
            "DATE", "25X1", "25X2", "25X3", "25X4", "25X5", "25X6", "25X7", "25X8", "25X9", "N/A"
        ),
        "reason_section": "1.4",
        "source": f"{F} 2.10 ('29 Dec 2009, effective mid-2010'; 'E.O. 13526: DECL: <date>'; "
        "reasons 1.4 (a)-(h); 25X exemptions [verify]; 5 FAH-1 H-130); in_force_to "
        f"empty = no end given; {TITLE_NOTE}",
    },
]

# --------------------------------------------------------------------------- portion marks

H246 = f"5 FAH-1 H-246.2 via {F} 2.5 (mwitty.com page; 10STATE284)"
PORTION_COLUMNS = ("mark", "classification", "source")
PORTION_ROWS: list[Row] = [
    {"mark": "U", "classification": "UNCLASSIFIED", "source": H246},
    {"mark": "SBU", "classification": "SBU", "source": H246},
    {"mark": "SBU/N", "classification": "SBU", "source": H246 + "; meaning of '/N' not sourced"},
    {"mark": "C", "classification": "CONFIDENTIAL", "source": H246},
    {
        "mark": "C/REL",
        "classification": "CONFIDENTIAL",
        "source": H246 + " ('(C/REL LIBYA)': REL is followed by the countries)",
    },
    {"mark": "S", "classification": "SECRET", "source": H246},
    {
        "mark": "S/NF",
        "classification": "SECRET",
        "source": f"{F} 4 (observed '(S/NF)'); meaning of '/NF' not spelled out in the sources",
    },
    {
        "mark": "TS",
        "classification": "TOP SECRET",
        "source": f"{UNVERIFIED} not quoted in the sources; by analogy with (C), (S) and "
        f"TOP SECRET in 5 FAH-2 H-222 ({F} 2.5)",
    },
    {
        "mark": "LOU",
        "classification": "LIMITED OFFICIAL USE",
        "source": f"{UNVERIFIED} as a portion mark; 'LOU' abbreviates LIMITED OFFICIAL USE in "
        f"{F} 2.10 ('LOU N/A DECONTROL ...')",
    },
]


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    ap.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="shared corpus, for TAGS seen in real cables (optional)",
    )
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    ref: Path = args.reference
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    stations, ranges = build_stations(ref, args.corpus)
    write_table(out, "stations.csv", STATION_COLUMNS, stations)
    write_table(out, "station_ranges.csv", ("ri_first", "ri_last", "name", "kind", "source"),
                ranges)
    write_table(out, "ri_unexplained.csv", ("ri", "seen", "example", "source"),
                build_unexplained(args.corpus, {r["ri"] for r in stations}, ranges))
    write_table(out, "ri_letters.csv", RI_LETTER_COLUMNS, RI_LETTER_ROWS)
    write_table(out, "precedence.csv", PRECEDENCE_COLUMNS, PRECEDENCE_ROWS)
    write_table(out, "security_groups.csv", SECURITY_COLUMNS, SECURITY_ROWS)
    write_table(out, "release_codes.csv", RELEASE_COLUMNS, RELEASE_ROWS)
    write_table(
        out,
        "operating_signals.csv",
        SIGNAL_COLUMNS,
        (
            {"code": code, "meaning": meaning, "source": "; ".join(sources)}
            for code, (meaning, sources) in sorted(SIGNALS.items())
        ),
    )
    write_table(out, "prosigns.csv", PROSIGN_COLUMNS, build_prosigns(ref))
    write_table(out, "captions.csv", CAPTION_COLUMNS, CAPTION_ROWS)
    write_table(out, "tags.csv", TAG_COLUMNS, build_tags(ref, args.corpus))
    write_table(out, "executive_orders.csv", EO_COLUMNS, EO_ROWS)
    write_table(out, "portion_marks.csv", PORTION_COLUMNS, PORTION_ROWS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
