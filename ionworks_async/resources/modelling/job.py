"""Jobs: the hosted service's work (fits, simulations, pipelines) and its results."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import Any

from ..._runtime.user_warnings import warn_user
from ...errors import IonworksError
from ...models import Record
from ...models.modelling import JobCreationPayload, JobResponse
from .._records_api import parse_record
from .._routes import RouteResource, plain_pairs, route

__all__ = ["AsyncJobClient"]

JOB = "/jobs/{job_id}"


class AsyncJobClient(RouteResource):
    """Client for jobs (the public client's ``client.job``).

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    async def create(self, payload: JobCreationPayload) -> JobResponse:
        """Submit a job directly (deprecated: the API refuses direct submissions).

        Parameters
        ----------
        payload : JobCreationPayload or dict
            The job's type, parameters and priority.

        Returns
        -------
        JobResponse
            The job.
        """
        warn_user(
            "JobClient.create is deprecated: the server rejects direct job "
            "submissions. Use the pipeline, simulation or ecm clients to start "
            "work.",
            DeprecationWarning,
        )
        body = (
            payload.model_dump(exclude_none=True)
            if isinstance(payload, Record)
            else payload
        )
        return await self._one("POST", "/jobs/", JobResponse, body=body)

    async def get(self, job_id: str) -> JobResponse:
        """Get a job: its state, and its result once it has one.

        Parameters
        ----------
        job_id : str
            The job's id.

        Returns
        -------
        JobResponse
            The job.
        """
        return await self._one("GET", route(JOB, job_id=job_id), JobResponse)

    async def get_metadata(self, job_id: str) -> dict[str, Any]:
        """Return a job's metadata (its intermediate results, samples, ...).

        Parameters
        ----------
        job_id : str
            The job's id.

        Returns
        -------
        dict
            The metadata.
        """
        return await self._object("GET", route(JOB, job_id=job_id) + "/metadata")

    async def get_plot_data(
        self,
        job_id: str,
        objective_name: str,
        plot_index: int = 0,
        max_points: int = 2000,
        x_min: float | None = None,
        x_max: float | None = None,
    ) -> dict[str, Any]:
        """Return a data fit's plot of one objective (model against data).

        Parameters
        ----------
        job_id : str
            The fit's job id.
        objective_name : str
            The objective.
        plot_index : int, optional
            Which of its plots. Defaults to 0.
        max_points : int, optional
            The most points a line has. Defaults to 2000.
        x_min, x_max : float, optional
            The window on the x axis.

        Returns
        -------
        dict
            The plot's series.
        """
        path = route("/pipelines/datafits/{job_id}/plot_data", job_id=job_id)
        params = plain_pairs(
            objective_name=objective_name,
            plot_index=plot_index,
            max_points=max_points,
            x_min=x_min,
            x_max=x_max,
        )
        return await self._object("GET", path, params=params)

    async def get_series_channels(self, job_id: str) -> dict[str, dict[str, list[str]]]:
        """Return the series a job holds: objective, source, columns.

        Parameters
        ----------
        job_id : str
            The job's id.

        Returns
        -------
        dict
            Objective to source to its column names.
        """
        path = route(JOB, job_id=job_id) + "/series/channels"
        return await self._object("GET", path)

    async def get_series(
        self,
        job_id: str,
        objective: str,
        source: str = "optimal",
        columns: Sequence[str] | None = None,
        x_column: str | None = None,
        max_points: int | None = None,
        x_min: float | None = None,
        x_max: float | None = None,
    ) -> dict[str, builtins.list[Any]]:
        """Return columns of one of a job's series.

        Parameters
        ----------
        job_id : str
            The job's id.
        objective : str
            The objective.
        source : str, optional
            ``"optimal"`` (the default), ``"initial"``, ``"data"``, ...
        columns : sequence of str, optional
            The columns (all by default).
        x_column : str, optional
            The column a window and a thinning follow.
        max_points : int, optional
            The most rows.
        x_min, x_max : float, optional
            The window on ``x_column``.

        Returns
        -------
        dict
            Column name to its values.
        """
        params = plain_pairs(
            objective=objective,
            source=source,
            columns=",".join(columns) if columns else None,
            x_column=x_column,
            max_points=max_points,
            x_min=x_min,
            x_max=x_max,
        )
        path = route(JOB, job_id=job_id) + "/series"
        return await self._object("GET", path, params=params)

    async def get_parameter_trace(self, job_id: str) -> builtins.list[dict[str, Any]]:
        """Return a fit's parameter values at each step (empty when none).

        Parameters
        ----------
        job_id : str
            The job's id.

        Returns
        -------
        list of dict
            The intermediate results.
        """
        trace = (await self.get_metadata(job_id)).get("intermediate_results")
        return trace if isinstance(trace, list) else []

    async def get_posterior_samples(self, job_id: str) -> dict[str, Any]:
        """Return a Bayesian fit's samples (empty when the job has none).

        Parameters
        ----------
        job_id : str
            The job's id.

        Returns
        -------
        dict
            ``samples``, ``sample_costs``, ``sample_param_names`` and
            ``sample_burnin``; empty for a job without samples or metadata.
        """
        try:
            metadata = await self.get_metadata(job_id)
        except IonworksError as error:
            if error.status_code == 404:
                return {}
            raise
        samples = metadata.get("samples")
        if not isinstance(samples, dict):
            return {}
        return {
            "samples": samples,
            **{
                key: metadata.get(key)
                for key in ("sample_costs", "sample_param_names", "sample_burnin")
            },
        }

    async def list(self) -> builtins.list[JobResponse]:
        """List your jobs.

        Returns
        -------
        list of JobResponse
            The jobs.
        """
        answer = await self._array("GET", "/jobs/", what="jobs")
        return [parse_record(job, JobResponse, "GET", "/jobs/") for job in answer]

    async def cancel(self, job_id: str) -> JobResponse:
        """Cancel a job.

        Parameters
        ----------
        job_id : str
            The job's id.

        Returns
        -------
        JobResponse
            The job, cancelled.
        """
        path = route(JOB, job_id=job_id) + "/cancel"
        return await self._one("POST", path, JobResponse, body={})
