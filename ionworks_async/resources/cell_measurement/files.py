"""File measurements: images and documents attached to a cell instance.

Part of :class:`~.cell_measurement.AsyncCellMeasurementClient`. A file
measurement is created like a time series (initiate, PUT each file to its
signed URL, confirm), with the file names; each file is streamed from disk,
several at once within the client's concurrency bound.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

from ..._arguments.query import DateLike, segment
from ..._runtime.tasks import gather_or_cancel
from ..._runtime.threads import run_in_thread
from ..._transport import put_stored
from ...errors import ConflictError, ResponseValidationError
from ...models import CellMeasurement, CellMeasurementBundleResponse
from ...tables.sources import bytes_of
from ...types import FileSources, IfExists
from .._base import ResourceClient
from .._paths import instance_measurements_path, measurement_path
from .arguments import measurement_fields
from .processing import bundle_of
from .transfer import confirm_upload, initiate_body, upload_targets

__all__ = ["IMAGE_TYPES", "MeasurementFiles", "check_image", "content_type"]

IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".tiff": "image/tiff",
    ".tif": "image/tiff",
    ".bmp": "image/bmp",
}
"""The image extensions ``validate_images`` accepts, and their media types."""
_MAGIC: dict[str, tuple[bytes, ...]] = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/tiff": (b"II*\x00", b"MM\x00*"),
    "image/bmp": (b"BM",),
}


def content_type(path: Path) -> str:
    """Return the media type a file is uploaded with (images by extension)."""
    return IMAGE_TYPES.get(path.suffix.lower(), "application/octet-stream")


def check_image(path: Path) -> None:
    """Check that a file is an image: a known extension and its magic bytes.

    Raises
    ------
    ValueError
        When the extension is not an image one, or the content does not
        start as that kind of image does.
    """
    kind = IMAGE_TYPES.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted({s.lstrip(".") for s in IMAGE_TYPES}))
        raise ValueError(f"{path}: not an image file name (expected one of {known})")
    with path.open("rb") as file:
        head = file.read(12)
    if kind == "image/webp":
        ok = head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    else:
        ok = head.startswith(_MAGIC[kind])
    if not ok:
        raise ValueError(f"{path}: the content is not a {kind} image")


def _paths(filepaths: object, validate_images: bool, spool: Path) -> list[Path]:
    """Check the files (CPU and disk: in a thread); return them as paths.

    Content given in memory (bytes, an open binary file) is written to
    ``spool`` under its file name first, so that every file streams from disk.
    """
    if isinstance(filepaths, (str, os.PathLike)):
        filepaths = [filepaths]
    elif isinstance(filepaths, Mapping):
        filepaths = list(filepaths.items())
    if not isinstance(filepaths, Iterable) or isinstance(filepaths, (bytes, bytearray)):
        raise TypeError(
            "filepaths must be file paths, open binary files, (name, bytes) "
            "pairs or a mapping of name to bytes"
        )
    paths = []
    for item in filepaths:
        path = _path_of(item, spool)
        if not path.is_file():
            raise FileNotFoundError(f"No such file: {path}")
        if validate_images:
            check_image(path)
        paths.append(path)
    if not paths:
        raise ValueError("filepaths must name at least one file")
    names = [path.name for path in paths]
    if len(set(names)) != len(names):
        raise ValueError(f"Two files have the same name: {sorted(names)}")
    return paths


def _path_of(item: object, spool: Path) -> Path:
    """Return a file's path: as given, or where its in-memory content was written."""
    if isinstance(item, (str, os.PathLike)):
        return Path(item)
    name: str
    content: object
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str):
        name, content = item
    elif callable(getattr(item, "read", None)) and isinstance(
        getattr(item, "name", None), str
    ):
        name, content = Path(item.name).name, item  # type: ignore[attr-defined]
    else:
        raise TypeError(
            f"a file must be a path, an open binary file with a name, or a "
            f"(name, bytes) pair, got {type(item).__name__}"
        )
    if not name or Path(name).name != name or name in (".", ".."):
        raise ValueError(f"A file name must be a plain name, without folders: {name!r}")
    data = bytes_of(content)
    if data is None:
        raise TypeError(
            f"{name!r}: the content must be bytes or an open binary file, got "
            f"{type(content).__name__}"
        )
    path = spool / name
    if path.exists():
        raise ValueError(f"Two files have the same name: {name!r}")
    path.write_bytes(data)
    return path


def _names(filenames: Iterable[str] | None) -> list[str]:
    """Return the file names asked for, once each, in order (a lone name is one)."""
    if isinstance(filenames, str):
        return [filenames]
    return list(dict.fromkeys(filenames or ()))


class MeasurementFiles(ResourceClient):
    """Files of cell measurements (part of the cell measurement client)."""

    async def _same_files(
        self,
        cell_instance_id: str,
        metadata: dict[str, Any],
        filenames: list[str],
        error: ConflictError,
    ) -> CellMeasurementBundleResponse:
        """Return the file measurement of this name holding these files."""
        path = instance_measurements_path(cell_instance_id)
        found = await self._api.list(
            path, CellMeasurement, None, None, {"name_exact": metadata["name"]}
        )
        for record in found:
            if record.measurement_type == "file" and sorted(
                await self.list_files(record.id)
            ) == sorted(filenames):
                return bundle_of(record)
        raise ConflictError(
            f"A measurement named {metadata['name']!r} exists with other files "
            "(or is not a file measurement)",
            409,
            method=error.method,
            path=error.path,
        ) from error

    async def create_file(
        self,
        cell_instance_id: str,
        name: str,
        filepaths: FileSources,
        *,
        validate_images: bool = False,
        notes: str | None = None,
        protocol: dict[str, Any] | None = None,
        start_time: DateLike | None = None,
        end_time: DateLike | None = None,
        test_setup: dict[str, Any] | None = None,
        tags: Sequence[str] | None = None,
        if_exists: IfExists = "error",
    ) -> CellMeasurementBundleResponse:
        """Create a file measurement: upload files (images, reports) to an instance.

        Every file is checked before any request; then the files are streamed
        from disk, several at once, each with its media type.

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        name : str
            The measurement's name, unique within the instance.
        filepaths : path, list or mapping
            The files: paths, open binary files (named by their ``name``),
            ``(file name, bytes)`` pairs (bytes, a ``BytesIO`` or an open
            binary file), or a mapping of file name to content. Their names
            (without folders) must differ. Content in memory is written to a
            temporary file, deleted when the call ends.
        validate_images : bool, optional
            Check that every file is an image (jpg, jpeg, png, gif, webp,
            tiff, bmp) by its extension and its first bytes. Defaults to False.
        notes : str, optional
            Free text.
        protocol : dict, optional
            ``{"name": ..., "ambient_temperature_degc": ...}``.
        start_time, end_time : datetime, date or str, optional
            When the files were made.
        test_setup : dict, optional
            ``{"cycler": ..., "operator": ..., "lab": ..., "channel_number": ...}``.
        tags : list of str, optional
            Labels to find the measurement by.
        if_exists : {"error", "get"}, optional
            With ``"get"``, a file measurement of this name that holds files
            of the same names is returned and nothing is uploaded (a re-run
            cell of a notebook); one with other files is still a
            :class:`ConflictError`. Defaults to ``"error"``, as the public
            client has it.

        Returns
        -------
        CellMeasurementBundleResponse
            The new measurement (``ready`` at once), or the same one.

        Raises
        ------
        ConflictError
            When the name is taken (and, with ``if_exists="get"``, by other
            files or another kind of measurement).
        FileNotFoundError
            When a path is not a file.
        ValueError
            When ``validate_images`` finds a file that is not an image, or two
            files share a name.
        """
        segment(cell_instance_id, "cell_instance_id")
        if not isinstance(validate_images, bool):
            raise TypeError(
                f"validate_images must be True or False, got {validate_images!r}"
            )
        metadata = measurement_fields(
            name,
            notes=notes,
            protocol=protocol,
            start_time=start_time,
            end_time=end_time,
            test_setup=test_setup,
            tags=tags,
        )
        with tempfile.TemporaryDirectory(prefix="ionworks-files-") as spool:
            paths: list[Path] = await run_in_thread()(
                _paths, filepaths, validate_images, Path(spool)
            )
            return await self._create_file(cell_instance_id, metadata, paths, if_exists)

    async def _create_file(
        self,
        cell_instance_id: str,
        metadata: dict[str, Any],
        paths: list[Path],
        if_exists: IfExists,
    ) -> CellMeasurementBundleResponse:
        filenames = [path.name for path in paths]
        if if_exists not in ("error", "get"):
            raise ValueError(f"if_exists must be 'error' or 'get', got {if_exists!r}")
        http = self._api.transport
        initiate = instance_measurements_path(cell_instance_id, "/initiate-upload")
        try:
            payload = await http.request_json(
                "POST",
                initiate,
                body={
                    **initiate_body(metadata),
                    "measurement_type": "file",
                    "filenames": filenames,
                },
                retry_safe=True,
            )
        except ConflictError as error:
            if if_exists != "get":
                raise
            return await self._same_files(cell_instance_id, metadata, filenames, error)
        measurement_id, targets = upload_targets(payload, initiate)
        if len(targets) != len(paths):
            raise ResponseValidationError(
                f"POST {initiate} offered {len(targets)} upload target(s) for "
                f"{len(paths)} file(s).",
                method="POST",
                path=initiate,
            )
        # The API lists the targets in request order (their names may be
        # storage paths): pair them by position, as its clients do.
        await gather_or_cancel(
            put_stored(http, found, path, content_type(path))
            for path, (_, found) in zip(paths, targets, strict=True)
        )
        return await confirm_upload(
            self._api,
            measurement_id,
            {
                "cell_instance_id": cell_instance_id,
                "measurement": metadata,
                "measurement_type": "file",
                "filenames": filenames,
            },
            retry_safe=False,
        )

    async def list_files(self, measurement_id: str) -> list[str]:
        """List the file names of a file measurement.

        Parameters
        ----------
        measurement_id : str
            The measurement ID.

        Returns
        -------
        list of str
            The names, as uploaded.
        """
        path = measurement_path(measurement_id, "/files")
        payload = await self._api.transport.request_json("GET", path)
        names = payload.get("filenames") if isinstance(payload, dict) else None
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ResponseValidationError(
                f"GET {path} answered without a list of filenames.",
                method="GET",
                path=path,
            )
        return names

    async def get_file(self, measurement_id: str, filename: str) -> bytes:
        """Download one file of a file measurement.

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        filename : str
            The file's name, as :meth:`list_files` gives it.

        Returns
        -------
        bytes
            The file's content.
        """
        if not isinstance(filename, str) or not filename:
            raise TypeError(f"filename must be a non-empty string, got {filename!r}")
        path = measurement_path(measurement_id)
        return await self._api.transport.download(
            f"{path}/files/{quote(filename, safe='')}"
        )

    async def download_files(
        self,
        measurement_id: str,
        use_cache: bool = True,
        filenames: Iterable[str] | None = None,
    ) -> dict[str, bytes]:
        """Download files of a file measurement, concurrently.

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        use_cache : bool, optional
            Read files from the client's on-disk cache while the measurement
            is unchanged (its record, fetched beside the list, tells), and
            keep what is downloaded. ``False`` neither reads nor writes the
            cache. Defaults to True.
        filenames : iterable of str, optional
            The files to fetch (default: every file, from :meth:`list_files`).

        Returns
        -------
        dict of str to bytes
            Each file's content by name, in the listed order.
        """
        cache = self._context.cache_for(use_cache)
        listing = self.list_files(measurement_id) if filenames is None else None
        if cache is None:
            names = await listing if listing is not None else _names(filenames)
            contents = await gather_or_cancel(
                self.get_file(measurement_id, name) for name in names
            )
            return dict(zip(names, contents, strict=True))
        record = self._api.record(
            "GET", measurement_path(measurement_id), CellMeasurement
        )
        if listing is not None:
            found = await gather_or_cancel([record, listing])
            measurement = cast(CellMeasurement, found[0])
            names = cast(list[str], found[1])
        else:
            measurement, names = await record, _names(filenames)
        keys = {name: cache.key(measurement, f"file\0{name}") for name in names}
        kept = await cache.read_many([k for k in keys.values() if k is not None])
        missing = [name for name in names if keys[name] not in kept]
        fetched = await gather_or_cancel(
            self.get_file(measurement_id, name) for name in missing
        )
        fresh = dict(zip(missing, fetched, strict=True))
        cache.write_many(
            [(key, fresh[name]) for name, key in keys.items() if key and name in fresh]
        )
        return {
            name: fresh[name] if name in fresh else kept[str(keys[name])]
            for name in names
        }
