"""Models: PyBaMM models of a project (built in, uploaded, or from the zoo)."""

from __future__ import annotations

import importlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ...errors import IonworksError, MissingDependencyError
from ...models.modelling import Model, ParameterizedModel, ZooImport
from ...models.pages import PaginatedList
from ...types import ModelChemistry, PathInput
from .._records_api import parse_record
from .._routes import RouteResource, filter_pairs, plain_pairs, route
from .bodies import model_body
from .parameterized import AsyncParameterizedModelClient

__all__ = ["AsyncModelClient"]

MODELS = "/models"
MODEL = MODELS + "/{model_id}"


def _serialised(model: Any) -> tuple[str, bytes]:
    """Return a PyBaMM model as PyBaMM's JSON file: its name and content."""
    serialise = importlib.import_module("pybamm.expression_tree.operations.serialise")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "model.json"
        serialise.Serialise().save_custom_model(model, filename=str(target))
        content = target.read_bytes()
    return f"{getattr(model, 'name', 'model') or 'model'}.json", content


def _model_file(model: Any) -> tuple[str, bytes]:
    """Return what ``upload_custom`` sends for a model: a file name and content."""
    if hasattr(model, "rhs") and hasattr(model, "variables"):
        return _serialised(model)
    if isinstance(model, str | os.PathLike):
        path = Path(model)
        return path.name, path.read_bytes()
    read = getattr(model, "read", None)
    if callable(read):
        content = read()
        if not isinstance(content, bytes):
            raise TypeError("an open model file must be opened in binary mode ('rb')")
        return "model.json", content
    raise TypeError(
        f"Unsupported model type {type(model).__name__!r}: expected a "
        "pybamm.BaseModel, a filesystem path, or an open binary file."
    )


class AsyncModelClient(RouteResource):
    """Client for models (the public client's ``client.model``).

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    async def get(self, model_id: str) -> Model:
        """Get a model (its config and simulation settings).

        Parameters
        ----------
        model_id : str
            The model's id.

        Returns
        -------
        Model
            The model.
        """
        return await self._one("GET", route(MODEL, model_id=model_id), Model)

    async def get_simulation_settings(self, model_id: str) -> dict[str, Any]:
        """Return a model's simulation settings (empty: the defaults).

        Parameters
        ----------
        model_id : str
            The model's id.

        Returns
        -------
        dict
            Its mesh and solver settings.
        """
        return (await self.get(model_id)).simulation_settings or {}

    async def list(
        self,
        limit: int | None = None,
        offset: int | None = None,
        *,
        project_id: str | None = None,
        name: str | None = None,
        name_exact: str | None = None,
        created_by_email: str | None = None,
        created_after: str | None = None,
        created_before: str | None = None,
        updated_after: str | None = None,
        updated_before: str | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> PaginatedList[Model]:
        """List a project's models: one page.

        Parameters
        ----------
        limit, offset : int, optional
            The page.
        project_id : str, optional
            The project (default: the client's).
        name, name_exact : str, optional
            A part of the name (any case, literally), or the whole name.
        created_by_email : str, optional
            A part of the creator's email.
        created_after, created_before, updated_after, updated_before : str, optional
            ISO 8601 times bounding when the model was created or updated.
        order_by : str, optional
            The field to sort by.
        order : {"asc", "desc"}, optional
            The direction.

        Returns
        -------
        PaginatedList of Model
            The page, with ``total``.
        """
        params = plain_pairs(project_id=self._project(project_id))
        params += filter_pairs(
            limit,
            offset,
            name=name,
            name_exact=name_exact,
            created_by_email=created_by_email,
            created_after=created_after,
            created_before=created_before,
            updated_after=updated_after,
            updated_before=updated_before,
            order_by=order_by,
            order=order,
        )
        return await self._page(MODELS, Model, params)

    async def create(self, data: dict[str, Any] | None = None) -> Model:
        """Create a model of a project from a built-in PyBaMM model's config.

        Parameters
        ----------
        data : dict
            Its fields: ``name``, ``config`` (``{"type": "SPMe", "options":
            {...}}``, or a PyBaMM model of :mod:`pybamm.lithium_ion`),
            ``simulation_settings``, ``project_id`` (default: the client's).

        Returns
        -------
        Model
            The new model.
        """
        body = dict(model_body(data or {}, parameters=False, config=True))
        body["project_id"] = self._project(body.get("project_id"))
        return await self._one("POST", MODELS, Model, body=body)

    async def upload_custom(
        self,
        model: Any,
        *,
        name: str,
        chemistry: ModelChemistry = "lithium_ion",
        description: str | None = None,
        project_id: str | None = None,
    ) -> Model:
        """Upload a custom PyBaMM model (an object, or its serialised JSON file).

        Parameters
        ----------
        model : pybamm.BaseModel, str, PathLike or binary file
            The model, or PyBaMM's JSON of it.
        name : str
            The model's name.
        chemistry : str, optional
            ``"lithium_ion"`` (the default), ``"lithium_sulfur"``, ``"ecm"`` or
            ``"generic"``.
        description : str, optional
            Free text.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        Model
            The new model.
        """
        fields = {
            "name": name,
            "chemistry": chemistry,
            "project_id": self._project(project_id),
        }
        if description is not None:
            fields["description"] = description
        file_name, content = _model_file(model)
        files = {"file": (file_name, content, "application/json")}
        path = MODELS + "/upload-custom"
        answer = await self._multipart(path, files, fields)
        if not isinstance(answer, dict):
            raise IonworksError(f"Unexpected non-JSON response from {path}")
        return parse_record(answer, Model, "POST", path)

    async def create_from_zoo(
        self,
        name: str,
        *,
        cell_spec_id: str | None = None,
        options: dict[str, Any] | None = None,
        model_kwargs: dict[str, Any] | None = None,
        parameter_values: Any = None,
        model_name: str | None = None,
        parameterized_model_name: str | None = None,
        description: str | None = None,
        chemistry: ModelChemistry = "lithium_ion",
        project_id: str | None = None,
    ) -> ZooImport:
        """Import a model of the PyBaMM model zoo, with its parameter values.

        Parameters
        ----------
        name : str
            The zoo's name of the model.
        cell_spec_id : str, optional
            The specification the parameterized model is of.
        options, model_kwargs : dict, optional
            The model's options and other arguments.
        parameter_values : dict, ParameterValues or str, optional
            Its parameters (default: the model's own).
        model_name, parameterized_model_name : str, optional
            The names given (default: the zoo's name).
        description : str, optional
            Free text (default: the zoo's summary).
        chemistry : str, optional
            The model's chemistry. Defaults to ``"lithium_ion"``.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        ZooImport
            The model and its parameterized model.
        """
        try:
            zoo = importlib.import_module("pybamm_model_zoo")
        except ImportError:
            raise MissingDependencyError(
                "create_from_zoo needs the PyBaMM model zoo: pip install "
                "pybamm-model-zoo"
            ) from None
        project = self._project(project_id)
        entry = zoo.info(name)
        pybamm_model = entry.load()(options=options, **(model_kwargs or {}))
        if parameter_values is None:
            parameter_values = pybamm_model.default_parameter_values
        elif not isinstance(parameter_values, dict):
            pybamm = importlib.import_module("pybamm")
            if isinstance(parameter_values, str):
                parameter_values = pybamm.ParameterValues(parameter_values)
            prepare = getattr(pybamm_model, "apply_stack_scaling", None)
            if prepare is not None:
                parameter_values = prepare(parameter_values.copy())
        parameter_values = model_body({"parameters": parameter_values})["parameters"]
        model_name = model_name or entry.name
        description = description if description is not None else entry.summary
        model = await self.upload_custom(
            pybamm_model,
            name=model_name,
            chemistry=chemistry,
            description=description,
            project_id=project,
        )
        models = AsyncParameterizedModelClient(self._context)
        body = {
            "name": parameterized_model_name or model_name,
            "model_id": model.id,
            "description": description,
            "parameters": parameter_values,
            "project_id": project,
        }
        try:
            parameterized: ParameterizedModel = await models.create(cell_spec_id, body)
        except IonworksError as error:
            if error.status_code is not None and 400 <= error.status_code < 500:
                await self.delete(model.id)  # refused: nothing left half made
            else:
                error.add_note(
                    f"Model '{model_name}' was uploaded as {model.id}; the "
                    "parameterized model may or may not have been created."
                )
            raise
        return ZooImport(model=model, parameterized_model=parameterized)

    async def serialize(
        self, name: str, *, options: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Return one of Ionworks' models, serialised as PyBaMM's JSON.

        Parameters
        ----------
        name : str
            The model's name.
        options : dict, optional
            Its options.

        Returns
        -------
        dict
            The serialised model.
        """
        body = {"name": name, "options": options or {}}
        return await self._object(
            "POST", "/discovery/ionworks_models/serialize", body=body
        )

    async def download(
        self,
        name: str,
        *,
        options: dict[str, Any] | None = None,
        path: PathInput | None = None,
    ) -> Any:
        """Return one of Ionworks' models as a PyBaMM model (and save its JSON).

        Parameters
        ----------
        name : str
            The model's name.
        options : dict, optional
            Its options.
        path : str or PathLike, optional
            Where to write its JSON too.

        Returns
        -------
        pybamm.BaseModel
            The model (``pip install pybamm``).
        """
        serialised = await self.serialize(name, options=options)
        try:
            serialise = importlib.import_module(
                "pybamm.expression_tree.operations.serialise"
            )
        except ImportError:
            raise MissingDependencyError(
                "download builds a PyBaMM model: pip install pybamm (serialize "
                "returns the same model as JSON without it)"
            ) from None
        model = serialise.Serialise.load_custom_model(serialised)
        if path is not None:
            Path(path).write_text(json.dumps(serialised), encoding="utf-8")
        return model

    async def update(self, model_id: str, data: dict[str, Any] | None = None) -> Model:
        """Update fields of a model.

        Parameters
        ----------
        model_id : str
            The model's id.
        data : dict
            The fields to change.

        Returns
        -------
        Model
            The updated model.
        """
        body = model_body(data, parameters=False, config=True)
        return await self._one(
            "PATCH", route(MODEL, model_id=model_id), Model, body=body
        )

    async def delete(self, model_id: str) -> None:
        """Delete a model.

        Parameters
        ----------
        model_id : str
            The model's id.
        """
        await self._delete(route(MODEL, model_id=model_id))

    async def add_custom_variable(
        self, model_id: str, data: dict[str, Any] | None = None
    ) -> Model:
        """Add a variable (an expression of the model's) to a model's outputs.

        Parameters
        ----------
        model_id : str
            The model's id.
        data : dict
            The variable: its ``name`` and ``expression``.

        Returns
        -------
        Model
            The updated model.
        """
        path = route(MODEL, model_id=model_id) + "/custom-variables"
        return await self._one("POST", path, Model, body=data)
