"""The mechanics of an upload: initiate, encode, PUT, confirm.

A create-or-get learns whether the measurement exists *before* reading its
data: initiate-upload (which creates nothing, and carries only the name and
notes) answers 409 for a taken name, so a resumed job costs one request for
each measurement that is already there, and reads no file; for a free name
the data is then read and checked before any byte of it is sent. A plain
create reads and checks the data first, so that bad data fails before any
request. An existing measurement whose processing ``failed`` is a failure
of the item (with its ``processing_error``), unless the caller asked to
replace it.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ..._runtime.tasks import gather_or_cancel
from ..._runtime.threads import cpu_limiter, run_in_thread
from ..._runtime.user_warnings import warn_user
from ..._transport import Body, SentFile, StorageTarget, put_stored
from ...bulk.progress import ByteProgress
from ...errors import ConflictError, NotFoundError, ResponseValidationError
from ...models import CellMeasurement, CellMeasurementBundleResponse
from ...validation import MeasurementValidationWarning
from ...validation.options import CheckOptions
from .._paths import instance_measurements_path, measurement_path
from .._records_api import RecordsApi
from .arguments import MeasurementInput

if TYPE_CHECKING:
    from ...pipeline import Prepared

__all__ = [
    "TimeSeriesUpload",
    "initiate_body",
    "upload_targets",
]


def initiate_body(metadata: Mapping[str, Any]) -> dict[str, Any]:
    """Return the initiate body: name and notes only (the rest goes with confirm)."""
    measurement = {key: metadata[key] for key in ("name", "notes") if key in metadata}
    return {"measurement": measurement}


def upload_targets(
    payload: Any, path: str
) -> tuple[str, list[tuple[str, StorageTarget]]]:
    """Read ``{"measurement_id", "uploads": [{"filename", "signed_url"}]}``.

    Returns
    -------
    tuple
        The measurement id, and ``(file name leaf, target)`` pairs in the
        order the server listed them (a target: the signed URL, and the
        multipart offer when there is one).

    Raises
    ------
    ResponseValidationError
        When the answer has no measurement id.
    """
    is_mapping = isinstance(payload, Mapping)
    uploads = payload.get("uploads") if is_mapping else None
    measurement_id = payload.get("measurement_id") if is_mapping else None
    if not isinstance(measurement_id, str) or not measurement_id:
        raise ResponseValidationError(
            f"The Ionworks API answered POST {path} without a measurement_id.",
            method="POST",
            path=path,
        )
    targets: list[tuple[str, StorageTarget]] = []
    for upload in uploads if isinstance(uploads, list) else []:
        found = StorageTarget.read(upload)
        filename = upload.get("filename") if isinstance(upload, Mapping) else None
        if isinstance(filename, str) and found is not None:
            targets.append((filename.rsplit("/", 1)[-1], found))
    return measurement_id, targets


def target(
    targets: list[tuple[str, StorageTarget]], filename: str, path: str
) -> StorageTarget:
    """Return the target offered for ``filename``.

    Raises
    ------
    ResponseValidationError
        When the server offered no upload target of that name.
    """
    for name, url in targets:
        if name == filename:
            return url
    raise ResponseValidationError(
        f"The Ionworks API answered POST {path} without an upload target for "
        f"{filename}.",
        method="POST",
        path=path,
    )


@attrs.frozen
class TimeSeriesUpload:
    """One time-series measurement to upload.

    Attributes
    ----------
    cell_instance_id : str
        The instance it belongs to.
    data : MeasurementInput
        The measurement's fields and data.
    checks : CheckOptions
        How the data is to be checked before it is sent.
    validate : bool
        Whether to check it at all (False sends it unchecked).
    progress : bool
        Whether to show the bytes sent (a tqdm bar when tqdm is installed).
    """

    cell_instance_id: str
    data: MeasurementInput
    checks: CheckOptions = attrs.field(factory=CheckOptions)
    validate: bool = True
    progress: bool = False

    async def prepare(self) -> Prepared:
        """Check and encode the data in one pass, in a worker thread.

        Warning-severity issues are issued here (``warnings.warn``, category
        :class:`MeasurementValidationWarning`).

        Raises
        ------
        MeasurementValidationError
            When the data fails a check (nothing has been sent).
        """
        assert self.data.time_series is not None
        options = attrs.evolve(self.checks, data_type=self.data.data_type)
        # A cancelled caller may stop waiting while the thread runs on: then
        # whichever side comes last deletes the temporary file.
        lock = threading.Lock()
        made: list[Prepared] = []
        abandoned: list[bool] = []

        def work() -> Prepared:
            # The readers and checks load on first use, here, off the loop.
            from ...pipeline import prepare

            result = prepare(
                self.data.time_series,
                options,
                steps=self.data.steps,
                validate=self.validate,
                metadata=self.data.metadata,
            )
            with lock:
                made.append(result)
                if abandoned:
                    result.discard()
            return result

        try:
            prepared: Prepared = await run_in_thread()(work, limiter=cpu_limiter())
        except BaseException:
            with lock:
                abandoned.append(True)
                for leftover in made:
                    leftover.discard()
            raise
        for issue in prepared.warnings:
            warn_user(
                f"{self.data.name}: [{issue.code}] {issue.message}",
                MeasurementValidationWarning,
            )
        return prepared

    async def send_checked_first(
        self, api: RecordsApi
    ) -> CellMeasurementBundleResponse:
        """Check and encode the data, then send it (``create``'s order).

        Bad data fails before any request; the temporary file, if any, is
        deleted at the end.
        """
        prepared = await self.prepare()
        try:
            return await self.send(api, prepared=prepared, retry_safe=False)
        finally:
            prepared.discard()

    async def send(
        self,
        api: RecordsApi,
        *,
        prepared: Prepared | None,
        retry_safe: bool,
    ) -> CellMeasurementBundleResponse:
        """Initiate, PUT the files, confirm.

        Without ``prepared`` the data is prepared (read, checked, encoded)
        after initiate-upload, and its temporary file discarded at the end.
        With ``retry_safe`` the confirm may be re-sent after an ambiguous
        failure (its 409 then names the committed record).
        """
        http = api.transport
        initiate = instance_measurements_path(self.cell_instance_id, "/initiate-upload")
        # Initiating creates no record: re-sending it is always harmless.
        payload = await http.request_json(
            "POST", initiate, body=initiate_body(self.data.metadata), retry_safe=True
        )
        measurement_id, targets = upload_targets(payload, initiate)
        series_url = target(targets, "time_series.parquet", initiate)
        steps_url = None
        if self.data.steps is not None:
            steps_url = target(targets, "steps.parquet", initiate)
        if prepared is not None:
            return await self._put_and_confirm(
                api, measurement_id, (series_url, steps_url), prepared, retry_safe
            )
        prepared = await self.prepare()
        try:
            return await self._put_and_confirm(
                api, measurement_id, (series_url, steps_url), prepared, retry_safe
            )
        finally:
            prepared.discard()

    async def _put_and_confirm(
        self,
        api: RecordsApi,
        measurement_id: str,
        urls: tuple[StorageTarget, StorageTarget | None],
        prepared: Prepared,
        retry_safe: bool,
    ) -> CellMeasurementBundleResponse:
        http = api.transport
        series_url, steps_url = urls
        bar = None
        if self.progress:  # made in a worker thread: tqdm's import is slow
            bar = await run_in_thread()(ByteProgress, prepared.size, self.data.name)
        body: Body = prepared.time_series
        if bar is not None and isinstance(body, Path):
            body = SentFile(body, bar.reached)
        puts = [put_stored(http, series_url, body)]
        if prepared.steps is not None and steps_url is not None:
            puts.append(put_stored(http, steps_url, prepared.steps))
        whole = False
        try:
            await gather_or_cancel(puts)
            whole = True
        finally:
            if bar is not None:
                await run_in_thread()(bar.finish, whole)
        from ...pipeline import with_file_fields

        return await confirm_upload(
            api,
            measurement_id,
            {
                "cell_instance_id": self.cell_instance_id,
                "measurement": with_file_fields(
                    self.data.metadata, prepared.file_fields
                ),
                "measurement_type": "time_series",
            },
            retry_safe=retry_safe,
        )


async def confirm_upload(
    api: RecordsApi,
    measurement_id: str,
    body: dict[str, Any],
    *,
    retry_safe: bool,
) -> CellMeasurementBundleResponse:
    """POST confirm-upload (which creates the record) and read the bundle.

    With ``retry_safe`` a lost answer is resolved either way: a re-sent
    confirm's 409 names the committed record (ionworks-local), and a 404
    ("no upload was initiated", as a server that forgets the upload once
    confirmed answers) is checked against the measurement id the upload
    reserved. If that measurement exists in the instance, the confirm
    committed, and a :class:`~ionworks_async.ConflictError` naming it is
    raised, which ``create_or_get`` and the bulk calls resolve as for any
    name conflict.
    """
    path = measurement_path(measurement_id)
    try:
        return await api.record(
            "POST",
            f"{path}/confirm-upload",
            CellMeasurementBundleResponse,
            body,
            retry_safe=retry_safe,
        )
    except NotFoundError as error:
        if not retry_safe:
            raise
        try:
            committed = await api.record("GET", path, CellMeasurement)
        except NotFoundError:
            raise error from None
        if committed.cell_instance_id != body.get("cell_instance_id"):
            raise
        raise ConflictError(
            f"The upload {measurement_id!r} was confirmed already (its answer "
            "was lost)",
            409,
            error_code="CONFLICT",
            data={"detail": {"existing_id": measurement_id}},
            request_id=error.request_id,
            method="POST",
            path=f"{path}/confirm-upload",
        ) from None
