"""A command line that helps: help for every command, one meaning of -v, ``rules`` and
``schema``, severity (and colour) in validate's text output, TT101 messages in the words
of the text, and a warning for an unknown ``[tool.teletype]`` key."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT

import teletype
from teletype import cli
from teletype.cable import RECORD_KEYS
from teletype.diagnostics import CATALOG

SSN = ROOT / "corpus" / "invalid" / "ssn-mismatch.txt"
READING = ("parse", "decode", "validate", "export", "view")  # the commands that read cables
COMMANDS = (*READING, "rules", "schema")


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\s", out, re.MULTILINE), command
    code, _, err = run(capsys)
    assert code == 2 and "a command is required" in err and "view" in err


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    code, out, _ = run(capsys, command, "--help")
    assert code == 0
    assert out.startswith("usage: teletype " + command)


def _verbose_help(out: str) -> str:
    match = re.search(r"-v, --verbose\s+(.*?)(?:\n\s*-|\Z)", out, re.DOTALL)
    assert match, out
    return " ".join(match.group(1).split())


def test_verbose_means_the_same_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    helps = set()
    for command in READING:
        helps.add(_verbose_help(run(capsys, command, "--help")[1]))
    assert helps == {" ".join(cli.VERBOSE_HELP.split())}


@pytest.mark.parametrize("command", READING)
def test_verbose_reports_the_files_read(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                        command: str) -> None:
    argv = [command, "-v", str(SSN)]
    if command in ("parse", "export", "decode", "view"):
        argv += ["-o", str(tmp_path / "out")]
    if command == "export":
        argv += ["-j", "1"]
    _code, _out, err = run(capsys, *argv)
    assert f"reading {SSN}" in err, err
    assert "1 file read" in err, err


def test_rules_lists_every_code(capsys: pytest.CaptureFixture[str]) -> None:
    import teletype.validate  # noqa: F401 - registers the validator's rules

    code, out, _ = run(capsys, "rules")
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines()]
    assert listed == sorted(CATALOG)
    assert re.search(r"^TT301\s+error\s+ssn-mrn-mismatch\s+DE-line SSN", out, re.MULTILINE)


@pytest.mark.parametrize("name", ["TT301", "tt301", "ssn-mrn-mismatch"])
def test_rules_explains_one(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out, _ = run(capsys, "rules", name)
    assert code == 0
    rule = CATALOG["TT301"]
    assert out.startswith("TT301 ssn-mrn-mismatch (error by default)\n")
    assert rule.title in out
    assert "Fails:\n    DE RUEHC #0195 1480246" in out
    assert "Passes:\n    DE RUEHC #0194 1480246" in out
    assert f"Source: {rule.source}" in out
    assert "docs/rules.md#tt301-ssn-mrn-mismatch" in out


def test_rules_unknown_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "rules", "TT999")
    assert code == 2 and not out and "unknown diagnostic code or rule name 'TT999'" in err


@pytest.mark.parametrize("which", ["record", "ast"])
def test_schema_prints_the_json_schema(capsys: pytest.CaptureFixture[str], which: str) -> None:
    code, out, _ = run(capsys, "schema", which)
    assert code == 0
    schema = json.loads(out)
    shipped = ROOT / "src" / "teletype" / "schemas" / f"{which}.schema.json"
    assert schema == json.loads(shipped.read_text(encoding="utf-8"))
    assert schema["$schema"].startswith("https://json-schema.org/")
    if which == "record":
        import jsonschema

        assert set(schema["required"]) == set(RECORD_KEYS)
        jsonschema.validate(teletype.parse_file(SSN).record(), schema)


def test_schema_needs_a_known_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "schema", "nodes")[0] == 2


# ---------------------------------------------------------------------------- severity, colour


def test_text_output_shows_the_severity(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", SSN)
    assert code == 1
    assert out == (f"{SSN}:4:11: error TT301 SSN #0313 does not match MRN HELSINKI 000312 "
                   "(expected #0312)\n  fix: replace '#0313' with '#0312' at 4:11\n")


def test_colour_only_when_asked_or_on_a_terminal(capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(capsys, "validate", "--color", "always", SSN)
    assert "\x1b[1;31merror\x1b[0m" in out and "\x1b[1mTT301\x1b[0m" in out
    assert re.sub(r"\x1b\[[0-9;]*m", "", out).startswith(f"{SSN}:4:11: error TT301 SSN")
    assert "\x1b" not in run(capsys, "validate", SSN)[1]  # captured: not a terminal

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdout", Terminal())
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert cli._use_color("auto", None) is True
    assert cli._use_color("auto", "out.txt") is False  # -o FILE: never coloured
    assert cli._use_color("never", None) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli._use_color("auto", None) is False
    assert cli._use_color("always", None) is True
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert cli._use_color("auto", None) is False


# ---------------------------------------------------------------------------- messages, config

_INTERNAL = re.compile(r"\b(?:anl|addr ri|prec word|page kw|mcn|[A-Z]+_[A-Z_]+|_[A-Z]+)\b")


@pytest.mark.parametrize(("text", "message"), [
    ("O 280245Z MAY 89\nFM SECSTATE WASHDC\nTO:\nAMEMBASSY LIMA\nBT\n",
     "the line ends here; expected PAGE, a channel number (MCN), a precedence word "
     "(IMMEDIATE, PRIORITY, ...), a routing indicator before an addressee (RUEHC/) or an "
     "addressee"),
    ("O 280245Z\nFM X\n", "the line ends here; expected a month (JAN-DEC)"),
    ("R 011200Z DIRECTOR 941533\n",
     "'DIRECTOR 941533' does not fit here; expected a month (JAN-DEC)"),
])
def test_tt101_speaks_of_the_text(text: str, message: str) -> None:
    found = [d for d in teletype.parse(text).diagnostics if d.code == "TT101"]
    assert [d.message for d in found] == [message]
    assert not _INTERNAL.search(message.replace("(MCN)", ""))


def test_unknown_config_key_warns(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.teletype]\ningore = ["TT301"]\nstrict = false\n', encoding="utf-8")
    code, out, err = run(capsys, "validate", "--config", config, SSN)
    assert code == 1 and "TT301" in out  # the misspelt key changes nothing
    assert (f"teletype: warning: {config}: [tool.teletype]: unknown key 'ingore' ignored "
            "(did you mean 'ignore'?)") in err
    config.write_text('[tool.teletype]\nignore = ["TT301"]\n', encoding="utf-8")
    assert "warning:" not in run(capsys, "validate", "--config", config, SSN)[2]
