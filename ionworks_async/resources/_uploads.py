"""The mechanics of a time-series upload: initiate, encode, PUT, confirm, wait.

A create-or-get learns whether the measurement exists *before* reading its
data: initiate-upload answers 409 for a taken name, so a resumed job costs one
request for each measurement that is already there, and reads no file. A
plain create reads (and checks) the data first, so that bad data fails before
any request. An existing measurement whose processing ``failed`` is a failure
of the item (with its ``processing_error``), unless the caller asked to
replace it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .._query import segment
from .._tasks import gather_or_cancel
from .._threads import run_in_thread
from ..errors import ResponseValidationError
from ..models import CellMeasurement
from ..tables import TableSource, as_table

if TYPE_CHECKING:
    from .cell_measurement import AsyncCellMeasurementClient

__all__ = ["TimeSeriesUpload", "parquet_bytes", "upload_urls"]


def parquet_bytes(source: TableSource) -> bytes:
    """Encode any supported data source as zstd parquet (CPU work: in a thread)."""
    return as_table(source).to_parquet()


def upload_urls(payload: Any, path: str) -> tuple[str, dict[str, str]]:
    """Read ``{"measurement_id", "uploads": [{"filename", "signed_url"}]}``."""
    uploads = payload.get("uploads") if isinstance(payload, Mapping) else None
    measurement_id = (
        payload.get("measurement_id") if isinstance(payload, Mapping) else None
    )
    urls: dict[str, str] = {}
    for upload in uploads if isinstance(uploads, list) else []:
        if isinstance(upload, Mapping):
            filename, url = upload.get("filename"), upload.get("signed_url")
            if isinstance(filename, str) and isinstance(url, str):
                urls[filename.rsplit("/", 1)[-1]] = url
    if not isinstance(measurement_id, str) or "time_series.parquet" not in urls:
        raise ResponseValidationError(
            f"The Ionworks API answered POST {path} without a measurement_id and "
            "a signed URL for time_series.parquet.",
            method="POST",
            path=path,
        )
    return measurement_id, urls


@attrs.frozen
class TimeSeriesUpload:
    """One time-series measurement to upload.

    Attributes
    ----------
    cell_instance_id : str
        The instance it belongs to.
    metadata : dict
        The measurement's fields (``name`` required).
    time_series, steps : TableSource
        The data (``steps`` optional).
    """

    cell_instance_id: str
    metadata: dict[str, Any]
    time_series: TableSource
    steps: TableSource | None = None

    async def encode(self) -> tuple[bytes, bytes | None]:
        """Read and encode the data as parquet, in a worker thread."""
        time_series = await run_in_thread()(parquet_bytes, self.time_series)
        steps = None
        if self.steps is not None:
            steps = await run_in_thread()(parquet_bytes, self.steps)
        return time_series, steps

    async def send(
        self,
        measurements: AsyncCellMeasurementClient,
        *,
        encoded: tuple[bytes, bytes | None] | None,
        retry_safe: bool,
    ) -> CellMeasurement:
        """Initiate, encode (unless ``encoded``), PUT the files, confirm.

        With ``retry_safe`` the confirm may be re-sent after an ambiguous
        failure (its 409 then names the committed record).
        """
        http = measurements._http
        instance = segment(self.cell_instance_id, "cell_instance_id")
        initiate = f"/cell_instances/{instance}/cell_measurements/initiate-upload"
        # Initiating creates no record: re-sending it is always harmless.
        payload = await http.request_json(
            "POST", initiate, body={"measurement": self.metadata}, retry_safe=True
        )
        measurement_id, urls = upload_urls(payload, initiate)
        time_series, steps = encoded or await self.encode()
        puts = [http.put_signed(urls["time_series.parquet"], time_series)]
        if steps is not None and "steps.parquet" in urls:
            puts.append(http.put_signed(urls["steps.parquet"], steps))
        await gather_or_cancel(puts)
        del time_series, steps
        confirm = f"/cell_measurements/{segment(measurement_id, 'measurement_id')}"
        return await measurements._request_record(
            "POST",
            f"{confirm}/confirm-upload",
            CellMeasurement,
            {
                "cell_instance_id": self.cell_instance_id,
                "measurement": self.metadata,
                "measurement_type": "time_series",
            },
            retry_safe=retry_safe,
        )
