"""Cell specifications: the type of a cell (chemistry, format, ratings)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._arguments.query import check_data
from ._generated import PlainCellSpecifications
from ._plain import BodyMaker

__all__ = ["AsyncCellSpecificationClient"]


class AsyncCellSpecificationClient(PlainCellSpecifications):
    """Client for cell specifications.

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    def _query(self, filters: Mapping[str, Any]) -> dict[str, Any]:
        """Scope an exact-name lookup to the default project."""
        scoped = dict(filters)
        if scoped.get("name_exact") is not None and scoped.get("project_id") is None:
            scoped["project_id"] = self._context.project_id
        return scoped

    def _bodies(self, parent_id: str | None) -> BodyMaker:
        """File a new specification in the default project if it names none."""
        project_id = self._context.project_id

        async def in_project(data: object) -> dict[str, Any]:
            body = check_data(data)
            if body.get("project_id") is None and project_id is not None:
                body["project_id"] = project_id
            return body

        return in_project

    def _name_query(self, name: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """Look for the name in the body's project (else the default one)."""
        return {"name_exact": name, "project_id": body.get("project_id")}
