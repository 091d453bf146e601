"""Analyses: features extracted from a measurement, as a table and metadata."""

from __future__ import annotations

import builtins
import json
from typing import Any

from ...errors import IonworksError, ResponseValidationError
from ...models.materials import Analysis
from ...models.pages import PaginatedList
from ...tables.table import Table
from .._records_api import parse_record
from .._routes import RouteResource, plain_pairs, route
from ..materials.tables import frame_of, parquet_part

__all__ = ["AsyncAnalysisClient"]

ANALYSES = "/analyses"
ANALYSIS = ANALYSES + "/{analysis_id}"
_MAX_DESCRIBED = 10


def _described(records: builtins.list[Analysis]) -> str:
    if not records:
        return "none"
    text = "; ".join(
        f"{r.id} name={r.name!r} analysis_type={r.analysis_type!r}"
        for r in records[:_MAX_DESCRIBED]
    )
    if len(records) > _MAX_DESCRIBED:
        text += f"; ... and {len(records) - _MAX_DESCRIBED} more"
    return text


class AsyncAnalysisClient(RouteResource):
    """Client for analyses (the public client's ``client.analysis``).

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    async def create(
        self,
        measurement_id: str,
        name: str,
        analysis_type: str,
        data: Any,
        *,
        columns: builtins.list[dict[str, Any]] | None = None,
        plots: builtins.list[dict[str, Any]] | None = None,
        metadata: dict[str, Any] | None = None,
        notes: str | None = None,
    ) -> Analysis:
        """Attach an analysis (a table and metadata) to a measurement.

        Parameters
        ----------
        measurement_id : str
            The measurement analysed.
        name : str
            The analysis' name.
        analysis_type : str
            What it is (:class:`AnalysisType` names the well-known ones).
        data : DataFrame or dict
            Its table.
        columns : list of dict, optional
            Its columns' names, units and types.
        plots : list of dict, optional
            Plot presets over its columns.
        metadata : dict, optional
            Loose metadata.
        notes : str, optional
            Free text.

        Returns
        -------
        Analysis
            The new analysis.
        """
        files = parquet_part(data)
        form = {
            "measurement_id": measurement_id,
            "name": name,
            "analysis_type": analysis_type,
            "columns": json.dumps(columns if columns is not None else []),
            "plots": json.dumps(plots if plots is not None else []),
            "metadata": json.dumps(metadata if metadata is not None else {}),
        }
        if notes is not None:
            form["notes"] = notes
        answer = await self._multipart(ANALYSES, files, form)
        return parse_record(answer, Analysis, "POST", ANALYSES)

    async def get(self, analysis_id: str) -> Analysis:
        """Get an analysis' record.

        Parameters
        ----------
        analysis_id : str
            The analysis' id.

        Returns
        -------
        Analysis
            The record.
        """
        return await self._one(
            "GET", route(ANALYSIS, analysis_id=analysis_id), Analysis
        )

    async def list(
        self,
        measurement_id: str | None = None,
        *,
        project_id: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> PaginatedList[Analysis]:
        """List the analyses of a measurement, or of a project: one page.

        Parameters
        ----------
        measurement_id : str, optional
            The measurement (exactly one of it and ``project_id``).
        project_id : str, optional
            The project.
        limit, offset : int, optional
            The page.

        Returns
        -------
        PaginatedList of Analysis
            The page, with ``total``.

        Raises
        ------
        ValueError
            When not exactly one of ``measurement_id`` and ``project_id`` is given.
        """
        if (measurement_id is None) == (project_id is None):
            raise ValueError("Provide exactly one of measurement_id or project_id.")
        params = plain_pairs(measurement_id=measurement_id, project_id=project_id)
        params += plain_pairs(limit=limit, offset=offset)
        return await self._page(ANALYSES, Analysis, params)

    async def find_one(
        self,
        measurement_id: str,
        *,
        analysis_id: str | None = None,
        analysis_type: str | None = None,
        name: str | None = None,
    ) -> Analysis:
        """Return the one analysis of a measurement that matches every given field.

        Parameters
        ----------
        measurement_id : str
            The measurement.
        analysis_id, analysis_type, name : str, optional
            What it must match (at least one).

        Returns
        -------
        Analysis
            The analysis.

        Raises
        ------
        ValueError
            When nothing to match is given.
        IonworksError
            When none matches, more than one does, or ``analysis_id`` names an
            analysis of another measurement.
        """
        wanted = [
            ("analysis_id", "id", analysis_id),
            ("analysis_type", "analysis_type", analysis_type),
            ("name", "name", name),
        ]
        if all(value is None for _, _, value in wanted):
            raise ValueError(
                "find_one needs at least one of analysis_id, analysis_type or name; "
                "an empty selector matches every analysis on the measurement."
            )
        if analysis_id is not None:
            found = await self.get(analysis_id)
            if found.measurement_id != measurement_id:
                raise IonworksError(
                    f"Analysis {analysis_id} belongs to measurement "
                    f"{found.measurement_id}, not {measurement_id}."
                )
            return found
        candidates = await self._every(
            lambda limit, offset: self.list(
                measurement_id=measurement_id, limit=limit, offset=offset
            )
        )
        matches = [
            candidate
            for candidate in candidates
            if all(
                value is None or getattr(candidate, field) == value
                for _, field, value in wanted
            )
        ]
        selector = ", ".join(
            f"{keyword}={value!r}" for keyword, _, value in wanted if value is not None
        )
        if not matches:
            raise IonworksError(
                f"No analysis on measurement {measurement_id} matches {selector}. "
                f"Analyses on this measurement: {_described(candidates)}."
            )
        if len(matches) > 1:
            raise IonworksError(
                f"{len(matches)} analyses on measurement {measurement_id} match "
                f"{selector}: {_described(matches)}. Narrow the selector, or give "
                "analysis_id to name one exactly."
            )
        return matches[0]

    async def update(self, analysis_id: str, data: dict[str, Any]) -> Analysis:
        """Update fields of an analysis (its name, metadata, notes, ...).

        Parameters
        ----------
        analysis_id : str
            The analysis' id.
        data : dict
            The fields to change.

        Returns
        -------
        Analysis
            The updated record.
        """
        path = route(ANALYSIS, analysis_id=analysis_id)
        return await self._one("PATCH", path, Analysis, body=data)

    async def delete(self, analysis_id: str) -> None:
        """Delete an analysis.

        Parameters
        ----------
        analysis_id : str
            The analysis' id.
        """
        await self._delete(route(ANALYSIS, analysis_id=analysis_id))

    async def get_download_url(self, analysis_id: str) -> str:
        """Return a signed URL of the analysis' table (parquet).

        Parameters
        ----------
        analysis_id : str
            The analysis' id.

        Returns
        -------
        str
            The URL.
        """
        path = route(ANALYSIS, analysis_id=analysis_id) + "/download-url"
        return await self._url(path)

    async def get_data(self, analysis_id: str) -> Any:
        """Return the analysis' table, as a frame of the client's backend.

        Parameters
        ----------
        analysis_id : str
            The analysis' id.

        Returns
        -------
        Frame
            The table.
        """
        url = await self.get_download_url(analysis_id)
        content = await self._api.transport.get_signed(url)
        if len(content) < 12 or content[:4] != b"PAR1" or content[-4:] != b"PAR1":
            raise ResponseValidationError(
                f"The file of analysis {analysis_id} is not a parquet table.",
                method="GET",
                path="/analyses/{id}/download-url",
            )
        table = Table.from_parquet(content)
        return await frame_of(table, self._context.frame_backend())
