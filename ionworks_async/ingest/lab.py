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
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import (
    APIConnectionError,
    AuthenticationError,
    IonworksError,
    MeasurementProcessingError,
    PermissionDeniedError,
)
from ..read._errors import CyclerFileError
from ..validation import MeasurementValidationError
from ..validation._options import CheckOptions
from ._checked import Checked, check_file, file_digest, rows_digest
from .outcome import FileOutcome, LabReport
from .plan import Plan, PlannedCell, PlannedFile, PlannedSpec

if TYPE_CHECKING:
    from .._client import AsyncIonworks
    from ..models import CellMeasurement

__all__ = ["SOURCE_KEY", "ServerUnavailable", "check_server", "ingest_plan"]

SOURCE_KEY = "source_file"
"""The key of a measurement's ``properties`` that says which file made it."""

OnOutcome = Callable[[FileOutcome], None]


class ServerUnavailable(IonworksError):
    """The server could not be reached, or refused the credentials: nothing ran."""


class _Once:
    """Each key's record, found or made once however many cells ask at once."""

    def __init__(self) -> None:
        self._tasks: dict[Any, asyncio.Task[Any]] = {}

    async def get(self, key: Any, make: Callable[[], Awaitable[Any]]) -> Any:
        task = self._tasks.get(key)
        if task is None or (task.done() and task.exception() is not None):
            task = self._tasks[key] = asyncio.ensure_future(make())
        return await asyncio.shield(task)


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
    for refused in plan.refused:
        job.end(FileOutcome(refused.path, "failed", refused.reason, refused.fix))
    with tempfile.TemporaryDirectory(prefix="ionworks-ingest-") as folder:
        job.folder = Path(folder)
        cells = asyncio.Semaphore(max(1, (concurrency or client.max_concurrency) // 4))

        async def bounded(cell: PlannedCell) -> None:
            async with cells:
                await job.cell(cell)

        await asyncio.gather(*(bounded(cell) for cell in plan.cells))
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
        self.specs = _Once()
        self.found_specs = _Once()
        self.keep_raw = keep_raw
        self.raw_index = _Once()

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
                self.end(_failed(planned, cell, error))
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
                self.end(_failed(planned, cell, error))
            return
        target = _Target(instance, spec[1])
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
    ) -> _WithRaw | None:
        """Read and check a file (None: it ended, unchanged or failed)."""
        known = existing.get(planned.measurement)
        async with self.reads:
            try:
                raw = await asyncio.to_thread(file_digest, planned.path)
                source = _source(known)
                if (
                    known is not None
                    and source.get("file_sha256") == raw
                    and known.processing_status != "failed"
                    and (source.get("raw_data_id") or not self.keep_raw)
                ):
                    self.end(_done(planned, cell, "existing", known, source))
                    return None
                found = await asyncio.to_thread(
                    check_file, planned.path, self.folder, self.options
                )
            except (
                CyclerFileError,
                MeasurementValidationError,
                OSError,
                ValueError,
                TypeError,
            ) as error:
                self.end(_failed(planned, cell, error))
                return None
        return _WithRaw(found, raw)

    async def _upload(
        self,
        planned: PlannedFile,
        cell: PlannedCell,
        target: _Target,
        known: CellMeasurement | None,
        checked: _WithRaw,
    ) -> None:
        async with self.uploads:
            try:
                self.end(await self._settle(planned, cell, target, known, checked))
            except IonworksError as error:
                self.end(_failed(planned, cell, error))
            finally:
                self._discard(checked)

    async def _settle(
        self,
        planned: PlannedFile,
        cell: PlannedCell,
        target: _Target,
        known: CellMeasurement | None,
        checked: _WithRaw,
    ) -> FileOutcome:
        found: Checked = checked.checked
        source: dict[str, Any] = {
            "file": planned.path.name,
            "file_sha256": checked.raw,
            "rows": found.rows,
            "rows_sha256": found.digest,
        }
        instance = target.instance
        measurements = self.client.cell_measurement

        async def keep_original() -> str | None:
            raw_id = await self._original(planned, checked.raw, target.project_id)
            if raw_id is not None:
                source["raw_data_id"] = raw_id
            return raw_id

        if known is not None and known.processing_status == "failed":
            if not self.replace_failed:
                return FileOutcome(
                    planned.path,
                    "failed",
                    f"measurement {known.id} made from it failed processing on "
                    "the server",
                    "run again with --replace-failed to delete it and upload "
                    "this file anew",
                    cell.name,
                    planned.measurement,
                    known.id,
                    found.rows,
                )
            await measurements.delete(known.id)
            known = None
        if known is None:
            raw_id = await keep_original()
            fields = {**found.fields, **planned.fields}
            fields["properties"] = {
                **(fields.get("properties") or {}),
                SOURCE_KEY: source,
            }
            result = await measurements.create_many(
                instance,
                [{"measurement": fields, "time_series": found.parquet}],
                concurrency=1,
                validate=False,  # checked as it was read
                replace_failed=self.replace_failed,
            )
            if result.failed:
                raise result.failed[0].error
            success = result.succeeded[0]
            await self._link(success.record.id, raw_id)
            status = "ingested" if success.created else "existing"
            return _done(planned, cell, status, success.record, source)
        stored = _source(known)
        if not stored.get("rows_sha256"):
            await self._link(known.id, await keep_original())
            await self._remember(known, source)
            return _done(
                planned,
                cell,
                "existing",
                known,
                source,
                reason="made without a digest of its rows: not compared",
            )
        if stored["rows_sha256"] == found.digest:
            await self._link(known.id, await keep_original())
            await self._remember(known, source)  # the same rows, other bytes
            return _done(planned, cell, "existing", known, source)
        rows = int(stored.get("rows") or 0)
        grown = 0 < rows < found.rows and (
            await asyncio.to_thread(rows_digest, found.parquet, rows)
            == stored["rows_sha256"]
        )
        if not grown:
            return FileOutcome(
                planned.path,
                "failed",
                f"it changed since measurement {known.id} was made from it "
                f"({rows} rows then, {found.rows} now, and the stored rows are "
                "not the first rows of the file)",
                f"delete measurement {known.id} "
                f"(client.cell_measurement.delete({known.id!r})) and run again "
                "to upload the file anew, or rename the file to keep both",
                cell.name,
                planned.measurement,
                known.id,
                found.rows,
            )
        delta = await asyncio.to_thread(_rows_after, found.parquet, rows)
        await measurements.extend(known.id, delta)
        await self._link(known.id, await keep_original())  # beside the first
        await self._remember(known, source)
        return _done(planned, cell, "extended", known, source)

    async def _original(
        self, planned: PlannedFile, digest: str, project_id: str | None
    ) -> str | None:
        """Keep the file as raw data (once: found again by its SHA-256)."""
        if not self.keep_raw or project_id is None:
            return None
        kept = await self.raw_index.get(project_id, lambda: self._raw_of(project_id))
        if digest in kept:
            return str(kept[digest])
        record = await self.client.raw_data.upload(
            project_id,
            planned.path,
            source=f"{planned.reader} file, kept by ionworks ingest",
            metadata={"sha256": digest, "reader": planned.reader},
        )
        kept[digest] = record.id
        return record.id

    async def _raw_of(self, project_id: str) -> dict[str, str]:
        """Return the project's raw data by SHA-256 (one walk of its list a run)."""
        found: dict[str, str] = {}
        async for record in self.client.raw_data.iter_all(project_id):
            digest = (record.metadata or {}).get("sha256")
            if isinstance(digest, str):
                found.setdefault(digest, record.id)
        return found

    async def _link(self, measurement_id: str, raw_id: str | None) -> None:
        if raw_id is not None:
            await self.client.cell_measurement.attach_raw_data(measurement_id, [raw_id])

    async def _remember(self, known: CellMeasurement, source: dict[str, Any]) -> None:
        if _source(known) != source:
            properties = {**(known.properties or {}), SOURCE_KEY: source}
            await self.client.cell_measurement.update(
                known.id, {"properties": properties}
            )

    @staticmethod
    def _discard(checked: _WithRaw) -> None:
        checked.checked.parquet.unlink(missing_ok=True)


@attrs.frozen
class _Target:
    """Where a cell's files go: its instance, and its specification's project."""

    instance: str
    project_id: str | None


@attrs.frozen
class _WithRaw:
    """A checked file and the digest of its bytes."""

    checked: Checked
    raw: str


def _source(known: CellMeasurement | None) -> dict[str, Any]:
    if known is None:
        return {}
    found = (known.properties or {}).get(SOURCE_KEY)
    return found if isinstance(found, dict) else {}


def _rows_after(parquet: Path, rows: int) -> Any:
    from ..tables.table import _pyarrow

    # ParquetFile, not read_table: that one imports pandas (140 ms, once)
    with _pyarrow().parquet.ParquetFile(parquet) as stored:
        return stored.read().slice(rows)


def _done(
    planned: PlannedFile,
    cell: PlannedCell,
    status: Any,
    record: Any,
    source: dict[str, Any],
    reason: str | None = None,
) -> FileOutcome:
    return FileOutcome(
        planned.path,
        status,
        reason,
        None,
        cell.name,
        planned.measurement,
        record.id,
        source.get("rows"),
    )


def _failed(planned: PlannedFile, cell: PlannedCell, error: Exception) -> FileOutcome:
    text = error.message if isinstance(error, IonworksError) else str(error)
    message = text.removeprefix(f"{planned.path}: ")
    if isinstance(error, MeasurementValidationError) and error.errors:
        message = "; ".join(
            f"[{issue.code}] {issue.message}{_where(planned, issue.payload)}"
            for issue in error.errors
        )
    if isinstance(error, MeasurementProcessingError):
        fix = (
            "the server's processing refused it: fix the file, then run again "
            "with --replace-failed to replace the failed measurement"
        )
    elif isinstance(error, MeasurementValidationError):
        fix = (
            "fix the data (ionworks inspect FILE shows how it reads), or skip "
            "the strict check named with --skip-check NAME"
        )
    elif isinstance(error, CyclerFileError):
        fix = (
            "check that it is a whole export of its cycler (ionworks inspect "
            "FILE shows how it reads)"
        )
    elif isinstance(error, OSError):
        fix = "make the file readable"
    elif isinstance(error, APIConnectionError):
        fix = "the server could not be reached: run the same command again"
    else:
        fix = "run the same command again; if it fails again, see the message"
    return FileOutcome(
        planned.path, "failed", message, fix, cell.name, planned.measurement
    )


def _where(planned: PlannedFile, payload: dict[str, Any]) -> str:
    """Where in the file an issue's row is, counted from 1 (as editors count)."""
    row = payload.get("row")
    if type(row) is not int:
        return ""
    if planned.reader == "csv" and planned.path.suffix.lower() == ".csv":
        return f" (line {row + 2} of the file)"  # the API's columns: a header line
    return f" (data row {row + 1})"
