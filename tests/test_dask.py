"""``teletype export --scheduler ADDRESS``: parsing on a Dask distributed cluster (a scheduler
and two worker processes started here on 127.0.0.1, and always stopped) writes the same
rows, in the same order, as ``-j 1``."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from teletype import cli

VALID_DIR = ROOT / "corpus" / "valid"
SHARED = ROOT.parent / "shared" / "corpus" / "cablegate-alx-txt"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    pytest.importorskip("distributed", reason="the 'dask' extra is not installed")
    from distributed import LocalCluster

    cluster: Any = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                host="127.0.0.1", dashboard_address=None,
                                worker_dashboard_address=None, silence_logs=50)
    try:
        yield str(cluster.scheduler_address)
    finally:
        with contextlib.suppress(Exception):
            cluster.close(timeout=30)


def inputs() -> list[str]:
    paths = [str(VALID_DIR)]
    if SHARED.is_dir():
        paths.append(str(SHARED))
    return paths


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_cluster_export_equals_one_process(scheduler: str, tmp_path: Path, fmt: str) -> None:
    local, remote = tmp_path / f"local.{fmt}", tmp_path / f"remote.{fmt}"
    assert cli.main(["export", "-q", "-j", "1", "--format", fmt, "-o", str(local),
                     *inputs()]) == 0
    assert cli.main(["export", "-q", "--scheduler", scheduler, "--format", fmt, "-o",
                     str(remote), *inputs()]) == 0
    assert remote.read_bytes() == local.read_bytes()
    assert len(local.read_text().splitlines()) > 10


def test_cluster_export_to_sqlite(scheduler: str, tmp_path: Path) -> None:
    local, remote = tmp_path / "local.sqlite", tmp_path / "remote.sqlite"
    assert cli.main(["export", "-q", "-j", "1", "--format", "sqlite", "-o", str(local),
                     str(VALID_DIR)]) == 0
    assert cli.main(["export", "-q", "--scheduler", scheduler, "--format", "sqlite", "-o",
                     str(remote), str(VALID_DIR)]) == 0
    query = "SELECT id, source, record, text FROM cables ORDER BY id"
    with sqlite3.connect(local) as one, sqlite3.connect(remote) as other:
        assert one.execute(query).fetchall() == other.execute(query).fetchall()


def test_unreachable_scheduler_is_one_line(capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed", reason="the 'dask' extra is not installed")
    from teletype import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 3)
    monkeypatch.setattr(cluster.connect, "__defaults__", (3,))
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = cli.main(["export", "-q", "--scheduler", f"tcp://127.0.0.1:{port}",
                     str(VALID_DIR)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in err
    assert "Traceback" not in err
