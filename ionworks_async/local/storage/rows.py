"""Reading rows of the local server's tables: the SELECTs, and one page."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any

import attrs

from .derived_kinds import ANALYSIS, DATASET, MATERIAL
from .lab_kinds import CHANNEL, CYCLER, SITE
from .ordered import OrderedIds
from .plan_kinds import PLANNED
from .record_types import (
    BATCH,
    INSTANCE,
    LOCAL_ORGANIZATION,
    MEASUREMENT,
    PROJECT,
    SPECIFICATION,
    Kind,
)

__all__ = [
    "COMPUTED",
    "PARENTS",
    "ListQuery",
    "casefold",
    "now",
    "read_record",
    "select",
    "select_page",
]


def casefold(value: str | None) -> str | None:
    """Return text casefolded: the ``casefold`` SQL function of the store."""
    return value.casefold() if isinstance(value, str) else value


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
    likes: tuple[tuple[str, str], ...] = ()
    """(column, LIKE pattern) pairs, compared case-insensitively."""
    tags_all: tuple[str, ...] = ()
    """Tags a measurement must all hold (compared case-insensitively)."""
    tags_any: tuple[str, ...] = ()
    """Tags of which a measurement must hold one."""
    order_by: str | None = None
    descending: bool = False
    project_id: str | None = None
    """Measurements of every cell of this project's specifications
    (``GET /cell_measurements?project_id=``), instead of one parent's."""
    materials: tuple[tuple[str, str], ...] = ()
    """(slot, material id) pairs a specification must match one of."""
    exclude_id: str | None = None
    """A record left out (``exclude_cell_spec_id``)."""


SLOTS = ("anode", "cathode", "electrolyte", "separator", "case")
"""A specification's component slots (its materials are matched in them)."""

PARENTS = {
    CYCLER.table: SITE,
    PLANNED.table: PROJECT,
    DATASET.table: MATERIAL,
    ANALYSIS.table: MEASUREMENT,
    CHANNEL.table: CYCLER,
    INSTANCE.table: SPECIFICATION,
    BATCH.table: SPECIFICATION,
    MEASUREMENT.table: INSTANCE,
}
COMPUTED = frozenset({"batch_name", "instance_count"})
"""Fields computed when a record is read, never stored in its document."""


def select(kind: Kind) -> str:
    """Return the SELECT of a kind's rows (as ``t``), computed fields included."""
    if kind is INSTANCE:
        return (
            "SELECT t.*, b.name AS batch_name FROM cell_instances t "
            "LEFT JOIN cell_batches b ON b.id = t.batch_id"
        )
    if kind is BATCH:
        return (
            "SELECT t.*, (SELECT COUNT(*) FROM cell_instances i "
            "WHERE i.batch_id = t.id) AS instance_count FROM cell_batches t"
        )
    return f"SELECT t.* FROM {kind.table} t"


def read_record(kind: Kind, row: sqlite3.Row) -> dict[str, Any]:
    """Return a row's record: its document, with the fields computed on read."""
    record: dict[str, Any] = json.loads(row["doc"])
    if kind is INSTANCE:
        record["batch_id"] = row["batch_id"]
        record["batch_name"] = row["batch_name"]
    elif kind is BATCH:
        record["instance_count"] = row["instance_count"]
    elif kind is PROJECT:
        record.setdefault("organization_id", LOCAL_ORGANIZATION["id"])
    return record


def select_page(
    db: sqlite3.Connection,
    kind: Kind,
    parent_id: str | None,
    query: ListQuery,
    ordered: OrderedIds | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """Return one page of a kind's records and the number matching in all.

    With ``ordered``, the matches' order is read once for the pages of a
    query (no count and no offset scan at each page; see :mod:`.ordered`).
    """
    where: list[str] = []
    values: list[Any] = []
    if query.project_id is not None and kind is MEASUREMENT:
        where.append(
            "t.cell_instance_id IN (SELECT i.id FROM cell_instances i JOIN "
            "cell_specifications s ON s.id = i.cell_specification_id "
            "WHERE s.project_id = ?)"
        )
        values.append(query.project_id)
    elif kind.parent_column and (parent_id is not None or not kind.lists_across):
        where.append(f"t.{kind.parent_column} = ?")
        values.append(parent_id)
    if query.name_eq is not None:
        where.append("t.name = ?")
        values.append(query.name_eq)
    elif query.name_like is not None:
        where.append("t.name LIKE ? ESCAPE '\\'")
        values.append(query.name_like)
    if query.email_like is not None:
        where.append("t.created_by_email LIKE ? ESCAPE '\\'")
        values.append(query.email_like)
    for column, operator, moment in query.bounds:
        where.append(f"t.{column} {operator} ?")
        values.append(moment)
    for column, value in query.equals:
        where.append(f"t.{column} = ?")
        values.append(value)
    for column, pattern in query.likes:
        where.append(f"t.{column} LIKE ? ESCAPE '\\'")
        values.append(pattern)
    if query.materials:
        either = []
        for slot, material in query.materials:
            if slot not in SLOTS:  # never: the query's reader checks them
                raise ValueError(f"unknown slot {slot!r}")
            either.append(
                f"coalesce(json_extract(t.doc, '$.{slot}.material_id'), "
                f"json_extract(t.doc, '$.{slot}.material.id')) = ?"
            )
            values.append(material)
        where.append(f"({' OR '.join(either)})")
    if query.exclude_id is not None:
        where.append("t.id != ?")
        values.append(query.exclude_id)
    inner = "SELECT 1 FROM json_each(t.doc, '$.tags') j WHERE casefold(j.value)"
    for tag in query.tags_all:
        where.append(f"EXISTS ({inner} = ?)")
        values.append(tag.strip().casefold())
    if query.tags_any:
        marks = ", ".join("?" for _ in query.tags_any)
        where.append(f"EXISTS ({inner} IN ({marks}))")
        values += [tag.strip().casefold() for tag in query.tags_any]
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    direction = "DESC" if query.descending else "ASC"
    order = (
        f"t.{query.order_by} {direction}, t.rowid {direction}"
        if query.order_by
        else (f"t.rowid {direction}")
    )
    if ordered is not None:
        sql = f"SELECT t.rowid FROM {kind.table} t {clause} ORDER BY {order}"
        ids = ordered.ids(
            db, sql, values, lambda: [row[0] for row in db.execute(sql, values)]
        )
        wanted = ids[query.offset : query.offset + query.limit]
        marks = ", ".join("?" for _ in wanted)
        rows = db.execute(
            f"{select(kind)} WHERE t.rowid IN ({marks}) ORDER BY {order}", wanted
        ).fetchall()
        return [read_record(kind, row) for row in rows], len(ids)
    total = db.execute(
        f"SELECT COUNT(*) FROM {kind.table} t {clause}", values
    ).fetchone()[0]
    rows = db.execute(
        f"{select(kind)} {clause} ORDER BY {order} LIMIT ? OFFSET ?",
        [*values, query.limit, query.offset],
    ).fetchall()
    return [read_record(kind, row) for row in rows], int(total)
