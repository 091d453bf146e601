"""Parameterized models: a model with its parameter values, of a cell or a project."""

from __future__ import annotations

import builtins
from typing import Any

from ...errors import IonworksError
from ...models.modelling import ParameterizedModel
from ...models.pages import PaginatedList
from .._records_api import is_conflict
from .._routes import RouteResource, plain_pairs, route
from .bodies import model_body

__all__ = ["AsyncParameterizedModelClient"]

MODELS = "/parameterized_models"
MODEL = MODELS + "/{parameterized_model_id}"
CELL_MODELS = "/cells/{cell_spec_id}/parameterized_models"


def _item(cell_spec_id: str | None, parameterized_model_id: str) -> str:
    if cell_spec_id is None:
        return route(MODEL, parameterized_model_id=parameterized_model_id)
    return route(
        CELL_MODELS + "/{parameterized_model_id}",
        cell_spec_id=cell_spec_id,
        parameterized_model_id=parameterized_model_id,
    )


class AsyncParameterizedModelClient(RouteResource):
    """Client for parameterized models (``client.parameterized_model``).

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    async def get(self, parameterized_model_id: str) -> ParameterizedModel:
        """Get a parameterized model.

        Parameters
        ----------
        parameterized_model_id : str
            Its id.

        Returns
        -------
        ParameterizedModel
            The record.
        """
        path = route(MODEL, parameterized_model_id=parameterized_model_id)
        return await self._one("GET", path, ParameterizedModel)

    async def list_by_cell_specification(
        self, cell_spec_id: str, limit: int | None = None, offset: int | None = None
    ) -> PaginatedList[ParameterizedModel]:
        """List a cell specification's parameterized models: one page.

        Parameters
        ----------
        cell_spec_id : str
            The specification.
        limit, offset : int, optional
            The page.

        Returns
        -------
        PaginatedList of ParameterizedModel
            The page, with ``total``.
        """
        path = route(CELL_MODELS, cell_spec_id=cell_spec_id)
        params = plain_pairs(limit=limit, offset=offset)
        return await self._page(path, ParameterizedModel, params)

    async def list_by_project(
        self,
        project_id: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
        *,
        cell_spec_id: str | None = None,
        summary: bool = False,
    ) -> PaginatedList[ParameterizedModel]:
        """List a project's parameterized models: one page.

        Parameters
        ----------
        project_id : str, optional
            The project (default: the client's).
        limit, offset : int, optional
            The page.
        cell_spec_id : str, optional
            Only those of this specification.
        summary : bool, optional
            Leave the parameter values out (lighter).

        Returns
        -------
        PaginatedList of ParameterizedModel
            The page, with ``total``.
        """
        params = plain_pairs(
            project_id=self._project(project_id),
            cell_spec_id=cell_spec_id,
            limit=limit,
            offset=offset,
            summary="true" if summary else None,
        )
        return await self._page(MODELS, ParameterizedModel, params)

    async def create(
        self, cell_spec_id: str | None, data: dict[str, Any]
    ) -> ParameterizedModel:
        """Create a parameterized model of a cell specification, or of a project.

        Parameters
        ----------
        cell_spec_id : str or None
            The specification; ``None`` files it in the body's ``project_id``
            (default: the client's project).
        data : dict
            Its fields: ``name``, ``model_id``, ``parameters`` (a dict, a PyBaMM
            ``ParameterValues`` or a parameter set's name), ...

        Returns
        -------
        ParameterizedModel
            The new record.
        """
        body = model_body(data)
        if cell_spec_id is None:
            path = MODELS
            body = {**body, "project_id": self._project(body.get("project_id"))}
        else:
            path = route(CELL_MODELS, cell_spec_id=cell_spec_id)
        return await self._one("POST", path, ParameterizedModel, body=body)

    async def create_or_get(
        self, cell_spec_id: str, data: dict[str, Any]
    ) -> ParameterizedModel:
        """Create a parameterized model, or get the specification's one of that name.

        Parameters
        ----------
        cell_spec_id : str
            The specification.
        data : dict
            Its fields, as :meth:`create` takes them.

        Returns
        -------
        ParameterizedModel
            The new record, or the existing one.

        Raises
        ------
        IonworksError
            When the API reports a conflict but none of the name is found.
        """
        try:
            return await self.create(cell_spec_id, data)
        except IonworksError as error:
            if not is_conflict(error):
                raise
            conflict = error
        existing = getattr(conflict, "existing_id", None)
        if isinstance(existing, str) and existing:
            return await self.get(existing)
        name = data.get("name")
        if name:
            for model in await self.list_by_cell_specification(cell_spec_id):
                if model.name == name:
                    return model
        raise IonworksError(
            f"Parameterized model '{name}' reported as duplicate but could not be found"
        ) from conflict

    async def update(
        self,
        cell_spec_id: str | None,
        parameterized_model_id: str,
        data: dict[str, Any],
    ) -> ParameterizedModel:
        """Update fields of a parameterized model.

        Parameters
        ----------
        cell_spec_id : str or None
            Its specification (``None``: one of a project).
        parameterized_model_id : str
            Its id.
        data : dict
            The fields to change.

        Returns
        -------
        ParameterizedModel
            The updated record.
        """
        path = _item(cell_spec_id, parameterized_model_id)
        body = model_body(data, parameters=False)
        return await self._one("PATCH", path, ParameterizedModel, body=body)

    async def delete(
        self, cell_spec_id: str | None, parameterized_model_id: str
    ) -> None:
        """Delete a parameterized model.

        Parameters
        ----------
        cell_spec_id : str or None
            Its specification (``None``: one of a project).
        parameterized_model_id : str
            Its id.
        """
        await self._delete(_item(cell_spec_id, parameterized_model_id))

    async def get_parameter_values(self, parameterized_model_id: str) -> dict[str, Any]:
        """Return a parameterized model's parameter values.

        Parameters
        ----------
        parameterized_model_id : str
            Its id.

        Returns
        -------
        dict
            Parameter name to value.
        """
        path = route(MODEL, parameterized_model_id=parameterized_model_id)
        return await self._object("GET", path + "/parameter-values")

    async def get_variable_names(
        self, parameterized_model_id: str
    ) -> builtins.list[str]:
        """Return the names of the variables a simulation of the model can output.

        Parameters
        ----------
        parameterized_model_id : str
            Its id.

        Returns
        -------
        list of str
            The variables' names.
        """
        path = route(MODEL, parameterized_model_id=parameterized_model_id)
        path += "/variable-names"
        answer = await self._array("GET", path, what="names")
        return [str(name) for name in answer]
