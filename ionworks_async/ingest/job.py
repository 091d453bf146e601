"""Ingesting a lab's folder as it is: the job behind ``ionworks ingest``.

:func:`~.plan.plan_folder` decides what every file becomes; :func:`ingest_plan`
does it, a cell at a time (cells concurrently):

1. The cell's specification, instance and measurements are looked up by name
   (reads only).
2. Each file is read with its cycler's reader and checked in a worker
   thread, into a temporary parquet file and a digest of its rows. A file
   whose bytes are those its measurement was made from (the SHA-256 kept in
   the measurement's ``properties["source_file"]``) is not read at all.
3. Only when at least one of its files has passed are the specification
   and the instance created (create-or-get): no record is made before its
   data is checked.
4. Each file then ends as one of: **ingested** (a new measurement),
   **existing** (the same rows as the measurement it made), **extended**
   (its stored rows are the first rows of the file: the new ones are
   appended), or **failed** with the reason and the fix (a file that
   changed otherwise, a measurement whose processing failed, a file that
   does not read or pass the checks). A re-run of an unchanged folder reads
   no file and sends no data.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from .._runtime.threads import run_in_thread
from ..errors import (
    APIConnectionError,
    AuthenticationError,
    IonworksError,
    PermissionDeniedError,
)
from ..pipeline import Prepared, copy_with_digest, file_digest, prepare
from ..read import CyclerFileError
from ..read._notices import listening
from ..validation import CheckOptions, MeasurementValidationError, check_options
from .outcomes import failed, settled
from .plan import Plan, PlannedCell, PlannedFile, PlannedSpec, plan_folder
from .report import FileOutcome, LabReport
from .settle import (
    SOURCE_KEY,
    Once,
    ReadFile,
    Settler,
    Shared,
    Target,
    kept_source,
)

if TYPE_CHECKING:
    from .._client import AsyncIonworks
    from ..models import CellMeasurement

__all__ = [
    "SOURCE_KEY",
    "OnOutcome",
    "ServerUnavailable",
    "check_server",
    "ingest_folder",
    "ingest_plan",
]

OnOutcome = Callable[[FileOutcome], None]


class ServerUnavailable(IonworksError):
    """The server could not be reached, or refused the credentials: nothing ran."""


async def ingest_plan(
    client: AsyncIonworks,
    plan: Plan,
    *,
    options: CheckOptions | None = None,
    concurrency: int | None = None,
    readers: int | None = None,
    replace_failed: bool = False,
    on_outcome: OnOutcome | None = None,
    preflight: bool = True,
    keep_raw: bool = True,
    shared: Shared | None = None,
) -> LabReport:
    """Do what a plan says: every file ends ingested, existing, extended or failed.

    Parameters
    ----------
    client : AsyncIonworks
        The client.
    plan : Plan
        From :func:`~.plan.plan_folder`.
    options : CheckOptions, optional
        The checks (the always-on ones by default).
    concurrency : int, optional
        Files uploading at once (default: the client's ``max_concurrency``).
    readers : int, optional
        Files read and checked at once, in worker threads (default: the
        machine's cores).
    replace_failed : bool, optional
        Delete a measurement whose server processing failed and upload its
        file again.
    on_outcome : callable, optional
        Called with each file's outcome as it ends (progress).
    preflight : bool, optional
        First check that the server answers and takes the credentials (one
        request); a part of a larger job checked once leaves it out.
    keep_raw : bool, optional
        Keep each original file as raw data linked to its measurement
        (``client.raw_data``), once: a file whose bytes are kept already (its
        SHA-256 in the raw record's metadata) is not uploaded again.
    shared : Shared, optional
        What the parts of a larger run share: the raw data index read once,
        and what this part kept (filled in here).

    Returns
    -------
    LabReport
        Every file of the folder with its end.

    Raises
    ------
    ServerUnavailable
        When the server cannot be reached or refuses the credentials (before
        anything is read).
    """
    started = time.monotonic()
    if preflight:
        await check_server(client)
    job = _Job(
        client,
        options or CheckOptions(),
        asyncio.Semaphore(concurrency or client.max_concurrency),
        asyncio.Semaphore(readers or os.cpu_count() or 2),
        replace_failed,
        on_outcome,
        keep_raw,
    )
    for project_id, index in (shared.raw_index if shared else {}).items():
        job.settler.raw_index.seed(project_id, index)
    for refused in plan.refused:
        job.end(FileOutcome(refused.path, "failed", refused.reason, refused.fix))
    with tempfile.TemporaryDirectory(prefix="ionworks-ingest-") as folder:
        job.folder = Path(folder)
        cells = asyncio.Semaphore(max(1, (concurrency or client.max_concurrency) // 4))

        async def bounded(cell: PlannedCell) -> None:
            async with cells:
                await job.cell(cell)

        await asyncio.gather(*(bounded(cell) for cell in plan.cells))
    if shared is None or shared.merge:
        await job.settler.merge_twins()  # another run at the same time kept them too?
    if shared is not None:
        shared.made.update(job.settler.made)
        shared.links.update(job.settler.links)
    order = [planned.path for cell in plan.cells for planned in cell.files]
    order += [refused.path for refused in plan.refused]
    outcomes = [job.outcomes[path] for path in dict.fromkeys(order)]
    outcomes += [FileOutcome(s.path, "skipped", s.reason) for s in plan.skipped]
    return LabReport(
        plan.root, tuple(outcomes), dict(job.created), time.monotonic() - started
    )


async def check_server(client: AsyncIonworks) -> None:
    """Raise :class:`ServerUnavailable` unless the server answers the client.

    Raises
    ------
    ServerUnavailable
        When it cannot be reached, or refuses the credentials.
    """
    try:
        await client.cell_spec.list(limit=1)
    except (APIConnectionError, AuthenticationError, PermissionDeniedError) as error:
        raise ServerUnavailable(
            f"{client.api_url} cannot be used: {error.message}"
        ) from None


class _Job:
    """The state of one run: lookups done once, outcomes as they come."""

    def __init__(
        self,
        client: AsyncIonworks,
        options: CheckOptions,
        uploads: asyncio.Semaphore,
        reads: asyncio.Semaphore,
        replace_failed: bool,
        on_outcome: OnOutcome | None,
        keep_raw: bool = True,
    ) -> None:
        self.client = client
        self.options = options
        self.uploads = uploads
        self.reads = reads
        self.replace_failed = replace_failed
        self.on_outcome = on_outcome
        self.folder = Path(".")
        self.outcomes: dict[Path, FileOutcome] = {}
        self.created = {"specifications": 0, "cells": 0}
        self.specs = Once()
        self.found_specs = Once()
        self.keep_raw = keep_raw
        self.settler = Settler(client, replace_failed=replace_failed, keep_raw=keep_raw)

    def end(self, outcome: FileOutcome) -> None:
        self.outcomes[outcome.path] = outcome
        if self.on_outcome is not None:
            self.on_outcome(outcome)

    async def cell(self, cell: PlannedCell) -> None:
        try:
            spec = await self.found_specs.get(
                cell.spec.source, lambda: self._find_spec(cell.spec)
            )
            instance = None if spec is None else await self._find_cell(spec[0], cell)
            existing = {} if instance is None else await self._measurements(instance)
        except IonworksError as error:
            for planned in cell.files:
                self.end(failed(planned, cell, error))
            return
        checked = await asyncio.gather(
            *(self._read(planned, cell, existing) for planned in cell.files)
        )
        ready = [
            (planned, found)
            for planned, found in zip(cell.files, checked, strict=True)
            if found is not None
        ]
        if not ready:
            return
        try:
            if spec is None:
                spec = await self.specs.get(
                    cell.spec.source, lambda: self._make_spec(cell.spec)
                )
            if instance is None:
                instance = await self._make_cell(spec[0], cell)
        except IonworksError as error:
            for planned, found in ready:
                self._discard(found)
                self.end(failed(planned, cell, error))
            return
        target = Target(instance, spec[1])
        await asyncio.gather(
            *(
                self._upload(
                    planned, cell, target, existing.get(planned.measurement), c
                )
                for planned, c in ready
            )
        )

    async def _find_spec(self, spec: PlannedSpec) -> tuple[str, str | None] | None:
        found = await self.client.cell_spec.list(name_exact=spec.name)
        return (found[0].id, found[0].project_id) if found else None

    async def _make_spec(self, spec: PlannedSpec) -> tuple[str, str | None]:
        result = await self.client.cell_spec.create_many([spec.fields])
        result.raise_for_failures()
        self.created["specifications"] += result.created
        record = result.records[0]
        return record.id, record.project_id

    async def _find_cell(self, spec_id: str, cell: PlannedCell) -> str | None:
        found = await self.client.cell_instance.list(spec_id, name_exact=cell.name)
        return found[0].id if found else None

    async def _make_cell(self, spec_id: str, cell: PlannedCell) -> str:
        result = await self.client.cell_instance.create_many(spec_id, [cell.fields])
        result.raise_for_failures()
        self.created["cells"] += result.created
        return result.records[0].id

    async def _measurements(self, instance: str) -> dict[str, CellMeasurement]:
        found = await self.client.cell_measurement.list(instance)
        return {measurement.name: measurement for measurement in found}

    async def _read(
        self,
        planned: PlannedFile,
        cell: PlannedCell,
        existing: dict[str, CellMeasurement],
    ) -> ReadFile | None:
        """Read and check a file (None: it ended, unchanged or failed)."""
        known = existing.get(planned.measurement)
        async with self.reads:
            copy: Path | None = None
            try:
                if known is not None and self._unchanged(
                    known, await run_in_thread()(file_digest, planned.path)
                ):
                    self.end(
                        settled(planned, cell, "existing", known, kept_source(known))
                    )
                    return None
                copy = self._copy_path(planned.path)
                raw = await run_in_thread()(copy_with_digest, planned.path, copy)
                found, said = await run_in_thread()(self._checked, copy)
            except (
                CyclerFileError,
                MeasurementValidationError,
                OSError,
                ValueError,
                TypeError,
            ) as error:
                if copy is not None:
                    copy.unlink(missing_ok=True)
                self.end(failed(planned, cell, _named_as(error, planned.path)))
                return None
        return ReadFile(found, raw, copy, said)

    def _unchanged(self, known: CellMeasurement, digest: str) -> bool:
        """Whether a measurement was made from these bytes, and needs nothing."""
        source = kept_source(known)
        return (
            source.get("file_sha256") == digest
            and known.processing_status != "failed"
            and bool(source.get("raw_data_id") or not self.keep_raw)
        )

    def _copy_path(self, path: Path) -> Path:
        """Where a file is copied to be read: its own name, in a folder of its own."""
        return Path(tempfile.mkdtemp(dir=self.folder)) / path.name

    def _checked(self, path: Path) -> tuple[Prepared, tuple[str, ...]]:
        """Read, check and encode a file into the job's folder (in a thread).

        Returns the prepared upload and what its reading and checks warned of.
        """
        with listening() as heard:
            found = prepare(path, self.options, folder=self.folder, digest=True)
        said = [message.removeprefix(f"{path}: ") for message in heard]
        said += [f"[{issue.code}] {issue.message}" for issue in found.warnings]
        return found, tuple(dict.fromkeys(said))

    async def _upload(
        self,
        planned: PlannedFile,
        cell: PlannedCell,
        target: Target,
        known: CellMeasurement | None,
        checked: ReadFile,
    ) -> None:
        async with self.uploads:
            try:
                outcome = await self.settler.settle(
                    planned, cell, target, known, checked
                )
                if outcome.status != "failed" and checked.warnings:
                    outcome = attrs.evolve(outcome, warnings=checked.warnings)
                self.end(outcome)
            except IonworksError as error:
                self.end(failed(planned, cell, error))
            finally:
                self._discard(checked)

    @staticmethod
    def _discard(checked: ReadFile) -> None:
        checked.discard()


def _named_as(error: Exception, path: Path) -> Exception:
    """Return the error of reading a file's copy, naming the file itself."""
    if isinstance(error, CyclerFileError) and error.path != path:
        reason = str(error).removeprefix(f"{error.path}: ")
        return type(error)(path, reason)
    return error


async def ingest_folder(
    client: AsyncIonworks,
    folder: Path,
    *,
    cell_pattern: str | None = None,
    concurrency: int | None = None,
    strict: bool = False,
    skip_checks: Iterable[str] | None = None,
    replace_failed: bool = False,
    on_outcome: OnOutcome | None = None,
    keep_raw: bool = True,
    spec_name: str | None = None,
) -> LabReport:
    """Ingest a lab folder: each file ingested, existing, extended, failed, skipped.

    Parameters
    ----------
    client : AsyncIonworks
        The client to use.
    folder : Path
        The folder, laid out as :mod:`ionworks_async.ingest.plan` describes.
    cell_pattern : str, optional
        A regular expression naming the cells of files in no cell folder.
    concurrency : int, optional
        Files uploading at once (default: the client's ``max_concurrency``).
    strict : bool, optional
        Run the strict data checks on every file (``validate_strict``).
    skip_checks : iterable of str, optional
        Strict checks to skip, by name.
    replace_failed : bool, optional
        Replace a measurement whose server processing failed.
    on_outcome : callable, optional
        Called with each file's :class:`~.outcome.FileOutcome` as it ends.
    keep_raw : bool, optional
        Keep each original file as raw data linked to its measurement.
    spec_name : str, optional
        The specification of files no ``spec.json`` governs (default: the
        folder's name, when it holds no ``spec.json`` at all).

    Returns
    -------
    LabReport
        Each file of the folder with its end.

    Raises
    ------
    ValueError
        When the folder cannot be planned (no such folder, a bad
        ``spec.json`` or ``cell_pattern``) or an option is wrong.
    ServerUnavailable
        When the server cannot be reached or refuses the credentials.
    """
    options = check_options(strict, None, None, skip_checks)
    plan = plan_folder(Path(folder), cell_pattern, spec_name)
    return await ingest_plan(
        client,
        plan,
        options=options,
        concurrency=concurrency,
        replace_failed=replace_failed,
        on_outcome=on_outcome,
        keep_raw=keep_raw,
    )
