"""A lab folder ingested on a Dask cluster: its cells as tasks on the workers.

Reading and checking cycler files is CPU-bound, so an archive of many
thousands of files outgrows one machine long before it troubles the API. The
plan is made where the job is started; each cell then runs as a Dask task on
a worker, which makes its own client, reads its cell's files and uploads
them. The workers must see the folder at the same path (a shared file
system). A task whose worker dies is run again by Dask elsewhere; every
create is a create-or-get by name, so what the dead worker had done is found,
not made twice. The reports of the tasks are merged into one.

Dask's client is blocking, so this runner is too; everything a task does is
the async core's (:func:`~.lab.ingest_plan`).
"""

from __future__ import annotations

import asyncio
import hashlib
from typing import TYPE_CHECKING, Any

import attrs

from ..validation.options import CheckOptions
from .job import check_server, ingest_plan
from .plan import Plan, PlannedCell
from .report import FileOutcome, LabReport
from .settle import Settler, Shared, raw_index_of

if TYPE_CHECKING:
    import distributed

    from .._client import AsyncIonworks

__all__ = ["ingest_on_dask"]


@attrs.frozen
class _Settings:
    """What every task needs besides its cell (sent with each task).

    The connection is the one resolved where the job started: a worker
    looks nothing up in its own environment (which may name another server,
    or no key at all). Its credentials are left out of every ``repr``, so
    that neither Dask's logs of a failed task nor its dashboard show them.
    """

    api_url: str
    api_key: str | None = attrs.field(repr=False)
    token: str | None = attrs.field(repr=False)
    organization_id: str | None
    project_id: str | None
    options: CheckOptions
    replace_failed: bool
    concurrency: int
    keep_raw: bool = True


def ingest_on_dask(
    dask: distributed.Client,
    plan: Plan,
    *,
    api_key: str | None = None,
    api_url: str | None = None,
    options: CheckOptions | None = None,
    replace_failed: bool = False,
    concurrency: int = 8,
    keep_raw: bool = True,
) -> LabReport:
    """Ingest a plan's cells as tasks on a Dask cluster; return the merged report.

    Parameters
    ----------
    dask : distributed.Client
        A client of the cluster.
    plan : Plan
        From :func:`~.plan.plan_folder` (its files must be readable at the
        same paths on every worker).
    api_key, api_url : str, optional
        The Ionworks credentials and URL, else this process's environment's
        (as for :class:`~ionworks_async.AsyncIonworks`). They are resolved
        here and travel with each task, out of its ``repr``: a worker uses
        exactly these, never its own environment's.
    options : CheckOptions, optional
        The checks.
    replace_failed : bool, optional
        As for :func:`~.lab.ingest_plan`.
    concurrency : int, optional
        Files a task uploads at once.
    keep_raw : bool, optional
        As for :func:`~.lab.ingest_plan`.

    Returns
    -------
    LabReport
        Every file, with its end; a task that failed for good (its worker
        died more often than Dask allows) marks its cell's files failed.

    Raises
    ------
    ServerUnavailable
        When the server cannot be reached from here or refuses the
        credentials (checked once, before any task).
    ValueError
        When no credentials are found here (before any task).
    """
    import time

    from .._client import AsyncIonworks

    started = time.monotonic()

    async def check() -> tuple[Any, dict[str, dict[str, str]]]:
        async with AsyncIonworks(api_key, api_url) as client:
            await check_server(client)
            project = client.project_id
            index = {}  # the default project's raw data, read once for every task
            if keep_raw and project is not None:
                index[project] = await raw_index_of(client, project)
            return client.context.transport.settings, index

    resolved, raw_index = asyncio.run(check())
    settings = _Settings(
        resolved.api_url,
        resolved.api_key,
        resolved.token,
        resolved.organization_id,
        resolved.project_id,
        options or CheckOptions(),
        replace_failed,
        concurrency,
        keep_raw,
    )
    cells = list(plan.cells)
    # One copy a worker, not one a task: a task's result the others depend
    # on, which the scheduler makes again if its worker dies (scattered data
    # would be lost with it).
    index: Any = dask.submit(dict, raw_index, pure=False)
    futures = dask.map(
        run_cell,
        cells,
        settings=settings,
        raw_index=index,
        key=[_task_key(cell) for cell in cells],
        pure=False,
    )
    outcomes: list[FileOutcome] = []
    created = {"specifications": 0, "cells": 0}
    kept = Shared()
    for cell, future in zip(cells, futures, strict=True):
        try:
            found, made, part = future.result()
        except Exception as error:  # the task failed for good
            outcomes += [
                FileOutcome(
                    planned.path,
                    "failed",
                    f"its cell's task failed on the cluster ({error!r})",
                    "run the same command again",
                    cell.name,
                    planned.measurement,
                )
                for planned in cell.files
            ]
            continue
        outcomes += found
        for kind, count in made.items():
            created[kind] = created.get(kind, 0) + count
        kept.made.update(part.made)
        kept.links.update(part.links)
    if kept.made:  # twins kept by another run at the same time: merged once
        asyncio.run(_merge_twins(settings, kept))
    outcomes += [FileOutcome(r.path, "failed", r.reason, r.fix) for r in plan.refused]
    outcomes += [FileOutcome(s.path, "skipped", s.reason) for s in plan.skipped]
    return LabReport(plan.root, tuple(outcomes), created, time.monotonic() - started)


def _task_key(cell: PlannedCell) -> str:
    """Name a task: one key per planned cell, by its specification's file.

    Two specification folders may give one name, and each a ``cell-01``:
    they are two planned cells, and two tasks (Dask runs one task per key).
    """
    name = f"{cell.spec.source}\x00{cell.name}".encode()
    return f"ionworks-ingest-{hashlib.sha256(name).hexdigest()[:16]}"


Part = tuple[list[FileOutcome], dict[str, int], Shared]


def run_cell(
    cell: PlannedCell,
    settings: _Settings,
    raw_index: dict[str, dict[str, str]] | None = None,
) -> Part:
    """Ingest one cell (a Dask task): its outcomes, what it created and kept.

    It makes its own client on its own event loop, and skips the server
    check (made once, where the job started) and the walk of the project's
    raw data (read once there: ``raw_index``).
    """
    return asyncio.run(_run_cell(cell, settings, raw_index or {}))


def _client(settings: _Settings) -> AsyncIonworks:
    from .._client import AsyncIonworks

    return AsyncIonworks(
        settings.api_key,
        settings.api_url,
        token=settings.token,
        organization_id=settings.organization_id,
        project_id=settings.project_id,
    )


async def _run_cell(
    cell: PlannedCell, settings: _Settings, raw_index: dict[str, dict[str, str]]
) -> Part:
    plan = Plan(cell.spec.source.parent, (cell.spec,), (cell,), (), ())
    shared = Shared(raw_index=raw_index, merge=False)
    async with _client(settings) as client:
        report = await ingest_plan(
            client,
            plan,
            options=settings.options,
            concurrency=settings.concurrency,
            readers=1,
            replace_failed=settings.replace_failed,
            preflight=False,
            keep_raw=settings.keep_raw,
            shared=shared,
        )
    return (
        list(report.outcomes),
        dict(report.created),
        Shared(merge=False, made=shared.made, links=shared.links),
    )


async def _merge_twins(settings: _Settings, kept: Shared) -> None:
    """Merge the twins of the originals the tasks kept (one walk a project)."""
    async with _client(settings) as client:
        settler = Settler(client, replace_failed=False, keep_raw=True)
        settler.made, settler.links = kept.made, kept.links
        await settler.merge_twins()
