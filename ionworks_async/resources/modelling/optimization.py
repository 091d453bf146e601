"""Optimizations: design optimizations run by the hosted service."""

from __future__ import annotations

import logging
from typing import Any

from ...errors import IonworksError
from ...models.modelling import Optimization
from .._routes import RouteResource, plain_pairs, route
from .polling import poll_until

__all__ = ["AsyncOptimizationClient"]

OPTIMIZATIONS = "/optimizations"
OPTIMIZATION = OPTIMIZATIONS + "/{optimization_id}"
TERMINAL = frozenset({"succeeded", "failed", "canceled"})
_logger = logging.getLogger("ionworks_async.optimization")


class AsyncOptimizationClient(RouteResource):
    """Client for optimizations (the public client's ``client.optimization``).

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    async def run(self, data: dict[str, Any]) -> Optimization:
        """Submit an optimization.

        Parameters
        ----------
        data : dict
            Its configuration; ``project_id`` defaults to the client's.

        Returns
        -------
        Optimization
            The submitted optimization (its ``job_id``).
        """
        body = dict(data)
        if body.get("project_id") is None and self._context.project_id:
            body["project_id"] = self._context.project_id
        return await self._one("POST", OPTIMIZATIONS, Optimization, body=body)

    async def get(self, optimization_id: str) -> dict[str, Any]:
        """Return an optimization: its status and, once done, its result.

        Parameters
        ----------
        optimization_id : str
            Its id.

        Returns
        -------
        dict
            The API's record.
        """
        path = route(OPTIMIZATION, optimization_id=optimization_id)
        return await self._object("GET", path)

    async def list(
        self,
        project_id: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> dict[str, Any]:
        """List optimizations (a project's, or all yours): one page.

        Parameters
        ----------
        project_id : str, optional
            The project (default: the client's, else every one).
        limit, offset : int, optional
            The page.

        Returns
        -------
        dict
            The page, as the API answers it.
        """
        project = project_id or self._context.project_id
        params = plain_pairs(project_id=project, limit=limit, offset=offset)
        return await self._object("GET", OPTIMIZATIONS, params=params)

    async def update(self, optimization_id: str, data: dict[str, Any]) -> Optimization:
        """Update fields of an optimization (its name, ...).

        Parameters
        ----------
        optimization_id : str
            Its id.
        data : dict
            The fields to change.

        Returns
        -------
        Optimization
            The updated record.
        """
        path = route(OPTIMIZATION, optimization_id=optimization_id)
        return await self._one("PATCH", path, Optimization, body=data)

    async def cancel(self, optimization_id: str) -> dict[str, Any]:
        """Cancel an optimization.

        Parameters
        ----------
        optimization_id : str
            Its id.

        Returns
        -------
        dict
            The API's answer.
        """
        path = route(OPTIMIZATION, optimization_id=optimization_id) + "/cancel"
        return await self._object("POST", path, body={})

    async def wait_for_completion(
        self,
        optimization_id: str,
        timeout: int = 600,
        poll_interval: int = 3,
        verbose: bool = True,
        raise_on_failure: bool = True,
    ) -> dict[str, Any]:
        """Wait until an optimization succeeds, fails or is cancelled.

        Polls under the deadline, waiting longer between polls (from
        ``poll_interval`` up to four times it); cancelling the call stops it.

        Parameters
        ----------
        optimization_id : str
            Its id.
        timeout : float, optional
            Seconds to wait in all. Defaults to 600.
        poll_interval : float, optional
            Seconds before the second poll. Defaults to 3.
        verbose : bool, optional
            Log each status (``logging``, at INFO).
        raise_on_failure : bool, optional
            Raise when it ends other than ``"succeeded"``. Defaults to True.

        Returns
        -------
        dict
            The finished optimization.

        Raises
        ------
        IonworksError
            When it failed or was cancelled (``error_code`` ``JOB_FAILED``).
        TimeoutError
            When it has not ended by the deadline.
        """

        def report(result: dict[str, Any], elapsed: float) -> None:
            if verbose:
                _logger.info(
                    "Optimization %s... status: %s",
                    optimization_id[:12],
                    result.get("status"),
                )

        result = await poll_until(
            lambda: self.get(optimization_id),
            lambda found: found.get("status") in TERMINAL,
            timeout=timeout,
            poll_interval=poll_interval,
            what=f"Optimization {optimization_id}",
            report=report,
        )
        status = result.get("status")
        if status != "succeeded" and raise_on_failure:
            raise IonworksError(
                f"Optimization {optimization_id} {status}: "
                f"{result.get('error', 'Unknown error')}",
                error_code="JOB_FAILED",
                data={
                    "error_code": "JOB_FAILED",
                    "detail": {"status": status, "optimization_id": optimization_id},
                },
            )
        return result
