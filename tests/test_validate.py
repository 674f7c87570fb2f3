"""teletype.validate(): the API, configuration ([tool.teletype]), the CLI options of
``teletype validate`` and its SARIF output."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CORPUS

import teletype
from teletype import cli
from teletype.diagnostics import CATALOG, Severity
from teletype.rules import RULES, Config, Finding, rule, unregister
from teletype.sarif import to_sarif
from teletype.validate import ConfigError, find_pyproject, load_options, options_from_table

BAD = "DE RUEHC #0195 1480246\nO 280245Z MAY 89\nBT\nSECRET STATE 170194\n"
MIXED = (  # TT301 (error, line 1), TT231 trailer (warning), TT201 (error, parse)
    "DE RUEHC #0195 1480246\nO 280245Z MAY 89\nBT\nSECRET STATE 170194\n1. (S) TEXT.\nBT\n#195\n"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    path = tmp_path / "bad.txt"
    path.write_text(MIXED, encoding="utf-8")
    return path


@pytest.fixture
def no_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in a folder with no pyproject.toml above it that has a [tool.teletype] table."""
    monkeypatch.chdir(tmp_path)
    assert find_pyproject() is None or find_pyproject() != tmp_path / "pyproject.toml"
    return tmp_path


# ---------------------------------------------------------------------------- API


def test_validate_is_exported() -> None:
    assert "validate" in teletype.__all__
    assert callable(teletype.validate)


def test_text_and_cable_give_the_same() -> None:
    assert teletype.validate(BAD) == teletype.validate(teletype.parse(BAD))


def test_parse_diagnostics_are_included_and_parse_is_unchanged() -> None:
    text = "O 310245Z APR 89\nFM SECSTATE WASHDC\nBT\nSECRET STATE 170194\n"
    cable = teletype.parse(text)
    assert [d.code for d in cable.diagnostics] == ["TT201"]
    assert [d.code for d in teletype.validate(cable)] == ["TT201"]
    assert [d.code for d in teletype.parse(BAD).diagnostics] == []  # rules are separate


def test_sorted_by_position() -> None:
    found = teletype.validate(MIXED)
    starts = [d.span.start for d in found if d.span]
    assert starts == sorted(starts) and len(found) >= 2


def test_select_and_ignore() -> None:
    assert [d.code for d in teletype.validate(MIXED)] == ["TT301", "TT231"]
    assert [d.code for d in teletype.validate(MIXED, select=["TT3"])] == ["TT301"]
    assert [d.code for d in teletype.validate(MIXED, select=["ssn-form"])] == ["TT231"]
    assert [d.code for d in teletype.validate(MIXED, ignore=["TT301, TT231"])] == []
    assert [d.code for d in teletype.validate(MIXED, config=Config(ignore=("TT231",)))] \
        == ["TT301"]
    with pytest.raises(ConfigError, match="unknown diagnostic code"):
        teletype.validate(MIXED, select=["TT999"])


def test_severity_override() -> None:
    found = teletype.validate(MIXED, config=Config(severities={"TT301": Severity.INFO}))
    assert [(d.code, d.severity) for d in found if d.code == "TT301"] == [
        ("TT301", Severity.INFO)]


def test_unrecognised_group_is_superseded_by_the_precise_rule() -> None:
    text = "OO RUEHC RUEH0PE\nDE RUEHC #0194 1480246\n"
    assert "TT103" in {d.code for d in teletype.parse(text).diagnostics}
    assert [d.code for d in teletype.validate(text)] == ["TT211"]


@pytest.fixture
def archive_rule() -> Iterator[str]:
    @rule("XA001", "missing-signature", "warning", "The text has no signature",
          description="An archive rule.", example_fail="BT\nUNCLAS STATE 000001\n1. TEXT.\n",
          example_pass="BT\nUNCLAS STATE 000001\n1. TEXT.\nKIMMITT\n", source="test")
    def missing_signature(ctx):  # type: ignore[no-untyped-def]
        text = ctx.cable.text
        if text is not None and text.signature is None:
            yield Finding("no signature after the last paragraph", None, hint="sign it")

    try:
        yield "XA001"
    finally:
        unregister("XA001")
    assert "XA001" not in CATALOG and "XA001" not in RULES


def test_an_archive_adds_a_rule(archive_rule: str) -> None:
    entry = RULES[archive_rule]
    assert entry.kind == "custom" and CATALOG[archive_rule].severity is Severity.WARNING
    assert [d.code for d in teletype.validate(entry.rule.example_fail)] == ["XA001"]
    assert teletype.validate(entry.rule.example_pass) == []
    assert teletype.validate(entry.rule.example_fail, ignore=["missing-signature"]) == []


def test_rule_codes_are_checked() -> None:
    with pytest.raises(ValueError):
        rule("bad", "bad-code", "error", "t", description="d", example_fail="",
             example_pass="", source="")
    with pytest.raises(ValueError, match="twice"):
        rule("TT301", "again", "error", "t", description="d", example_fail="",
             example_pass="", source="")(lambda ctx: iter(()))


def test_a_failing_rule_gives_tt000() -> None:
    @rule("XA002", "broken", "error", "Broken", description="d", example_fail="x",
          example_pass="x", source="test")
    def broken(ctx):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    try:
        found = teletype.validate(BAD)
    finally:
        unregister("XA002")
    assert "TT301" in {d.code for d in found}
    internal = [d for d in found if d.code == "TT000"]
    assert len(internal) == 1 and "XA002" in internal[0].message and "boom" in internal[0].message


def test_only_selected_rules_run() -> None:
    calls = []

    @rule("XA003", "counting", "info", "Counting", description="d", example_fail="x",
          example_pass="x", source="test")
    def counting(ctx):  # type: ignore[no-untyped-def]
        calls.append(1)
        return iter(())

    try:
        teletype.validate(BAD, select=["TT301"])
        assert calls == []
        teletype.validate(BAD)
        assert calls == [1]
    finally:
        unregister("XA003")


# ---------------------------------------------------------------------------- configuration


def test_options_from_table() -> None:
    options = options_from_table({
        "select": ["TT3", "ssn-form"], "ignore": "TT304", "min-severity": "error",
        "strict": True, "exit-zero": False, "format": "sarif", "filing-delay-minutes": 5,
        "eo-tolerance-days": 0, "severity": {"tt231": "error"}, "other-tool-key": 1,
    })
    assert options.config.select == ("TT3", "TT231")
    assert options.config.ignore == ("TT304",)
    assert options.config.filing_delay_minutes == 5 and options.config.eo_tolerance_days == 0
    assert options.config.severities == {"TT231": Severity.ERROR}
    assert options.min_severity is Severity.ERROR and options.strict and options.format == "sarif"


@pytest.mark.parametrize("table, message", [
    ({"select": ["TT999"]}, "unknown diagnostic code"),
    ({"filing-delay-minutes": "ten"}, "whole number"),
    ({"min-severity": "fatal"}, "error, warning or info"),
    ({"format": "xml"}, "format"),
    ({"strict": "yes"}, "true or false"),
    ({"severity": {"TT999": "info"}}, "unknown diagnostic code"),
])
def test_bad_options(table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        options_from_table(table)


def test_pyproject_is_found_upwards(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.teletype]\nignore = ["TT231"]\n'
        "filing-delay-minutes = 90\n", encoding="utf-8")
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    (inner / "pyproject.toml").write_text('[project]\nname = "inner"\n', encoding="utf-8")
    assert find_pyproject(inner) == tmp_path / "pyproject.toml"
    options = load_options(find_pyproject(inner))
    assert options.config.ignore == ("TT231",) and options.config.filing_delay_minutes == 90


def test_project_pyproject_has_no_table() -> None:
    root = Path(__file__).resolve().parent.parent
    assert load_options(root / "pyproject.toml").config == Config()


# ---------------------------------------------------------------------------- CLI


def test_cli_text_output(capsys: pytest.CaptureFixture[str], bad: Path,
                         no_pyproject: Path) -> None:
    code, out, err = run(capsys, "validate", bad)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{bad}:1:10: error TT301 SSN #0195 does not match MRN STATE 170194 " \
                       "(expected #0194)"
    assert lines[1] == "  fix: replace '#0195' with '#0194' at 1:10"
    assert re.match(rf"{re.escape(str(bad))}:7:1: warning TT231 ", lines[2])
    assert "1 file, 1 error, 1 warning" in err


def test_cli_min_severity_strict_exit_zero(capsys: pytest.CaptureFixture[str], bad: Path,
                                           no_pyproject: Path) -> None:
    code, out, _ = run(capsys, "validate", "--min-severity", "error", bad)
    assert code == 1 and "TT231" not in out and "TT301" in out
    code, out, _ = run(capsys, "validate", "--ignore", "TT301", bad)
    assert code == 0 and "TT231" in out
    assert run(capsys, "validate", "--ignore", "TT301", "--strict", bad)[0] == 1
    assert run(capsys, "validate", "--strict", "--exit-zero", bad)[0] == 0
    code, out, _ = run(capsys, "validate", "--min-severity", "info", bad)
    assert code == 1


def test_cli_reads_pyproject(capsys: pytest.CaptureFixture[str], bad: Path,
                             tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.teletype]\nignore = ["TT301"]\nstrict = true\nformat = "json"\n',
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "validate", bad)
    assert code == 1  # strict: the warning fails
    assert [d["code"] for d in json.loads(out)[0]["diagnostics"]] == ["TT231"]
    assert run(capsys, "validate", "--no-strict", bad)[0] == 0
    code, out, _ = run(capsys, "validate", "--format", "text", "--select", "TT301", bad)
    assert code == 1 and out.startswith(f"{bad}:1:10: error TT301")


def test_cli_config_option_and_errors(capsys: pytest.CaptureFixture[str], bad: Path,
                                      tmp_path: Path, no_pyproject: Path) -> None:
    config = tmp_path / "settings.toml"
    config.write_text('[tool.teletype]\nmin-severity = "error"\n', encoding="utf-8")
    code, out, _ = run(capsys, "validate", "--config", config, bad)
    assert code == 1 and "TT231" not in out
    config.write_text('[tool.teletype]\nselect = ["nope"]\n', encoding="utf-8")
    code, _, err = run(capsys, "validate", "--config", config, bad)
    assert code == 2 and "unknown diagnostic code 'nope'" in err
    code, _, err = run(capsys, "validate", "--config", tmp_path / "missing.toml", bad)
    assert code == 2 and "cannot read" in err


def test_cli_sarif(capsys: pytest.CaptureFixture[str], bad: Path, no_pyproject: Path) -> None:
    valid = CORPUS / "valid" / "acp127-2009-embassy.txt"
    code, out, _ = run(capsys, "validate", "--format", "sarif", bad, valid)
    assert code == 1
    log = json.loads(out)
    assert log["version"] == "2.1.0" and "sarif" in log["$schema"]
    (sarif_run,) = log["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "teletype" and driver["version"] == teletype.__version__
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted(CATALOG) and "TT301" in ids
    results = sarif_run["results"]
    assert [r["ruleId"] for r in results] == ["TT301", "TT231"]
    first = results[0]
    assert first["level"] == "error" and ids[first["ruleIndex"]] == "TT301"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("bad.txt")
    assert location["region"] == {"startLine": 1, "startColumn": 10, "endLine": 1,
                                  "endColumn": 15, "charOffset": 9, "charLength": 5}
    assert "SSN #0195" in first["message"]["text"]
    fix = first["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert fix["insertedContent"]["text"] == "#0194"
    assert results[1]["level"] == "warning"
    assert len(sarif_run["artifacts"]) == 2
    assert sarif_run["invocations"][0]["executionSuccessful"] is True


def test_sarif_levels_and_empty_log() -> None:
    log = to_sarif([])
    assert log["runs"][0]["results"] == []
    info = teletype.validate(MIXED, config=Config(severities={"TT231": Severity.INFO}))
    results = to_sarif([("x.txt", info)])["runs"][0]["results"]
    assert {r["ruleId"]: r["level"] for r in results} == {"TT301": "error", "TT231": "note"}
