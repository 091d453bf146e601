"""The local server's records, in SQLite: read, created, updated, deleted.

The connection, its transactions and its checkpoints are
:class:`~.database.Database`'s; this module holds what the records are and
how they relate (parents, name conflicts, references, the projects one
deletes).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..errors import ApiError
from .database import Database
from .lab_kinds import CYCLER
from .ordered import OrderedIds
from .record_types import (
    BATCH,
    INSTANCE,
    MEASUREMENT,
    PROJECT,
    SPECIFICATION,
    Kind,
    normalise_time,
)
from .references import check_references
from .rows import (
    COMPUTED,
    PARENTS,
    ListQuery,
    casefold,
    now,
    read_record,
    select,
    select_page,
)
from .schema import prepare

__all__ = ["Store"]

T = TypeVar("T")


class Store:
    """The records, in SQLite (a file, or memory with ``path=None``)."""

    def __init__(self, path: Path | None, *, user_email: str) -> None:
        self.path = path
        self.user_email = user_email
        self.database = Database(path)
        self.ordered = OrderedIds()
        """The order of recent list queries, between their pages (until a write)."""
        self.default_project_id = ""
        """The project of specifications created without one."""

    def open(self) -> None:
        """Open (and if needed create) the database."""
        connection = self.database.open()
        self.ordered.clear()  # its changes are counted from 0 again
        connection.create_function("casefold", 1, casefold, deterministic=True)
        self.default_project_id = prepare(connection, email=self.user_email)

    async def close(self) -> None:
        """Finish checkpoints, close, and fold the WAL into the database."""
        await self.database.close()

    @property
    def _db(self) -> sqlite3.Connection:
        return self.database.connection

    @property
    def connection(self) -> sqlite3.Connection:
        """The open connection, for reads of their own (tags, stats)."""
        return self.database.connection

    def write(self, change: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``change(db)`` in one write transaction and return its result."""
        with self.database.transaction() as db:
            return change(db)

    def _transaction(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        return self.database.transaction()

    # -- reads --------------------------------------------------------------

    def _row(self, kind: Kind, record_id: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self._db.execute(
            f"{select(kind)} WHERE t.id = ?", (record_id,)
        ).fetchone()
        return row

    def get(self, kind: Kind, record_id: str) -> dict[str, Any]:
        """Return one record, or raise 404."""
        row = self._row(kind, record_id)
        if row is None:
            raise ApiError(404, f"{kind.label} {record_id!r} not found")
        return read_record(kind, row)

    def _require_parent(self, kind: Kind, parent_id: str | None) -> None:
        parent = PARENTS.get(kind.table)
        if parent is not None and self.exists(parent, parent_id):
            return
        if parent is not None:
            raise ApiError(404, f"{parent.label} {parent_id!r} not found")

    def exists(self, kind: Kind, record_id: str | None) -> bool:
        """Whether a record of a kind has this id."""
        return (
            self._db.execute(
                f"SELECT 1 FROM {kind.table} WHERE id = ?", (record_id or "",)
            ).fetchone()
            is not None
        )

    def list_page(
        self, kind: Kind, parent_id: str | None, query: ListQuery
    ) -> tuple[list[dict[str, Any]], int]:
        """Return one page of records and the number matching in all."""
        self._require_parent(kind, parent_id)
        return select_page(self._db, kind, parent_id, query, self.ordered)

    def project_measurements(
        self, query: ListQuery
    ) -> tuple[list[dict[str, Any]], int]:
        """Return one page of the measurements of ``query.project_id``'s cells."""
        return select_page(self._db, MEASUREMENT, None, query, self.ordered)

    # -- writes -------------------------------------------------------------

    def _conflict(
        self,
        db: sqlite3.Connection,
        kind: Kind,
        scope_value: str | None,
        name: str,
        exclude: str | None = None,
    ) -> None:
        if not kind.unique_names:
            return
        column, value = (
            ("name_key", name.casefold()) if kind.fold_names else ("name", name)
        )
        sql = f"SELECT id FROM {kind.table} WHERE {column} = ?"
        values: list[Any] = [value]
        if kind.scope:
            sql += f" AND {kind.scope} = ?"
            values.append(scope_value)
        row = db.execute(sql, values).fetchone()
        if row is not None and row["id"] != exclude:
            where = {
                "project_id": " in this project",
                "cell_specification_id": " under this specification",
                "cell_instance_id": " under this instance",
                "site_id": " at this site",
                "cycler_id": " on this cycler",
            }.get(kind.scope or "", "")
            raise ApiError(
                409,
                f"A {kind.label.lower()} named {name!r} already exists{where}"
                + (
                    " (names are compared case-insensitively)"
                    if kind.fold_names
                    else ""
                ),
                {"existing_id": row["id"]},
            )

    def _columns(self, kind: Kind, record: dict[str, Any]) -> dict[str, Any]:
        stored = {
            key: value
            for key, value in record.items()
            if key not in kind.column_only and key not in COMPUTED
        }
        columns = {
            "id": record["id"],
            "name": record["name"],
            "created_at": record["created_at"],
            "updated_at": record["updated_at"],
            "created_by_email": record["created_by_email"],
            "doc": json.dumps(stored, separators=(",", ":")),
        }
        if kind.fold_names:
            columns["name_key"] = record["name"].casefold()
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
            if kind.in_project and fields.get("project_id") is None:
                fields = {**fields, "project_id": self.default_project_id}
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
            if kind.inherits:
                parent = self.get(PARENTS[kind.table], parent_id or "")
                record[kind.inherits] = parent[kind.inherits]
            if kind.derive:
                kind.derive(record)
            check_references(self, kind, record, fields)
            scope = record.get(kind.scope) if kind.scope else None
            self._conflict(db, kind, scope, fields["name"])
            columns = self._columns(kind, record)
            names = ", ".join(columns)
            marks = ", ".join("?" for _ in columns)
            db.execute(
                f"INSERT INTO {kind.table} ({names}) VALUES ({marks})",
                list(columns.values()),
            )
            return self.get(kind, record["id"])

    def update(
        self, kind: Kind, record_id: str, fields: dict[str, Any]
    ) -> dict[str, Any]:
        """Merge fields into a record; 404 if missing, 409 for a taken name."""
        with self._transaction() as db:
            record = self.get(kind, record_id)
            check_references(self, kind, record, fields)
            record.update(fields)
            if kind.derive:
                kind.derive(record)
            if kind is CYCLER and "project_id" in fields:  # its channels' too
                db.execute(
                    "UPDATE channels SET project_id = ?, doc = json_set(doc, "
                    "'$.project_id', ?) WHERE cycler_id = ?",
                    (record["project_id"], record["project_id"], record_id),
                )
            if "name" in fields or (kind.scope and kind.scope in fields):
                scope = record.get(kind.scope) if kind.scope else None
                self._conflict(db, kind, scope, record["name"], exclude=record_id)
            record["updated_at"] = now()
            columns = self._columns(kind, record)
            assignments = ", ".join(f"{name} = ?" for name in columns)
            db.execute(
                f"UPDATE {kind.table} SET {assignments} WHERE id = ?",
                [*columns.values(), record_id],
            )
            return self.get(kind, record_id)

    def delete(self, kind: Kind, record_id: str) -> list[str]:
        """Delete a record and its children; return the measurement ids removed."""
        with self._transaction() as db:
            if self._row(kind, record_id) is None:
                raise ApiError(404, f"{kind.label} {record_id!r} not found")
            if kind is PROJECT:
                self._deletable_project(db, record_id)
                removed = []
            elif kind is MEASUREMENT:
                removed = [record_id]
            elif kind is BATCH:
                removed = []  # its cells stay, their batch_id becomes null
            elif kind is INSTANCE:
                removed = [
                    row[0]
                    for row in db.execute(
                        "SELECT id FROM cell_measurements WHERE cell_instance_id = ?",
                        (record_id,),
                    )
                ]
            elif kind is not SPECIFICATION:
                removed = []  # the lab's records: their children cascade
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

    def _deletable_project(self, db: sqlite3.Connection, project_id: str) -> None:
        """Refuse (409) to delete the default project, or one holding data."""
        if project_id == self.default_project_id:
            raise ApiError(409, "The default project cannot be deleted")
        for table, what in (
            ("cell_specifications", "cell specifications"),
            ("raw_data", "raw data"),
        ):
            held = db.execute(
                f"SELECT COUNT(*) FROM {table} WHERE project_id = ?", (project_id,)
            ).fetchone()[0]
            if held:
                raise ApiError(
                    409, f"The project holds {held} {what}: delete them first"
                )

    def watch(self, measurement_id: str, *, on: bool) -> None:
        """Start (or stop) this server's user watching a measurement (idempotent)."""
        with self._transaction() as db:
            if self._row(MEASUREMENT, measurement_id) is None:
                raise ApiError(404, f"Cell measurement {measurement_id!r} not found")
            if on:
                db.execute(
                    "INSERT OR IGNORE INTO watches (cell_measurement_id, user_email, "
                    "created_at) VALUES (?, ?, ?)",
                    (measurement_id, self.user_email, now()),
                )
            else:
                db.execute(
                    "DELETE FROM watches WHERE cell_measurement_id = ? AND "
                    "user_email = ?",
                    (measurement_id, self.user_email),
                )

    def watched(self, measurement_id: str) -> bool:
        """Whether this server's user watches a measurement."""
        row = self._db.execute(
            "SELECT 1 FROM watches WHERE cell_measurement_id = ? AND user_email = ?",
            (measurement_id, self.user_email),
        ).fetchone()
        return row is not None

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

    def upload_pending(self, measurement_id: str) -> bool:
        """Whether an upload of this id was initiated and not yet confirmed."""
        row = self._db.execute(
            "SELECT 1 FROM uploads WHERE measurement_id = ?", (measurement_id,)
        ).fetchone()
        return row is not None

    def require_upload(self, measurement_id: str, instance_id: str) -> None:
        """Raise 404 unless an upload was initiated for this id and instance."""
        row = self._db.execute(
            "SELECT cell_instance_id FROM uploads WHERE measurement_id = ?",
            (measurement_id,),
        ).fetchone()
        if row is None:
            committed = self._row(MEASUREMENT, measurement_id)
            if committed is not None and committed["cell_instance_id"] == instance_id:
                # A confirm re-sent after its answer was lost: as for any
                # create, the conflict names the record it made.
                raise ApiError(
                    409,
                    f"The upload {measurement_id!r} was confirmed already",
                    {"existing_id": measurement_id},
                )
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
