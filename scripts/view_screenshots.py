#!/usr/bin/env python3
"""Take the screenshots of docs/view.md: the HTML view (``teletype view``) of the seed
cable and of a cable with an error, in headless chromium.

    python scripts/view_screenshots.py [--chromium PATH]

Writes docs/view-seed.png and docs/view-errors.png. Needs ../shared/seed (the seed cable)
and Debian's ``chromium``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import teletype
from teletype import view

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

#: (cable, name shown, query that pins a group in the side panel, png, window size)
SHOTS = (
    (ROOT.parent / "shared" / "seed" / "000_03defcabef60f1fe.txt",
     "shared/seed/000_03defcabef60f1fe.txt", "?line=44&nth=2", "view-seed.png", "1280,1500"),
    (ROOT / "corpus" / "invalid" / "julian-day-mismatch.txt",
     "corpus/invalid/julian-day-mismatch.txt", "?line=8&nth=4", "view-errors.png", "1280,1000"),
)

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="teletype-shots-") as temp:
        for source, name, query, png, size in SHOTS:
            if not source.is_file():
                print(f"missing {source}", file=sys.stderr)
                return 1
            page = Path(temp) / (png + ".html")
            page.write_text(view.page(teletype.parse_file(source), path=name),
                            encoding="utf-8")
            with tempfile.TemporaryDirectory(dir=temp) as profile:
                subprocess.run(
                    [args.chromium, *FLAGS, f"--user-data-dir={profile}",
                     f"--screenshot={DOCS / png}", f"--window-size={size}",
                     page.as_uri() + query],
                    check=True, capture_output=True, timeout=120)
            print(f"wrote docs/{png}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
