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
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from .api import parse_bytes
from .cable import Cable
from .collection import Item
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


def write_jsonl(rows: Iterable[ExportRow], out: Writable) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row.record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(rows: Iterable[ExportRow], out: Writable) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RECORD_KEYS)
    count = 0
    for row in rows:
        writer.writerow([csv_value(row.record[k]) for k in RECORD_KEYS])
        count += 1
    return count


SCHEMA = """
CREATE TABLE IF NOT EXISTS cables (
    source TEXT PRIMARY KEY,
    layout TEXT, transmission_id TEXT, precedence TEXT, dtg TEXT, originator_ri TEXT,
    ssn TEXT, filed TEXT, security TEXT, "from" TEXT, classification TEXT, mrn TEXT,
    section TEXT, eo TEXT, declassify TEXT, subject TEXT, classified_by TEXT,
    classified_by_title TEXT, signature TEXT, summary TEXT, reference_id TEXT,
    errors INTEGER, warnings INTEGER,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS addressees (
    source TEXT NOT NULL, role TEXT NOT NULL, position INTEGER NOT NULL, name TEXT,
    ri TEXT, precedence TEXT, mcn TEXT
);
CREATE TABLE IF NOT EXISTS tags (source TEXT NOT NULL, position INTEGER, tag TEXT);
CREATE TABLE IF NOT EXISTS captions (source TEXT NOT NULL, position INTEGER, caption TEXT);
CREATE TABLE IF NOT EXISTS refs (source TEXT NOT NULL, position INTEGER, reference TEXT);
CREATE TABLE IF NOT EXISTS tag_persons (source TEXT NOT NULL, position INTEGER, person TEXT);
CREATE TABLE IF NOT EXISTS tag_free_text (source TEXT NOT NULL, position INTEGER, tag TEXT);
CREATE TABLE IF NOT EXISTS reference_ids (
    source TEXT NOT NULL, position INTEGER, reference_id TEXT
);
CREATE TABLE IF NOT EXISTS classified_by_names (
    source TEXT NOT NULL, position INTEGER, name TEXT
);
CREATE TABLE IF NOT EXISTS classification_reasons (
    source TEXT NOT NULL, position INTEGER, reason TEXT
);
CREATE TABLE IF NOT EXISTS signers (source TEXT NOT NULL, position INTEGER, name TEXT);
CREATE TABLE IF NOT EXISTS excluded (
    source TEXT NOT NULL, position INTEGER, name TEXT, collective TEXT
);
CREATE TABLE IF NOT EXISTS diagnostics (
    source TEXT NOT NULL, code TEXT, severity TEXT, line INTEGER, "column" INTEGER,
    message TEXT
);
CREATE VIRTUAL TABLE IF NOT EXISTS cables_fts USING fts5(source UNINDEXED, subject, text);
CREATE INDEX IF NOT EXISTS cables_dtg ON cables(dtg);
CREATE INDEX IF NOT EXISTS cables_mrn ON cables(mrn);
CREATE INDEX IF NOT EXISTS cables_reference_id ON cables(reference_id);
CREATE INDEX IF NOT EXISTS cables_from ON cables("from");
CREATE INDEX IF NOT EXISTS addressees_source ON addressees(source);
CREATE INDEX IF NOT EXISTS tags_source ON tags(source);
CREATE INDEX IF NOT EXISTS tags_tag ON tags(tag);
CREATE INDEX IF NOT EXISTS captions_source ON captions(source);
CREATE INDEX IF NOT EXISTS refs_source ON refs(source);
CREATE INDEX IF NOT EXISTS reference_ids_source ON reference_ids(source);
CREATE INDEX IF NOT EXISTS reference_ids_id ON reference_ids(reference_id);
CREATE INDEX IF NOT EXISTS diagnostics_source ON diagnostics(source);
"""

#: list keys of the front matter: table and value column, one row a value
_LIST_TABLES = {
    "tag_persons": "person", "tag_free_text": "tag", "reference_ids": "reference_id",
    "classified_by_names": "name", "classification_reasons": "reason", "signers": "name",
}
_SCALAR_KEYS = tuple(k for k in RECORD_KEYS
                     if k not in ("source", "to", "info", "excluded", "captions", "tags",
                                  "references", *_LIST_TABLES))
_CHILD_TABLES = ("addressees", "tags", "captions", "refs", *_LIST_TABLES, "excluded",
                 "diagnostics", "cables")


def open_database(path: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    connection.executescript(SCHEMA)
    return connection


def write_sqlite(rows: Iterable[ExportRow], connection: sqlite3.Connection,
                 batch: int = 500) -> int:
    """Insert or replace the rows (keyed by source path) in one transaction per batch."""
    columns = ", ".join(f'"{k}"' for k in _SCALAR_KEYS)
    marks = ", ".join("?" for _ in _SCALAR_KEYS)
    insert_cable = f"INSERT INTO cables (source, {columns}, record) VALUES (?, {marks}, ?)"
    count = 0
    cursor = connection.cursor()
    cursor.execute("BEGIN")
    for row in rows:
        record = row.record
        source = record["source"]
        old = cursor.execute("SELECT rowid FROM cables WHERE source = ?", (source,)).fetchone()
        if old is not None:
            cursor.execute("DELETE FROM cables_fts WHERE rowid = ?", old)
        for table in _CHILD_TABLES:
            cursor.execute(f"DELETE FROM {table} WHERE source = ?", (source,))
        values = [csv_value(record[k]) if isinstance(record[k], list) else record[k]
                  for k in _SCALAR_KEYS]
        cursor.execute(insert_cable, (source, *values, json.dumps(record, ensure_ascii=False)))
        rowid = cursor.lastrowid
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
        cursor.execute("INSERT INTO cables_fts (rowid, source, subject, text) VALUES (?, ?, ?, ?)",
                       (rowid, source, record["subject"] or "", row.text))
        count += 1
        if count % batch == 0:
            cursor.execute("COMMIT")
            cursor.execute("BEGIN")
    cursor.execute("COMMIT")
    return count


def export_sqlite(rows: Iterable[ExportRow], path: str) -> int:
    """Write rows into the database at ``path`` (created, or updated by source path).

    All or nothing: the rows go into a copy of the database beside it, which replaces the
    database only when every row is in; an error or an interruption leaves ``path`` as it
    was and removes the copy."""
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".teletype-", suffix=".sqlite", dir=folder)
    os.close(handle)
    try:
        if os.path.isfile(path):
            shutil.copyfile(path, temporary)
        connection = open_database(temporary)
        try:
            count = write_sqlite(rows, connection)
        finally:
            connection.close()
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return count


def iter_rows(items: Iterable[Item], jobs: int = 1, **options: Any) -> Iterator[ExportRow]:
    """Export rows of ``items`` in input order, parsed in ``jobs`` processes with the parse
    ``options`` (``max_chars``)."""
    from .collection import ordered_map

    # a partial of a module-level function pickles, so workers can run it
    yield from ordered_map(functools.partial(row_from_item, **options), items, jobs)
