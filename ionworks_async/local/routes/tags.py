"""Measurement tags: how they are stored, filtered, counted and changed in bulk.

Tags live in a measurement's document as a list. They are stored trimmed,
de-duplicated case-insensitively (the first spelling wins) and sorted; a
measurement holds at most 50 of at most 50 characters each. Filters and
counts compare them case-insensitively through the ``casefold`` SQL function
the store registers.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from aiohttp import web

from ..errors import ApiError
from ..shared import json_response, read_json, state_of
from ..storage.record_types import normalise_tags
from ..storage.rows import now

__all__ = [
    "bulk_tags",
    "list_tags",
]

MAX_BULK_IDS = 1000
MAX_LIST_LIMIT = 1000


_PROJECT_TAGS = (
    "SELECT j.value AS tag FROM cell_measurements t, json_each(t.doc, '$.tags') j "
    "JOIN cell_instances i ON i.id = t.cell_instance_id "
    "JOIN cell_specifications s ON s.id = i.cell_specification_id "
    "WHERE (? IS NULL OR s.project_id = ?)"
)


def _usage(
    db: sqlite3.Connection, project_id: str | None, q: str | None, limit: int
) -> tuple[list[dict[str, Any]], int]:
    where = "" if q is None else " AND instr(casefold(tag), ?) > 0"
    values: list[Any] = [project_id, project_id]
    if q is not None:
        values.append(q.casefold())
    grouped = (
        f"SELECT MIN(tag) AS tag, COUNT(*) AS usage_count FROM ({_PROJECT_TAGS}) "
        f"WHERE 1{where} GROUP BY casefold(tag)"
    )
    total = db.execute(f"SELECT COUNT(*) FROM ({grouped})", values).fetchone()[0]
    rows = db.execute(
        f"{grouped} ORDER BY usage_count DESC, casefold(tag) LIMIT ?",
        [*values, limit],
    ).fetchall()
    items = [{"tag": row["tag"], "usage_count": row["usage_count"]} for row in rows]
    return items, int(total)


async def list_tags(request: web.Request) -> web.Response:
    """GET /cell_measurements/tags: tags and their usage, most used first."""
    state = state_of(request)
    query = request.query
    text = query.get("limit", "50")
    if not text.isdigit() or not 1 <= int(text) <= MAX_LIST_LIMIT:
        raise ApiError(400, f"limit must be an integer from 1 to {MAX_LIST_LIMIT}")
    items, total = _usage(
        state.store.connection, query.get("project_id"), query.get("q"), int(text)
    )
    return json_response({"items": items, "total": total})


def _id_list(value: Any) -> list[str]:
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(item, str) and item for item in value)
    ):
        raise ApiError(422, "measurement_ids must be a non-empty list of ids")
    if len(value) > MAX_BULK_IDS:
        raise ApiError(400, f"At most {MAX_BULK_IDS} measurement_ids at once")
    return list(dict.fromkeys(value))


def retag(
    db: sqlite3.Connection, ids: list[str], add: list[str], remove: list[str]
) -> int:
    """Add and remove tags of measurements (in the caller's transaction).

    An added tag takes the spelling already used in the measurement's project;
    removal compares case-insensitively and ignores absent tags.

    Returns
    -------
    int
        How many measurements' tags changed.

    Raises
    ------
    ApiError
        404 when any id is unknown (nothing is changed); 400 when a
        measurement would hold more than 50 tags.
    """
    marks = ", ".join("?" for _ in ids)
    rows = db.execute(
        "SELECT t.id, t.doc, s.project_id FROM cell_measurements t "
        "JOIN cell_instances i ON i.id = t.cell_instance_id "
        "JOIN cell_specifications s ON s.id = i.cell_specification_id "
        f"WHERE t.id IN ({marks})",
        ids,
    ).fetchall()
    found = {row["id"]: row for row in rows}
    missing = [item for item in ids if item not in found]
    if missing:
        raise ApiError(404, f"Cell measurement(s) not found: {', '.join(missing)}")
    removed = {tag.casefold() for tag in remove}
    spellings: dict[tuple[str, str], str] = {}
    changed = 0
    for measurement_id in ids:
        row = found[measurement_id]
        doc = json.loads(row["doc"])
        before = list(doc.get("tags") or [])
        tags = [tag for tag in before if tag.casefold() not in removed]
        held = {tag.casefold() for tag in tags}
        for tag in add:
            if tag.casefold() not in held:
                key = (row["project_id"], tag.casefold())
                if key not in spellings:
                    used = db.execute(
                        f"SELECT tag FROM ({_PROJECT_TAGS}) WHERE casefold(tag) = ? "
                        "LIMIT 1",
                        (row["project_id"], row["project_id"], tag.casefold()),
                    ).fetchone()
                    spellings[key] = used["tag"] if used else tag
                tags.append(spellings[key])
                held.add(tag.casefold())
        tags = normalise_tags(tags, status=400)
        if tags == before:
            continue
        doc["tags"], doc["updated_at"] = tags, now()
        db.execute(
            "UPDATE cell_measurements SET doc = ?, updated_at = ? WHERE id = ?",
            (json.dumps(doc, separators=(",", ":")), doc["updated_at"], measurement_id),
        )
        changed += 1
    return changed


async def bulk_tags(request: web.Request) -> web.Response:
    """POST /cell_measurements/tags/bulk: add and remove tags of many."""
    state = state_of(request)
    body = await read_json(request)
    if not isinstance(body, dict):
        raise ApiError(422, "The request body must be a JSON object")
    ids = _id_list(body.get("measurement_ids"))
    add = normalise_tags(body.get("add") or [], status=400, field="add")
    remove = normalise_tags(body.get("remove") or [], status=400, field="remove")
    changed = state.store.write(lambda db: retag(db, ids, add, remove))
    return json_response({"updated_count": changed})
