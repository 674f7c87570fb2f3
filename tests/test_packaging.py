"""The wheel ships every package of src/teletype (the README's main command installs it
without -e, so a package missing from pyproject.toml would be missing there)."""

from __future__ import annotations

import re

from conftest import ROOT


def test_every_subpackage_is_listed_in_pyproject() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r"^packages = \[(.*)\]$", text, re.M)
    assert match is not None
    listed = set(re.findall(r'"([\w.]+)"', match.group(1)))
    src = ROOT / "src"
    found = {".".join(p.parent.relative_to(src).parts)
             for p in (src / "teletype").rglob("__init__.py")}
    assert found <= listed, sorted(found - listed)
