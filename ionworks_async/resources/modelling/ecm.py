"""ECM fitting: equivalent-circuit models fitted to a cell's data by the service."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import IO, Any

from ...errors import IonworksError, ResponseValidationError
from ...models.ecm import (
    EcmFitJob,
    FitResults,
    SaveToProjectResponse,
    ValidationResults,
)
from .._records_api import parse_record
from .._routes import RouteResource, plain_pairs, route
from .ecm_config import fit_request
from .job import AsyncJobClient
from .polling import poll_until

__all__ = ["AsyncECMClient"]


def _upload(file: str | Path | IO[bytes], filename: str | None) -> dict[str, Any]:
    """Return a file as the ``file`` part of a form."""
    if isinstance(file, str | Path):
        path = Path(file)
        return {
            "file": (
                filename or path.name,
                path.read_bytes(),
                "application/octet-stream",
            )
        }
    name = filename or Path(str(getattr(file, "name", "upload.csv"))).name
    content = file.read()
    if not isinstance(content, bytes):
        raise TypeError("an open file must be opened in binary mode ('rb')")
    return {"file": (name, content, "application/octet-stream")}


def _fit(value: FitResults | dict[str, Any]) -> FitResults:
    return value if isinstance(value, FitResults) else FitResults.model_validate(value)


class AsyncECMClient(RouteResource):
    """Client for ECM fitting (the public client's ``client.ecm``).

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    async def list_examples(self) -> builtins.list[dict[str, Any]]:
        """List the example datasets a fit can be tried on.

        Returns
        -------
        list of dict
            The examples.
        """
        return await self._array("GET", "/ecm/examples")

    async def get_example_data(self, example_id: str) -> dict[str, Any]:
        """Return an example's data.

        Parameters
        ----------
        example_id : str
            The example.

        Returns
        -------
        dict
            Its columns.
        """
        path = route("/ecm/examples/{example_id}/data", example_id=example_id)
        return await self._object("GET", path)

    async def fit_from_example(
        self,
        example_id: str,
        num_rcs: int = 2,
        fit_ocv: bool = True,
        initial_soc: float | None = None,
        capacity: float | None = None,
    ) -> FitResults:
        """Fit an ECM to an example dataset (at once: no job to wait for).

        Parameters
        ----------
        example_id : str
            The example.
        num_rcs : int, optional
            RC pairs (0 to 5). Defaults to 2.
        fit_ocv : bool, optional
            Fit the OCV curve too. Defaults to True.
        initial_soc : float, optional
            The state of charge at the start (0 to 1).
        capacity : float, optional
            The cell's capacity (A.h).

        Returns
        -------
        FitResults
            The fit.
        """
        params = plain_pairs(
            example_id=example_id,
            num_rcs=num_rcs,
            fit_ocv=fit_ocv,
            initial_soc=initial_soc,
            capacity=capacity,
        )
        answer = await self._json("POST", "/ecm/fit", params=params)
        return parse_record(answer, FitResults, "POST", "/ecm/fit")

    async def fit_from_measurements(self, config: dict[str, Any]) -> EcmFitJob:
        """Start an ECM fit of measurements, fitted jointly (a background job).

        Parameters
        ----------
        config : dict
            ``measurements`` (each ``{"id", "start_step", "end_step",
            "initial_soc", "capacity"}``) and ``ecm_options`` (``num_rcs``,
            ``fit_ocv``, ``capacity``, ``ocv_soc_curve``, ``bounds_capacity``,
            ``num_knots``, ``knot_schedule``, ``regularization``, ...).

        Returns
        -------
        EcmFitJob
            The job (:meth:`wait_for_completion` waits for its result).

        Raises
        ------
        ValueError
            For a config that is not valid, naming each problem.
        """
        body = fit_request(config)
        path = "/ecm/fit-from-measurements"
        return await self._one("POST", path, EcmFitJob, body=body)

    async def fit_from_file(
        self,
        file: str | Path | IO[bytes],
        num_rcs: int = 2,
        fit_ocv: bool = True,
        initial_soc: float | None = None,
        capacity: float | None = None,
        regularization: float = 0.0,
        filename: str | None = None,
    ) -> EcmFitJob:
        """Start an ECM fit of a data file (a background job).

        Parameters
        ----------
        file : str, Path or binary file
            The data (a cycler's export, a CSV).
        num_rcs : int, optional
            RC pairs. Defaults to 2.
        fit_ocv : bool, optional
            Fit the OCV curve too. Defaults to True.
        initial_soc : float, optional
            The state of charge at the start.
        capacity : float, optional
            The cell's capacity (A.h).
        regularization : float, optional
            The smoothness prior's strength (0: none).
        filename : str, optional
            The name sent (default: the file's).

        Returns
        -------
        EcmFitJob
            The job.
        """
        params = plain_pairs(
            num_rcs=num_rcs,
            fit_ocv=fit_ocv,
            initial_soc=initial_soc,
            capacity=capacity,
            regularization=regularization or None,
        )
        path = "/ecm/fit-from-file"
        answer = await self._multipart(path, _upload(file, filename), params=params)
        return parse_record(answer, EcmFitJob, "POST", path)

    async def detect_and_read(
        self, file: str | Path | IO[bytes], filename: str | None = None
    ) -> dict[str, Any]:
        """Let the service read a data file: its format and columns.

        Parameters
        ----------
        file : str, Path or binary file
            The file.
        filename : str, optional
            The name sent (default: the file's).

        Returns
        -------
        dict
            What the service found.
        """
        path = "/ecm/detect-and-read"
        answer = await self._multipart(path, _upload(file, filename))
        if not isinstance(answer, dict):
            raise ResponseValidationError(
                f"The Ionworks API answered POST {path} without an object.",
                method="POST",
                path=path,
            )
        return answer

    async def wait_for_completion(
        self,
        job: EcmFitJob | str,
        timeout: int = 300,
        poll_interval: int = 2,
        verbose: bool = True,
        raise_on_failure: bool = True,
    ) -> FitResults | None:
        """Wait for an ECM fit's job; return its result.

        Parameters
        ----------
        job : EcmFitJob or str
            The job, or its id.
        timeout : float, optional
            Seconds to wait in all. Defaults to 300.
        poll_interval : float, optional
            Seconds before the second poll (at least 1; later waits grow).
        verbose : bool, optional
            Print the progress, as the public client does.
        raise_on_failure : bool, optional
            Raise when the fit failed (else return ``None``).

        Returns
        -------
        FitResults or None
            The fit, or ``None`` for a failed one.

        Raises
        ------
        IonworksError
            When it failed (with ``raise_on_failure``), or ended without a result.
        TimeoutError
            When it has not ended by the deadline.
        """
        job_id = job.job_id if isinstance(job, EcmFitJob) else job
        jobs = AsyncJobClient(self._context)
        if verbose:
            print(f"Waiting for ECM fit job {job_id}...")
        status = await poll_until(
            lambda: jobs.get(job_id),
            lambda found: bool(found.is_terminal),
            timeout=timeout,
            poll_interval=max(float(poll_interval), 1.0),
            what=f"ECM fit {job_id}",
        )
        if status.is_failed:
            if raise_on_failure:
                error = status.error or "unknown error"
                raise IonworksError(f"ECM fit {job_id} {status.status}: {error}")
            return None
        if not status.result:
            raise IonworksError(f"ECM fit {job_id} completed without a result payload")
        if verbose:
            print(f"  ECM fit {job_id} completed.")
        return parse_record(status.result, FitResults, "GET", f"/jobs/{job_id}")

    async def save_to_project(
        self,
        name: str,
        cell_spec_id: str,
        fit_results: FitResults | dict[str, Any],
        description: str = "",
        num_rcs: int | None = None,
    ) -> SaveToProjectResponse:
        """Save a fit as a model and a parameterized model of a specification.

        Parameters
        ----------
        name : str
            The name given.
        cell_spec_id : str
            The specification.
        fit_results : FitResults or dict
            The fit.
        description : str, optional
            Free text.
        num_rcs : int, optional
            RC pairs (default: the fit's).

        Returns
        -------
        SaveToProjectResponse
            The new model's and parameterized model's ids.
        """
        fit = _fit(fit_results)
        body = {
            "name": name,
            "description": description,
            "cell_spec_id": cell_spec_id,
            "num_rcs": num_rcs if num_rcs is not None else fit.num_rcs,
            "fit_results": fit.to_api_payload(),
        }
        path = "/ecm/save-to-project"
        return await self._one("POST", path, SaveToProjectResponse, body=body)

    async def validate(
        self,
        *,
        measurement_id: str | None = None,
        example_id: str | None = None,
        fit_results: FitResults | dict[str, Any] | None = None,
        parameterized_model_id: str | None = None,
        start_step: int | None = None,
        end_step: int | None = None,
        initial_soc: float | None = None,
        capacity: float | None = None,
    ) -> ValidationResults:
        """Re-simulate an ECM on a held-out trace and compare.

        Parameters
        ----------
        measurement_id, example_id : str, optional
            The trace: a measurement, or an example.
        fit_results : FitResults or dict, optional
            The fit to validate (or ``parameterized_model_id``).
        parameterized_model_id : str, optional
            A saved ECM to validate.
        start_step, end_step : int, optional
            The steps of the trace to use.
        initial_soc : float, optional
            The state of charge at its start.
        capacity : float, optional
            The capacity used (A.h).

        Returns
        -------
        ValidationResults
            The errors and the traces.
        """
        body: dict[str, Any] = {
            key: value
            for key, value in (
                ("measurement_id", measurement_id),
                ("example_id", example_id),
                ("start_step", start_step),
                ("end_step", end_step),
                ("initial_soc", initial_soc),
                ("capacity", capacity),
                ("parameterized_model_id", parameterized_model_id),
            )
            if value is not None
        }
        if fit_results is not None:
            body["fit_results"] = _fit(fit_results).to_api_payload()
        return await self._one("POST", "/ecm/validate", ValidationResults, body=body)
