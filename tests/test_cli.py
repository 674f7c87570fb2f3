"""Tests for the ``teletype`` command line (run in-process through ``cli.main``)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

import teletype
from teletype import cli
from teletype.api import parse_file
from teletype.record import RECORD_KEYS
from teletype.serialize import cable_to_dict, record_to_csv_row
from teletype.source import decode_bytes

VALID = sorted((ROOT / "corpus" / "valid").glob("*.txt"))
BAD_DTG = "O 310245Z APR 89\nFM SECSTATE WASHDC\nTO AMEMBASSY LIMA\n"
SUMMARY = re.compile(r"^(\d+) files?, (\d+) errors?, (\d+) warnings?", re.MULTILINE)


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def summary(err: str) -> tuple[int, int, int]:
    match = SUMMARY.search(err)
    assert match, err
    files, errors, warnings = match.groups()
    return int(files), int(errors), int(warnings)


def write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture
def bad_dtg(tmp_path: Path) -> Path:
    return write(tmp_path / "bad-dtg.txt", BAD_DTG)


@pytest.fixture
def binary(tmp_path: Path) -> Path:
    return write(tmp_path / "binary.txt", bytes(range(256)))


def set_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_corpus_present() -> None:
    assert len(VALID) >= 8


# ---------------------------------------------------------------------------- general


def test_version_subprocess() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "teletype", "--version"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"teletype {teletype.__version__}"


def test_version_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--version")
    assert code == 0
    assert teletype.__version__ in out


def test_no_command_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert code == 2
    assert out == ""
    assert "command" in err


def test_bad_option_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "validate", "--format", "xml", VALID[0])
    assert code == 2
    assert "invalid choice" in err


# ---------------------------------------------------------------------------- parse


def test_parse_corpus_is_a_json_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "parse", *VALID)
    assert code == 0, err
    docs = json.loads(out)
    assert isinstance(docs, list)
    assert [d["source"] for d in docs] == [str(p) for p in VALID]
    for path, doc in zip(VALID, docs, strict=True):
        assert doc["schema_version"] == 1
        assert doc["record"]["source"] == str(path)
        assert set(doc["record"]) == set(RECORD_KEYS)
        # the top-level nodes tile the decoded input
        assert "".join(n["raw"] for n in doc["nodes"]) == decode_bytes(path.read_bytes())[0]
    assert "Traceback" not in err


def test_parse_one_file_is_an_object(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "parse", VALID[0])
    assert code == 0
    doc = json.loads(out)
    assert isinstance(doc, dict)
    assert doc["source"] == str(VALID[0])
    assert doc["record"] == json.loads(json.dumps(parse_file(VALID[0]).record()))


def test_parse_jsonl(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "parse", "--format", "jsonl", *VALID)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(VALID)
    assert [json.loads(line)["source"] for line in lines] == [str(p) for p in VALID]


def test_parse_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    keep = [
        write(tmp_path / "a.txt", BAD_DTG),
        write(tmp_path / "b.msg", "FM SECSTATE WASHDC\n"),
        write(tmp_path / "c", "TO AMEMBASSY LIMA\n"),
        write(tmp_path / "sub" / "d.cable", "BT\n"),
        write(tmp_path / "sub" / "e.text", "NNNN\n"),
    ]
    for name in ("INDEX.csv", "README", "README.txt", "x.json", "x.expected.json",
                 "notes.md", ".hidden.txt", ".git/config.txt", "other.csv", "image.png"):
        write(tmp_path / name, "O 310245Z APR 89\n")
    code, out, err = run(capsys, "parse", tmp_path)
    assert code == 0, err
    docs = json.loads(out)
    assert [d["source"] for d in docs] == [str(p) for p in keep]


def test_parse_directory_with_one_file_is_still_a_list(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write(tmp_path / "only.txt", BAD_DTG)
    code, out, _err = run(capsys, "parse", tmp_path)
    assert code == 0
    assert len(json.loads(out)) == 1


def test_parse_empty_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "parse", tmp_path)
    assert code == 0
    assert json.loads(out) == []
    assert "no cable files" in err


def test_parse_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    set_stdin(monkeypatch, BAD_DTG.encode())
    code, out, _err = run(capsys, "parse", "-")
    assert code == 0
    doc = json.loads(out)
    assert doc["source"] == "<stdin>"
    assert "".join(n["raw"] for n in doc["nodes"]) == BAD_DTG


def test_parse_stdin_latin1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    set_stdin(monkeypatch, "1. \xb6 TEXT.\n".encode("latin-1"))
    code, out, _err = run(capsys, "parse", "-")
    assert code == 0
    doc = json.loads(out)
    assert doc["encoding"] in ("cp1252", "latin-1")
    assert "TT001" in [d["code"] for d in doc["diagnostics"]]
    assert "".join(n["raw"] for n in doc["nodes"]) == "1. \xb6 TEXT.\n"


def test_parse_empty_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    empty = write(tmp_path / "empty.txt", b"")
    code, out, _err = run(capsys, "parse", empty)
    assert code == 0
    doc = json.loads(out)
    assert doc["nodes"] == []
    assert doc["record"]["source"] == str(empty)


def test_parse_binary_file(capsys: pytest.CaptureFixture[str], binary: Path) -> None:
    """Binary input is an error (exit 2, one line), never parsed into a mass of TT101."""
    code, out, err = run(capsys, "parse", binary)
    assert code == 2
    assert "Traceback" not in err
    assert f"{binary}: looks like a binary file, not a text cable; skipped" in err
    assert out == "" and parse_file(binary).render() == decode_bytes(bytes(range(256)))[0]


def test_parse_missing_file_goes_on(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    code, out, err = run(capsys, "parse", missing, VALID[0])
    assert code == 2
    assert f"teletype: cannot read {missing}: " in err
    assert [d["source"] for d in json.loads(out)] == [str(VALID[0])]


def test_internal_error_is_reported_not_raised(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def flaky(cable: Any) -> dict[str, Any]:
        if cable.source == str(VALID[0]):
            raise RuntimeError("boom")
        return cable_to_dict(cable)

    monkeypatch.setattr(cli, "cable_to_dict", flaky)
    monkeypatch.delenv("TELETYPE_DEBUG", raising=False)
    code, out, err = run(capsys, "parse", "--format", "jsonl", *VALID[:2])
    assert code == 2
    assert f"internal error on {VALID[0]}: RuntimeError: boom" in err
    assert "Traceback" not in err
    assert [json.loads(line)["source"] for line in out.splitlines()] == [str(VALID[1])]

    monkeypatch.setenv("TELETYPE_DEBUG", "1")
    code, _out, err = run(capsys, "parse", "--format", "jsonl", *VALID[:2])
    assert code == 2
    assert "Traceback" in err


# ---------------------------------------------------------------------------- -o


def test_output_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "out" / "records.jsonl"
    target.parent.mkdir()
    target.write_text("old\n")
    code, out, _err = run(capsys, "export", "-o", target, *VALID)
    assert code == 0
    assert out == ""
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(VALID)
    assert os.listdir(target.parent) == ["records.jsonl"]  # no temporary file left


def test_output_file_untouched_when_the_run_fails(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write(tmp_path / "out.json", "old\n")

    def failing(cable: Any) -> dict[str, Any]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli, "cable_to_dict", failing)
    code, _out, err = run(capsys, "parse", "-o", target, *VALID)
    assert code == 2
    assert "No space left on device" in err
    assert target.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["out.json"]


def test_output_into_missing_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "out.csv"
    code, _out, err = run(capsys, "export", "--format", "csv", "-o", target, VALID[0])
    assert code == 2
    assert "cannot write" in err
    assert not target.exists()


# ---------------------------------------------------------------------------- validate


def test_validate_valid_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", *VALID)
    files, errors, _warnings = summary(err)
    assert files == len(VALID)
    assert errors == 0
    assert code == 0
    for line in out.splitlines():
        assert re.match(r"^.+:\d+:\d+: (error|warning|info) TT\d{3} ", line), line


def test_validate_error_gives_exit_1(capsys: pytest.CaptureFixture[str], bad_dtg: Path) -> None:
    code, out, err = run(capsys, "validate", bad_dtg)
    assert code == 1
    assert re.search(rf"^{re.escape(str(bad_dtg))}:1:\d+: error TT201 ", out, re.MULTILINE), out
    assert summary(err)[:2] == (1, 1)


def test_validate_exit_zero(capsys: pytest.CaptureFixture[str], bad_dtg: Path) -> None:
    code, out, _err = run(capsys, "validate", "--exit-zero", bad_dtg)
    assert code == 0
    assert "TT201" in out


def test_validate_select_and_ignore(capsys: pytest.CaptureFixture[str], bad_dtg: Path) -> None:
    code, out, _err = run(capsys, "validate", "--ignore", "TT201", bad_dtg)
    assert code == 0
    assert "TT201" not in out
    code, out, _err = run(capsys, "validate", "--select", "TT2", bad_dtg)
    assert code == 1
    assert "TT201" in out
    code, out, _err = run(capsys, "validate", "--select", "TT101,invalid-julian-time", bad_dtg)
    assert code == 0
    assert "TT201" not in out
    code, _out, err = run(capsys, "validate", "--select", "TT999", bad_dtg)
    assert code == 2
    assert "unknown diagnostic code" in err


def test_validate_strict(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lone_cr = write(tmp_path / "lone-cr.txt", "X\rY\rZ\n" * 4)
    cable = parse_file(lone_cr)
    assert cable.errors == 0 and cable.warnings > 0  # text that fits no grammar rule
    assert run(capsys, "validate", lone_cr)[0] == 0
    assert run(capsys, "validate", "--strict", lone_cr)[0] == 1
    assert run(capsys, "validate", "--strict", "--exit-zero", lone_cr)[0] == 0


def test_validate_info_only_with_min_severity(capsys: pytest.CaptureFixture[str]) -> None:
    latin1 = ROOT / "corpus" / "valid" / "acp127-2007-crlf-latin1.txt"
    _code, out, _err = run(capsys, "validate", latin1)
    assert "TT001" not in out
    _code, out, err = run(capsys, "validate", "-v", latin1)
    assert "TT001" not in out  # -v reports the files read, as in every command
    assert f"reading {latin1}" in err
    _code, out, _err = run(capsys, "validate", "--min-severity", "info", latin1)
    assert f"{latin1}:1:1: info TT001 " in out


def test_validate_json(capsys: pytest.CaptureFixture[str], bad_dtg: Path) -> None:
    code, out, _err = run(capsys, "validate", "--format", "json", bad_dtg, VALID[0])
    assert code == 1
    results = json.loads(out)
    assert [r["path"] for r in results] == [str(bad_dtg), str(VALID[0])]
    first = results[0]["diagnostics"]
    assert "TT201" in [d["code"] for d in first]
    for d in first:
        assert {"code", "name", "severity", "message", "span"} <= set(d)


def test_validate_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    code, _out, err = run(capsys, "validate", missing, VALID[0])
    assert code == 2
    assert f"teletype: cannot read {missing}: No such file or directory" in err
    assert summary(err)[0] == 1


def test_validate_empty_and_binary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, binary: Path
) -> None:
    empty = write(tmp_path / "empty.txt", b"")
    code, _out, err = run(capsys, "validate", empty, binary)
    assert code == 2  # the binary file is an error; the empty one is checked
    assert summary(err)[0] == 1
    assert "looks like a binary file" in err and "Traceback" not in err


def test_validate_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    set_stdin(monkeypatch, BAD_DTG.encode())
    code, out, _err = run(capsys, "validate", "-")
    assert code == 1
    assert out.startswith("<stdin>:1:")


def test_validate_output_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, bad_dtg: Path
) -> None:
    target = tmp_path / "report.txt"
    code, out, _err = run(capsys, "validate", "-o", target, bad_dtg)
    assert code == 1
    assert out == ""
    assert "TT201" in target.read_text()


# ---------------------------------------------------------------------------- export


def test_export_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "export", "--format", "csv", *VALID)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert tuple(rows[0]) == RECORD_KEYS
    assert len(rows) == len(VALID) + 1
    expected = [record_to_csv_row(parse_file(p).record()) for p in VALID]
    assert [dict(zip(RECORD_KEYS, row, strict=True)) for row in rows[1:]] == expected


def test_export_csv_to_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "records.csv"
    code, out, _err = run(capsys, "export", "--format", "csv", "-o", target, tmp_path)
    assert code == 0
    assert out == ""
    with open(target, newline="", encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [list(RECORD_KEYS)]


def test_export_jsonl(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "export", *VALID)
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == len(VALID)
    for path, record in zip(VALID, records, strict=True):
        assert list(record) == list(RECORD_KEYS)
        assert record == json.loads(json.dumps(parse_file(path).record()))


def test_export_odd_inputs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, binary: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    empty = write(tmp_path / "empty.txt", b"")
    set_stdin(monkeypatch, BAD_DTG.encode())
    code, out, err = run(capsys, "export", "--format", "jsonl", empty, binary, "-",
                         tmp_path / "missing")
    assert code == 2
    assert "cannot read" in err
    sources = [json.loads(line)["source"] for line in out.splitlines()]
    assert sources == [str(empty), "<stdin>"]  # the binary file is reported, skipped
