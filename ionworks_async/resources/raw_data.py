"""Raw data: the original files, kept as they were uploaded, for provenance.

A raw-data record belongs to a project and holds one file, byte for byte. It
is uploaded as a measurement is (initiate, a signed PUT straight to storage,
confirm) and linked to the measurements made from it
(``cell_measurement.attach_raw_data``). The calls are the public client's.
"""

from __future__ import annotations

import mimetypes
import os
from pathlib import Path
from typing import Any

from .._arguments.query import check_data, nfc, query_params, segment
from .._runtime.threads import run_in_thread
from .._transport import StorageTarget, body_size, put_stored
from ..errors import ConflictError, IonworksError, ResponseValidationError
from ..models import RawData
from ..models.pages import PaginatedList
from ..types import FileInput
from ._generated import PlainRawData
from ._paths import RAW_DATA_PATH, raw_data_path

__all__ = ["AsyncRawDataClient"]

PAGE = 100


class AsyncRawDataClient(PlainRawData):
    """Client for raw-data records (original files, project-scoped).

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    async def upload(
        self,
        project_id: str,
        file: FileInput,
        name: str | None = None,
        source: str | None = None,
        metadata: dict[str, Any] | None = None,
        timeout: tuple[float, float] | float | None = None,
    ) -> RawData:
        """Upload a file as it is, through the signed storage flow.

        A path is streamed from disk; an open binary file is read whole.

        Parameters
        ----------
        project_id : str
            The project the record belongs to.
        file : str, PathLike or binary file
            The file.
        name : str, optional
            The record's label (default: the file's name).
        source : str, optional
            Where the file came from (a cycler export, a URL, a DOI).
        metadata : dict, optional
            Free-form fields kept with the record.
        timeout : float or tuple, optional
            Accepted as the public client takes it; the transfer is bounded
            by the client's own rules (``timeout`` between reads, and a
            transfer averaging under 64 KiB/s after a minute ends).

        Returns
        -------
        RawData
            The record.

        Raises
        ------
        FileNotFoundError
            When the path is no file (before any request).
        """
        segment(project_id, "project_id")
        body, filename, content_type = await run_in_thread()(_body_of, file)
        common: dict[str, Any] = {
            "project_id": project_id,
            "name": nfc(name) if name is not None else nfc(filename),
            "filename": filename,
            "content_type": content_type,
            "metadata": check_data(metadata or {}, "metadata"),
        }
        if source is not None:
            common["source"] = source
        size = body_size(body)
        http = self._api.transport
        initiate = f"{RAW_DATA_PATH}/initiate-upload"
        # Initiating creates no record: re-sending it is always harmless.
        payload = await http.request_json(
            "POST", initiate, body=common, retry_safe=True
        )
        raw_id, found = _target(payload, initiate)
        await put_stored(http, found, body, content_type)
        confirm = raw_data_path(raw_id, "/confirm-upload")
        try:
            return await self._api.record(
                "POST",
                confirm,
                RawData,
                {**common, "size_bytes": size},
                retry_safe=True,
            )
        except ConflictError as error:
            # A re-sent confirm whose first answer was lost: it names the record.
            if error.existing_id != raw_id:
                raise
            return await self.get(raw_id)

    async def download_url(self, raw_data_id: str) -> str:
        """Return a short-lived signed URL of the stored file.

        Parameters
        ----------
        raw_data_id : str
            The record's id.

        Returns
        -------
        str
            The URL (it needs no credentials).
        """
        path = raw_data_path(raw_data_id, "/download-url")
        payload = await self._api.transport.request_json("GET", path)
        url = payload.get("url") if isinstance(payload, dict) else None
        if not isinstance(url, str) or not url:
            raise ResponseValidationError(
                f"The Ionworks API answered GET {path} without a url",
                method="GET",
                path=path,
            )
        return url

    async def download(
        self,
        raw_data_id: str,
        use_cache: bool = True,
        read_timeout: float = 300.0,
    ) -> bytes:
        """Download the stored file, byte for byte; kept in the data cache.

        Raw files never change, so a kept copy is always the file: the first
        call downloads it through a signed URL, later ones read it from disk.

        Parameters
        ----------
        raw_data_id : str
            The record's id.
        use_cache : bool, optional
            Read and keep the file in the client's data cache (``cache_dir``).
            Defaults to True.
        read_timeout : float, optional
            Accepted as the public client takes it; a download is bounded by
            the client's transfer rules.

        Returns
        -------
        bytes
            The file.
        """
        segment(raw_data_id, "raw_data_id")
        cache = self._context.cache_for(use_cache)
        key = None if cache is None else cache.raw_key(raw_data_id)
        if cache is not None and key is not None:
            kept = await cache.read_many([key])
            if key in kept:
                return kept[key]
        url = await self.download_url(raw_data_id)
        data = await self._api.transport.get_signed(url)
        if cache is not None and key is not None:
            cache.write(key, data)
        return data

    async def update(
        self,
        raw_data_id: str,
        name: str | None = None,
        source: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> RawData:
        """Change a record's name, source or metadata (only what is given).

        Parameters
        ----------
        raw_data_id : str
            The record's id.
        name : str, optional
            A new label.
        source : str, optional
            A new provenance text; ``""`` clears it.
        metadata : dict, optional
            New metadata (it replaces the old).

        Returns
        -------
        RawData
            The record.
        """
        body: dict[str, Any] = {}
        if name is not None:
            body["name"] = nfc(name)
        if source is not None:
            body["source"] = source
        if metadata is not None:
            body["metadata"] = check_data(metadata, "metadata")
        return await self._api.record(
            "PATCH", raw_data_path(raw_data_id), RawData, body, retry_safe=True
        )

    async def list_measurements(
        self,
        raw_data_id: str,
        limit: int | None = 100,
        offset: int | None = 0,
    ) -> PaginatedList[str]:
        """List the ids of the measurements made from a record.

        Parameters
        ----------
        raw_data_id : str
            The record's id.
        limit : int, optional
            Page size, 1 to 100 (default 100).
        offset : int, optional
            Ids to skip (default 0). ``limit=None, offset=None`` fetches every
            page.

        Returns
        -------
        PaginatedList[str]
            The measurement ids (plain strings), with ``total``.
        """
        path = raw_data_path(raw_data_id, "/cell_measurements")
        if limit is not None or offset is not None:
            return await self._ids(path, limit, offset or 0)
        ids: PaginatedList[str] = PaginatedList()
        while True:
            page = await self._ids(path, PAGE, len(ids))
            ids += page
            if not page or len(page) < PAGE or len(ids) >= (page.total or 0):
                ids.total = len(ids)
                return ids

    async def _ids(
        self, path: str, limit: int | None, offset: int
    ) -> PaginatedList[str]:
        params = query_params(limit=limit, offset=offset)
        payload = await self._api.transport.request_json("GET", path, params=params)
        items = payload.get("items") if isinstance(payload, dict) else None
        total = payload.get("total") if isinstance(payload, dict) else None
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise ResponseValidationError(
                f"The Ionworks API answered GET {path} with no list of ids",
                method="GET",
                path=path,
            )
        return PaginatedList(items, total if type(total) is int else None)


def _body_of(file: FileInput) -> tuple[Path | bytes, str, str]:
    """Return the upload's body (a path to stream, or bytes), name and media type.

    In a worker thread: a file is read, and the first guess of a media type
    loads the system's table of them.
    """
    if isinstance(file, (str, os.PathLike)):
        path = Path(os.fspath(file))
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no such file")
        return path, nfc(path.name), _media_type(path.name)
    read = getattr(file, "read", None)
    if not callable(read):
        raise TypeError(
            f"file must be a path or an open binary file, got {type(file).__name__}"
        )
    data = read()
    if not isinstance(data, bytes):
        raise TypeError("file must be opened in binary mode ('rb')")
    name = os.path.basename(str(getattr(file, "name", "") or "")) or "upload.bin"
    return data, nfc(name), _media_type(name)


def _media_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _target(payload: Any, path: str) -> tuple[str, StorageTarget]:
    """Read ``{"raw_data_id", "uploads": [{"signed_url", ...}]}``."""
    raw_id = payload.get("raw_data_id") if isinstance(payload, dict) else None
    uploads = payload.get("uploads") if isinstance(payload, dict) else None
    found = (
        StorageTarget.read(uploads[0])
        if isinstance(uploads, list) and uploads
        else None
    )
    if not isinstance(raw_id, str) or found is None:
        raise IonworksError(
            f"The Ionworks API answered POST {path} without a raw_data_id and a "
            "signed URL: the file cannot be uploaded"
        )
    return raw_id, found
