"""Ingesting a folder of cycler exports: the job behind ``ionworks ingest``.

The layout::

    <folder>/
        spec.json                       the cell specification ("name" required)
        <cell name>/                    one folder a cell instance
            cell.json                   optional: the instance's other fields
            <measurement name>.csv      one file a time-series measurement
            <measurement name>.parquet  (CSV or parquet, the contract's columns)
            <measurement name>.json     optional: that measurement's metadata

Re-running the job is safe: every create is a create-or-get by name, so what
exists is reused and only what is missing is created.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ..models import CellInstance, CellMeasurement, CellSpecification
from ..validation import MeasurementValidationError, ValidationIssue
from ..validation._options import check_options
from ._runner import BatchResult, Progress, run_batch

if TYPE_CHECKING:
    from .._client import AsyncIonworks

__all__ = ["FolderReport", "ingest_folder", "read_layout"]

DATA_SUFFIXES = (".csv", ".parquet")


@attrs.frozen
class Layout:
    """What a folder holds: the spec, and each cell's measurements."""

    spec: dict[str, Any]
    cells: list[tuple[dict[str, Any], list[dict[str, Any]]]]
    """(instance fields, measurement items) of each cell folder."""


def _read_object(path: Path) -> dict[str, Any]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: not a readable JSON file ({error})") from None
    if not isinstance(value, dict):
        raise ValueError(f"{path}: expected a JSON object")
    return value


def read_layout(folder: Path) -> Layout:
    """Read a folder's layout without reading any data file.

    Raises
    ------
    ValueError
        When ``spec.json`` is missing or invalid, or the folder does not exist.
    """
    if not folder.is_dir():
        raise ValueError(f"{folder}: no such folder")
    spec = _read_object(folder / "spec.json")
    if not isinstance(spec.get("name"), str) or not spec["name"].strip():
        raise ValueError(f'{folder / "spec.json"}: needs a non-empty "name"')
    cells = []
    for cell_folder in sorted(path for path in folder.iterdir() if path.is_dir()):
        if cell_folder.name.startswith("."):
            continue
        cell_file = cell_folder / "cell.json"
        cell = {
            **(_read_object(cell_file) if cell_file.exists() else {}),
            "name": cell_folder.name,
        }
        items = []
        for data in sorted(cell_folder.iterdir()):
            if data.suffix.lower() not in DATA_SUFFIXES:
                continue
            metadata_file = data.with_suffix(".json")
            metadata = _read_object(metadata_file) if metadata_file.exists() else {}
            items.append(
                {"measurement": {**metadata, "name": data.stem}, "time_series": data}
            )
        cells.append((cell, items))
    return Layout(spec=spec, cells=cells)


@attrs.frozen
class FolderReport:
    """What ``ingest_folder`` did.

    Attributes
    ----------
    spec : CellSpecification
        The specification (created or existing).
    instances : BatchResult[CellInstance]
        One item a cell folder.
    measurements : BatchResult[CellMeasurement]
        One item a data file, named ``<cell>/<measurement>``.
    files : dict of str to Path
        The data file of each measurement item, by item name.
    """

    spec: CellSpecification
    instances: BatchResult[CellInstance]
    measurements: BatchResult[CellMeasurement]
    files: dict[str, Path] = attrs.field(factory=dict)

    @property
    def ok(self) -> bool:
        """Whether everything was ingested."""
        return self.instances.ok and self.measurements.ok

    def issues(self) -> dict[str, list[ValidationIssue]]:
        """Return the validation issues of each file that failed its checks."""
        return {
            failure.name or f"#{failure.index}": failure.error.errors
            for failure in self.measurements.failed
            if isinstance(failure.error, MeasurementValidationError)
        }

    def __str__(self) -> str:
        text = (
            f"specification {self.spec.name!r} ({self.spec.id})\n"
            f"instances:    {self.instances}\n"
            f"measurements: {self.measurements}"
        )
        issues = self.issues()
        if issues:
            text += "\nfiles that failed validation (fix them and run again):"
        for name, found in issues.items():
            path = self.files.get(name)
            text += f"\n  {path or name}:"
            for issue in found:
                row = issue.payload.get("row")
                where = f" at row {row}" if row is not None else ""
                text += f"\n    {issue.code}{where}"
        return text


async def ingest_folder(
    client: AsyncIonworks,
    folder: Path,
    *,
    concurrency: int | None = None,
    progress: Progress = False,
    strict: bool = False,
    skip_checks: Iterable[str] | None = None,
) -> FolderReport:
    """Push a folder's specification, instances and measurements.

    Parameters
    ----------
    client : AsyncIonworks
        The client to use.
    folder : Path
        A folder in the layout of this module's docstring.
    concurrency : int, optional
        Items in flight at once (default: the client's ``max_concurrency``).
    progress : bool or callable, optional
        As for ``create_many``.
    strict : bool, optional
        Run the strict data checks on every file (``validate_strict``).
    skip_checks : iterable of str, optional
        Strict checks to skip, by name.

    Returns
    -------
    FolderReport
        The specification and a batch result for instances and measurements.
    """
    checks = check_options(strict, None, None, skip_checks)
    layout = read_layout(folder)
    specs = await client.cell_spec.create_many([layout.spec])
    specs.raise_for_failures()
    spec = specs.records[0]
    instances = await client.cell_instance.create_many(
        spec.id, [cell for cell, _ in layout.cells], concurrency=concurrency
    )
    instance_ids = {
        success.record.name: success.record.id for success in instances.succeeded
    }

    # Entries hold file paths, not data (read at upload): a list is cheap,
    # and its length is the progress total.
    entries: list[dict[str, Any]] = [
        {
            "name": f"{cell['name']}/{item['measurement']['name']}",
            "cell_instance_id": instance_ids[cell["name"]],
            "item": item,
        }
        for cell, items in layout.cells
        if cell["name"] in instance_ids
        for item in items
    ]

    async def upload(entry: dict[str, Any]) -> tuple[CellMeasurement, bool]:
        # A one-item batch: the same create-or-get, retries and error
        # handling as cell_measurement.create_many, for items of many cells.
        one = await client.cell_measurement.create_many(
            entry["cell_instance_id"],
            [entry["item"]],
            concurrency=1,
            validate_strict=checks.strict,
            skip_checks=checks.skip_checks,
        )
        if one.failed:
            raise one.failed[0].error
        success = one.succeeded[0]
        return success.record, success.created

    measurements = await run_batch(
        entries,
        upload,
        concurrency=client.max_concurrency if concurrency is None else concurrency,
        progress=progress,
        # x.csv and x.parquet would both be measurement "x": the second fails.
        key=lambda entry: entry["name"],
    )
    files = {entry["name"]: entry["item"]["time_series"] for entry in entries}
    return FolderReport(spec, instances, measurements, files)
