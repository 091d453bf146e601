"""The records a body names, checked before a write: they exist, and may be named."""

from __future__ import annotations

from typing import Any

from ..errors import ApiError
from .record_types import INSTANCE, PROJECT, Kind

__all__ = ["check_references"]


def check_references(
    store: Any, kind: Kind, record: dict[str, Any], fields: dict[str, Any]
) -> None:
    """Check the records a body names: 404 if missing, 400 if not allowed.

    ``store`` is the :class:`~.store.Store` writing (its ``exists``,
    ``connection`` and ``default_project_id``).
    """
    if kind.in_project and "project_id" in fields:
        project_id = fields["project_id"]
        if project_id is None:
            raise ApiError(
                400,
                f"A {kind.label.lower()} always belongs to a project: "
                "project_id cannot be null",
                {"field": "project_id"},
            )
        if not store.exists(PROJECT, project_id):
            raise ApiError(
                404,
                f"Project {project_id!r} not found: GET /projects lists the "
                f"projects (the default is {store.default_project_id!r})",
                {"field": "project_id"},
            )
    if kind is INSTANCE and fields.get("batch_id") is not None:
        lot = store.connection.execute(
            "SELECT cell_specification_id FROM cell_batches WHERE id = ?",
            (fields["batch_id"],),
        ).fetchone()
        if lot is None:
            raise ApiError(
                404,
                f"Cell batch {fields['batch_id']!r} not found",
                {"field": "batch_id"},
            )
        if lot[0] != record["cell_specification_id"]:
            raise ApiError(
                400,
                f"Cell batch {fields['batch_id']!r} is a lot of another specification",
                {"field": "batch_id"},
            )
