"""The export's progress line (total, percentage, time left) and the default ``-j``."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

from conftest import ROOT

from teletype import progress
from teletype.collection import count_inputs
from teletype.progress import Progress, suggest_jobs

VALID_DIR = ROOT / "corpus" / "valid"
VALID = sorted(VALID_DIR.glob("*.txt"))


def test_count_inputs_walks_folders_and_lists_zips(tmp_path: Path) -> None:
    box = tmp_path / "box.zip"
    with zipfile.ZipFile(box, "w") as archive:
        archive.writestr("a.txt", "x")
        archive.writestr("b.txt", "y")
        archive.writestr("README.md", "not a cable")
    assert count_inputs([str(VALID_DIR), str(box), "-"]) == len(VALID) + 2 + 1
    tar = tmp_path / "c.tar"
    tar.write_bytes(b"")
    assert count_inputs([str(tar)]) is None  # listing a tar means reading it through


def test_progress_line_shows_total_percentage_and_time_left() -> None:
    stream = io.StringIO()
    meter = Progress([str(VALID_DIR)], enabled=True, stream=stream, interval=0.0)
    deadline = time.monotonic() + 10
    while meter.total is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert meter.total == len(VALID)

    def rows() -> Iterator[int]:
        for i in range(len(VALID)):
            time.sleep(1.0 / len(VALID) + 0.01)  # time left is shown after a second
            yield i

    assert list(meter.wrap(rows())) == list(range(len(VALID)))
    text = stream.getvalue()
    assert f"1/{len(VALID)} cables (" in text and "%)" in text
    assert " left" not in text.split("\r")[1]  # no estimate in the first second
    assert " left" in text
    assert text.endswith("/s)\x1b[K\n") and f"\r{len(VALID)} cables in " in text


def test_progress_without_a_total() -> None:
    meter = Progress([], enabled=False)
    meter.count = 5
    assert meter.line(1.0) == "5 cables, 5/s"
    meter.total, meter.count = 200, 50
    assert meter.line(10.0) == "50/200 cables (25.0%), 5/s, 30s left"


def test_default_jobs_suit_the_input(tmp_path: Path) -> None:
    """A few files: one process (starting workers costs more than it saves); a large
    input: one process per core."""
    assert suggest_jobs([str(VALID_DIR)], cores=2) == 1
    assert suggest_jobs([str(VALID_DIR)], cores=1) == 1
    big = tmp_path / "big"
    big.mkdir()
    for i in range(3):
        with open(big / f"{i}.txt", "wb") as handle:
            handle.truncate(progress.SMALL_INPUT_BYTES // 2)
    assert suggest_jobs([str(big)], cores=2) == 2
    assert suggest_jobs(["-"], cores=4) == 1  # standard input: one cable
