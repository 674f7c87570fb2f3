"""The SQLite export as other tools see it: schema (foreign keys, external-content FTS5,
metadata, user_version, indexes), sources relative to a base, and Datasette serving it
(started on 127.0.0.1, searched with ``_search=`` and faceted on tags via its JSON API)."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from teletype import __version__, cli, export

VALID_DIR = ROOT / "corpus" / "valid"
VALID = sorted(VALID_DIR.glob("*.txt"))


def export_to(database: Path, *paths: str | Path, extra: tuple[str, ...] = ()) -> None:
    code = cli.main(["export", "-j", "1", "-q", "--format", "sqlite", "-o", str(database),
                     *extra, *map(str, paths)])
    assert code == 0


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "cables.sqlite"
    export_to(path, VALID_DIR)
    return path


def test_schema_for_browsing_tools(database: Path) -> None:
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == export.SCHEMA_VERSION
        for child in ("addressees", "tags", "captions", "refs", "diagnostics"):
            keys = connection.execute(f"PRAGMA foreign_key_list({child})").fetchall()
            assert [(k[2], k[3], k[4]) for k in keys] == [("cables", "source", "source")]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        fts = connection.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'cables_fts'").fetchone()[0]
        assert 'content="cables"' in fts and 'content_rowid="id"' in fts
        indexed = {row[0] for row in connection.execute(
            "SELECT tbl_name || '.' || sql FROM sqlite_master WHERE type = 'index' "
            "AND sql IS NOT NULL")}
        for column in ("cables(dtg)", "cables(date)", "cables(originator_ri)",
                       'cables("from")', "cables(classification)", "tags(tag)"):
            assert any(column in sql for sql in indexed), column
        meta = dict(connection.execute("SELECT key, value FROM export_metadata"))
    assert meta["tool_version"] == __version__
    assert meta["schema_version"] == str(export.SCHEMA_VERSION)
    assert json.loads(meta["inputs"]) == [str(VALID_DIR)]
    assert meta["base"] == str(VALID_DIR) and meta["exported_at"]


def test_fts_stays_in_step_when_rows_are_replaced(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    export_to(path, VALID_DIR)
    export_to(path, VALID_DIR)  # every row replaced: the FTS index must follow
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO cables_fts (cables_fts) VALUES ('integrity-check')")
        count = connection.execute("SELECT count(*) FROM cables").fetchone()[0]
        hits = connection.execute("SELECT count(*) FROM cables_fts WHERE cables_fts MATCH "
                                  "'fisheries'").fetchone()[0]
    assert count == len(VALID) and hits == 6


def test_sources_are_relative_to_a_base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                        ) -> None:
    """Re-exporting from another working directory (or naming the folder differently)
    replaces the rows instead of adding copies."""
    path = tmp_path / "c.sqlite"
    monkeypatch.chdir(ROOT)
    export_to(path, "corpus/valid")
    monkeypatch.chdir(ROOT / "corpus")
    export_to(path, "valid")
    export_to(path, VALID_DIR)
    with sqlite3.connect(path) as connection:
        sources = [s for (s,) in connection.execute("SELECT source FROM cables ORDER BY id")]
    assert sources == [p.name for p in VALID]
    export_to(path, VALID[0], extra=("--base", str(ROOT)))
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM cables WHERE source = ?",
                                  (f"corpus/valid/{VALID[0].name}",)).fetchone()[0] == 1


def test_an_old_schema_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "v1.sqlite"
    with sqlite3.connect(path) as connection:  # the schema of the first version
        connection.executescript(
            "CREATE TABLE cables (source TEXT PRIMARY KEY, record TEXT NOT NULL);"
            "CREATE VIRTUAL TABLE cables_fts USING fts5(source UNINDEXED, subject, text);")
    before = path.read_bytes()
    assert cli.main(["export", "-j", "1", "--format", "sqlite", "-o", str(path),
                     str(VALID[0])]) == 2
    assert "holds another schema (user_version 0" in capsys.readouterr().err
    assert path.read_bytes() == before


# ---------------------------------------------------------------------------- Datasette


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - 127.0.0.1
        return json.loads(response.read().decode("utf-8"))


def test_datasette_searches_and_facets_the_export(database: Path) -> None:
    pytest.importorskip("datasette", reason="the 'datasette' extra is not installed")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(database), "--host", "127.0.0.1",
         "--port", str(port), "--setting", "facet_time_limit_ms", "5000"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    base = f"http://127.0.0.1:{port}/cables"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(f"http://127.0.0.1:{port}/-/versions.json")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    error = server.stderr.read().decode() if server.stderr else ""
                    pytest.fail(f"datasette did not start: {error[-2000:]}")
                time.sleep(0.2)
        found = _get(f"{base}/cables.json?_search=fisheries&_shape=objects"
                     "&_col=reference_id&_col=subject")
        with sqlite3.connect(database) as connection:
            expected = {r for (r,) in connection.execute(
                "SELECT reference_id FROM cables WHERE id IN (SELECT rowid FROM cables_fts "
                "WHERE cables_fts MATCH 'fisheries')")}
        assert "89STATE214806" in expected and len(expected) < len(VALID)
        assert {row["reference_id"] for row in found["rows"]} == expected
        faceted = _get(f"{base}/cables.json?_facet_array=tags&_shape=objects&_size=0")
        tags = {value["value"]: value["count"]
                for value in faceted["facet_results"]["tags"]["results"]}
        with sqlite3.connect(database) as connection:
            counted = dict(connection.execute(
                "SELECT tag, count(DISTINCT source) FROM tags GROUP BY tag"))
        assert tags and all(counted[tag] == count for tag, count in tags.items())
        assert tags["EFIS"] == counted["EFIS"] > 1
        by_tag = _get(f"{base}/tags.json?_facet=tag&_shape=objects&_size=0")
        assert {v["value"] for v in by_tag["facet_results"]["tag"]["results"]} >= {"PREL"}
        linked = _get(f"{base}/tags.json?_shape=objects&_size=1&_labels=on")
        assert set(linked["rows"][0]) >= {"source", "tag"}
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
