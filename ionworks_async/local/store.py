"""SQLite storage of the local server's records.

Statements run on the event loop's thread: each is a few tens of microseconds
(indexed lookups and single-row writes, no fsync), cheaper than a hand-off to
a worker thread, which under load queues requests behind one thread and its
share of the GIL. Every write is one ``BEGIN IMMEDIATE ... COMMIT``
transaction, in WAL mode with foreign keys on. ``synchronous=NORMAL`` keeps
every committed transaction across a crash of the process (``kill -9``); only
a power loss could roll back the last few. The one slow SQLite operation, the
WAL checkpoint (it fsyncs), is taken off the loop: automatic checkpoints are
off, and :meth:`Store.checkpoint` runs on a connection of its own in a worker
thread, every :data:`CHECKPOINT_EVERY` writes.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import attrs

from .errors import ApiError
from .kinds import INSTANCE, MEASUREMENT, SPECIFICATION, Kind, normalise_time

__all__ = ["CHECKPOINT_EVERY", "ListQuery", "Store", "now"]

CHECKPOINT_EVERY = 1000
"""Writes between two WAL checkpoints (run in a worker thread)."""

T = TypeVar("T")

SCHEMA = """
CREATE TABLE IF NOT EXISTS cell_specifications (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    form_factor TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by_email TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cell_instances (
    id TEXT PRIMARY KEY,
    cell_specification_id TEXT NOT NULL
        REFERENCES cell_specifications(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by_email TEXT NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (cell_specification_id, name)
);
CREATE TABLE IF NOT EXISTS cell_measurements (
    id TEXT PRIMARY KEY,
    cell_instance_id TEXT NOT NULL REFERENCES cell_instances(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    measurement_type TEXT NOT NULL,
    processing_status TEXT,
    start_time TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by_email TEXT NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (cell_instance_id, name)
);
CREATE TABLE IF NOT EXISTS uploads (
    measurement_id TEXT PRIMARY KEY,
    cell_instance_id TEXT NOT NULL REFERENCES cell_instances(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS instances_by_spec ON cell_instances(cell_specification_id);
CREATE INDEX IF NOT EXISTS measurements_by_instance
    ON cell_measurements(cell_instance_id);
"""


def now() -> str:
    """Return the current time as the server writes it (UTC, microseconds)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


@attrs.frozen
class ListQuery:
    """A list route's filters, already checked."""

    limit: int = 100
    offset: int = 0
    name_eq: str | None = None
    name_like: str | None = None
    email_like: str | None = None
    bounds: tuple[tuple[str, str, str], ...] = ()
    """(column, ">" or "<", normalised time) triples."""
    equals: tuple[tuple[str, str], ...] = ()
    order_by: str | None = None
    descending: bool = False


class Store:
    """The records, in SQLite (a file, or memory with ``path=None``)."""

    def __init__(self, path: Path | None, *, user_email: str) -> None:
        self.path = path
        self.user_email = user_email
        self._connection: sqlite3.Connection | None = None
        self._writes = 0
        self._checkpoints: set[asyncio.Task[None]] = set()

    def open(self) -> None:
        """Open (and if needed create) the database."""
        target = ":memory:" if self.path is None else str(self.path)
        connection = sqlite3.connect(target, isolation_level=None)
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("PRAGMA wal_autocheckpoint=0")  # see checkpoint()
        connection.executescript(SCHEMA)
        self._connection = connection

    async def close(self) -> None:
        """Finish checkpoints, close, and fold the WAL into the database."""
        await asyncio.gather(*self._checkpoints, return_exceptions=True)
        if self._connection is not None:
            self._connection.close()
            self._connection = None
            await asyncio.to_thread(self.checkpoint)

    def checkpoint(self) -> None:
        """Fold the WAL into the database file, on a connection of its own.

        Blocking (it fsyncs): called in a worker thread.
        """
        if self.path is None:
            return
        with contextlib.closing(sqlite3.connect(self.path, timeout=30)) as connection:
            connection.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def _wrote(self) -> None:
        self._writes += 1
        if self.path is None or self._writes % CHECKPOINT_EVERY:
            return
        with contextlib.suppress(RuntimeError):  # no running loop: skip this one
            task = asyncio.get_running_loop().create_task(
                asyncio.to_thread(self.checkpoint)
            )
            self._checkpoints.add(task)
            task.add_done_callback(self._checkpoints.discard)

    @property
    def _db(self) -> sqlite3.Connection:
        assert self._connection is not None, "the store is not open"
        return self._connection

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        self._wrote()

    # -- reads --------------------------------------------------------------

    def _row(self, kind: Kind, record_id: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self._db.execute(
            f"SELECT * FROM {kind.table} WHERE id = ?", (record_id,)
        ).fetchone()
        return row

    def get(self, kind: Kind, record_id: str) -> dict[str, Any]:
        """Return one record, or raise 404."""
        row = self._row(kind, record_id)
        if row is None:
            raise ApiError(404, f"{kind.label} {record_id!r} not found")
        result: dict[str, Any] = json.loads(row["doc"])
        return result

    def _require_parent(self, kind: Kind, parent_id: str | None) -> None:
        parent = {INSTANCE.table: SPECIFICATION, MEASUREMENT.table: INSTANCE}.get(
            kind.table
        )
        if parent is not None and self._row(parent, parent_id or "") is None:
            raise ApiError(404, f"{parent.label} {parent_id!r} not found")

    def list_page(
        self, kind: Kind, parent_id: str | None, query: ListQuery
    ) -> tuple[list[dict[str, Any]], int]:
        """Return one page of records and the number matching in all."""
        self._require_parent(kind, parent_id)
        where: list[str] = []
        values: list[Any] = []
        if kind.parent_column:
            where.append(f"{kind.parent_column} = ?")
            values.append(parent_id)
        if query.name_eq is not None:
            where.append("name = ?")
            values.append(query.name_eq)
        elif query.name_like is not None:
            where.append("name LIKE ?")
            values.append(query.name_like)
        if query.email_like is not None:
            where.append("created_by_email LIKE ?")
            values.append(query.email_like)
        for column, operator, moment in query.bounds:
            where.append(f"{column} {operator} ?")
            values.append(moment)
        for column, value in query.equals:
            where.append(f"{column} = ?")
            values.append(value)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        total = self._db.execute(
            f"SELECT COUNT(*) FROM {kind.table} {clause}", values
        ).fetchone()[0]
        direction = "DESC" if query.descending else "ASC"
        order = (
            f"{query.order_by} {direction}, rowid {direction}"
            if query.order_by
            else (f"rowid {direction}")
        )
        rows = self._db.execute(
            f"SELECT doc FROM {kind.table} {clause} ORDER BY {order} LIMIT ? OFFSET ?",
            [*values, query.limit, query.offset],
        ).fetchall()
        return [json.loads(row["doc"]) for row in rows], int(total)

    # -- writes -------------------------------------------------------------

    def _conflict(
        self,
        db: sqlite3.Connection,
        kind: Kind,
        parent_id: str | None,
        name: str,
        exclude: str | None = None,
    ) -> None:
        sql = f"SELECT id FROM {kind.table} WHERE name = ?"
        values: list[Any] = [name]
        if kind.parent_column:
            sql += f" AND {kind.parent_column} = ?"
            values.append(parent_id)
        row = db.execute(sql, values).fetchone()
        if row is not None and row["id"] != exclude:
            raise ApiError(
                409,
                f"A {kind.label.lower()} named {name!r} already exists"
                + (" under this parent" if kind.parent_column else ""),
                {"existing_id": row["id"]},
            )

    def _columns(self, kind: Kind, record: dict[str, Any]) -> dict[str, Any]:
        columns = {
            "id": record["id"],
            "name": record["name"],
            "created_at": record["created_at"],
            "updated_at": record["updated_at"],
            "created_by_email": record["created_by_email"],
            "doc": json.dumps(record, separators=(",", ":")),
        }
        if kind.parent_column:
            columns[kind.parent_column] = record[kind.parent_column]
        for column in kind.columns:
            value = record.get(column)
            if column == "start_time" and isinstance(value, str):
                value = normalise_time(value, field=column)
            columns[column] = (
                value if value is None or isinstance(value, str) else str(value)
            )
        return columns

    def create(
        self,
        kind: Kind,
        parent_id: str | None,
        fields: dict[str, Any],
        *,
        record_id: str | None = None,
        pending_upload: bool = False,
    ) -> dict[str, Any]:
        """Insert a record; 404 for a missing parent, 409 for a taken name."""
        with self._transaction() as db:
            self._require_parent(kind, parent_id)
            self._conflict(db, kind, parent_id, fields["name"])
            if pending_upload:
                upload = db.execute(
                    "SELECT cell_instance_id FROM uploads WHERE measurement_id = ?",
                    (record_id,),
                ).fetchone()
                if upload is None or upload["cell_instance_id"] != parent_id:
                    raise ApiError(
                        404, f"No upload {record_id!r} was initiated for this instance"
                    )
                db.execute("DELETE FROM uploads WHERE measurement_id = ?", (record_id,))
            stamp = now()
            record = {
                **fields,
                "id": record_id or str(uuid.uuid4()),
                "created_at": stamp,
                "updated_at": stamp,
                "created_by_email": self.user_email,
            }
            if kind.parent_column:
                record[kind.parent_column] = parent_id
            if kind is MEASUREMENT:
                record.setdefault("measurement_type", "time_series")
            columns = self._columns(kind, record)
            names = ", ".join(columns)
            marks = ", ".join("?" for _ in columns)
            db.execute(
                f"INSERT INTO {kind.table} ({names}) VALUES ({marks})",
                list(columns.values()),
            )
        return record

    def update(
        self, kind: Kind, record_id: str, fields: dict[str, Any]
    ) -> dict[str, Any]:
        """Merge fields into a record; 404 if missing, 409 for a taken name."""
        with self._transaction() as db:
            record = self.get(kind, record_id)
            if "name" in fields:
                parent = record.get(kind.parent_column) if kind.parent_column else None
                self._conflict(db, kind, parent, fields["name"], exclude=record_id)
            record.update(fields)
            record["updated_at"] = now()
            columns = self._columns(kind, record)
            assignments = ", ".join(f"{name} = ?" for name in columns)
            db.execute(
                f"UPDATE {kind.table} SET {assignments} WHERE id = ?",
                [*columns.values(), record_id],
            )
        return record

    def delete(self, kind: Kind, record_id: str) -> list[str]:
        """Delete a record and its children; return the measurement ids removed."""
        with self._transaction() as db:
            if self._row(kind, record_id) is None:
                raise ApiError(404, f"{kind.label} {record_id!r} not found")
            if kind is MEASUREMENT:
                removed = [record_id]
            elif kind is INSTANCE:
                removed = [
                    row[0]
                    for row in db.execute(
                        "SELECT id FROM cell_measurements WHERE cell_instance_id = ?",
                        (record_id,),
                    )
                ]
            else:
                removed = [
                    row[0]
                    for row in db.execute(
                        "SELECT m.id FROM cell_measurements m JOIN cell_instances i "
                        "ON m.cell_instance_id = i.id "
                        "WHERE i.cell_specification_id = ?",
                        (record_id,),
                    )
                ]
            db.execute(f"DELETE FROM {kind.table} WHERE id = ?", (record_id,))
        return removed

    def initiate_upload(self, instance_id: str, name: str) -> str:
        """Reserve a measurement id for an upload; 404/409 as for a create."""
        with self._transaction() as db:
            self._require_parent(MEASUREMENT, instance_id)
            self._conflict(db, MEASUREMENT, instance_id, name)
            measurement_id = str(uuid.uuid4())
            db.execute(
                "INSERT INTO uploads (measurement_id, cell_instance_id, created_at) "
                "VALUES (?, ?, ?)",
                (measurement_id, instance_id, now()),
            )
        return measurement_id

    def require_upload(self, measurement_id: str, instance_id: str) -> None:
        """Raise 404 unless an upload was initiated for this id and instance."""
        row = self._db.execute(
            "SELECT cell_instance_id FROM uploads WHERE measurement_id = ?",
            (measurement_id,),
        ).fetchone()
        if row is None or row["cell_instance_id"] != instance_id:
            raise ApiError(
                404, f"No upload {measurement_id!r} was initiated for this instance"
            )

    def set_processing(
        self, measurement_id: str, status: str, error: str | None = None
    ) -> None:
        """Record a measurement's processing status (a deleted one is skipped)."""
        fields: dict[str, Any] = {"processing_status": status}
        if error is not None:
            fields["processing_error"] = error
        with contextlib.suppress(ApiError):  # deleted while being processed
            self.update(MEASUREMENT, measurement_id, fields)

    def pending_measurements(self) -> list[str]:
        """Return ids of measurements whose processing did not finish."""
        rows = self._db.execute(
            "SELECT id FROM cell_measurements WHERE processing_status IN "
            "('pending', 'running')"
        ).fetchall()
        return [row[0] for row in rows]
