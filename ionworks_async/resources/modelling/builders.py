"""Model builders: recipes that build a model's parameters from a cell's data."""

from __future__ import annotations

import builtins
from typing import Any

from ...models.builders import (
    BuilderReadiness,
    BuildResult,
    ModelBuilder,
    ReadinessReport,
)
from ...models.pages import PaginatedList
from .._records_api import parse_record
from .._routes import RouteResource, plain_pairs, route

__all__ = ["AsyncModelBuilderClient", "config_dict"]

BUILDERS = "/model_builders"
BUILDER = BUILDERS + "/{model_builder_id}"


def config_dict(config: Any) -> dict[str, Any]:
    """Return a pipeline config as a dict (an ionworks-schema ``Pipeline``'s own).

    Raises
    ------
    TypeError
        For anything else.
    """
    if isinstance(config, dict):
        return config
    to_config = getattr(config, "to_config", None)
    if callable(to_config):
        made = to_config()
        if isinstance(made, dict):
            return made
    raise TypeError(
        "A model builder config must be an ionworks_schema.Pipeline or a dict, got "
        f"{type(config).__name__}"
    )


class AsyncModelBuilderClient(RouteResource):
    """Client for model builders (the public client's ``client.model_builder``).

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    async def list(
        self,
        model_id: str | None = None,
        project_id: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> PaginatedList[ModelBuilder]:
        """List a project's model builders (of one model): one page.

        Parameters
        ----------
        model_id : str, optional
            Only this model's builders.
        project_id : str, optional
            The project (default: the client's).
        limit, offset : int, optional
            The page.

        Returns
        -------
        PaginatedList of ModelBuilder
            The page, with ``total``.
        """
        params = plain_pairs(
            project_id=project_id or self._context.project_id,
            model_id=model_id,
            limit=limit,
            offset=offset,
        )
        return await self._page(BUILDERS, ModelBuilder, params)

    async def get(self, model_builder_id: str) -> ModelBuilder:
        """Get a model builder.

        Parameters
        ----------
        model_builder_id : str
            Its id.

        Returns
        -------
        ModelBuilder
            The builder.
        """
        path = route(BUILDER, model_builder_id=model_builder_id)
        return await self._one("GET", path, ModelBuilder)

    async def create(
        self,
        model_id: str,
        name: str,
        config: Any,
        description: str | None = None,
        project_id: str | None = None,
    ) -> ModelBuilder:
        """Create a model builder for a model.

        Parameters
        ----------
        model_id : str
            The model it builds parameters for.
        name : str
            Its name.
        config : ionworks_schema.Pipeline or dict
            The recipe.
        description : str, optional
            Free text.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        ModelBuilder
            The new builder.
        """
        project = project_id or self._context.project_id
        if not project:
            raise ValueError(
                "project_id is required or IONWORKS_PROJECT_ID must be set"
            )
        body: dict[str, Any] = {
            "model_id": model_id,
            "project_id": project,
            "name": name,
            "config": config_dict(config),
        }
        if description is not None:
            body["description"] = description
        return await self._one("POST", BUILDERS, ModelBuilder, body=body)

    async def update(
        self,
        model_builder_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
        config: Any = None,
    ) -> ModelBuilder:
        """Change a model builder's name, description or recipe.

        Parameters
        ----------
        model_builder_id : str
            Its id.
        name, description : str, optional
            New values.
        config : ionworks_schema.Pipeline or dict, optional
            A new recipe.

        Returns
        -------
        ModelBuilder
            The updated builder.
        """
        body: dict[str, Any] = {}
        if name is not None:
            body["name"] = name
        if description is not None:
            body["description"] = description
        if config is not None:
            body["config"] = config_dict(config)
        path = route(BUILDER, model_builder_id=model_builder_id)
        return await self._one("PATCH", path, ModelBuilder, body=body)

    async def delete(self, model_builder_id: str) -> None:
        """Delete a model builder.

        Parameters
        ----------
        model_builder_id : str
            Its id.
        """
        await self._delete(route(BUILDER, model_builder_id=model_builder_id))

    async def check(self, model_builder_id: str, cell_spec_id: str) -> ReadinessReport:
        """Report whether a builder can build for a cell specification.

        Parameters
        ----------
        model_builder_id : str
            The builder.
        cell_spec_id : str
            The specification.

        Returns
        -------
        ReadinessReport
            Ready or not, and why.
        """
        path = route(BUILDER, model_builder_id=model_builder_id) + "/check"
        body = {"cell_spec_id": cell_spec_id}
        return await self._one("POST", path, ReadinessReport, body=body)

    async def build(
        self,
        model_builder_id: str,
        cell_spec_id: str,
        *,
        save: bool = False,
        name: str | None = None,
        description: str | None = None,
        set_as_default: bool = False,
    ) -> BuildResult:
        """Build a cell specification's parameter values (and save them).

        Parameters
        ----------
        model_builder_id : str
            The builder.
        cell_spec_id : str
            The specification.
        save : bool, optional
            Save a parameterized model of them.
        name, description : str, optional
            The saved model's name and description.
        set_as_default : bool, optional
            Make it the specification's default.

        Returns
        -------
        BuildResult
            The parameter values, what is missing, and the saved model's id.
        """
        body: dict[str, Any] = {
            "cell_spec_id": cell_spec_id,
            "save": save,
            "set_as_default": set_as_default,
        }
        if name is not None:
            body["name"] = name
        if description is not None:
            body["description"] = description
        path = route(BUILDER, model_builder_id=model_builder_id) + "/build"
        return await self._one("POST", path, BuildResult, body=body)

    async def dry_run(
        self, model_id: str, config: Any, cell_spec_id: str
    ) -> dict[str, Any]:
        """Try a recipe on a cell specification without saving a builder.

        Parameters
        ----------
        model_id : str
            The model.
        config : ionworks_schema.Pipeline or dict
            The recipe.
        cell_spec_id : str
            The specification.

        Returns
        -------
        dict
            What the build would give.
        """
        body = {
            "model_id": model_id,
            "config": config_dict(config),
            "cell_spec_id": cell_spec_id,
        }
        return await self._object("POST", BUILDERS + "/dry_run", body=body)

    async def preview_mapping(
        self, cell_spec_id: str, mapping: dict[str, str]
    ) -> dict[str, dict[str, Any]]:
        """Preview which values a mapping of parameters to a cell's fields reads.

        Parameters
        ----------
        cell_spec_id : str
            The specification.
        mapping : dict of str to str
            Parameter name to the specification's field path.

        Returns
        -------
        dict
            Each parameter's value and where it came from.
        """
        body = {"cell_spec_id": cell_spec_id, "mapping": mapping}
        return await self._object("POST", BUILDERS + "/preview_mapping", body=body)

    async def calculations_producing(
        self, parameter: str
    ) -> builtins.list[dict[str, Any]]:
        """List the calculations that produce a parameter.

        Parameters
        ----------
        parameter : str
            The parameter's name.

        Returns
        -------
        list of dict
            The calculations.
        """
        path = BUILDERS + "/calculations/producing"
        return await self._array("GET", path, params=plain_pairs(parameter=parameter))

    async def resolved_cell_spec(self, cell_spec_id: str) -> dict[str, Any]:
        """Return a cell specification with its materials' values resolved.

        Parameters
        ----------
        cell_spec_id : str
            The specification.

        Returns
        -------
        dict
            The resolved specification.
        """
        path = route("/cell_specifications/{id}/resolved", id=cell_spec_id)
        return await self._object("GET", path)

    async def readiness(
        self, cell_spec_id: str, model_id: str | None = None
    ) -> builtins.list[BuilderReadiness]:
        """Report each builder's readiness for a cell specification.

        Parameters
        ----------
        cell_spec_id : str
            The specification.
        model_id : str, optional
            Only the builders of this model.

        Returns
        -------
        list of BuilderReadiness
            One a builder.
        """
        path = route("/cell_specifications/{id}/builder_readiness", id=cell_spec_id)
        answer = await self._array("GET", path, params=plain_pairs(model_id=model_id))
        return [parse_record(item, BuilderReadiness, "GET", path) for item in answer]
