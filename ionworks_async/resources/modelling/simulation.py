"""Simulations: protocols run on parameterized models by the hosted service."""

from __future__ import annotations

import asyncio
import builtins
from typing import Any

from ..._runtime.user_warnings import warn_user
from ...errors import IonworksError, ResponseValidationError
from ...models.modelling import SimulationResponse, SimulationResult
from ...models.pages import PaginatedList
from ...tables.table import Table
from ...types import SimulationState
from .._records_api import parse_record
from .._routes import RouteResource, plain_pairs, route
from .job import AsyncJobClient
from .polling import poll_until
from .simulation_config import (
    batch_body,
    check_config,
    check_doe,
    doe_count,
    single_run_doe,
)
from .simulation_frames import steps_frame, time_series_frame

__all__ = ["AsyncSimulationClient"]

SIMULATION = "/simulations/{simulation_id}"
STATUSES_PAGE = 1000


class AsyncSimulationClient(RouteResource):
    """Client for simulations (the public client's ``client.simulation``).

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    async def protocol(self, config: dict[str, Any]) -> SimulationResponse:
        """Run one simulation of a protocol.

        Parameters
        ----------
        config : dict
            As :meth:`protocol_batch` takes it, without ``conditions``; its
            ``design_parameters`` (a dict of values) set the one run's model
            parameters.

        Returns
        -------
        SimulationResponse
            The simulation's and its job's ids.

        Raises
        ------
        ValueError
            For a config of more than one run, or one that is not valid.
        """
        config = dict(config)
        if "conditions" in config:
            raise ValueError(
                "protocol() runs one simulation and does not take 'conditions'. Set "
                "its inputs with 'experiment_parameters' and 'design_parameters', "
                "or use protocol_batch() for a list of runs."
            )
        design = config.pop("design_parameters", None)
        doe = config.get("design_parameters_doe")
        if design is not None:
            if doe is not None:
                raise ValueError(
                    "Pass either 'design_parameters' (single-sim convenience) or "
                    "'design_parameters_doe' (DOE), not both."
                )
            doe = single_run_doe(design) if design else None
        elif doe is not None:
            doe = check_doe(doe)
        if doe is not None:
            expected = doe_count(doe)
            if expected != 1:
                raise ValueError(
                    "protocol() is single-simulation, but the supplied DOE would "
                    f"produce {expected} simulations. Use protocol_batch() for "
                    "multi-simulation DOE runs."
                )
            config["design_parameters_doe"] = doe
        return (await self.protocol_batch(config))[0]

    async def protocol_batch(
        self, config: dict[str, Any]
    ) -> builtins.list[SimulationResponse]:
        """Run simulations of a protocol: a design of experiments, or listed runs.

        Parameters
        ----------
        config : dict
            ``parameterized_model`` (an id, ``{"model_id", "parameters"}``, or a
            quick model ``{"capacity", "chemistry"}``); exactly one of
            ``protocol_experiment`` (``{"protocol": UCP YAML, "name"}``) and
            ``protocol_id``; optionally ``design_parameters_doe`` or
            ``conditions``, ``experiment_parameters``, ``max_backward_jumps``,
            ``study_id``, ``project_id``, ``extra_variables``.

        Returns
        -------
        list of SimulationResponse
            One a simulation.

        Raises
        ------
        ValueError
            For a config that is not valid (naming each problem).
        """
        if "design_parameters" in config:
            raise ValueError(
                "protocol_batch() does not take 'design_parameters', which sets one "
                "run's inputs in protocol(). Give each run its own with "
                "'conditions', or sweep them with 'design_parameters_doe'."
            )
        checked = check_config(dict(config))
        shared = checked.get("experiment_parameters") or {}
        if checked.get("protocol_id") is not None:
            template_id = str(checked["protocol_id"])
            project_id = checked.get("project_id")
        else:
            project_id = self._project(checked.get("project_id"))
            merged: dict[str, Any] = {}
            for condition in checked.get("conditions") or []:
                for name, value in (
                    condition.get("experiment_parameters") or {}
                ).items():
                    merged.setdefault(name, value)
            parsed = await self._object(
                "POST",
                "/protocols/parse-to-template",
                body={
                    "protocol_experiment": checked["protocol_experiment"],
                    "experiment_parameters": {**merged, **shared},
                    "project_id": project_id,
                },
            )
            template_id = str(parsed.get("template_id"))
        path = "/simulations/with-template/batch"
        body = batch_body(checked, template_id, project_id)
        answer = await self._array("POST", path, body=body, what="simulations")
        return [
            parse_record(
                {**item, "protocol_id": template_id}
                if isinstance(item, dict)
                else item,
                SimulationResponse,
                "POST",
                path,
            )
            for item in answer
        ]

    async def list(
        self,
        parameterized_model_id: str | None = None,
        study_id: str | None = None,
        *,
        protocol_id: str | None = None,
        state: SimulationState | None = None,
        summary: bool = False,
        limit: int | None = None,
        offset: int | None = None,
    ) -> builtins.list[dict[str, Any]] | PaginatedList[dict[str, Any]]:
        """List the simulations of a parameterized model, a study or a protocol.

        Parameters
        ----------
        parameterized_model_id, study_id : str, optional
            At most one of them.
        protocol_id : str, optional
            A saved protocol (with either, or alone).
        state : str, optional
            ``"queued"``, ``"running"``, ``"completed"`` or ``"failed"``.
        summary : bool, optional
            Leave the heavy fields out.
        limit, offset : int, optional
            The page: with either, a page (with ``total``); without, a list.

        Returns
        -------
        list of dict, or PaginatedList of dict
            The simulations.

        Raises
        ------
        ValueError
            When neither (or both) of the model and the study is given, and no
            protocol.
        """
        if parameterized_model_id and study_id:
            raise ValueError(
                "Pass at most one of 'parameterized_model_id' or 'study_id'; "
                "'protocol_id' may be combined with either."
            )
        if not (parameterized_model_id or study_id or protocol_id):
            raise ValueError(
                "Provide 'parameterized_model_id', 'study_id' or 'protocol_id'."
            )
        params = plain_pairs(
            parameterized_model_id=parameterized_model_id,
            study_id=study_id,
            experiment_template_id=protocol_id,
            state=state,
            summary="true" if summary else None,
            limit=limit,
            offset=offset,
        )
        answer = await self._json("GET", "/simulations", params=params)
        items = answer.get("simulations") if isinstance(answer, dict) else answer
        if not isinstance(items, builtins.list):
            raise ResponseValidationError(
                "The Ionworks API answered GET /simulations without a list.",
                method="GET",
                path="/simulations",
            )
        if limit is None and offset is None:
            return items
        total = answer.get("total", len(items)) if isinstance(answer, dict) else None
        return PaginatedList(items, total if isinstance(total, int) else len(items))

    async def get(self, simulation_id: str) -> dict[str, Any]:
        """Return a simulation, with its model, protocol and (once done) data.

        Parameters
        ----------
        simulation_id : str
            Its id.

        Returns
        -------
        dict
            The simulation.
        """
        return await self._object("GET", route(SIMULATION, simulation_id=simulation_id))

    async def delete(self, simulation_id: str) -> None:
        """Delete a simulation.

        Parameters
        ----------
        simulation_id : str
            Its id.
        """
        await self._delete(route(SIMULATION, simulation_id=simulation_id))

    async def get_statuses(
        self, simulation_ids: builtins.list[str]
    ) -> builtins.list[dict[str, Any]]:
        """Return the statuses of many simulations (1,000 a request, sent at once).

        Parameters
        ----------
        simulation_ids : list of str
            Their ids.

        Returns
        -------
        list of dict
            One status a simulation, in order.
        """
        chunks = [
            simulation_ids[start : start + STATUSES_PAGE]
            for start in range(0, len(simulation_ids), STATUSES_PAGE)
        ]
        pages = await asyncio.gather(
            *(
                self._json(
                    "POST",
                    "/simulations/statuses",
                    body={"simulation_ids": chunk, "limit": len(chunk)},
                )
                for chunk in chunks
            )
        )
        statuses: builtins.list[dict[str, Any]] = []
        for page in pages:
            if not isinstance(page, builtins.list):
                raise ResponseValidationError(
                    "The Ionworks API answered POST /simulations/statuses without "
                    "a list.",
                    method="POST",
                    path="/simulations/statuses",
                )
            statuses.extend(page)
        return statuses

    async def get_result(self, simulation_id: str) -> SimulationResult:
        """Return a finished simulation's time series, steps and metrics.

        Parameters
        ----------
        simulation_id : str
            Its id.

        Returns
        -------
        SimulationResult
            Frames of the client's backend (with the capacity columns the
            public client derives) and the metrics.
        """
        base = route(SIMULATION, simulation_id=simulation_id)
        transport = self._api.transport
        series, steps, simulation = await asyncio.gather(
            transport.download(base + "/time_series/download"),
            transport.download(base + "/steps/download"),
            self.get(simulation_id),
        )
        backend = self._context.frame_backend()
        return SimulationResult(
            time_series=await time_series_frame(Table.from_parquet(series), backend),
            steps=await steps_frame(Table.from_parquet(steps), backend),
            metrics=simulation.get("metrics") or {},
        )

    async def wait_for_completion(
        self,
        simulation_id: str | builtins.list[str],
        timeout: int = 60,
        poll_interval: int = 2,
        verbose: bool = True,
        raise_on_failure: bool = True,
    ) -> dict[str, Any] | builtins.list[dict[str, Any]]:
        """Wait until simulations complete (or their jobs fail).

        Parameters
        ----------
        simulation_id : str or list of str
            One simulation, or many.
        timeout : float, optional
            Seconds to wait in all. Defaults to 60.
        poll_interval : float, optional
            Seconds before the second poll (later waits grow). Defaults to 2.
        verbose : bool, optional
            Print the progress, as the public client does. Defaults to True.
        raise_on_failure : bool, optional
            Raise when one failed. Defaults to True.

        Returns
        -------
        dict or list of dict
            The completed simulation, or those of the list that completed.

        Raises
        ------
        IonworksError
            When one failed (with ``raise_on_failure``).
        TimeoutError
            When none (or the one) ended by the deadline.
        """
        single = isinstance(simulation_id, str)
        ids = [simulation_id] if isinstance(simulation_id, str) else list(simulation_id)
        jobs = AsyncJobClient(self._context)
        completed: dict[str, dict[str, Any]] = {}
        failed: dict[str, Any] = {}

        async def poll() -> int:
            for sim in ids:
                if sim in completed or sim in failed:
                    continue
                simulation = await self.get(sim)
                if simulation.get("storage_folder") or simulation.get(
                    "simulation_data"
                ):
                    completed[sim] = simulation
                elif simulation.get("job_id"):
                    job = await jobs.get(simulation["job_id"])
                    if job.is_failed:
                        failed[sim] = job
                        if verbose:
                            error = job.error or "unknown error"
                            print(f"  Simulation {sim} {job.status}: {error}")
            return len(completed) + len(failed)

        if verbose:
            print(f"Polling for {len(ids)} simulation(s) completion...")
        try:
            await poll_until(
                poll,
                lambda ended: ended == len(ids),
                timeout=timeout,
                poll_interval=poll_interval,
                what="Simulations",
            )
        except TimeoutError:
            if not completed and not failed:
                raise TimeoutError(
                    f"No simulations completed within {timeout} seconds"
                ) from None
        if single:
            sim = ids[0]
            if sim in failed and raise_on_failure:
                job = failed[sim]
                raise IonworksError(
                    f"Simulation {sim} {job.status}: {job.error or 'unknown error'}"
                )
            if sim not in completed:
                if sim in failed:
                    dumped: dict[str, Any] = failed[sim].model_dump()
                    return dumped
                raise TimeoutError(
                    f"Simulation {sim} did not complete within {timeout} seconds"
                )
            return completed[sim]
        if failed:
            lines = [
                f"  {sim}: {job.status}: {job.error or 'unknown error'}"
                for sim, job in failed.items()
            ]
            if raise_on_failure:
                raise IonworksError(
                    f"{len(failed)} simulation(s) failed:\n" + "\n".join(lines)
                )
            warn_user(
                f"{len(failed)} simulation(s) failed and were excluded from "
                f"results: {list(failed)}",
                UserWarning,
            )
        return [completed[sim] for sim in ids if sim in completed]
