"""What a read and checked file of a lab folder becomes, once its cell exists.

Each file ends as one of: **ingested** (a new measurement), **existing**
(the same rows as the measurement it made), **extended** (its stored rows
are the first rows of the file: the new ones are appended), or **failed**
with the reason and the fix. The original file is kept as raw data and
linked to its measurement, once (found again by its SHA-256).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import (
    APIConnectionError,
    IonworksError,
    MeasurementProcessingError,
)
from ..pipeline import Prepared, rows_digest
from ..read import CyclerFileError
from ..validation import MeasurementValidationError
from .plan import PlannedCell, PlannedFile
from .report import FileOutcome

if TYPE_CHECKING:
    from .._client import AsyncIonworks
    from ..models import CellMeasurement

__all__ = [
    "SOURCE_KEY",
    "Once",
    "ReadFile",
    "Settler",
    "Target",
    "failed",
    "kept_source",
    "settled",
]

SOURCE_KEY = "source_file"
"""The key of a measurement's ``properties`` that says which file made it."""


class Once:
    """Each key's record, found or made once however many cells ask at once."""

    def __init__(self) -> None:
        self._tasks: dict[Any, asyncio.Task[Any]] = {}

    async def get(self, key: Any, make: Callable[[], Awaitable[Any]]) -> Any:
        """Return the key's record, made by ``make`` once (again if it failed)."""
        task = self._tasks.get(key)
        if task is None or (task.done() and task.exception() is not None):
            task = self._tasks[key] = asyncio.ensure_future(make())
        return await asyncio.shield(task)


class Settler:
    """Settles each checked file of a run against what the server holds.

    Parameters
    ----------
    client : AsyncIonworks
        The client.
    replace_failed : bool
        Delete a measurement whose server processing failed and upload anew.
    keep_raw : bool
        Keep each original file as raw data linked to its measurement.
    """

    def __init__(
        self, client: AsyncIonworks, *, replace_failed: bool, keep_raw: bool
    ) -> None:
        self.client = client
        self.replace_failed = replace_failed
        self.keep_raw = keep_raw
        self.raw_index = Once()

    async def settle(
        self,
        planned: PlannedFile,
        cell: PlannedCell,
        target: Target,
        known: CellMeasurement | None,
        checked: ReadFile,
    ) -> FileOutcome:
        """Return how the file ended (a failure the API raises is raised)."""
        found: Prepared = checked.checked
        assert isinstance(found.time_series, Path) and found.digest is not None
        source: dict[str, Any] = {
            "file": planned.path.name,
            "file_sha256": checked.sha256,
            "rows": found.rows,
            "rows_sha256": found.digest,
        }
        instance = target.instance
        measurements = self.client.cell_measurement

        async def keep_original() -> str | None:
            raw_id = await self._original(planned, checked.sha256, target.project_id)
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
            fields = {**found.file_fields, **planned.fields}
            fields["properties"] = {
                **(fields.get("properties") or {}),
                SOURCE_KEY: source,
            }
            result = await measurements.create_many(
                instance,
                [{"measurement": fields, "time_series": found.time_series}],
                concurrency=1,
                validate=False,  # checked as it was read
                replace_failed=self.replace_failed,
            )
            if result.failed:
                raise result.failed[0].error
            success = result.succeeded[0]
            await self._link(success.record.id, raw_id)
            status = "ingested" if success.created else "existing"
            return settled(planned, cell, status, success.record, source)
        stored = kept_source(known)
        if not stored.get("rows_sha256"):
            await self._link(known.id, await keep_original())
            await self._remember(known, source)
            return settled(
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
            return settled(planned, cell, "existing", known, source)
        rows = int(stored.get("rows") or 0)
        grown = 0 < rows < found.rows and (
            await asyncio.to_thread(rows_digest, found.time_series, rows)
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
        delta = await asyncio.to_thread(rows_after, found.time_series, rows)
        await measurements.extend(known.id, delta)
        await self._link(known.id, await keep_original())  # beside the first
        await self._remember(known, source)
        return settled(planned, cell, "extended", known, source)

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
        if kept_source(known) != source:
            properties = {**(known.properties or {}), SOURCE_KEY: source}
            await self.client.cell_measurement.update(
                known.id, {"properties": properties}
            )


@attrs.frozen
class Target:
    """Where a cell's files go: its instance, and its specification's project."""

    instance: str
    project_id: str | None


@attrs.frozen
class ReadFile:
    """A checked file and the digest of its bytes."""

    checked: Prepared
    sha256: str


def kept_source(known: CellMeasurement | None) -> dict[str, Any]:
    """Return what a measurement keeps of the file it was made from."""
    if known is None:
        return {}
    found = (known.properties or {}).get(SOURCE_KEY)
    return found if isinstance(found, dict) else {}


def rows_after(parquet: Path, rows: int) -> Any:
    """Return the rows of a parquet file after its first ``rows``."""
    from ..tables.table import pyarrow_module

    # ParquetFile, not read_table: that one imports pandas (once a process)
    with pyarrow_module().parquet.ParquetFile(parquet) as stored:
        return stored.read().slice(rows)


def settled(
    planned: PlannedFile,
    cell: PlannedCell,
    status: Any,
    record: Any,
    source: dict[str, Any],
    reason: str | None = None,
) -> FileOutcome:
    """Return the outcome of a file that ended with a record."""
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


def failed(planned: PlannedFile, cell: PlannedCell, error: Exception) -> FileOutcome:
    """Return the outcome of a file that failed, with the reason and the fix."""
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
