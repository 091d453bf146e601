"""The local server's SQLite schema, and the migration of older stores.

A store records its schema version in ``PRAGMA user_version``. Version 0 is
the store of ionworks-local before projects and lots: specification names
unique across the store, and instances with a free-text ``batch`` in their
document. Opening one migrates it in one transaction: every specification is
filed in a project (the one its ``project_id`` named, else the default
project), and every distinct ``batch`` of a specification becomes a lot its
instances join by ``batch_id``.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from typing import Any

from .derived_kinds import DERIVED_TABLES
from .lab_kinds import LAB_TABLES
from .organisation import ORG_TABLES
from .plan_kinds import PLAN_TABLES
from .rows import now
from .service import SERVICE_TABLES

__all__ = ["SCHEMA_VERSION", "prepare"]

SCHEMA_VERSION = 4
"""1: projects and lots; 2: raw data and watches; 3: the organisation's users
and project members; 4: the lab's sites, cyclers and channels, planned
measurements and protocols (3 and 4: new tables only, made as the store
opens)."""

SPECIFICATIONS = """
CREATE TABLE IF NOT EXISTS {table} (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id),
    name TEXT NOT NULL,
    form_factor TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by_email TEXT NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (project_id, name)
)
"""
TABLES = (
    SPECIFICATIONS.format(table="cell_specifications")
    + """;
CREATE TABLE IF NOT EXISTS projects (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by_email TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cell_batches (
    id TEXT PRIMARY KEY,
    cell_specification_id TEXT NOT NULL
        REFERENCES cell_specifications(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by_email TEXT NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (cell_specification_id, name_key)
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
    batch_id TEXT REFERENCES cell_batches(id) ON DELETE SET NULL,
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
CREATE TABLE IF NOT EXISTS raw_data (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS raw_uploads (
    raw_data_id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    doc TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS watches (
    cell_measurement_id TEXT NOT NULL
        REFERENCES cell_measurements(id) ON DELETE CASCADE,
    user_email TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (cell_measurement_id, user_email)
);
CREATE TABLE IF NOT EXISTS raw_data_links (
    raw_data_id TEXT NOT NULL REFERENCES raw_data(id) ON DELETE CASCADE,
    cell_measurement_id TEXT NOT NULL
        REFERENCES cell_measurements(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (raw_data_id, cell_measurement_id)
);
"""
)
INDEXES = """
CREATE INDEX IF NOT EXISTS specifications_by_project
    ON cell_specifications(project_id);
CREATE INDEX IF NOT EXISTS instances_by_spec ON cell_instances(cell_specification_id);
CREATE INDEX IF NOT EXISTS instances_by_batch ON cell_instances(batch_id);
CREATE INDEX IF NOT EXISTS batches_by_spec ON cell_batches(cell_specification_id);
CREATE INDEX IF NOT EXISTS measurements_by_instance
    ON cell_measurements(cell_instance_id);
CREATE TABLE IF NOT EXISTS organisation_users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    invited INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS project_members (
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES organisation_users(id) ON DELETE CASCADE,
    project_role_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX IF NOT EXISTS raw_data_by_project ON raw_data(project_id, created_at);
CREATE INDEX IF NOT EXISTS raw_links_by_measurement
    ON raw_data_links(cell_measurement_id);
"""
DEFAULT_PROJECT = "Default project"


def _run(db: sqlite3.Connection, script: str) -> None:
    """Run each statement of a script inside the open transaction.

    (``executescript`` would commit the transaction first.)
    """
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})")}


def _insert_project(
    db: sqlite3.Connection, project_id: str, name: str, email: str
) -> None:
    stamp = now()
    doc = {
        "id": project_id,
        "name": name,
        "created_at": stamp,
        "updated_at": stamp,
        "created_by_email": email,
    }
    db.execute(
        "INSERT INTO projects (id, name, created_at, updated_at, created_by_email, "
        "doc) VALUES (?, ?, ?, ?, ?, ?)",
        (project_id, name, stamp, stamp, email, json.dumps(doc)),
    )


def default_project(db: sqlite3.Connection, email: str) -> str:
    """Return the default project's id (the first project), creating it."""
    row = db.execute("SELECT id FROM projects ORDER BY rowid LIMIT 1").fetchone()
    if row is not None:
        return str(row[0])
    project_id = str(uuid.uuid4())
    _insert_project(db, project_id, DEFAULT_PROJECT, email)
    return project_id


def _migrate_specifications(db: sqlite3.Connection, email: str) -> None:
    """Rebuild the specification table with a project for every row."""
    fallback = default_project(db, email)
    rows = db.execute("SELECT * FROM cell_specifications ORDER BY rowid").fetchall()
    # SQLite's way to change a table's constraints: build the new table under
    # another name, copy, drop the old one, rename the new one (foreign keys
    # off, so that the references of the other tables are left as they are).
    db.execute(SPECIFICATIONS.format(table="cell_specifications_v1"))
    for row in rows:
        doc: dict[str, Any] = json.loads(row["doc"])
        project_id = doc.get("project_id")
        if not isinstance(project_id, str) or not project_id:
            project_id = fallback
        elif (
            db.execute("SELECT 1 FROM projects WHERE id = ?", (project_id,)).fetchone()
            is None
        ):
            _insert_project(db, project_id, f"Project {project_id}", email)
        doc["project_id"] = project_id
        db.execute(
            "INSERT INTO cell_specifications_v1 (id, project_id, name, form_factor, "
            "created_at, updated_at, created_by_email, doc) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row["id"],
                project_id,
                row["name"],
                row["form_factor"],
                row["created_at"],
                row["updated_at"],
                row["created_by_email"],
                json.dumps(doc, separators=(",", ":")),
            ),
        )
    db.execute("DROP TABLE cell_specifications")
    db.execute("ALTER TABLE cell_specifications_v1 RENAME TO cell_specifications")


def _migrate_lots(db: sqlite3.Connection, email: str) -> None:
    """Turn each specification's free-text ``batch`` values into lots."""
    db.execute(
        "ALTER TABLE cell_instances ADD COLUMN batch_id TEXT "
        "REFERENCES cell_batches(id) ON DELETE SET NULL"
    )
    lots: dict[tuple[str, str], str] = {}
    rows = db.execute(
        "SELECT i.id, i.cell_specification_id, i.doc, s.project_id "
        "FROM cell_instances i JOIN cell_specifications s "
        "ON s.id = i.cell_specification_id ORDER BY i.rowid"
    ).fetchall()
    for row in rows:
        doc: dict[str, Any] = json.loads(row["doc"])
        if "batch" not in doc:
            continue
        name = doc.pop("batch")
        lot_id = None
        if isinstance(name, str) and name.strip():
            key = (row["cell_specification_id"], name.casefold())
            lot_id = lots.get(key)
            if lot_id is None:
                lot_id = lots[key] = str(uuid.uuid4())
                stamp = now()
                lot = {
                    "id": lot_id,
                    "name": name,
                    "cell_specification_id": row["cell_specification_id"],
                    "project_id": row["project_id"],
                    "created_at": stamp,
                    "updated_at": stamp,
                    "created_by_email": email,
                }
                db.execute(
                    "INSERT INTO cell_batches (id, cell_specification_id, name, "
                    "name_key, created_at, updated_at, created_by_email, doc) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        lot_id,
                        row["cell_specification_id"],
                        name,
                        name.casefold(),
                        stamp,
                        stamp,
                        email,
                        json.dumps(lot, separators=(",", ":")),
                    ),
                )
        db.execute(
            "UPDATE cell_instances SET batch_id = ?, doc = ? WHERE id = ?",
            (lot_id, json.dumps(doc, separators=(",", ":")), row["id"]),
        )


def prepare(db: sqlite3.Connection, *, email: str) -> str:
    """Create or migrate the schema; return the default project's id.

    Raises
    ------
    RuntimeError
        When the store was written by a newer ionworks-local.
    """
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise RuntimeError(
            f"The store is schema version {version}; this ionworks-local reads "
            f"up to {SCHEMA_VERSION}. Upgrade ionworks-async."
        )
    db.execute("PRAGMA foreign_keys=OFF")  # tables are rebuilt in place
    db.execute("BEGIN IMMEDIATE")
    try:
        legacy = "project_id" not in _columns(db, "cell_specifications") and bool(
            _columns(db, "cell_specifications")
        )
        _run(db, TABLES)
        if legacy:
            _migrate_specifications(db, email)
        if "batch_id" not in _columns(db, "cell_instances"):
            _migrate_lots(db, email)
        _run(db, INDEXES)
        _run(db, LAB_TABLES)
        _run(db, PLAN_TABLES)
        _run(db, SERVICE_TABLES)
        _run(db, ORG_TABLES)
        _run(db, DERIVED_TABLES)
        project_id = default_project(db, email)
        problems = db.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuntimeError(f"the migrated store fails its foreign keys: {problems}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    db.execute("PRAGMA foreign_keys=ON")
    return project_id
