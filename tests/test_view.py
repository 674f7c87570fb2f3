"""Tests for the HTML view (``teletype view``, ``teletype.view``, ``Cable._repr_html_``).

The browser tests load the pages in Debian's ``chromium`` (headless) and read the DOM it
built (``--dump-dom``) or a screenshot. They skip only when chromium is missing outside CI;
in CI (``CI=true``; ``.ci/run`` installs chromium) a missing browser fails them.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import tempfile
import zlib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import teletype
from teletype import cli, view
from teletype import strategies as tts

SEED = ROOT.parent / "shared" / "seed" / "000_03defcabef60f1fe.txt"
VALID = ROOT / "corpus" / "valid"
INVALID = ROOT / "corpus" / "invalid"

#: A cable whose text, in the header, the front matter and the body, is markup that would
#: run if it were not escaped. Each payload sets the title; the page must keep it.
HOSTILE = (
    "OO RUEHC RUEHPE\n"
    "DE RUEHC #0194 1480246\n"
    "ZNY SSSSS ZZH\n"
    "O 280245Z MAY 89\n"
    "FM <script>document.title='pwned'</script>\n"
    "TO AMEMBASSY LIMA <img src=x onerror=\"document.title='pwned'\">\n"
    "BT\n"
    "S E C R E T STATE 170194\n"
    "</pre></span></div><svg onload=\"document.title='pwned'\"></svg>\n"
    "TAGS: PREL, <b>PE</b> & &amp; \"quoted\" 'single'\n"
    "SUBJECT: <iframe src=\"javascript:document.title='pwned'\"></iframe>\n"
    "1. (S) TEXT </script><script>document.title='pwned'</script> END.\n"
    "<!-- comment --> <style>body{display:none}</style> ]]> {{x}}\n"
    "KIMMITT\n"
)
HOSTILE_NAME = "<img src=x onerror=document.title=1>.txt"


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("true", "1", "yes")


@pytest.fixture(scope="module")
def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if _in_ci():
            pytest.fail("chromium is missing in CI (.ci/run installs it with apt-get)")
        pytest.skip("chromium is not installed (apt-get install chromium); CI runs these")
    return path


def _browser(chromium: str, *args: str, timeout: float = 90) -> str:
    """Run headless chromium with a fresh profile; its stdout."""
    with tempfile.TemporaryDirectory(prefix="teletype-chromium-") as profile:
        done = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _dump_dom(chromium: str, page: Path) -> str:
    return _browser(chromium, "--virtual-time-budget=3000", "--dump-dom", page.as_uri())


class _Dom(HTMLParser):
    """The elements of a serialized DOM and the text of each ``.src`` line by its id."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.lines: dict[str, str] = {}
        self.scripts: list[str] = []
        self._line: str | None = None
        self._capture: list[str] | None = None
        self._depth = 0
        self._in_script = False
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.elements.append((tag, values))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        if values.get("id", "").startswith("L") and "ln" in values.get("class", "").split():
            self._line = values["id"]
        if self._capture is not None:
            self._depth += 1
        elif tag == "span" and values.get("class") == "src" and self._line is not None:
            self._capture, self._depth = [], 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        if self._capture is not None:
            self._depth -= 1
            if self._depth == 0:
                assert self._line is not None
                self.lines[self._line] = "".join(self._capture)
                self._capture = None

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        if self._capture is not None:
            self._capture.append(data)


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def _check_lines(dom: _Dom, text: str) -> None:
    expected = _lines(text)
    assert len(dom.lines) == len(expected)
    for number, line in enumerate(expected, 1):
        assert dom.lines[f"L{number}"] == line, number


def _png_colours(data: bytes) -> int:
    """How many different byte values the image data holds (a blank page: 1-3)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    width = height = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", chunk[:8])
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    assert width > 0 and height > 0
    return len(set(zlib.decompress(idat)))


# ---------------------------------------------------------------------------- without a browser


def _hostile_cable() -> teletype.Cable:
    return teletype.parse(HOSTILE, source=HOSTILE_NAME)


def test_page_escapes_everything_from_the_text() -> None:
    page = view.page(_hostile_cable())
    dom = _Dom(page)
    tags = {tag for tag, _ in dom.elements}
    assert not tags & {"img", "svg", "iframe", "object", "embed", "form", "input"}
    assert not [a for _, attrs in dom.elements for a in attrs if a.startswith("on")]
    assert len(dom.scripts) == 2  # the groups as JSON, and the page's own script
    assert page.count("<style>") == 1
    _check_lines(dom, HOSTILE)


def test_page_is_self_contained_with_a_strict_policy() -> None:
    page = view.page(teletype.parse_file(VALID / "acp127-1989-state-relay.txt"))
    dom = _Dom(page)
    policy = next(a["content"] for t, a in dom.elements
                  if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in policy and "script-src 'sha256-" in policy
    assert "unsafe-inline" not in policy
    for tag, attrs in dom.elements:  # nothing fetched: no src, no stylesheet link
        assert "src" not in attrs, tag
        assert tag != "link"
        href = attrs.get("href", "")
        assert not href or href.startswith("#"), href


def test_group_meanings_and_diagnostics_are_on_the_page() -> None:
    cable = teletype.parse_file(INVALID / "ssn-mismatch.txt")
    dom = _Dom(view.page(cable))
    titles = " ".join(a.get("title", "") for _, a in dom.elements)
    assert "routing indicator of" in titles
    assert "date-time group:" in titles
    notes = [a for t, a in dom.elements if t == "div" and "note" in a.get("class", "")]
    assert any("error" in a["class"] for a in notes)
    assert any(a.get("id") == "rule-TT301" for _, a in dom.elements)
    _check_lines(dom, cable.render())


def test_crlf_control_characters_and_bom_keep_their_lines() -> None:
    text = "\ufeffO 280245Z MAY 89\r\nFM SECSTATE WASHDC\r\nTEXT\x07BELL\r\n"
    dom = _Dom(view.page(teletype.parse(text)))
    assert len(dom.lines) == 3
    assert dom.lines["L1"] == "\u2423O 280245Z MAY 89"  # the byte order mark, made visible
    assert dom.lines["L3"] == "TEXT\u2407BELL"


def test_repr_html_is_a_sandboxed_frame_of_the_page() -> None:
    cable = _hostile_cable()
    frame = cable._repr_html_()
    dom = _Dom(frame)
    assert [t for t, _ in dom.elements] == ["iframe"]
    attrs = dom.elements[0][1]
    assert attrs["sandbox"] == "allow-scripts"
    assert attrs["srcdoc"] == view.page(cable)


def test_cli_view_one_file_and_a_folder(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["view", str(INVALID / "ssn-mismatch.txt")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<!DOCTYPE html>") and "TT301" in out
    folder = tmp_path / "cables"
    folder.mkdir()
    (folder / HOSTILE_NAME).write_text(HOSTILE, encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "ssn.txt").write_bytes((INVALID / "ssn-mismatch.txt").read_bytes())
    site = tmp_path / "site"
    assert cli.main(["view", str(folder), "-o", str(site)]) == 0
    pages = sorted(p.name for p in site.iterdir())
    assert "index.html" in pages and "sub_ssn.txt.html" in pages and len(pages) == 3
    index = (site / "index.html").read_text(encoding="utf-8")
    dom = _Dom(index)
    assert "img" not in {t for t, _ in dom.elements}
    links = [a["href"] for t, a in dom.elements if t == "a"]
    assert sorted(links) == sorted(p for p in pages if p != "index.html")
    assert cli.main(["view", str(folder)]) == 2  # a folder needs -o DIR
    assert "needs -o DIR" in capsys.readouterr().err


_ALPHABET = "ABCDEOZRTU0123456789 .:/#()-<>&\"'\n\r\t\x00\x1b\u2028\ufeff"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=_ALPHABET, max_size=300) | tts.cables().map(lambda c: c.text))
def test_any_text_gives_a_page_with_every_line(text: str) -> None:
    cable = teletype.parse(text)
    dom = _Dom(view.page(cable))
    assert not {tag for tag, _ in dom.elements} & {"img", "svg", "iframe"}
    expected = _lines(cable.render())
    assert len(dom.lines) == len(expected)
    for number, line in enumerate(expected, 1):
        shown = dom.lines[f"L{number}"]
        assert len(shown) == len(line) and _CONTROL.sub("?", line) == _SYMBOL.sub("?", shown)


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\ufeff]")
_SYMBOL = re.compile("[\u2400-\u2421\u2423]")


# ---------------------------------------------------------------------------- in chromium


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    folder = tmp_path_factory.mktemp("view")
    source = SEED if SEED.is_file() else VALID / "acp127-1989-state-relay.txt"
    out = {"seed": folder / "seed.html", "hostile": folder / "hostile.html"}
    out["seed"].write_text(view.page(teletype.parse_file(source)), encoding="utf-8")
    hostile = folder / HOSTILE_NAME
    hostile.write_text(HOSTILE, encoding="utf-8")
    assert cli.main(["view", str(hostile), "-o", str(out["hostile"])]) == 0
    out["seed_source"] = source
    yield out


def test_browser_shows_every_line_meanings_and_codes(chromium: str,
                                                     pages: dict[str, Path]) -> None:
    cable = teletype.parse_file(pages["seed_source"])
    assert cable.header is not None and cable.header.dtg is not None
    dtg_line = cable.header.dtg.span.line
    # ?line=N&nth=2: the page's script puts the second group of line N (the DTG) in the
    # side panel
    markup = _browser(chromium, "--virtual-time-budget=3000", "--dump-dom",
                      pages["seed"].as_uri() + f"?line={dtg_line}&nth=2")
    dom = _Dom(markup)
    detail = markup.split('id="detail"')[1].split("</aside>")[0]
    assert "date-time group: " in detail and f"line {dtg_line} " in detail
    body = next(a for t, a in dom.elements if t == "body")
    assert body.get("data-ready") == "1"  # the page's own script ran under its policy
    _check_lines(dom, cable.render())
    titles = [a.get("title", "") for _, a in dom.elements]
    assert "routing indicator of DEPT OF STATE WASHINGTON DC (agency)" in titles
    assert any("Executive Order 12356" in t for t in titles)
    if pages["seed_source"] == SEED:
        assert any(t.startswith("date-time group: 28 May 1989 at 02:45 UTC") for t in titles)
        assert "TT402" in markup
        assert any(a.get("id") == "rule-TT402" for _, a in dom.elements)


def test_browser_keeps_markup_in_a_cable_as_text(chromium: str,
                                                 pages: dict[str, Path]) -> None:
    markup = _dump_dom(chromium, pages["hostile"])
    dom = _Dom(markup)
    assert "pwned" not in markup.split("<title>")[1].split("</title>")[0]
    body = next(a for t, a in dom.elements if t == "body")
    assert body.get("data-ready") == "1"
    tags = {tag for tag, _ in dom.elements}
    assert not tags & {"img", "svg", "iframe", "object", "embed", "form", "input"}
    assert not [a for _, attrs in dom.elements for a in attrs if a.startswith("on")]
    assert len(dom.scripts) == 2
    assert sum(1 for t, _ in dom.elements if t == "style") == 1
    # decoded meanings that quote the markup carry it as attribute text
    assert any("<script>" in a.get("title", "") for t, a in dom.elements if t == "span")
    _check_lines(dom, HOSTILE)
    h1 = markup.split("<h1>")[1].split("</h1>")[0]
    assert h1.endswith("&lt;img src=x onerror=document.title=1&gt;.txt")


def test_browser_screenshot_is_not_blank(chromium: str, pages: dict[str, Path],
                                         tmp_path: Path) -> None:
    shot = tmp_path / "seed.png"
    _browser(chromium, f"--screenshot={shot}", "--window-size=1200,900",
             pages["seed"].as_uri())
    assert _png_colours(shot.read_bytes()) > 20
