"""Export and the CLI under faults (issue 15): one test (or more) per attack of the table in
docs/reliability.md ("Export under faults"), each reproducing the attack and asserting the
required behaviour."""

from __future__ import annotations

import csv
import io
import json
import os
import resource
import signal
import sqlite3
import stat
import struct
import subprocess
import sys
import tarfile
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from teletype import cli
from teletype.collection import (
    Item,
    WorkerCrashed,
    chunks,
    ordered_map,
    windowed,
)

VALID = sorted((ROOT / "corpus" / "valid").glob("*.txt"))
CABLE = VALID[0].read_bytes()
EVERY_CABLE = b"".join(p.read_bytes() for p in VALID)
POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX only")
ROOT_ONLY = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                               reason="mknod of a device needs root")


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def teletype(*argv: str | Path, timeout: float = 120, **kw: Any
             ) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "teletype", *map(str, argv)],
                          capture_output=True, timeout=timeout, check=False, **kw)


def folder_of(tmp: Path, name: str, count: int, data: bytes = CABLE) -> Path:
    folder = tmp / name
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"{name}-{i:04d}.txt").write_bytes(data)
    return folder


def children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (read from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


def workers_of(pid: int) -> list[int]:
    """The worker processes of a ``teletype export -j N`` (not multiprocessing's resource
    tracker)."""
    found = []
    for child in children(pid):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in command:
            found.append(child)
    return found


def wait_for(condition: Any, timeout: float = 60, what: str = "") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


# ------------------------------------------------------------------- -o a device or FIFO


@POSIX
@ROOT_ONLY
def test_output_to_a_device_writes_into_it(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    """``mknod n c 1 3; teletype export corpus -o n``: written into, not replaced."""
    device = tmp_path / "n"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    code, _out, err = run(capsys, "export", "-j", "1", "-o", device, VALID[0])
    assert code == 0, err
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert os.listdir(tmp_path) == ["n"]


@POSIX
def test_output_to_a_fifo_writes_into_it(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, _out, err = run(capsys, "export", "-j", "1", "-o", fifo, *VALID[:2])
    reader.join(30)
    assert code == 0, err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    rows = [json.loads(line) for line in received[0].decode().splitlines()]
    assert [r["source"] for r in rows] == [str(p) for p in VALID[:2]]


@POSIX
def test_output_to_dev_stdout_is_stdout(tmp_path: Path) -> None:
    """``-o /dev/stdout`` (as root this once replaced /dev/stdout with a regular file)."""
    before = os.lstat("/dev/stdout")
    result = tmp_path / "result.jsonl"
    with open(result, "wb") as handle:
        done = subprocess.run([sys.executable, "-m", "teletype", "export", "-j", "1", "-o",
                               "/dev/stdout", str(VALID[0])], stdout=handle,
                              stderr=subprocess.PIPE, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    after = os.lstat("/dev/stdout")
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert json.loads(result.read_text())["source"] == str(VALID[0])


# ------------------------------------------------------------------- -o is an input


@pytest.mark.parametrize("form", ["same", "dotted", "hardlink"])
def test_output_that_is_an_input_is_refused(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            form: str) -> None:
    source = tmp_path / "a.txt"
    source.write_bytes(CABLE)
    monkeypatch.chdir(tmp_path)
    target = {"same": "a.txt", "dotted": "./a.txt", "hardlink": "b.txt"}[form]
    if form == "hardlink":
        os.link(source, tmp_path / "b.txt")
    for command in (["export", "-j", "1"], ["export", "-j", "1", "--format", "csv"],
                    ["export", "-j", "1", "--format", "sqlite"], ["parse"], ["validate"]):
        code, out, err = run(capsys, *command, "a.txt", "-o", target)
        assert code == 2, (command, err)
        assert f"refusing to write {target}: it is also an input (a.txt)" in err
        assert "Traceback" not in err and out == ""
        assert source.read_bytes() == CABLE
    assert sorted(os.listdir(tmp_path)) == sorted(["a.txt"] + (["b.txt"] if form == "hardlink"
                                                              else []))


# ------------------------------------------------------------------- zip members


def _zip_with(tmp_path: Path, damage: str) -> Path:
    """A zip of three cables; the middle one damaged as ``damage`` says."""
    path = tmp_path / f"{damage}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, source in enumerate(VALID[:3]):
            archive.writestr(f"c{i}.txt", source.read_bytes())
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("c1.txt")
        central = data.rfind(b"PK\x01\x02c1.txt"[:4], 0)  # patched below by name
    start = info.header_offset
    name_len, extra_len = struct.unpack("<HH", data[start + 26:start + 30])
    body = start + 30 + name_len + extra_len
    entries = [i for i in range(len(data)) if data[i:i + 4] == b"PK\x01\x02"]
    central = next(i for i in entries
                   if data[i + 46:i + 46 + len(b"c1.txt")] == b"c1.txt")
    if damage == "encrypted":
        for flags in (start + 6, central + 8):
            data[flags] |= 0x01
    elif damage == "method":
        for method in (start + 8, central + 10):
            data[method:method + 2] = struct.pack("<H", 97)  # WavPack: not supported
    elif damage == "deflate":
        data[body:body + 40] = b"\xff" * 40
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(("damage", "message"), [
    ("encrypted", "encrypted (a password is needed)"),
    ("method", "unsupported compression method"),
    ("deflate", ""),
])
def test_bad_zip_member_is_one_line_and_the_rest_is_exported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, damage: str, message: str,
) -> None:
    archive = _zip_with(tmp_path, damage)
    other = tmp_path / "other.txt"
    other.write_bytes(CABLE)
    code, out, err = run(capsys, "export", "-j", "1", archive, other)
    assert code == 2
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"teletype: skipped {archive}::c1.txt: ")
    assert message in lines[0]
    sources = [json.loads(line)["source"] for line in out.splitlines()]
    assert sources == [f"{archive}::c0.txt", f"{archive}::c2.txt", str(other)]


# ------------------------------------------------------------------- tar damaged part-way


def test_tar_damaged_part_way_is_reported(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    path = tmp_path / "cables.tar"
    with tarfile.open(path, "w") as archive:
        for source in VALID[:4]:
            archive.add(source, arcname=source.name)
    data = bytearray(path.read_bytes())
    offsets = []
    with tarfile.open(path) as archive:
        offsets = [m.offset for m in archive.getmembers()]
    third = offsets[2]
    data[third:third + 100] = b"\x7f" * 100  # a header that is not one (bad checksum)
    path.write_bytes(bytes(data))
    code, out, err = run(capsys, "export", "-j", "1", path)
    assert code == 2
    assert f"teletype: skipped {path}: damaged after 2 members: a corrupt header at byte " \
        f"{third}" in err
    assert "Traceback" not in err
    assert [json.loads(line)["source"] for line in out.splitlines()] == [
        f"{path}::{VALID[0].name}", f"{path}::{VALID[1].name}"]


def test_tar_gz_with_corrupt_compressed_data(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    path = tmp_path / "cables.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for source in VALID:
            archive.add(source, arcname=source.name)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 64] = b"\x00" * 64
    path.write_bytes(bytes(data))
    code, _out, err = run(capsys, "export", "-j", "1", path, VALID[0])
    assert code == 2
    assert f"teletype: skipped {path}" in err and "Traceback" not in err


def test_a_clean_tar_reports_nothing(capsys: pytest.CaptureFixture[str],
                                     tmp_path: Path) -> None:
    for mode, name in (("w", "a.tar"), ("w:gz", "a.tar.gz"), ("w:xz", "a.tar.xz")):
        with tarfile.open(tmp_path / name, mode) as archive:
            archive.add(VALID[0], arcname=VALID[0].name)
        code, out, err = run(capsys, "export", "-j", "1", tmp_path / name)
        assert code == 0 and err == "", (name, err)
        assert len(out.splitlines()) == 1


# ------------------------------------------------------------------- a dead worker


def die_on_b(item: Item) -> str:
    """A worker function that is killed (as by the OOM killer) on item ``b``."""
    if item.name == "b":
        os.kill(os.getpid(), signal.SIGKILL)
    return item.name


def die_once(item: Item) -> str:
    """Killed the first time it meets item ``b`` (a marker file remembers)."""
    marker = Path(item.data.decode())
    if item.name == "b" and not marker.exists():
        marker.write_text("died")
        os.kill(os.getpid(), signal.SIGKILL)
    return item.name


@POSIX
def test_a_worker_that_always_dies_ends_the_run_clearly() -> None:
    items = [Item(name, b"") for name in "abcdef"]
    start = time.monotonic()
    with pytest.raises(WorkerCrashed, match="a worker process died 2 times"):
        list(ordered_map(die_on_b, items, jobs=2, chunksize=1))
    assert time.monotonic() - start < 120


@POSIX
def test_a_worker_killed_once_is_replaced_and_its_chunk_sent_again(tmp_path: Path) -> None:
    marker = str(tmp_path / "died").encode()
    items = [Item(name, marker) for name in "abcdefgh"]
    assert list(ordered_map(die_once, items, jobs=2, chunksize=1)) == list("abcdefgh")
    assert (tmp_path / "died").exists()


@POSIX
def test_kill_9_of_a_worker_does_not_hang_the_export(tmp_path: Path) -> None:
    """``kill -9`` of one worker of a running ``export -j 2``: the run goes on with a new
    worker and writes every row, in order."""
    inputs = folder_of(tmp_path, "in", 160, EVERY_CABLE)
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen(
        [sys.executable, "-m", "teletype", "export", "-q", "-j", "2", "-o", str(out),
         str(inputs)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        workers = wait_for(lambda: workers_of(process.pid), what="the workers")
        time.sleep(1.0)  # parsing
        if process.poll() is not None:
            pytest.skip("the export ended before a worker could be killed")
        os.kill(workers[0], signal.SIGKILL)
        _out, err = process.communicate(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    rows = [json.loads(line)["source"] for line in out.read_text().splitlines()]
    assert rows == [str(p) for p in sorted(inputs.iterdir())]


def test_read_ahead_is_bounded_in_bytes() -> None:
    """Large items (a zip of 63 MB members) are read ahead by bytes, not by chunk count:
    with 1 MB items and a 4 MB bound, a handful are in flight, not 4 x jobs x 16."""
    taken = 0

    def items() -> Iterator[Item]:
        nonlocal taken
        for i in range(200):
            taken += 1
            yield Item(str(i), b"x" * 1_000_000)

    submitted: list[int] = []
    results = windowed(chunks(items(), 16), lambda part: submitted.append(part.size),
                       lambda part: [i.name for i in part.items], workers=2,
                       max_ahead_bytes=4_000_000)
    assert next(results) == "0"
    assert taken <= 6  # 4 MB ahead plus the chunk that crossed the bound
    assert list(results)[-1] == "199"


# ------------------------------------------------------------------- concurrent SQLite


@POSIX
def test_two_sqlite_exports_into_one_database_lose_no_row(tmp_path: Path) -> None:
    first = folder_of(tmp_path, "first", 80, EVERY_CABLE[:12000])
    second = folder_of(tmp_path, "second", 80, EVERY_CABLE[:12000])
    database = tmp_path / "db" / "cables.sqlite"
    database.parent.mkdir()
    runs = [subprocess.Popen([sys.executable, "-m", "teletype", "export", "-q", "-j", "1",
                              "--format", "sqlite", "-o", str(database), str(folder)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            for folder in (first, second)]
    errors = [run.communicate(timeout=300)[1].decode() for run in runs]
    assert [r.returncode for r in runs] == [0, 0], errors
    with sqlite3.connect(database) as connection:
        count = connection.execute("SELECT count(*) FROM cables").fetchone()[0]
    assert count == 160
    assert os.listdir(database.parent) == ["cables.sqlite"]


@POSIX
def test_a_second_sqlite_export_waits_for_the_lock(tmp_path: Path) -> None:
    """Deterministic: while another export holds the folder's lock, an export says it
    waits, then writes on top of the other's result."""
    from teletype import export
    from teletype.api import parse_file

    database = tmp_path / "cables.sqlite"
    held = threading.Event()
    release = threading.Event()

    def other_export() -> None:
        with export.folder_lock(str(tmp_path)):
            held.set()
            release.wait(30)
            export.export_sqlite([export.export_row(parse_file(VALID[0]))], str(database))

    # the other export writes inside the lock it holds: call the inner steps directly
    thread = threading.Thread(target=other_export)
    waited: list[bool] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(export, "folder_lock", _reentrant(export.folder_lock, thread))
        thread.start()
        assert held.wait(30)
        timer = threading.Timer(0.5, release.set)
        timer.start()
        count = export.export_sqlite([export.export_row(parse_file(VALID[1]))],
                                     str(database), on_wait=lambda: waited.append(True))
        thread.join(30)
    assert count == 1 and waited == [True]
    with sqlite3.connect(database) as connection:
        sources = {s for (s,) in connection.execute("SELECT source FROM cables")}
    assert sources == {str(VALID[0]), str(VALID[1])}


def _reentrant(lock: Any, owner: threading.Thread) -> Any:
    """``folder_lock`` that the ``owner`` thread may take again (it already holds it)."""
    import contextlib

    def wrapped(folder: str, on_wait: Any = None) -> Any:
        if threading.current_thread() is owner and getattr(owner, "_held", False):
            return contextlib.nullcontext()
        if threading.current_thread() is owner:
            owner._held = True  # type: ignore[attr-defined]
        return lock(folder, on_wait)

    return wrapped


# ------------------------------------------------------------------- SQLite errors


def test_sqlite_into_a_file_that_is_not_a_database(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# notes\n")
    code, out, err = run(capsys, "export", "-j", "1", "--format", "sqlite", "-o", readme,
                         VALID[0])
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [
        f"teletype: {readme} is not a SQLite database; refusing to replace it "
        "(give a new file name)"]
    assert readme.read_text() == "# notes\n" and os.listdir(tmp_path) == ["README.md"]


def test_sqlite_into_a_database_with_another_schema(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE cables (id INTEGER, name TEXT)")
    before = other.read_bytes()
    code, _out, err = run(capsys, "export", "-j", "1", "--format", "sqlite", "-o", other,
                          VALID[0])
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "holds another schema" in err
    assert other.read_bytes() == before and os.listdir(tmp_path) == ["other.sqlite"]


@POSIX
@pytest.mark.parametrize("existing", [False, True])
def test_sqlite_on_a_full_disk(tmp_path: Path, existing: bool) -> None:
    """A full disk (a file size limit: writes fail with EFBIG, as with ENOSPC): one line,
    exit 2, the database untouched, no copy left."""
    inputs = folder_of(tmp_path, "in", 60, EVERY_CABLE[:30000])
    database = tmp_path / "db" / "cables.sqlite"
    database.parent.mkdir()
    if existing:
        assert teletype("export", "-q", "-j", "1", "--format", "sqlite", "-o", database,
                        VALID[0]).returncode == 0
    before = database.read_bytes() if existing else None

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        limit = 300_000
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = teletype("export", "-q", "-j", "1", "--format", "sqlite", "-o", database, inputs,
                    preexec_fn=limited)
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and f"cannot write {database}" in err
    if existing:
        assert database.read_bytes() == before
        assert os.listdir(database.parent) == ["cables.sqlite"]
    else:
        assert os.listdir(database.parent) == []


# ------------------------------------------------------------------- names not in UTF-8


@POSIX
def test_non_utf8_file_names_are_escaped_the_same_everywhere(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/caf\xe9.txt"
    with open(raw, "wb") as handle:
        handle.write(CABLE)
    shown = f"{folder}/caf\\xe9.txt"
    jsonl = teletype("export", "-q", "-j", "1", folder)
    assert jsonl.returncode == 0, jsonl.stderr
    assert json.loads(jsonl.stdout.decode("utf-8"))["source"] == shown  # strict UTF-8
    code, out, _err = run(capsys, "export", "-j", "1", "--format", "csv", folder)
    assert code == 0
    assert next(csv.DictReader(io.StringIO(out)))["source"] == shown
    database = tmp_path / "c.sqlite"
    code, _out, err = run(capsys, "export", "-j", "1", "--format", "sqlite", "--base",
                          tmp_path, "-o", database, folder)
    assert code == 0, err
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT source FROM cables").fetchall() == [
            ("in/caf\\xe9.txt",)]
    code, out, _err = run(capsys, "parse", folder)
    assert json.loads(out)[0]["source"] == shown
    code, out, _err = run(capsys, "decode", "--format", "json", folder)
    assert json.loads(out)[0]["path"] == shown
    missing = os.fsencode(folder) + b"/gone\xff.txt"
    os.symlink(b"/nonexistent", missing)
    code, _out, err = run(capsys, "validate", folder)
    assert code == 2 and f"cannot read {folder}/gone\\xff.txt: broken symbolic link" in err


# ------------------------------------------------------------------- size limits


@POSIX
def test_a_huge_sparse_file_in_a_walked_folder_is_skipped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``truncate -s 6G d/img; teletype validate d``: reported and skipped at once."""
    folder = tmp_path / "d"
    folder.mkdir()
    with open(folder / "img", "wb") as handle:
        handle.truncate(6 * 1024 ** 3)
    (folder / "ok.txt").write_bytes(CABLE)
    for command in ("validate", "export", "parse", "decode"):
        code, _out, err = run(capsys, command, folder)
        assert code == 2, (command, err)
        assert f"skipped {folder / 'img'}: 6442450944 bytes, more than the limit of " \
               f"67108864 (--max-bytes)" in err
        assert "Traceback" not in err


def test_max_bytes_for_stdin_files_and_members(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(CABLE * 3)
    box = tmp_path / "box.zip"
    with zipfile.ZipFile(box, "w") as archive:
        archive.writestr("big.txt", CABLE * 3)
        archive.writestr("small.txt", CABLE)
    stdin = io.TextIOWrapper(io.BytesIO(CABLE * 3))
    monkeypatch.setattr(sys, "stdin", stdin)
    limit = str(len(CABLE) * 2)
    code, out, err = run(capsys, "export", "-j", "1", "--max-bytes", limit, big, box, "-")
    assert code == 2
    for name in (str(big), f"{box}::big.txt", "<stdin>"):
        assert f"skipped {name}: {len(CABLE) * 3} bytes, more than the limit" in err \
            or (name == "<stdin>" and "skipped <stdin>: " in err)
    assert [json.loads(line)["source"] for line in out.splitlines()] == [f"{box}::small.txt"]


# ------------------------------------------------------------------- special files


@POSIX
def test_links_to_special_files_are_skipped_not_read(tmp_path: Path) -> None:
    """``x.txt -> /proc/kmsg`` or a link to a FIFO in a walked folder: skipped, no hang."""
    folder = tmp_path / "d"
    folder.mkdir()
    os.mkfifo(tmp_path / "fifo")
    (folder / "fifo.txt").symlink_to(tmp_path / "fifo")
    special = [folder / "fifo.txt"]
    if os.path.exists("/proc/kmsg"):
        (folder / "x.txt").symlink_to("/proc/kmsg")
        special.append(folder / "x.txt")
    (folder / "ok.txt").write_bytes(CABLE)
    for command in ("export", "validate"):
        done = teletype(command, folder, timeout=60)
        err = done.stderr.decode()
        assert done.returncode == 0, err
        for path in special:
            assert f"skipped {path}: not a regular file" in err


# ------------------------------------------------------------------- CSV formulas


def test_csv_cells_that_are_formulas_are_neutralised(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    text = CABLE.decode("utf-8", "replace")
    path = tmp_path / "=HYPERLINK(1).txt"
    evil = '=HYPERLINK("http://x","y")'
    cable = text.replace("SUBJECT:", f"SUBJECT: {evil}", 1) if "SUBJECT:" in text else text
    path.write_text(cable)
    code, out, _err = run(capsys, "export", "-j", "1", "--format", "csv", path)
    assert code == 0
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["source"] == "'" + str(path) if str(path).startswith("=") else str(path)
    for value in row.values():
        assert not value.startswith(("=", "+", "-", "@")), value
    if "SUBJECT:" in text:
        assert row["subject"].startswith("'=HYPERLINK")
    code, out, _err = run(capsys, "export", "-j", "1", "--format", "csv", "--csv-formulas",
                          path)
    if "SUBJECT:" in text:
        assert next(csv.DictReader(io.StringIO(out)))["subject"].startswith("=HYPERLINK")


def test_csv_relative_name_starting_with_a_formula(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("=1+1.txt", "+1.txt", "-x.txt", "@SUM.txt"):
        (tmp_path / name).write_bytes(CABLE)
        code, out, _err = run(capsys, "export", "-j", "1", "--format", "csv", "--", name)
        assert code == 0
        assert next(csv.DictReader(io.StringIO(out)))["source"] == "'" + name
        code, out, _err = run(capsys, "export", "-j", "1", "--format", "csv",
                              "--csv-formulas", "--", name)
        assert next(csv.DictReader(io.StringIO(out)))["source"] == name


# ------------------------------------------------------------------- signals


@POSIX
@pytest.mark.parametrize("fmt", ["sqlite", "jsonl"])
def test_sighup_mid_export_cleans_up(tmp_path: Path, fmt: str) -> None:
    inputs = folder_of(tmp_path, "in", 300, EVERY_CABLE)
    out = tmp_path / "out"
    out.mkdir()
    target = out / ("cables.sqlite" if fmt == "sqlite" else "cables.jsonl")
    process = subprocess.Popen(
        [sys.executable, "-m", "teletype", "export", "-q", "-j", "1", "--format", fmt,
         "-o", str(target), str(inputs)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for(lambda: os.listdir(out) or process.poll() is not None,
                 what="the temporary file")
        time.sleep(0.5)
        if process.poll() is not None:
            pytest.skip("the export ended before the signal")
        process.send_signal(signal.SIGHUP)
        _out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130, err
    assert b"interrupted" in err and b"Traceback" not in err
    assert os.listdir(out) == []


@POSIX
def test_ctrl_c_to_the_process_group_is_one_line(tmp_path: Path) -> None:
    """SIGINT to the whole process group (what Ctrl-C does), workers included: one line."""
    # enough cables that the export is still running when the signal comes (a few
    # seconds of work even as the parser gets faster)
    inputs = folder_of(tmp_path, "in", 3000, EVERY_CABLE)
    process = subprocess.Popen(
        [sys.executable, "-m", "teletype", "export", "-q", "-j", "2", "-o",
         str(tmp_path / "out.jsonl"), str(inputs)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        preexec_fn=None)
    try:
        wait_for(lambda: len(workers_of(process.pid)) == 2, what="two workers")
        time.sleep(1.5)  # the workers have imported the package and are parsing
        if process.poll() is not None:
            pytest.skip("the export ended before the signal")
        os.killpg(process.pid, signal.SIGINT)
        _out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    if process.returncode == 0 and not err:
        pytest.skip("the export ended before the signal reached it")
    assert process.returncode == 130
    assert err.decode().strip().splitlines() == ["teletype: interrupted"]
    assert os.listdir(tmp_path) == ["in"]
    wait_for(lambda: not children(process.pid), timeout=30, what="the workers to end")


# ------------------------------------------------------------------- modes


@POSIX
def test_sqlite_file_follows_the_umask_and_keeps_a_mode(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path) -> None:
    database = tmp_path / "cables.sqlite"
    old = os.umask(0o022)
    try:
        assert run(capsys, "export", "-j", "1", "--format", "sqlite", "-o", database,
                   VALID[0])[0] == 0
        assert stat.S_IMODE(os.stat(database).st_mode) == 0o644
        database.chmod(0o640)
        assert run(capsys, "export", "-j", "1", "--format", "sqlite", "-o", database,
                   VALID[1])[0] == 0
        assert stat.S_IMODE(os.stat(database).st_mode) == 0o640
        os.umask(0o077)
        fresh = tmp_path / "fresh.sqlite"
        assert run(capsys, "export", "-j", "1", "--format", "sqlite", "-o", fresh,
                   VALID[0])[0] == 0
        assert stat.S_IMODE(os.stat(fresh).st_mode) == 0o600
        jsonl = tmp_path / "r.jsonl"
        os.umask(0o002)
        assert run(capsys, "export", "-j", "1", "-o", jsonl, VALID[0])[0] == 0
        assert stat.S_IMODE(os.stat(jsonl).st_mode) == 0o664
    finally:
        os.umask(old)


# ------------------------------------------------------------------- the other commands


def test_validate_decode_and_parse_read_archives(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    """``validate x.tar.gz`` checks the members (it used to read the archive's bytes as
    text: 1,143 TT101 warnings and exit 0)."""
    path = tmp_path / "cables.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for source in VALID[:3]:
            archive.add(source, arcname=source.name)
    code, out, err = run(capsys, "validate", "--format", "json", path)
    assert code in (0, 1), err
    assert [r["path"] for r in json.loads(out)] == [f"{path}::{p.name}" for p in VALID[:3]]
    assert "TT101" not in out
    code, out, _err = run(capsys, "parse", "--format", "jsonl", path)
    assert code == 0
    assert [json.loads(line)["source"] for line in out.splitlines()] == [
        f"{path}::{p.name}" for p in VALID[:3]]
    code, out, _err = run(capsys, "decode", path)
    assert code == 0 and f"{path}::{VALID[0].name}" in out


@pytest.mark.parametrize("to_file", [True, False])
def test_a_crashed_pool_is_one_line_and_no_output_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    to_file: bool,
) -> None:
    from teletype import export

    def crashing(*args: Any, **kw: Any) -> Iterator[Any]:
        raise WorkerCrashed("a worker process died 2 times (killed by a signal, or out of "
                            "memory) while parsing the inputs from a to b")
        yield

    monkeypatch.setattr(export, "iter_rows", crashing)
    target = tmp_path / "out.jsonl"
    code, _out, err = run(capsys, "export", *(["-o", target] if to_file else []), VALID[0])
    assert code == 2 and "Traceback" not in err
    assert err.strip().splitlines() == [
        "teletype: a worker process died 2 times (killed by a signal, or out of memory) while "
        "parsing the inputs from a to b; "
        + ("nothing was written" if to_file else "the output is incomplete")]
    assert os.listdir(tmp_path) == []
