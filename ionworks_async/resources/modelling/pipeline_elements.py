"""A pipeline's elements, their typed results, and what those read later.

A data fit's and a validation's result (ionworks-schema's) read their trace,
posterior, overlay and series from the API when first asked — it calls
back plain functions. Each is run on the event loop of the client that
fetched the result (:func:`~ionworks_async._runtime.from_sync.run_on_loop`);
the overlay reads a plot after another until the objective's count (or the
first missing one), and the series every source of every objective at once.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any

from ..._runtime.from_sync import run_on_loop
from ..._runtime.tasks import gather_or_cancel
from ..._runtime.threads import run_in_thread
from ...errors import NotFoundError
from ...models.pipeline_results import schema_module, typed_result, with_progress_cost

if TYPE_CHECKING:
    from .job import AsyncJobClient

__all__ = ["ElementSource"]


class ElementSource:
    """Where a pipeline's results read their elements and their lazy fields.

    Parameters
    ----------
    job : AsyncJobClient
        The client's jobs (the fetchers' requests).
    pipeline_id : str or None
        The pipeline (``None`` for a simple pipeline's one result).
    fetch : callable, optional
        Reads the pipeline's elements (a pipeline's results need them).
    """

    def __init__(
        self,
        job: AsyncJobClient,
        pipeline_id: str | None = None,
        fetch: Callable[[], Awaitable[list[dict[str, Any]]]] | None = None,
    ) -> None:
        self._job = job
        self._pipeline_id = pipeline_id
        self._fetch = fetch
        self._loop = asyncio.get_running_loop()
        self._elements: list[dict[str, Any]] | None = None
        self._results: dict[str, Any] = {}

    async def load(self) -> list[dict[str, Any]]:
        """Read the pipeline's elements (once)."""
        if self._elements is None:
            if self._fetch is None:
                raise ValueError("This result belongs to no pipeline's elements.")
            self._elements = await self._fetch()
            # the typed results need ionworks-schema: imported here, off the loop
            await run_in_thread()(schema_module, "A pipeline element's typed result")
        return self._elements

    def _blocking(
        self, make: Callable[[], Coroutine[Any, Any, Any]], instead: str
    ) -> Any:
        return run_on_loop(self._loop, make, instead)

    def result(self, name: str, raw: Any) -> Any:
        """Return the typed result of the element ``name`` (``raw`` its JSON)."""
        if name in self._results:
            return self._results[name]
        elements = self._elements
        if elements is None:
            elements = self._blocking(self.load, "await response.load()")
        for element in elements:
            if element.get("name") == name:
                kind = str(element.get("element_type") or "")
                result = typed_result(name, with_progress_cost(raw, element), kind)
                self.attach(result, element.get("job_id"), kind)
                self._results[name] = result
                return result
        raise ValueError(
            f"No element named '{name}' found in pipeline {self._pipeline_id}."
        )

    def attach(self, result: Any, job_id: Any, kind: str = "") -> None:
        """Give a data fit's or a validation's result its lazy fields' fetchers."""
        iws = schema_module("A pipeline element's typed result")
        kind = kind.lower()
        fit = "fit" in kind or isinstance(result, iws.ParameterEstimatorResult)
        validation = "validation" in kind or isinstance(result, iws.ValidationResult)
        if not (fit or validation) or not isinstance(job_id, str) or not job_id:
            return
        job = self._job

        def fetcher(make: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
            return lambda: self._blocking(make, "await client.job's method")

        fetchers = {
            "overlay": fetcher(lambda: overlay(job, job_id)),
            "series": fetcher(lambda: series(job, job_id)),
        }
        if fit:
            fetchers["trace"] = fetcher(lambda: job.get_parameter_trace(job_id))
            fetchers["posterior"] = fetcher(lambda: job.get_posterior_samples(job_id))
        result.set_source(**fetchers)


def _objectives(metadata: dict[str, Any]) -> dict[str, tuple[int | None, Any]]:
    """Return each objective's plot count (if known) and type, from the manifest."""
    config = metadata.get("validation_plot_config") or {}
    if not isinstance(config, dict):
        return {}
    entries = config.get("objectives")
    if not isinstance(entries, dict):
        entries = config or metadata.get("validation_results") or {}
    found: dict[str, tuple[int | None, Any]] = {}
    for name, entry in entries.items():
        if not isinstance(entry, dict):
            found[name] = (None, None)
            continue
        count = entry.get("plot_count")
        if count is None and isinstance(entry.get("plots"), list):
            count = len(entry["plots"])
        found[name] = (count, entry.get("type"))
    return found


async def overlay(job: AsyncJobClient, job_id: str) -> dict[str, Any]:
    """Return a job's model-against-data plots, by objective (``{}``: none)."""
    try:
        metadata = await job.get_metadata(job_id)
    except NotFoundError:
        return {}
    found: dict[str, Any] = {}
    for objective, (count, kind) in _objectives(metadata).items():
        plots: list[dict[str, Any]] = []
        for index in range(count) if count is not None else itertools.count():
            try:
                plot = await job.get_plot_data(job_id, objective, index)
            except NotFoundError:
                break
            if not plot.get("traces"):
                break
            plots.append(plot)
        if plots:
            found[objective] = {"type": kind, "plots": plots}
    return found


async def series(job: AsyncJobClient, job_id: str) -> dict[str, Any]:
    """Return a job's series, by objective and source (``{}``: none)."""
    try:
        channels = await job.get_series_channels(job_id)
    except NotFoundError:
        return {}
    wanted = [(o, s) for o, sources in channels.items() for s in sources]
    answers = await gather_or_cancel(
        job.get_series(job_id, objective, source=source) for objective, source in wanted
    )
    found: dict[str, dict[str, Any]] = {}
    for (objective, source), answer in zip(wanted, answers, strict=True):
        if answer:
            found.setdefault(objective, {})[source] = answer
    return found
