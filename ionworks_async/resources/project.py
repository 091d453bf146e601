"""Projects: the pieces of work of an organisation (specifications, raw data)."""

from __future__ import annotations

from typing import Any, Unpack

from .._arguments.filters import RecordFilters, check_filters, document_filters
from .._arguments.query import check_data, segment
from ..models import Project
from ..models.pages import PaginatedList
from ._base import ResourceClient

__all__ = ["AsyncProjectClient"]

PROJECTS_PATH = "/projects"


def _project_path(project_id: object) -> str:
    return f"{PROJECTS_PATH}/{segment(project_id, 'project_id')}"


class AsyncProjectClient(ResourceClient):
    """Client for projects (the public client's ``client.project``).

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    async def get(self, project_id: str) -> Project:
        """Get a project.

        Parameters
        ----------
        project_id : str
            The project's id.

        Returns
        -------
        Project
            The project.
        """
        return await self._api.record("GET", _project_path(project_id), Project)

    @document_filters(RecordFilters)
    async def list(
        self,
        limit: int | None = None,
        offset: int | None = None,
        **filters: Unpack[RecordFilters],
    ) -> PaginatedList[Project]:
        """List projects: every match, or one page.

        Parameters
        ----------
        limit : int, optional
            Page size, 1 to 100. With ``limit`` or ``offset``, one page.
        offset : int, optional
            Records to skip. With neither, every page is fetched.
        **filters

        Returns
        -------
        PaginatedList[Project]
            The projects, with ``total``.
        """
        check_filters(filters, RecordFilters, "list")
        return await self._api.list(PROJECTS_PATH, Project, limit, offset, filters)

    async def create(self, data: dict[str, Any] | None = None) -> Project:
        """Create a project.

        Parameters
        ----------
        data : dict
            Its fields: ``name`` (required), ``description``, ...

        Returns
        -------
        Project
            The new project.
        """
        body = check_data(data or {}, "data")
        return await self._api.record("POST", PROJECTS_PATH, Project, body)

    async def update(self, project_id: str, data: dict[str, Any]) -> Project:
        """Update fields of a project.

        Parameters
        ----------
        project_id : str
            The project's id.
        data : dict
            The fields to change.

        Returns
        -------
        Project
            The project.
        """
        body = check_data(data, "data")
        return await self._api.record(
            "PATCH", _project_path(project_id), Project, body, retry_safe=True
        )

    async def delete(self, project_id: str) -> None:
        """Delete a project (ionworks-local: an empty one, not the default).

        Parameters
        ----------
        project_id : str
            The project's id.
        """
        await self._api.delete(_project_path(project_id))
