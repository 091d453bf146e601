"""Search over the names of every kind of record, as ``GET /search`` answers it.

A name matches when it holds the query's text, any case (Unicode case
folding), literally. Each entity type gives at most ``per_type`` hits, the
most recently made first; the types come in a fixed order (projects first,
then the cell data, the lab, the plans, raw data), and ``limit``/``offset``
page the hits of all types together; ``total`` counts them.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from ..._arguments.query import like_literal

__all__ = ["ENTITY_TYPES", "search"]

_SPEC_PROJECT = (
    "(SELECT s.project_id FROM cell_specifications s "
    "WHERE s.id = t.cell_specification_id)"
)
_INSTANCE_PROJECT = (
    "(SELECT s.project_id FROM cell_instances i JOIN cell_specifications s "
    "ON s.id = i.cell_specification_id WHERE i.id = t.cell_instance_id)"
)
_TYPES: dict[str, tuple[str, str, str]] = {
    "project": ("projects", "t.id", "NULL"),
    "cell_specification": ("cell_specifications", "t.project_id", "NULL"),
    "cell_instance": ("cell_instances", _SPEC_PROJECT, "t.cell_specification_id"),
    "cell_measurement": ("cell_measurements", _INSTANCE_PROJECT, "t.cell_instance_id"),
    "site": ("sites", "NULL", "NULL"),
    "cycler": ("cyclers", "t.project_id", "t.site_id"),
    "channel": ("channels", "t.project_id", "t.cycler_id"),
    "protocol": ("experiment_templates", "t.project_id", "NULL"),
    "planned_measurement": ("planned_measurements", "t.project_id", "NULL"),
    "raw_data": ("raw_data", "t.project_id", "NULL"),
}
ENTITY_TYPES = tuple(_TYPES)
"""The entity types searched, in the order their hits come."""


def search(
    db: sqlite3.Connection,
    text: str,
    *,
    limit: int,
    offset: int,
    per_type: int,
    entity_types: list[str] | None,
    project_id: str | None,
) -> dict[str, Any]:
    """Return the hits of a search (see the module)."""
    query = text.strip()
    pattern = f"%{like_literal(query.casefold())}%"
    hits: list[dict[str, Any]] = []
    for entity, (table, project, parent) in _TYPES.items():
        if entity_types is not None and entity not in entity_types:
            continue
        where = "casefold(t.name) LIKE ? ESCAPE '\\'"
        values: list[Any] = [pattern]
        if project_id is not None:
            where += f" AND {project} = ?"
            values.append(project_id)
        rows = db.execute(
            f"SELECT t.id, t.name, {project} AS project_id, {parent} AS parent_id "
            f"FROM {table} t WHERE {where} ORDER BY t.rowid DESC LIMIT ?",
            [*values, per_type],
        ).fetchall()
        hits += [
            {
                "id": row["id"],
                "entity_type": entity,
                "name": row["name"],
                "project_id": row["project_id"],
                "parent_id": row["parent_id"],
            }
            for row in rows
        ]
    return {
        "results": hits[offset : offset + limit],
        "query": query,
        "total": len(hits),
        "limit": limit,
        "offset": offset,
    }
