"""Collections: archives, ordered parallel parsing, JSON Lines/CSV/SQLite export."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

import teletype
from teletype import export
from teletype.cli import main
from teletype.collection import Item, iter_items, iter_parse, iter_walk, ordered_map, walk

VALID = sorted((ROOT / "corpus" / "valid").glob("*.txt"))


def test_iter_parse_keeps_input_order_with_workers() -> None:
    serial = [(name, cable.record()) for name, cable in iter_parse([str(p) for p in VALID])]
    parallel = [(name, cable.record())
                for name, cable in iter_parse([str(p) for p in VALID], jobs=2)]
    assert serial == parallel
    assert [name for name, _ in serial] == [str(p) for p in VALID]


def item_name(item: Item) -> str:
    return item.name


def test_parallel_map_reads_a_bounded_window_ahead() -> None:
    """Workers get the input a few chunks ahead of the results, never all of it: memory
    stays flat on a collection of any size."""
    taken = 0

    def items() -> Iterator[Item]:
        nonlocal taken
        for i in range(10_000):
            taken += 1
            yield Item(str(i), b"")

    results = ordered_map(item_name, items(), jobs=2, chunksize=16)
    first = [next(results) for _ in range(20)]
    assert first == [str(i) for i in range(20)]
    assert taken <= 16 * (4 * 2 + 2)
    assert list(results) == [str(i) for i in range(20, 10_000)]


def test_walk_order_and_what_it_skips(tmp_path: Path) -> None:
    """Path-part order (a folder's files where the folder's name sorts), hidden entries,
    non-cable names and links to folders left out."""
    for name in ("b.txt", "a/z.txt", "a/c/d.txt", "a0.txt", ".hidden/x.txt", ".x.txt",
                 "notes.md", "INDEX.csv", "box.zip", "plain"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("BT\n")
    (tmp_path / "link").symlink_to(tmp_path / "a", target_is_directory=True)
    expected = [str(tmp_path / n) for n in ("a/c/d.txt", "a/z.txt", "a0.txt", "b.txt",
                                             "box.zip", "plain")]
    assert walk(str(tmp_path)) == expected
    assert list(iter_walk(str(tmp_path), archives=False)) == [p for p in expected
                                                                if not p.endswith(".zip")]


def test_archives_are_read(tmp_path: Path) -> None:
    zpath = tmp_path / "cables.zip"
    with zipfile.ZipFile(zpath, "w") as archive:
        for path in VALID[:2]:
            archive.write(path, f"box/{path.name}")
        archive.writestr("box/README.md", "not a cable")
    tpath = tmp_path / "cables.tar.gz"
    with tarfile.open(tpath, "w:gz") as archive:
        archive.add(VALID[2], arcname=VALID[2].name)
    names = [item.name for item in iter_items([str(tmp_path)])]
    assert names == [f"{tpath}::{VALID[2].name}", f"{zpath}::box/{VALID[0].name}",
                     f"{zpath}::box/{VALID[1].name}"]


def test_broken_archive_is_reported_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "bad.zip").write_bytes(b"not a zip")
    (tmp_path / "ok.txt").write_bytes(VALID[0].read_bytes())
    errors: list[str] = []
    names = [i.name for i in iter_items([str(tmp_path)], lambda n, e: errors.append(n))]
    assert names == [str(tmp_path / "ok.txt")]
    assert errors == [str(tmp_path / "bad.zip")]


def test_sqlite_export_answers_a_full_text_query_and_updates_in_place(tmp_path: Path) -> None:
    db = tmp_path / "cables.db"
    args = ["export", str(ROOT / "corpus" / "valid"), "--format", "sqlite", "-o", str(db),
            "-j", "1"]
    assert main(args) == 0
    assert main(args) == 0  # a second run replaces rows by source path
    connection = sqlite3.connect(db)
    count = connection.execute("SELECT count(*) FROM cables").fetchone()[0]
    assert count == len(VALID)
    hits = connection.execute(
        "SELECT c.reference_id FROM cables_fts f JOIN cables c ON c.rowid = f.rowid "
        "WHERE cables_fts MATCH 'fisheries' ORDER BY c.reference_id").fetchall()
    assert ("89STATE214806",) in hits
    assert connection.execute("SELECT count(*) FROM cables_fts").fetchone()[0] == count
    to = connection.execute(
        "SELECT a.name, a.ri, a.precedence FROM addressees a JOIN cables c USING (source) "
        "WHERE c.reference_id = '09HELSINKI312' AND a.role = 'to'").fetchall()
    assert to == [("SECSTATE WASHDC", "RUEHC", "PRIORITY")]
    tags = connection.execute("SELECT tag FROM tags t JOIN cables c USING (source) "
                              "WHERE c.reference_id = '09HELSINKI312' ORDER BY position")
    assert [t for (t,) in tags] == ["PREL", "SENV", "EFIS", "EWWT", "FI", "RS"]
    record = json.loads(connection.execute(
        "SELECT record FROM cables WHERE reference_id = '89STATE214806'").fetchone()[0])
    assert record["to"] == ["AMEMBASSY MONTEVIDEO"]


def test_sqlite_needs_an_output_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(VALID[0]), "--format", "sqlite"]) == 2
    assert "needs -o" in capsys.readouterr().err


def test_jsonl_and_csv_exports_agree(tmp_path: Path) -> None:
    jsonl, table = tmp_path / "r.jsonl", tmp_path / "r.csv"
    assert main(["export", str(ROOT / "corpus" / "valid"), "-o", str(jsonl), "-j", "2"]) == 0
    assert main(["export", str(ROOT / "corpus" / "valid"), "--format", "csv", "-o",
                 str(table), "-j", "1"]) == 0
    records = [json.loads(line) for line in jsonl.read_text().splitlines()]
    rows = list(csv.DictReader(io.StringIO(table.read_text())))
    assert [r["reference_id"] or "" for r in records] == [r["reference_id"] for r in rows]
    assert records == [teletype.parse_file(p).record() for p in VALID]


def test_export_row_of_the_seed_like_cable() -> None:
    row = export.export_row(teletype.parse_file(VALID[0]))
    assert row.record["source"] == str(VALID[0])
    assert row.text
