"""Material property datasets: tables of a material's measured properties."""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Sequence
from typing import Any

from ...errors import MissingDependencyError, ResponseValidationError
from ...models import Record
from ...models.materials import ColumnSpec, MaterialPropertyDataset
from ...models.pages import PaginatedList
from ...tables.table import Table
from .._records_api import parse_record
from .._routes import RouteResource, plain_pairs, route
from .priors import prior_centre, scalar
from .tables import column_names, frame_of, parquet_part

__all__ = ["AsyncMaterialPropertyDatasetClient", "inferred_columns"]

DATASETS = "/material_property_datasets"
DATASET = DATASETS + "/{dataset_id}"
_UNIT = re.compile(r"\s*\[([^\]]+)\]\s*$")


def inferred_columns(names: Sequence[str]) -> list[dict[str, Any]]:
    """Return column specs from names: ``"Conductivity [S/m]"`` has unit ``S/m``."""
    specs = []
    for index, name in enumerate(names):
        found = _UNIT.search(name)
        specs.append(
            {
                "name": name[: found.start()] if found else name,
                "unit": found[1] if found else "",
                "source_column_index": index,
            }
        )
    return specs


def _specs(columns: Sequence[ColumnSpec | dict[str, Any]]) -> list[dict[str, Any]]:
    return [c.model_dump() if isinstance(c, Record) else dict(c) for c in columns]


class AsyncMaterialPropertyDatasetClient(RouteResource):
    """Client for material property datasets (``client.material_property_dataset``).

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    async def list(
        self,
        material_id: str,
        project_id: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> PaginatedList[MaterialPropertyDataset]:
        """List a material's datasets: one page.

        Parameters
        ----------
        material_id : str
            The material.
        project_id : str, optional
            Only this project's datasets.
        limit, offset : int, optional
            The page.

        Returns
        -------
        PaginatedList of MaterialPropertyDataset
            The page, with ``total``.
        """
        params = plain_pairs(
            material_id=material_id, project_id=project_id, limit=limit, offset=offset
        )
        return await self._page(DATASETS, MaterialPropertyDataset, params)

    async def get(self, dataset_id: str) -> MaterialPropertyDataset:
        """Get a dataset's record (its columns and their units).

        Parameters
        ----------
        dataset_id : str
            The dataset's id.

        Returns
        -------
        MaterialPropertyDataset
            The record.
        """
        path = route(DATASET, dataset_id=dataset_id)
        return await self._one("GET", path, MaterialPropertyDataset)

    async def get_units(self, dataset_id: str) -> dict[str, str]:
        """Return each column's unit, by column name.

        Parameters
        ----------
        dataset_id : str
            The dataset's id.

        Returns
        -------
        dict of str to str
            Column name to unit.
        """
        record = await self.get(dataset_id)
        return {column.name: column.unit for column in record.columns}

    async def _columns(self, dataset_id: str) -> dict[str, Any]:
        path = route(DATASET, dataset_id=dataset_id) + "/data"
        return await self._object("GET", path)

    async def get_data(self, dataset_id: str) -> Any:
        """Return a dataset's table, as a frame of the client's backend.

        Parameters
        ----------
        dataset_id : str
            The dataset's id.

        Returns
        -------
        Frame
            The table.
        """
        path = route(DATASET, dataset_id=dataset_id) + "/data"
        answer = await self._columns(dataset_id)
        try:
            table = Table.from_columns(answer)
        except ValueError as error:
            raise ResponseValidationError(
                f"The Ionworks API answered GET {path} without columns: {error}.",
                method="GET",
                path=path,
            ) from None
        return await frame_of(table, self._context.frame_backend())

    async def create(
        self,
        material_id: str,
        name: str,
        data: Any,
        *,
        columns: Sequence[ColumnSpec | dict[str, Any]] | None = None,
        project_id: str | None = None,
    ) -> MaterialPropertyDataset:
        """Upload a table of a material's properties as a new dataset.

        Parameters
        ----------
        material_id : str
            The material.
        name : str
            The dataset's name.
        data : DataFrame or dict
            The table (polars, pandas, pyarrow, or a dict of columns).
        columns : sequence of ColumnSpec or dict, optional
            The columns' names, units and positions; by default read from
            the column names (``"Conductivity [S/m]"``: unit ``S/m``).
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        MaterialPropertyDataset
            The new dataset.
        """
        project = self._project(project_id)
        files = parquet_part(data)
        specs = _specs(columns) if columns is not None else None
        form = {
            "material_id": material_id,
            "project_id": project,
            "name": name,
            "columns": json.dumps(
                specs if specs is not None else inferred_columns(column_names(data))
            ),
        }
        answer = await self._multipart(DATASETS, files, form)
        return parse_record(answer, MaterialPropertyDataset, "POST", DATASETS)

    async def update(
        self,
        dataset_id: str,
        *,
        name: str | None = None,
        columns: Sequence[ColumnSpec | dict[str, Any]] | None = None,
    ) -> MaterialPropertyDataset:
        """Rename a dataset or change its column specs.

        Parameters
        ----------
        dataset_id : str
            The dataset's id.
        name : str, optional
            The new name.
        columns : sequence of ColumnSpec or dict, optional
            The new column specs.

        Returns
        -------
        MaterialPropertyDataset
            The updated record.
        """
        body: dict[str, Any] = {}
        if name is not None:
            body["name"] = name
        if columns is not None:
            body["columns"] = _specs(columns)
        path = route(DATASET, dataset_id=dataset_id)
        return await self._one("PATCH", path, MaterialPropertyDataset, body=body)

    async def replace_file(
        self,
        dataset_id: str,
        data: Any,
        *,
        name: str | None = None,
        columns: Sequence[ColumnSpec | dict[str, Any]] | None = None,
    ) -> MaterialPropertyDataset:
        """Replace a dataset's table (its column layout kept, or given anew).

        Parameters
        ----------
        dataset_id : str
            The dataset's id.
        data : DataFrame or dict
            The new table.
        name : str, optional
            A new name.
        columns : sequence of ColumnSpec or dict, optional
            New column specs; without them the new table must have the
            stored columns at their positions.

        Returns
        -------
        MaterialPropertyDataset
            The updated record.

        Raises
        ------
        ValueError
            When the new table's layout differs from the stored specs and no
            ``columns`` are given (it would mislabel the data).
        """
        files = parquet_part(data)
        form: dict[str, Any] = {}
        if columns is not None:
            form["columns"] = json.dumps(_specs(columns))
        else:
            names = column_names(data)
            stored = (await self.get(dataset_id)).columns
            moved = [
                spec
                for spec in stored
                if spec.source_column_index >= len(names)
                or names[spec.source_column_index] != spec.name
            ]
            if moved:
                where = ", ".join(
                    f"{s.name!r} (position {s.source_column_index})" for s in moved
                )
                raise ValueError(
                    "replacement data's column layout differs from the stored specs "
                    f"for: {where}. The stored specs select columns by position, so "
                    "this would mislabel data. Pass explicit `columns` to reshape "
                    "the dataset deliberately."
                )
        if name is not None:
            form["name"] = name
        path = route(DATASET, dataset_id=dataset_id) + "/file"
        answer = await self._multipart(path, files, form, method="PATCH")
        return parse_record(answer, MaterialPropertyDataset, "PATCH", path)

    async def get_download_url(self, dataset_id: str, kind: str = "parquet") -> str:
        """Return a signed URL of the dataset's file.

        Parameters
        ----------
        dataset_id : str
            The dataset's id.
        kind : str, optional
            ``"parquet"`` (the default) or ``"original"``.

        Returns
        -------
        str
            The URL.
        """
        path = route(DATASET, dataset_id=dataset_id) + "/download-url"
        return await self._url(path, params=plain_pairs(kind=kind))

    async def delete(self, dataset_id: str) -> None:
        """Delete a dataset.

        Parameters
        ----------
        dataset_id : str
            The dataset's id.
        """
        await self._delete(route(DATASET, dataset_id=dataset_id))

    async def to_prior(
        self,
        dataset_id: str,
        column: str,
        parameter_name: str,
        *,
        std: float | None = None,
        rel_std: float | None = None,
        distribution: str = "normal",
        regularizer_weight: float | None = None,
        row: int | None = None,
    ) -> Any:
        """Make a fit's prior of a parameter from a scalar of a dataset.

        Parameters
        ----------
        dataset_id : str
            The dataset's id.
        column : str
            The column holding the value.
        parameter_name : str
            The model parameter the prior is for.
        std, rel_std : float, optional
            The spread: absolute, or relative to the value (exactly one).
        distribution : {"normal", "lognormal"}, optional
            The prior's distribution. Defaults to ``"normal"``.
        regularizer_weight : float, optional
            The prior's weight in the fit.
        row : int, optional
            Which row, when the column has more than one.

        Returns
        -------
        ionworks_schema.priors.Prior
            The prior (``pip install ionworks-schema``).
        """
        prior_centre(1.0, std, rel_std, distribution)  # its arguments, before a trip
        value = scalar(await self._columns(dataset_id), dataset_id, column, row)
        mean, width = prior_centre(value, std, rel_std, distribution)
        try:
            iws = importlib.import_module("ionworks_schema")
        except ImportError:
            raise MissingDependencyError(
                "to_prior builds an ionworks_schema Prior: pip install ionworks-schema"
            ) from None
        kind = iws.stats.LogNormal if distribution == "lognormal" else iws.stats.Normal
        return iws.priors.Prior(
            parameter_name,
            kind(mean=mean, std=width),
            regularizer_weight=regularizer_weight,
        )
