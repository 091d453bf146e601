"""Studies: a project's gatherings of simulations and measurements."""

from __future__ import annotations

from typing import Any

from ...models.modelling import Study
from ...models.pages import PaginatedList
from .._routes import RouteResource, filter_pairs, route

__all__ = ["AsyncStudyClient"]

STUDIES = "/projects/{project_id}/studies"


class AsyncStudyClient(RouteResource):
    """Client for studies (the public client's ``client.study``).

    Every method takes the project last; without it the client's default
    project is used.

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    def _path(self, project_id: str | None, study_id: str | None = None) -> str:
        path = route(STUDIES, project_id=self._project(project_id))
        if study_id is None:
            return path
        return route(path + "/{study_id}", study_id=study_id)

    async def get(self, study_id: str, project_id: str | None = None) -> Study:
        """Get a study by id.

        Parameters
        ----------
        study_id : str
            The study's id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        Study
            The study.
        """
        return await self._one("GET", self._path(project_id, study_id), Study)

    async def list(
        self,
        project_id: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
        *,
        name: str | None = None,
        name_exact: str | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> PaginatedList[Study]:
        """List a project's studies: one page.

        Parameters
        ----------
        project_id : str, optional
            The project (default: the client's).
        limit, offset : int, optional
            The page.
        name, name_exact : str, optional
            A part of the name (any case, literally), or the whole name.
        order_by : str, optional
            The field to sort by.
        order : {"asc", "desc"}, optional
            The direction.

        Returns
        -------
        PaginatedList of Study
            The page, with ``total``.
        """
        params = filter_pairs(
            limit,
            offset,
            name=name,
            name_exact=name_exact,
            order_by=order_by,
            order=order,
        )
        return await self._page(self._path(project_id), Study, params)

    async def create(
        self, data: dict[str, Any] | None = None, project_id: str | None = None
    ) -> Study:
        """Create a study.

        Parameters
        ----------
        data : dict
            Its fields: ``name`` (required), ``description``, ...
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        Study
            The new study.

        Raises
        ------
        ValueError
            When ``data`` is not a dict with a ``name``.
        """
        if isinstance(data, str):
            raise ValueError(
                "study.create expects the study data dict as the first argument, "
                "but received a string. Call client.study.create({'name': ...}, "
                "project_id=...)."
            )
        if not isinstance(data, dict) or "name" not in data:
            raise ValueError(
                "study.create requires a data dict with at least a 'name' key, "
                "e.g. client.study.create({'name': 'My study'})."
            )
        return await self._one("POST", self._path(project_id), Study, body=data)

    async def update(
        self,
        study_id: str,
        data: dict[str, Any] | None = None,
        project_id: str | None = None,
    ) -> Study:
        """Update fields of a study.

        Parameters
        ----------
        study_id : str
            The study's id.
        data : dict
            The fields to change.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        Study
            The updated study.
        """
        path = self._path(project_id, study_id)
        return await self._one("PATCH", path, Study, body=data)

    async def delete(self, study_id: str, project_id: str | None = None) -> None:
        """Delete a study (its simulations and measurements are kept).

        Parameters
        ----------
        study_id : str
            The study's id.
        project_id : str, optional
            The project (default: the client's).
        """
        await self._delete(self._path(project_id, study_id))

    async def assign_simulation(
        self, study_id: str, simulation_id: str, project_id: str | None = None
    ) -> dict[str, Any]:
        """Add a simulation to a study.

        Parameters
        ----------
        study_id : str
            The study's id.
        simulation_id : str
            The simulation's id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        dict
            The API's answer.
        """
        path = self._path(project_id, study_id) + "/simulations/{simulation_id}"
        path = route(path, simulation_id=simulation_id)
        return await self._object("POST", path, body={})

    async def remove_simulation(
        self, study_id: str, simulation_id: str, project_id: str | None = None
    ) -> None:
        """Take a simulation out of a study.

        Parameters
        ----------
        study_id : str
            The study's id.
        simulation_id : str
            The simulation's id.
        project_id : str, optional
            The project (default: the client's).
        """
        path = self._path(project_id, study_id) + "/simulations/{simulation_id}"
        await self._delete(route(path, simulation_id=simulation_id))

    async def assign_measurement(
        self, study_id: str, measurement_id: str, project_id: str | None = None
    ) -> dict[str, Any]:
        """Add a measurement to a study.

        Parameters
        ----------
        study_id : str
            The study's id.
        measurement_id : str
            The measurement's id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        dict
            The API's answer.
        """
        path = self._path(project_id, study_id) + "/measurements/{measurement_id}"
        path = route(path, measurement_id=measurement_id)
        return await self._object("POST", path, body={})

    async def list_measurements(
        self,
        study_id: str,
        project_id: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> dict[str, Any]:
        """List a study's measurements: one page, as the API answers it.

        Parameters
        ----------
        study_id : str
            The study's id.
        project_id : str, optional
            The project (default: the client's).
        limit, offset : int, optional
            The page.

        Returns
        -------
        dict
            The page (its ``items`` and ``total``).
        """
        path = self._path(project_id, study_id) + "/measurements"
        return await self._object("GET", path, params=filter_pairs(limit, offset))

    async def remove_measurement(
        self, study_id: str, measurement_id: str, project_id: str | None = None
    ) -> None:
        """Take a measurement out of a study.

        Parameters
        ----------
        study_id : str
            The study's id.
        measurement_id : str
            The measurement's id.
        project_id : str, optional
            The project (default: the client's).
        """
        path = self._path(project_id, study_id) + "/measurements/{measurement_id}"
        await self._delete(route(path, measurement_id=measurement_id))
