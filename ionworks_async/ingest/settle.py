"""What a read and checked file of a lab folder becomes, once its cell exists.

Each file ends as one of: **ingested** (a new measurement), **existing**
(the same rows as the measurement it made), **extended** (its stored rows
are the first rows of the file: the new ones are appended), or **failed**
with the reason and the fix. The original file is kept as raw data and
linked to its measurement, once (found again by its SHA-256).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .._runtime.threads import run_in_thread
from ..errors import IonworksError, MeasurementProcessingError
from ..models._base import moment
from ..pipeline import Prepared, rows_digest
from ..resources._routes import every_page
from .lab_links import LabIndex, LabLinkError
from .outcomes import settled
from .plan import PlannedCell, PlannedFile
from .report import FileOutcome

if TYPE_CHECKING:
    from .._client import AsyncIonworks
    from ..models import CellMeasurement, RawData

__all__ = [
    "SOURCE_KEY",
    "Once",
    "ReadFile",
    "Settler",
    "Shared",
    "Target",
    "kept_source",
    "raw_index_of",
]

logger = logging.getLogger("ionworks")

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

    def seed(self, key: Any, value: Any) -> None:
        """Hold ``value`` as the key's record, made elsewhere."""
        done = asyncio.get_running_loop().create_future()
        done.set_result(value)
        self._tasks[key] = done  # type: ignore[assignment]


@attrs.define
class Shared:
    """What the parts of one run share (the tasks of a Dask run).

    The project's raw data by SHA-256 is read once, where the run starts,
    and given to every part; each part tells what it kept, and the twins
    are merged once, at the end (``merge=False`` in the parts).
    """

    raw_index: dict[str, dict[str, str]] = attrs.Factory(dict)
    merge: bool = True
    made: dict[str, tuple[str, str]] = attrs.Factory(dict)
    links: dict[str, list[tuple[Any, dict[str, Any]]]] = attrs.Factory(dict)


async def raw_index_of(client: AsyncIonworks, project_id: str) -> dict[str, str]:
    """Return a project's raw data by SHA-256: one walk of its list.

    The walk goes on when the list grows meanwhile (another worker, another
    run, keeping files): a record is counted once, and one the walk missed
    is at worst kept twice, which :meth:`Settler.merge_twins` undoes.
    """
    found: dict[str, str] = {}
    for record in await _every_raw(client, project_id):
        digest = (record.metadata or {}).get("sha256")
        if isinstance(digest, str):
            found.setdefault(digest, record.id)
    return found


async def _every_raw(client: AsyncIonworks, project_id: str) -> list[RawData]:
    """Every raw record of a project, page after page, however the list changes."""
    records = await every_page(
        lambda limit, offset: client.raw_data.list(project_id, limit, offset)
    )
    return list({record.id: record for record in records}.values())


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
        self.lab = LabIndex(client)
        self.made: dict[str, tuple[str, str]] = {}
        """The originals this run kept: their project and SHA-256, by id."""
        self.links: dict[str, list[tuple[CellMeasurement, dict[str, Any]]]] = {}
        """The measurements linked to each of them, with what they note."""

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
            raw_id = await self._original(planned, checked, target.project_id)
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
            # The measurement notes its raw data once linked, not before: a
            # run killed between its create and the link is linked on re-run.
            unlinked = dict(source)
            try:
                fields = await self.lab.link({**found.file_fields, **planned.fields})
            except LabLinkError as unlinkable:
                return FileOutcome(
                    planned.path,
                    "failed",
                    str(unlinkable),
                    "register the cycler and channel, or fix the sidecar",
                    cell.name,
                    planned.measurement,
                    None,
                    found.rows,
                )
            raw_id = await keep_original()
            fields["properties"] = {
                **(fields.get("properties") or {}),
                SOURCE_KEY: unlinked,
            }
            result = await measurements.create_many(
                instance,
                [{"measurement": fields, "time_series": found.time_series}],
                concurrency=1,
                validate=False,  # checked as it was read
                replace_failed=self.replace_failed,
            )
            if result.failed:
                error = result.failed[0].error
                if isinstance(error, MeasurementProcessingError) and await self._drop(
                    error, source, raw_id
                ):
                    return FileOutcome(
                        planned.path,
                        "failed",
                        error.message,
                        "the server's processing refused it, and nothing of it was "
                        "kept: fix the file, then run again",
                        cell.name,
                        planned.measurement,
                        None,
                        found.rows,
                    )
                raise error
            success = result.succeeded[0]
            await self._linked(success.record, raw_id, source)
            status = "ingested" if success.created else "existing"
            return settled(planned, cell, status, success.record, source)
        stored = kept_source(known)
        if not stored.get("rows_sha256"):
            await self._linked(known, await keep_original(), source)
            return settled(
                planned,
                cell,
                "existing",
                known,
                source,
                reason="made without a digest of its rows: not compared",
            )
        if stored["rows_sha256"] == found.digest:  # the same rows, maybe other bytes
            await self._linked(known, await keep_original(), source)
            return settled(planned, cell, "existing", known, source)
        rows = int(stored.get("rows") or 0)
        grown = 0 < rows < found.rows and (
            await run_in_thread()(rows_digest, found.time_series, rows)
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
        delta = await run_in_thread()(rows_after, found.time_series, rows)
        await measurements.extend(known.id, delta)
        await self._linked(known, await keep_original(), source)
        earlier = stored.get("raw_data_id")
        if isinstance(earlier, str) and earlier != source.get("raw_data_id"):
            # The measurement's original is the grown file now; the earlier
            # copy stays in the project (found again by its digest), unlinked.
            await measurements.detach_raw_data(known.id, earlier)
        return settled(planned, cell, "extended", known, source)

    async def _original(
        self, planned: PlannedFile, checked: ReadFile, project_id: str | None
    ) -> str | None:
        """Keep the file as read as raw data (once: found again by its SHA-256)."""
        if not self.keep_raw or project_id is None:
            return None
        digest = checked.sha256
        kept = await self.raw_index.get(project_id, lambda: self._raw_of(project_id))
        if digest in kept:
            return str(kept[digest])
        record = await self.client.raw_data.upload(
            project_id,
            checked.copy,
            source=f"{planned.reader} file, kept by ionworks ingest",
            metadata={"sha256": digest, "reader": planned.reader},
        )
        kept[digest] = record.id
        self.made[record.id] = (project_id, digest)
        return record.id

    async def _raw_of(self, project_id: str) -> dict[str, str]:
        """Return the project's raw data by SHA-256 (one walk of its list a run)."""
        return await raw_index_of(self.client, project_id)

    async def _drop(
        self, error: MeasurementProcessingError, source: dict[str, Any], raw: str | None
    ) -> bool:
        """Delete what a refused upload left: its failed measurement, its original.

        Only a measurement made from exactly these bytes is deleted (its
        processing failed: it holds nothing), never another; an original
        only if this run kept it. Returns whether anything was left to drop.
        """
        measurements = self.client.cell_measurement
        dropped = False
        for measurement_id, reason in error.failures.items():
            if reason.startswith("timed out"):
                continue  # still processing: it may yet be ready
            try:
                made = await measurements.get(measurement_id)
            except IonworksError:
                continue
            noted = kept_source(made)
            if made.processing_status == "failed" and all(
                noted.get(key) == source[key] for key in ("file_sha256", "rows_sha256")
            ):
                await measurements.delete(made.id)
                dropped = True
        if dropped and raw is not None and raw in self.made:
            project_id, digest = self.made.pop(raw)
            await self.client.raw_data.delete(raw)
            kept = await self.raw_index.get(
                project_id, lambda: self._raw_of(project_id)
            )
            kept.pop(digest, None)
        return dropped

    async def _linked(
        self, record: CellMeasurement, raw_id: str | None, source: dict[str, Any]
    ) -> None:
        """Link a measurement to its original, then note that it is linked."""
        if raw_id is not None:
            await self.client.cell_measurement.attach_raw_data(record.id, [raw_id])
            if raw_id in self.made:
                self.links.setdefault(raw_id, []).append((record, source))
        await self._remember(record, source)

    async def merge_twins(self) -> None:
        """Keep one original of a file that another run kept at the same time.

        Two runs of one folder at once each find no original of a file and
        each keep one. After its uploads, a run looks again: of the originals
        of one file, the first made stays (every run agrees which: the
        earliest ``created_at``, then the smallest id); this run's later one
        is deleted, and the measurements it linked to it are linked to the
        one that stays. A failure here loses nothing: a twin is left.
        """
        mine: dict[str, dict[str, str]] = {}
        for raw_id, (project_id, digest) in self.made.items():
            mine.setdefault(project_id, {})[digest] = raw_id
        for project_id, digests in mine.items():
            try:
                await self._merge(project_id, digests)
            except IonworksError as error:
                logger.warning("Could not merge twin originals: %s", error)

    async def _merge(self, project_id: str, digests: dict[str, str]) -> None:
        twins: dict[str, list[RawData]] = {}
        for record in await _every_raw(self.client, project_id):
            digest = (record.metadata or {}).get("sha256")
            if isinstance(digest, str) and digest in digests:
                twins.setdefault(digest, []).append(record)
        for digest, records in twins.items():
            first = min(records, key=_made_order)
            ours = digests[digest]
            if first.id == ours:
                continue
            measurements = self.client.cell_measurement
            for linked, source in self.links.get(ours, []):
                await measurements.attach_raw_data(linked.id, [first.id])
                noted = {**source, "raw_data_id": first.id}
                properties = {**(linked.properties or {}), SOURCE_KEY: noted}
                await measurements.update(linked.id, {"properties": properties})
            await self.client.raw_data.delete(ours)

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
    """A checked file, the copy of it that was read, and that copy's digest.

    The copy is the file as read: its rows were checked from it, and it is
    what is kept as the original (never the file as it is later).
    """

    checked: Prepared
    sha256: str
    copy: Path
    warnings: tuple[str, ...] = ()
    """What its reading and checks warned of, without the copy's name."""

    def discard(self) -> None:
        """Delete the encoded series and the copy."""
        self.checked.discard()
        self.copy.unlink(missing_ok=True)


def _made_order(record: RawData) -> tuple[bool, float, str]:
    """Sort originals as they were made: the first made first."""
    made = moment(record.created_at)
    return made is None, 0.0 if made is None else made.timestamp(), record.id


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
