"""Creating measurements: time-series uploads, one or many.

A part of :class:`~.client.AsyncCellMeasurementClient`. The calls
take the form of the Ionworks guide and the public client: ``create(iid,
{"measurement": {...}, "time_series": frame, "steps": frame})``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

from ..._arguments.query import check_flag, segment
from ...bulk.runner import BatchResult, ItemSource, Progress
from ...models import CellMeasurement, CellMeasurementBundleResponse
from ...types import IfExists
from ...validation.options import check_options
from .._base import HasContext, ResourceClient, ResourceContext
from .._paths import instance_measurements_path, measurement_path
from .arguments import measurement_input
from .processing import bundle_of, refuse_failed, wait_until_processed
from .properties import post_properties
from .records import MeasurementRecords
from .transfer import TimeSeriesUpload

__all__ = ["MeasurementCreation"]


def _item_key(item: dict[str, Any]) -> Hashable | None:
    """Return a bulk item's name (two items of one name in a batch: an error)."""
    measurement = item.get("measurement")
    name = measurement.get("name") if isinstance(measurement, dict) else None
    return name if isinstance(name, str) else None


class MeasurementCreation(ResourceClient):
    """Creating cell measurements (a part of the cell measurement client).

    Parameters
    ----------
    client : AsyncIonworks or ResourceContext
        Where the requests go.
    records : MeasurementRecords
        The records part, whose ``get`` resolves a name conflict.
    """

    def __init__(
        self, client: HasContext | ResourceContext, records: MeasurementRecords
    ) -> None:
        super().__init__(client)
        self._records = records

    async def create(
        self,
        cell_instance_id: str,
        measurement_detail: dict[str, Any],
        validate_strict: bool = False,
        rated_capacity: float | None = None,
        voltage_window: tuple[float, float] | None = None,
        skip_checks: Iterable[str] | None = None,
        wait_for_processing: bool = True,
        *,
        processing_timeout: float = 600.0,
        validate: bool = True,
        progress: bool = False,
    ) -> CellMeasurementBundleResponse:
        """Upload a time-series measurement: initiate, upload parquet, confirm.

        The data is read, checked and encoded before any request, in one pass
        over it in batches (a file is streamed, never held whole): bad data,
        a missing file or unreadable data fails without touching the server.
        The always-on checks run on every upload; ``validate_strict`` adds
        the strict ones (see :func:`ionworks_async.validate_time_series`).

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        measurement_detail : dict
            ``{"measurement": {"name": ..., ...}, "time_series": <frame>,
            "steps": <frame, optional>}``. ``measurement`` holds the fields
            (``name`` required; ``notes``, ``protocol``, ``test_setup``,
            ``start_time``, ``end_time``, ``tags``, ...) and may carry the
            client-only hint ``data_type`` (``"ocp"`` or ``"eis"``), which is
            not sent. A frame is a pandas, polars or pyarrow table, a
            :class:`Table`, a dict of columns, the path of a ``.csv`` or
            ``.parquet`` file in these columns, a cycler's own file (read by
            :mod:`ionworks.read`), or its bytes. Without ``steps`` the
            server derives them.

            The columns, in SI units with the unit in the name:

            - ``Time [s]`` (required): seconds from 0, never decreasing.
            - ``Current [A]`` (required): **positive discharges the cell,
              negative charges it** (the API's convention; most cyclers write
              the opposite, which the readers convert). Checked by a vote of
              the steps: a reversed sign is refused.
            - ``Voltage [V]`` (required).
            - ``Step count`` (required): from 0, rising by 1 at each new step.
            - Optional: ``Cycle count``, ``Discharge capacity [A.h]`` and
              ``Charge capacity [A.h]``, ``Discharge energy [W.h]`` and
              ``Charge energy [W.h]`` (each 0 at a step's start, never
              falling within it), ``Temperature [degC]``, ``Power [W]``, and
              for EIS ``Frequency [Hz]``, ``Z_Re [Ohm]``, ``Z_Im [Ohm]``.
        validate_strict : bool, optional
            Run the strict data checks too. Defaults to False.
        rated_capacity : float, optional
            The cell's rated capacity in A.h, for strict checks.
        voltage_window : tuple of float, optional
            The rated ``(V_min, V_max)``, for strict checks.
        skip_checks : iterable of str, optional
            Strict checks to skip, by name.
        wait_for_processing : bool, optional
            Wait until the server has derived steps and cycles. Defaults to
            True. For a batch, pass False and call :meth:`wait_for_processing`
            with every id at once (or use :meth:`create_many`).
        processing_timeout : float, optional
            Seconds to wait for processing. Defaults to 600.
        validate : bool, optional
            Check the data before sending it. Defaults to True; False sends
            it unchecked (the server then judges it).
        progress : bool, optional
            Show the bytes sent (a tqdm bar when tqdm is installed, a widget
            in notebooks; else a line on stderr). Defaults to False.

        Returns
        -------
        CellMeasurementBundleResponse
            The new measurement, its fields flat (``bundle.name``) and as
            ``bundle.measurement``, with ``steps_created`` (0: steps are
            derived after the upload). When waited for, ``processing_status``
            is ``"ready"``.

        Raises
        ------
        MeasurementValidationError
            When the data fails a check; nothing was sent. Its ``errors``
            list each issue (``code``, ``message``, ``payload``); warnings go
            through ``warnings.warn`` (:class:`MeasurementValidationWarning`).
        MeasurementProcessingError
            When processing fails or does not finish within the timeout.
        ConflictError
            When the instance already has a measurement of this name (see
            :meth:`create_or_get`).

        Examples
        --------
        A one-hour 1 A discharge, then a rest, sampled every minute:

        >>> series = {
        ...     "Time [s]": [60.0 * n for n in range(90)],
        ...     "Current [A]": [1.0] * 60 + [0.0] * 30,
        ...     "Voltage [V]": [4.2 - 0.01 * n for n in range(60)] + [3.7] * 30,
        ...     "Step count": [0] * 60 + [1] * 30,
        ... }
        >>> bundle = await client.cell_measurement.create(
        ...     cell.id,
        ...     {"measurement": {"name": "C/1 discharge"}, "time_series": series},
        ... )
        >>> bundle.name, bundle.processing_status
        ('C/1 discharge', 'ready')
        """
        segment(cell_instance_id, "cell_instance_id")
        check_flag(wait_for_processing, "wait_for_processing")
        check_flag(validate, "validate")
        upload = TimeSeriesUpload(
            cell_instance_id,
            measurement_input(measurement_detail),
            check_options(validate_strict, rated_capacity, voltage_window, skip_checks),
            validate,
            check_flag(progress, "progress"),
        )
        bundle = await upload.send_checked_first(self._api)
        if wait_for_processing and bundle.processing_status in ("pending", "running"):
            settled = await wait_until_processed(self._api, bundle, processing_timeout)
            return bundle_of(settled, bundle.steps_created)
        return bundle

    async def create_or_get(
        self,
        cell_instance_id: str,
        measurement_detail: dict[str, Any],
        validate_strict: bool = False,
        rated_capacity: float | None = None,
        voltage_window: tuple[float, float] | None = None,
        skip_checks: Iterable[str] | None = None,
        wait_for_processing: bool = True,
        *,
        processing_timeout: float = 600.0,
        replace_failed: bool = False,
        validate: bool = True,
        progress: bool = False,
    ) -> CellMeasurement:
        """Upload a time-series measurement, or get the existing one of that name.

        Whether the name exists is learned before the data is read
        (initiate-upload answers 409; it creates nothing and carries only the
        name and notes), so a re-run job reads and uploads nothing twice.
        For a free name the data is then read and checked as for
        :meth:`create` before any byte of it is sent. The existing record is
        found by the id the 409 names, else by name over *every* page of the
        instance's measurements. An
        existing measurement still processing is waited for (when waiting);
        one whose processing failed is an error, unless ``replace_failed``.

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        measurement_detail : dict
            As for :meth:`create`.
        validate_strict : bool, optional
            As for :meth:`create`.
        rated_capacity : float, optional
            As for :meth:`create`.
        voltage_window : tuple of float, optional
            As for :meth:`create`.
        skip_checks : iterable of str, optional
            As for :meth:`create`.
        wait_for_processing : bool, optional
            Wait until processing is done. Defaults to True.
        processing_timeout : float, optional
            Seconds to wait for processing. Defaults to 600.
        replace_failed : bool, optional
            Delete an existing measurement of this name whose processing failed,
            and upload this one instead. Defaults to False.
        validate : bool, optional
            As for :meth:`create`.
        progress : bool, optional
            As for :meth:`create`.

        Returns
        -------
        CellMeasurement
            The new measurement (a :class:`CellMeasurementBundleResponse`) or the
            existing one.

        Raises
        ------
        MeasurementProcessingError
            When the existing measurement's processing failed (and not
            ``replace_failed``), or this one's fails or times out.
        ValueError
            When the API reports a conflict but the existing record is not found.

        Examples
        --------
        Run twice, it uploads once: the second call learns the name exists
        before it reads any data.

        >>> again = await client.cell_measurement.create_or_get(
        ...     cell.id,
        ...     {"measurement": {"name": "C/1 discharge"}, "time_series": series},
        ... )
        >>> again.id == bundle.id
        True
        """
        segment(cell_instance_id, "cell_instance_id")
        check_flag(wait_for_processing, "wait_for_processing")
        check_flag(replace_failed, "replace_failed")
        check_flag(validate, "validate")
        upload = TimeSeriesUpload(
            cell_instance_id,
            measurement_input(measurement_detail),
            check_options(validate_strict, rated_capacity, voltage_window, skip_checks),
            validate,
            check_flag(progress, "progress"),
        )
        record, _ = await self._create_or_get_reporting(
            upload, wait_for_processing, processing_timeout, replace_failed
        )
        return record

    async def create_many(
        self,
        cell_instance_id: str,
        items: ItemSource[dict[str, Any]],
        *,
        validate_strict: bool = False,
        rated_capacity: float | None = None,
        voltage_window: tuple[float, float] | None = None,
        skip_checks: Iterable[str] | None = None,
        if_exists: IfExists = "get",
        concurrency: int | None = None,
        progress: Progress = False,
        stop_on_error: bool = False,
        wait_for_processing: bool = True,
        processing_timeout: float = 600.0,
        replace_failed: bool = False,
        validate: bool = True,
    ) -> BatchResult[CellMeasurement]:
        """Create many measurements of one cell instance, concurrently.

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        items : iterable or async iterable of dict
            Each a measurement detail as for :meth:`create`:
            ``{"measurement": {...}, "time_series": <frame>, "steps": ...}``;
            an item without ``"time_series"`` is a properties measurement
            (its ``measurement`` holds ``properties``). Consumed lazily: only
            the items in flight are held.
        validate_strict : bool, optional
            As for :meth:`create`, for every item.
        rated_capacity : float, optional
            As for :meth:`create`, for every item.
        voltage_window : tuple of float, optional
            As for :meth:`create`, for every item.
        skip_checks : iterable of str, optional
            As for :meth:`create`, for every item.
        if_exists : {"get", "error"}, optional
            ``"get"`` (the default) returns a measurement that already has the
            name, reading and uploading nothing; ``"error"`` fails the item.
        concurrency : int, optional
            Items in flight at once (default: the client's ``max_concurrency``).
        progress : bool or callable, optional
            ``True`` for a progress bar; a callable gets
            ``(done, total_or_None, failed)``, in a worker thread.
        stop_on_error : bool, optional
            At the first failure, take no more items and cancel those in flight.
        wait_for_processing : bool, optional
            Wait until each upload is processed (a processing failure then
            fails its item). Defaults to True.
        processing_timeout : float, optional
            Seconds to wait for each measurement's processing. Defaults to 600.
        replace_failed : bool, optional
            Replace existing measurements whose processing failed, instead of
            failing their items. Defaults to False.
        validate : bool, optional
            Check each item's data before sending it (an item that fails is
            a failed item, with its :class:`MeasurementValidationError`; the
            others go on). Defaults to True.

        Returns
        -------
        BatchResult[CellMeasurement]
            Records in input order, failures with their errors, counts and rate.

        Raises
        ------
        BatchError
            When the item source raises or the server is unreachable; it
            carries the partial result.
        """
        segment(cell_instance_id, "cell_instance_id")
        check_flag(wait_for_processing, "wait_for_processing")
        check_flag(validate, "validate")
        checks = check_options(
            validate_strict, rated_capacity, voltage_window, skip_checks
        )

        def upload_of(item: dict[str, Any]) -> TimeSeriesUpload:
            data = measurement_input(item, name="each item", time_series=False)
            return TimeSeriesUpload(cell_instance_id, data, checks, validate)

        async def create(item: dict[str, Any]) -> CellMeasurement:
            upload = upload_of(item)
            if upload.data.time_series is None:
                return await post_properties(
                    self._api, cell_instance_id, upload.data.metadata, retry_safe=False
                )
            bundle = await upload.send_checked_first(self._api)
            if wait_for_processing:
                return await wait_until_processed(self._api, bundle, processing_timeout)
            return bundle

        async def create_or_get(item: dict[str, Any]) -> tuple[CellMeasurement, bool]:
            return await self._create_or_get_reporting(
                upload_of(item), wait_for_processing, processing_timeout, replace_failed
            )

        return await self._api.bulk(
            items,
            create=create,
            create_or_get=create_or_get,
            if_exists=if_exists,
            concurrency=concurrency,
            progress=progress,
            stop_on_error=stop_on_error,
            key=_item_key,
        )

    # -- shared by the methods above ---------------------------------------

    async def _create_or_get_reporting(
        self,
        upload: TimeSeriesUpload,
        wait_for_processing: bool,
        processing_timeout: float,
        replace_failed: bool,
    ) -> tuple[CellMeasurement, bool]:
        data, cell_instance_id = upload.data, upload.cell_instance_id
        listing = instance_measurements_path(cell_instance_id)
        for _ in range(2):  # a second round only after replacing a failed one
            creating: Any
            if data.time_series is None:
                creating = post_properties(
                    self._api, cell_instance_id, data.metadata, retry_safe=True
                )
            else:  # the data is read and checked once the name is free
                creating = upload.send(self._api, prepared=None, retry_safe=True)
            measurement, created = await self._api.create_or_get(
                creating,
                name=data.name,
                legacy_key="existing_cell_measurement_id",
                get=self._records.get,
                find_by_name=lambda name: self._api.iterate(
                    listing, CellMeasurement, {"name_exact": name}
                ),
            )
            if created or measurement.processing_status != "failed":
                break
            if not replace_failed:
                refuse_failed(measurement)
            await self._api.delete(measurement_path(measurement.id))
            replace_failed = False
        if wait_for_processing and measurement.processing_status in (
            "pending",
            "running",
        ):
            measurement = await wait_until_processed(
                self._api, measurement, processing_timeout
            )
        if type(measurement) is not CellMeasurement:  # a bundle: the record alone
            fields = measurement.to_dict()
            fields.pop("steps_created", None)
            measurement = CellMeasurement.model_validate(fields)
        return measurement, created
