"""Export records of many cables: JSON Lines, CSV and SQLite (with FTS5 full-text search).

Workers turn each cable into an :class:`ExportRow` (the flat record plus the child rows
SQLite wants and the text to index), so only small data crosses process boundaries.
The SQLite schema is documented in docs/export.md; every statement uses parameters.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import json
import os
import shutil
import sqlite3
import stat
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Protocol

from .api import parse_bytes
from .cable import Cable
from .collection import Item, display_name
from .nodes import FrontText, TextBlock
from .record import RECORD_KEYS


class Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


@dataclass(frozen=True, slots=True)
class ExportRow:
    """What an exporter needs of one cable."""

    record: dict[str, Any]
    addressees: tuple[tuple[str, int, str, str | None, str | None, str | None], ...]
    diagnostics: tuple[tuple[str, str, int | None, int | None, str], ...]
    text: str


def export_row(cable: Cable) -> ExportRow:
    record = cable.record()
    addressees: list[tuple[str, int, str, str | None, str | None, str | None]] = []
    header = cable.header
    if header is not None:
        if header.from_ is not None:
            a = header.from_.address
            addressees.append(("from", 0, a.name, a.ri.code if a.ri else None, None, None))
        for role, group in (("to", header.to), ("info", header.info), ("xmt", header.xmt)):
            for i, a in enumerate(group):
                addressees.append((role, i, a.name, a.ri.code if a.ri else None,
                                   a.precedence.word if a.precedence else None, a.mcn))
    diagnostics = tuple(
        (d.code, d.severity.value, d.span.line if d.span else None,
         d.span.column if d.span else None, d.message)
        for d in cable.diagnostics
    )
    text = ""
    if cable.text is not None:
        text = "\n".join(n.text for n in cable.text.lines if isinstance(n, (TextBlock, FrontText)))
    return ExportRow(record, tuple(addressees), diagnostics, text)


def row_from_item(item: Item, **options: Any) -> ExportRow:
    """Worker entry point: bytes in, export row out (``options`` go to the parser)."""
    return export_row(parse_bytes(item.data, source=item.name, **options))


# ---------------------------------------------------------------------- writers

#: A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        if value and all(isinstance(v, int) for v in value):
            return "/".join(str(v) for v in value)
        if value and all(isinstance(v, dict) for v in value):  # excluded: name (collective)
            return "; ".join(v["name"] + (f" ({v['collective']})" if v.get("collective") else "")
                             for v in value)
        return "; ".join(str(v) for v in value)
    return str(value)


def neutralise(cell: str) -> str:
    """A CSV cell a spreadsheet will not run: one that starts with ``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return gets a leading ``'`` (the OWASP advice)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def write_jsonl(rows: Iterable[ExportRow], out: Writable) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row.record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(rows: Iterable[ExportRow], out: Writable, *, formulas: bool = False) -> int:
    """The records as CSV; cells that a spreadsheet would run as formulas are neutralised
    (:func:`neutralise`) unless ``formulas``."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RECORD_KEYS)
    count = 0
    for row in rows:
        cells = [csv_value(row.record[k]) for k in RECORD_KEYS]
        writer.writerow(cells if formulas else [neutralise(c) for c in cells])
        count += 1
    return count


#: ``PRAGMA user_version`` of the databases this version writes (1: the first schema,
#: which had no version, no foreign keys and an FTS table with its own copy of the text).
SCHEMA_VERSION = 3

#: List keys of the front matter: child table and its value column, one row a value.
_LIST_TABLES = {
    "tag_persons": "person", "tag_free_text": "tag", "reference_ids": "reference_id",
    "classified_by_names": "name", "classification_reasons": "reason", "signers": "name",
}
#: The record's keys that are columns of the cables table (the others are child tables).
_SCALAR_KEYS = tuple(k for k in RECORD_KEYS
                     if k not in ("source", "to", "info", "excluded", "captions", "tags",
                                  "references", *_LIST_TABLES))

SCHEMA = """
CREATE TABLE IF NOT EXISTS cables (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL UNIQUE,
    @SCALAR_COLUMNS@,
    tags TEXT,
    text TEXT,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS addressees (
    source TEXT NOT NULL REFERENCES cables(source) ON DELETE CASCADE,
    role TEXT NOT NULL, position INTEGER NOT NULL, name TEXT,
    ri TEXT, precedence TEXT, mcn TEXT
);
CREATE TABLE IF NOT EXISTS tags (
    source TEXT NOT NULL REFERENCES cables(source) ON DELETE CASCADE,
    position INTEGER, tag TEXT
);
CREATE TABLE IF NOT EXISTS captions (
    source TEXT NOT NULL REFERENCES cables(source) ON DELETE CASCADE,
    position INTEGER, caption TEXT
);
CREATE TABLE IF NOT EXISTS refs (
    source TEXT NOT NULL REFERENCES cables(source) ON DELETE CASCADE,
    position INTEGER, reference TEXT
);
CREATE TABLE IF NOT EXISTS excluded (
    source TEXT NOT NULL REFERENCES cables(source) ON DELETE CASCADE,
    position INTEGER, name TEXT, collective TEXT
);
@LIST_TABLES@
CREATE TABLE IF NOT EXISTS diagnostics (
    source TEXT NOT NULL REFERENCES cables(source) ON DELETE CASCADE,
    code TEXT, severity TEXT, line INTEGER, "column" INTEGER, message TEXT
);
CREATE TABLE IF NOT EXISTS export_metadata (key TEXT PRIMARY KEY, value TEXT);
CREATE VIRTUAL TABLE IF NOT EXISTS cables_fts USING fts5(
    subject, text, content="cables", content_rowid="id"
);
CREATE TRIGGER IF NOT EXISTS cables_fts_insert AFTER INSERT ON cables BEGIN
    INSERT INTO cables_fts (rowid, subject, text) VALUES (new.id, new.subject, new.text);
END;
CREATE TRIGGER IF NOT EXISTS cables_fts_delete AFTER DELETE ON cables BEGIN
    INSERT INTO cables_fts (cables_fts, rowid, subject, text)
    VALUES ('delete', old.id, old.subject, old.text);
END;
CREATE TRIGGER IF NOT EXISTS cables_fts_update AFTER UPDATE ON cables BEGIN
    INSERT INTO cables_fts (cables_fts, rowid, subject, text)
    VALUES ('delete', old.id, old.subject, old.text);
    INSERT INTO cables_fts (rowid, subject, text) VALUES (new.id, new.subject, new.text);
END;
CREATE INDEX IF NOT EXISTS cables_dtg ON cables(dtg);
CREATE INDEX IF NOT EXISTS cables_date ON cables(date);
CREATE INDEX IF NOT EXISTS cables_mrn ON cables(mrn);
CREATE INDEX IF NOT EXISTS cables_reference_id ON cables(reference_id);
CREATE INDEX IF NOT EXISTS cables_from ON cables("from");
CREATE INDEX IF NOT EXISTS cables_originator_ri ON cables(originator_ri);
CREATE INDEX IF NOT EXISTS cables_classification ON cables(classification);
CREATE INDEX IF NOT EXISTS cables_layout ON cables(layout);
CREATE INDEX IF NOT EXISTS addressees_source ON addressees(source);
CREATE INDEX IF NOT EXISTS addressees_name ON addressees(name);
CREATE INDEX IF NOT EXISTS tags_source ON tags(source);
CREATE INDEX IF NOT EXISTS tags_tag ON tags(tag);
CREATE INDEX IF NOT EXISTS captions_source ON captions(source);
CREATE INDEX IF NOT EXISTS refs_source ON refs(source);
CREATE INDEX IF NOT EXISTS refs_reference ON refs(reference);
CREATE INDEX IF NOT EXISTS reference_ids_id ON reference_ids(reference_id);
CREATE INDEX IF NOT EXISTS diagnostics_source ON diagnostics(source);
CREATE INDEX IF NOT EXISTS diagnostics_code ON diagnostics(code);
""".replace("@SCALAR_COLUMNS@", ",\n    ".join(
    f'"{k}" INTEGER' if k in ("errors", "warnings") else f'"{k}" TEXT' for k in _SCALAR_KEYS
)).replace("@LIST_TABLES@", "\n".join(
    f"CREATE TABLE IF NOT EXISTS {table} (\n"
    "    source TEXT NOT NULL REFERENCES cables(source) ON DELETE CASCADE,\n"
    f"    position INTEGER, {column} TEXT\n);\n"
    f"CREATE INDEX IF NOT EXISTS {table}_source ON {table}(source);"
    for table, column in _LIST_TABLES.items()))

_TABLES = ("cables", "addressees", "tags", "captions", "refs", "excluded", *_LIST_TABLES,
           "diagnostics", "export_metadata", "cables_fts")
SQLITE_HEADER = b"SQLite format 3\x00"


class ExportError(Exception):
    """The database cannot be written as asked: one line for the user."""


def open_database(path: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.executescript(SCHEMA)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return connection


def relative_source(name: str, base: str | None) -> str:
    """``name`` (a path, or ``ARCHIVE::MEMBER``) relative to ``base``, with ``/``; names
    outside ``base`` and ``<stdin>`` stay as they are."""
    if base is None or name.startswith("<"):
        return name
    path, sep, member = name.partition("::")
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, base)
    except ValueError:  # another drive
        return name
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return name
    return relative.replace(os.sep, "/") + sep + member


def common_base(paths: Iterable[str]) -> str | None:
    """The folder the ``paths`` share (a folder given is its own base; a file's is its
    folder); None without paths on disk."""
    folders = []
    for path in paths:
        if path == "-":
            continue
        absolute = os.path.abspath(path)
        folders.append(absolute if os.path.isdir(absolute) else os.path.dirname(absolute))
    if not folders:
        return None
    try:
        return os.path.commonpath(folders)
    except ValueError:
        return None


def write_sqlite(rows: Iterable[ExportRow], connection: sqlite3.Connection,
                 batch: int = 500, *, base: str | None = None) -> int:
    """Insert or replace the rows (keyed by source path, relative to ``base``) in one
    transaction per batch."""
    columns = ", ".join(f'"{k}"' for k in _SCALAR_KEYS)
    marks = ", ".join("?" for _ in _SCALAR_KEYS)
    insert_cable = (f"INSERT INTO cables (source, {columns}, tags, text, record) "
                    f"VALUES (?, {marks}, ?, ?, ?)")
    count = 0
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("BEGIN")
    for row in rows:
        record = dict(row.record)
        source = record["source"] = relative_source(record["source"], base)
        # children go with the cable (ON DELETE CASCADE), the FTS entry with a trigger
        cursor.execute("DELETE FROM cables WHERE source = ?", (source,))
        values = [csv_value(record[k]) if isinstance(record[k], list) else record[k]
                  for k in _SCALAR_KEYS]
        cursor.execute(insert_cable, (source, *values,
                                      json.dumps(record["tags"], ensure_ascii=False),
                                      row.text, json.dumps(record, ensure_ascii=False)))
        cursor.executemany(
            "INSERT INTO addressees (source, role, position, name, ri, precedence, mcn) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", [(source, *a) for a in row.addressees])
        cursor.executemany("INSERT INTO tags (source, position, tag) VALUES (?, ?, ?)",
                           [(source, i, t) for i, t in enumerate(record["tags"])])
        cursor.executemany("INSERT INTO captions (source, position, caption) VALUES (?, ?, ?)",
                           [(source, i, c) for i, c in enumerate(record["captions"])])
        cursor.executemany("INSERT INTO refs (source, position, reference) VALUES (?, ?, ?)",
                           [(source, i, r) for i, r in enumerate(record["references"])])
        for key, column in _LIST_TABLES.items():
            cursor.executemany(f"INSERT INTO {key} (source, position, {column}) VALUES (?, ?, ?)",
                               [(source, i, v) for i, v in enumerate(record[key])])
        cursor.executemany(
            "INSERT INTO excluded (source, position, name, collective) VALUES (?, ?, ?, ?)",
            [(source, i, x["name"], x["collective"]) for i, x in enumerate(record["excluded"])])
        cursor.executemany(
            'INSERT INTO diagnostics (source, code, severity, line, "column", message) '
            "VALUES (?, ?, ?, ?, ?, ?)", [(source, *d) for d in row.diagnostics])
        count += 1
        if count % batch == 0:
            cursor.execute("COMMIT")
            cursor.execute("BEGIN")
    cursor.execute("COMMIT")
    return count


def write_metadata(connection: sqlite3.Connection, inputs: Sequence[str],
                   base: str | None, count: int) -> None:
    from . import __version__

    values = {
        "tool": "teletype", "tool_version": __version__,
        "schema_version": str(SCHEMA_VERSION),
        "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "inputs": json.dumps([display_name(i) for i in inputs], ensure_ascii=False),
        "base": display_name(base) if base else "", "cables_written": str(count),
    }
    with connection:
        connection.executemany(
            "INSERT OR REPLACE INTO export_metadata (key, value) VALUES (?, ?)",
            list(values.items()))


def check_database(path: str) -> bool:
    """Whether ``path`` exists, after checking that it can be updated: a regular file that
    is empty or a SQLite database with this version's schema. Otherwise
    :class:`ExportError` says why, and nothing is touched."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return False
    except OSError as error:
        raise ExportError(f"cannot write {path}: {error.strerror or error}") from None
    if not stat.S_ISREG(info.st_mode):
        raise ExportError(f"cannot write {path}: the database must be a regular file")
    if info.st_size == 0:
        return True
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise ExportError(f"cannot read {path}: {error.strerror or error}") from None
    if header != SQLITE_HEADER:
        raise ExportError(f"{path} is not a SQLite database; refusing to replace it "
                          "(give a new file name)")
    try:
        uri = "file:" + urllib.parse.quote(os.path.abspath(path)) + "?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as connection:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            tables = {name for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error as error:
        raise ExportError(f"cannot read the database {path}: {error}") from None
    if tables and (version != SCHEMA_VERSION or not set(_TABLES) <= tables):
        found = ", ".join(sorted(tables)[:6])
        raise ExportError(
            f"{path} holds another schema (user_version {version}; tables {found}); "
            f"this version writes schema {SCHEMA_VERSION}: export into a new file")
    return True


@contextlib.contextmanager
def folder_lock(folder: str, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """An exclusive lock (``flock``) on ``folder`` between teletype exports: a second export
    into a database there waits until the first has replaced it, then starts from its
    result, so no row is lost. Where locks are not supported the export goes on."""
    try:
        import fcntl
    except ImportError:  # not POSIX
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            pass  # no locks on this file system
        yield
    finally:
        os.close(fd)


def export_sqlite(rows: Iterable[ExportRow], path: str, *, base: str | None = None,
                  inputs: Sequence[str] = (),
                  on_wait: Callable[[], None] | None = None) -> int:
    """Write rows into the database at ``path`` (created, or updated by source path, which is
    stored relative to ``base``).

    All or nothing: the rows go into a copy of the database beside it, which replaces the
    database only when every row is in; an error or an interruption leaves ``path`` as it
    was and removes the copy. One export at a time per folder (:func:`folder_lock`). A
    file that is not such a database, a full disk or any SQLite error raises
    :class:`ExportError` with ``path`` untouched."""
    from .output import OutputError, replacing

    folder = os.path.dirname(os.path.abspath(path))
    check_database(path)
    try:
        with folder_lock(folder, on_wait):
            exists = check_database(path)  # again: another export may have replaced it
            with replacing(path, prefix=".teletype-", suffix=".sqlite") as temporary:
                if exists:
                    shutil.copyfile(path, temporary)
                connection = open_database(temporary)
                try:
                    count = write_sqlite(rows, connection, base=base)
                    write_metadata(connection, inputs, base, count)
                finally:
                    connection.close()
    except sqlite3.Error as error:
        raise ExportError(f"cannot write {path}: {error}; the database is unchanged") from None
    except OutputError as error:
        raise ExportError(str(error)) from None
    except OSError as error:
        raise ExportError(f"cannot write {path}: {error.strerror or error}; "
                          "the database is unchanged") from None
    return count


def iter_rows(items: Iterable[Item], jobs: int = 1, *, scheduler: str | None = None,
              **options: Any) -> Iterator[ExportRow]:
    """Export rows of ``items`` in input order, parsed in ``jobs`` processes (or on the Dask
    cluster at ``scheduler``) with the parse ``options`` (``max_chars``)."""
    from .collection import ordered_map

    # a partial of a module-level function pickles, so workers can run it
    func = functools.partial(row_from_item, **options)
    if scheduler is not None:
        from .cluster import cluster_map

        yield from cluster_map(func, items, scheduler)
        return
    yield from ordered_map(func, items, jobs)
