"""Raw data: original files kept as they were uploaded, and their measurement links.

A raw-data record is project-scoped: ``{id, project_id, name, filename,
content_type, size_bytes, metadata, source?, created_at, updated_at,
created_by_email}``. It is made as a measurement upload is: initiate (an id
reserved with its fields), a signed PUT of the bytes, confirm (the record).
Links to measurements are many-to-many, and go with either side's deletion.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from typing import Any

from ..errors import ApiError
from .rows import now
from .store import Store

__all__ = ["RAW_BLOB", "RawData", "check_raw_fields"]

RAW_BLOB = "raw"
"""The blob name of a raw-data record's file (stored under its id)."""

_TEXT_FIELDS = ("name", "filename", "content_type")


def check_raw_fields(body: Any, *, initiate: bool) -> dict[str, Any]:
    """Check an initiate or confirm body; return its fields.

    Raises
    ------
    ApiError
        422 for a missing or mistyped field.
    """
    if not isinstance(body, dict):
        raise ApiError(422, "The body must be a JSON object")
    fields: dict[str, Any] = {}
    project = body.get("project_id")
    if not isinstance(project, str) or not project:
        raise ApiError(422, "project_id is required", {"field": "project_id"})
    fields["project_id"] = project
    for name in _TEXT_FIELDS:
        value = body.get(name)
        if value is None and name == "content_type":
            value = "application/octet-stream"
        if value is None and name == "name":
            value = body.get("filename")
        if not isinstance(value, str) or not value.strip():
            raise ApiError(422, f"{name} must be a non-empty string", {"field": name})
        fields[name] = value
    metadata = body.get("metadata", {})
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise ApiError(422, "metadata must be an object", {"field": "metadata"})
    fields["metadata"] = metadata
    if body.get("source") is not None:
        if not isinstance(body["source"], str):
            raise ApiError(422, "source must be a string", {"field": "source"})
        fields["source"] = body["source"]
    if not initiate:
        size = body.get("size_bytes")
        if isinstance(size, float) and size.is_integer():
            size = int(size)  # 3341.0 is the integer JSON Schema says it is
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise ApiError(
                422, "size_bytes must be an integer, 0 or more", {"field": "size_bytes"}
            )
        fields["size_bytes"] = size
    return fields


class RawData:
    """The raw-data records of a store (its own tables, the store's connection)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _project(self, db: sqlite3.Connection, project_id: str) -> None:
        if db.execute("SELECT 1 FROM projects WHERE id = ?", (project_id,)).fetchone():
            return
        raise ApiError(404, f"Project {project_id!r} not found")

    def initiate(self, fields: dict[str, Any]) -> str:
        """Reserve a raw-data id for an upload of a project's file."""

        def change(db: sqlite3.Connection) -> str:
            self._project(db, fields["project_id"])
            raw_id = str(uuid.uuid4())
            db.execute(
                "INSERT INTO raw_uploads (raw_data_id, project_id, doc, created_at) "
                "VALUES (?, ?, ?, ?)",
                (raw_id, fields["project_id"], json.dumps(fields), now()),
            )
            return raw_id

        return self.store.write(change)

    def pending(self, raw_id: str) -> bool:
        """Whether an upload of this id was initiated and not yet confirmed."""
        row = self.store.connection.execute(
            "SELECT 1 FROM raw_uploads WHERE raw_data_id = ?", (raw_id,)
        ).fetchone()
        return row is not None

    def confirm(self, raw_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Make the record of a confirmed upload (409 when it was made already)."""

        def change(db: sqlite3.Connection) -> dict[str, Any]:
            pending = db.execute(
                "SELECT project_id FROM raw_uploads WHERE raw_data_id = ?", (raw_id,)
            ).fetchone()
            if pending is None:
                made = db.execute(
                    "SELECT 1 FROM raw_data WHERE id = ?", (raw_id,)
                ).fetchone()
                if made is not None:
                    raise ApiError(
                        409,
                        f"The upload {raw_id!r} was confirmed already",
                        {"existing_id": raw_id},
                    )
                raise ApiError(404, f"No raw-data upload {raw_id!r} was initiated")
            if pending["project_id"] != fields["project_id"]:
                raise ApiError(
                    422,
                    "project_id differs from the one the upload was initiated for",
                    {"field": "project_id"},
                )
            db.execute("DELETE FROM raw_uploads WHERE raw_data_id = ?", (raw_id,))
            stamp = now()
            record = {
                **fields,
                "id": raw_id,
                "created_at": stamp,
                "updated_at": stamp,
                "created_by_email": self.store.user_email,
            }
            db.execute(
                "INSERT INTO raw_data (id, project_id, name, created_at, updated_at, "
                "doc) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    raw_id,
                    fields["project_id"],
                    fields["name"],
                    stamp,
                    stamp,
                    json.dumps(record),
                ),
            )
            return record

        return self.store.write(change)

    def get(self, raw_id: str) -> dict[str, Any]:
        """Return a record, or raise 404."""
        row = self.store.connection.execute(
            "SELECT doc FROM raw_data WHERE id = ?", (raw_id,)
        ).fetchone()
        if row is None:
            raise ApiError(404, f"Raw data {raw_id!r} not found")
        record: dict[str, Any] = json.loads(row["doc"])
        return record

    def page(
        self, project_id: str | None, limit: int, offset: int
    ) -> tuple[list[dict[str, Any]], int]:
        """Return a page of a project's records (every project's without one)."""
        db = self.store.connection
        where, values = (
            ("WHERE project_id = ?", [project_id]) if project_id else ("", [])
        )
        total = db.execute(f"SELECT COUNT(*) FROM raw_data {where}", values).fetchone()
        rows = db.execute(
            f"SELECT doc FROM raw_data {where} ORDER BY created_at, id "
            "LIMIT ? OFFSET ?",
            [*values, limit, offset],
        ).fetchall()
        return [json.loads(row["doc"]) for row in rows], int(total[0])

    def update(self, raw_id: str, body: Any) -> dict[str, Any]:
        """Change a record's name, source or metadata (``source=""`` clears it)."""
        if not isinstance(body, dict):
            raise ApiError(422, "The body must be a JSON object")
        changes: dict[str, Any] = {}
        if "name" in body and body["name"] is not None:
            if not isinstance(body["name"], str) or not body["name"].strip():
                raise ApiError(
                    422, "name must be a non-empty string", {"field": "name"}
                )
            changes["name"] = body["name"]
        if "source" in body and body["source"] is not None:
            if not isinstance(body["source"], str):
                raise ApiError(422, "source must be a string", {"field": "source"})
            changes["source"] = body["source"]
        if "metadata" in body and body["metadata"] is not None:
            if not isinstance(body["metadata"], dict):
                raise ApiError(422, "metadata must be an object", {"field": "metadata"})
            changes["metadata"] = body["metadata"]

        def change(db: sqlite3.Connection) -> dict[str, Any]:
            record = self.get(raw_id)
            record.update(changes)
            if record.get("source") == "":
                record.pop("source")
            record["updated_at"] = now()
            db.execute(
                "UPDATE raw_data SET name = ?, updated_at = ?, doc = ? WHERE id = ?",
                (record["name"], record["updated_at"], json.dumps(record), raw_id),
            )
            return record

        return self.store.write(change)

    def delete(self, raw_id: str) -> None:
        """Delete a record and its links (404 when there is none)."""

        def change(db: sqlite3.Connection) -> None:
            self.get(raw_id)
            db.execute("DELETE FROM raw_data WHERE id = ?", (raw_id,))

        self.store.write(change)

    def _measurement(self, db: sqlite3.Connection, measurement_id: str) -> None:
        found = db.execute(
            "SELECT 1 FROM cell_measurements WHERE id = ?", (measurement_id,)
        ).fetchone()
        if found is None:
            raise ApiError(404, f"Cell measurement {measurement_id!r} not found")

    def attach(self, measurement_id: str, raw_ids: Any) -> list[str]:
        """Link raw-data records to a measurement (linked ones stay as they are)."""
        if not isinstance(raw_ids, list) or not all(
            isinstance(raw_id, str) for raw_id in raw_ids
        ):
            raise ApiError(
                422, "raw_data_ids must be a list of ids", {"field": "raw_data_ids"}
            )

        def change(db: sqlite3.Connection) -> list[str]:
            self._measurement(db, measurement_id)
            for raw_id in raw_ids:
                self.get(raw_id)
                db.execute(
                    "INSERT OR IGNORE INTO raw_data_links (raw_data_id, "
                    "cell_measurement_id, created_at) VALUES (?, ?, ?)",
                    (raw_id, measurement_id, now()),
                )
            return list(dict.fromkeys(raw_ids))

        return self.store.write(change)

    def detach(self, measurement_id: str, raw_id: str) -> None:
        """Unlink one record from a measurement (404 when they are not linked)."""

        def change(db: sqlite3.Connection) -> None:
            removed = db.execute(
                "DELETE FROM raw_data_links WHERE raw_data_id = ? "
                "AND cell_measurement_id = ?",
                (raw_id, measurement_id),
            ).rowcount
            if not removed:
                raise ApiError(
                    404,
                    f"Raw data {raw_id!r} is not linked to measurement "
                    f"{measurement_id!r}",
                )

        self.store.write(change)

    def measurement_ids(
        self, raw_id: str, limit: int, offset: int
    ) -> tuple[list[str], int]:
        """Return a page of the ids of the measurements a record is linked to."""
        self.get(raw_id)
        db = self.store.connection
        total = db.execute(
            "SELECT COUNT(*) FROM raw_data_links WHERE raw_data_id = ?", (raw_id,)
        ).fetchone()
        rows = db.execute(
            "SELECT cell_measurement_id FROM raw_data_links WHERE raw_data_id = ? "
            "ORDER BY created_at, cell_measurement_id LIMIT ? OFFSET ?",
            (raw_id, limit, offset),
        ).fetchall()
        return [row[0] for row in rows], int(total[0])

    def of_measurement(
        self, measurement_id: str, limit: int, offset: int
    ) -> tuple[list[dict[str, Any]], int]:
        """Return a page of the records linked to a measurement."""
        db = self.store.connection
        self._measurement(db, measurement_id)
        total = db.execute(
            "SELECT COUNT(*) FROM raw_data_links WHERE cell_measurement_id = ?",
            (measurement_id,),
        ).fetchone()
        rows = db.execute(
            "SELECT r.doc FROM raw_data_links l "
            "JOIN raw_data r ON r.id = l.raw_data_id "
            "WHERE l.cell_measurement_id = ? ORDER BY l.created_at, r.id "
            "LIMIT ? OFFSET ?",
            (measurement_id, limit, offset),
        ).fetchall()
        return [json.loads(row["doc"]) for row in rows], int(total[0])
