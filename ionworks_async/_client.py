"""``AsyncIonworks``: the asynchronous client and its resource sub-clients."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from ._arguments.query import segment
from ._cache import DEFAULT_CACHE_MAX_BYTES, DataCache, resolve_cache_dir
from ._runtime.boundary import errors_at_the_boundary, input_boundary
from ._runtime.warmup import warm_up
from ._transport import Transport, Verify
from ._transport.hints import Hints
from ._transport.settings import resolve_settings
from .errors import ConflictError, NotFoundError
from .models import CellMeasurement
from .resources import (
    AsyncCellBatchClient,
    AsyncCellInstanceClient,
    AsyncCellMeasurementClient,
    AsyncCellSpecificationClient,
    AsyncProjectClient,
    AsyncRawDataClient,
    ResourceContext,
)
from .resources._base import SubClient, list_sub_clients
from .resources.catalogue import RouteSubClients
from .resources.direct import DirectCalls
from .tables.backends import DataFrameBackend, Frame, resolve_backend
from .types import CacheDir

__all__ = ["AsyncIonworks"]


@list_sub_clients
@errors_at_the_boundary
class AsyncIonworks(DirectCalls, RouteSubClients):
    """Asynchronous client for the Ionworks battery-data API.

    Each setting resolves from its argument, else the environment, else a
    ``.env`` file in the working directory, else its default. The HTTP
    session is created lazily on the event loop of the first request; a
    client belongs to that loop.

    Parameters
    ----------
    api_key : str, optional
        API key (``IONWORKS_API_KEY``).
    api_url : str, optional
        Base URL (``IONWORKS_API_URL``, default ``https://api.ionworks.com``).
    project_id : str, optional
        The default project (``IONWORKS_PROJECT_ID``; the older
        ``PROJECT_ID`` is read with a ``DeprecationWarning``): specifications
        created without a ``project_id`` are filed in it, and name lookups of
        specifications are scoped to it. Without one, lookups span the
        organisation.
    dataframe_backend : {"polars", "pandas", "arrow", "table"}, optional
        What ``steps``, ``cycles``, ``time_series``, ``steps_and_cycles`` and
        ``detail()`` return. Without it, the client follows the process's
        setting at each call (:func:`ionworks.set_dataframe_backend`, else
        ``IONWORKS_DATAFRAME_BACKEND``, else ``"polars"``, as the public
        client; ``"table"``, a lazily decoded :class:`Table`, when polars is
        not installed). Frames are converted in a worker thread.
    timeout : float, optional
        Seconds for one attempt of a JSON request. Defaults to 10.
    max_retries : int, optional
        Retries of a failed request where safe; 0 means one attempt. Defaults to 5.
    token : str, optional
        Bearer token (``IONWORKS_API_TOKEN``), instead of or beside the key.
    organization_id : str, optional
        Organisation to act in (``IONWORKS_ORGANIZATION_ID``).
    download_timeout : float, optional
        Seconds between two reads of a download or upload. Defaults to 300.
    max_download_bytes : int, optional
        The most one download (a measurement's data, a file) may bring: a
        larger one, or one that never ends, raises
        :class:`ResponseValidationError` there. Past 32 MiB a download waits
        on disk (the temporary folder), not in memory, until it is whole.
        Defaults to 8 GiB.
    retry_deadline : float, optional
        Seconds from a call's first attempt after which it is not retried
        again, whatever ``max_retries`` allows. Defaults to 60.
    max_concurrency : int, optional
        API requests in flight at once across this client. Defaults to 64,
        the smallest that fetches a 24-measurement ``detail()`` in one wave
        (see ``benchmarks/``).
    storage_concurrency : int, optional
        Requests to signed storage URLs (data downloads and uploads) in
        flight at once. Storage is another origin (object storage on the
        hosted service), so these do not count against ``max_concurrency``.
        Defaults to 64.
    verify : bool, str, PathLike or ssl.SSLContext, optional
        How to verify the server's TLS certificate: ``True`` (the default)
        against the system's CA store; a path to a CA bundle (for a proxy that
        inspects TLS); an ``ssl.SSLContext``; or ``False``, for a test server
        with a self-signed certificate only (a warning is logged).
    proxy : str, optional
        A proxy URL for every request. By default ``HTTPS_PROXY``,
        ``HTTP_PROXY`` and ``NO_PROXY`` are followed.
    cache_dir : str, PathLike or False, optional
        Where ``detail()`` keeps the data of processed measurements, to read
        it again while the measurement is unchanged (checked against its
        ``updated_at`` and ``processing_status``, never by age). Defaults to
        ``IONWORKS_CACHE_DIR``, else the platform's cache folder
        (``~/.cache/ionworks-async`` on Linux). The folder also keeps what
        the client learns of the API's connections (where its storage links
        point, how many requests a ``detail()`` sends), so that a new
        process opens them while its first request is in flight. ``False``,
        or ``IONWORKS_CACHE_DIR=off``, keeps nothing.
    cache_max_bytes : int, optional
        The cache's bound; the entries used least recently go first. Defaults
        to 2 GiB.

    Raises
    ------
    ValueError
        When neither an API key nor a token is found, a credential holds a
        control character, a setting is out of range, or the dataframe
        backend is unknown.

    Examples
    --------
    >>> async with AsyncIonworks() as client:  # doctest: +SKIP
    ...     detail = await client.cell_instance.detail(instance_id)
    """

    cell_spec = SubClient(AsyncCellSpecificationClient, "Cell specifications.")
    cell_batch = SubClient(
        AsyncCellBatchClient, "Cell batches: manufacturing lots of a specification."
    )
    cell_instance = SubClient(AsyncCellInstanceClient, "Cell instances.")
    cell_measurement = SubClient(AsyncCellMeasurementClient, "Cell measurements.")
    measurement = SubClient(
        AsyncCellMeasurementClient,
        "Alias of :attr:`cell_measurement`.",
        alias_of="cell_measurement",
    )
    raw_data = SubClient(
        AsyncRawDataClient,
        "Raw data: original files kept as uploaded, linked to measurements.",
    )
    project = SubClient(AsyncProjectClient, "Projects of the organisation.")

    @input_boundary(ValueError, TypeError)  # a wrong setting: the message says it
    def __init__(
        self,
        api_key: str | None = None,
        api_url: str | None = None,
        project_id: str | None = None,
        dataframe_backend: DataFrameBackend | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        token: str | None = None,
        organization_id: str | None = None,
        *,
        download_timeout: float = 300.0,
        max_download_bytes: int = 8 * 1024**3,
        retry_deadline: float = 60.0,
        max_concurrency: int = 64,
        storage_concurrency: int = 64,
        verify: Verify = True,
        proxy: str | None = None,
        cache_dir: CacheDir = None,
        cache_max_bytes: int = DEFAULT_CACHE_MAX_BYTES,
    ) -> None:
        settings = resolve_settings(
            api_key, api_url, token, organization_id, project_id
        )
        directory = resolve_cache_dir(cache_dir)
        transport = Transport(
            settings,
            timeout=10.0 if timeout is None else timeout,
            download_timeout=download_timeout,
            max_download_bytes=max_download_bytes,
            max_retries=5 if max_retries is None else max_retries,
            retry_deadline=retry_deadline,
            max_concurrency=max_concurrency,
            storage_concurrency=storage_concurrency,
            verify=verify,
            proxy=proxy,
            hints=Hints(directory, settings.api_url),
        )
        self._context = ResourceContext(
            transport=transport,
            data_cache=None
            if directory is None
            else DataCache(directory, cache_max_bytes, settings),
            dataframe_backend=None
            if dataframe_backend is None
            else resolve_backend(dataframe_backend),
            project_id=settings.project_id,
            max_concurrency=transport.max_concurrency,
        )
        warm_up(self._context.frame_backend())  # imports beside the first trips

    @property
    def context(self) -> ResourceContext:
        """What its resource clients are built from: transport, cache, settings."""
        return self._context

    @property
    def api_url(self) -> str:
        """The base URL requests go to."""
        return self._context.transport.settings.api_url

    @property
    def project_id(self) -> str | None:
        """The default project, or ``None``; assign it to change it.

        Every sub-client reads it at each call, as the public client's
        ``client.project_id = ...`` is read.
        """
        return self._context.project_id

    @project_id.setter
    def project_id(self, value: str | None) -> None:
        if value is not None:
            segment(value, "project_id")  # a non-empty id, fit for a path
        self._context.project_id = value

    @property
    def dataframe_backend(self) -> DataFrameBackend:
        """The kind of frame data methods return now.

        For a client built without a ``dataframe_backend`` argument it follows
        :func:`ionworks.set_dataframe_backend`.
        """
        return self._context.frame_backend()

    @property
    def cache_dir(self) -> Path | None:
        """The folder of the on-disk data cache, or ``None`` when it is off."""
        cache = self._context.data_cache
        return None if cache is None else cache.directory

    async def health_check(self) -> dict[str, Any]:
        """Return what the API's health route says (``GET /healthz``).

        Returns
        -------
        dict
            The server's answer (``{"status": "ok", ...}``).
        """
        return await self._object("GET", "/healthz")

    async def whoami(self) -> dict[str, Any]:
        """Return the user the credentials act for (``GET /users/me``).

        The recommended way to debug a key: ``authorized_organization`` is
        the organisation the key was issued for.

        Returns
        -------
        dict
            ``id``, ``email``, ``authorized_organization`` (``{"id",
            "name"}`` or None) and ``organizations``.

        Raises
        ------
        AuthenticationError
            When the key is missing, wrong or expired (401).
        """
        return await self._object("GET", "/users/me")

    async def resolve_measurement(
        self,
        cell_specification: str,
        cell_instance: str,
        measurement: str,
        *,
        project_id: str | None = None,
    ) -> CellMeasurement:
        """Find a measurement by the names of its specification, cell and itself.

        Parameters
        ----------
        cell_specification : str
            The specification's exact name.
        cell_instance : str
            The cell's exact name, within that specification.
        measurement : str
            The measurement's exact name, within that cell.
        project_id : str, optional
            The project of the specification (default: the client's project;
            without one, every project's specifications are looked at).

        Returns
        -------
        CellMeasurement
            The measurement.

        Raises
        ------
        NotFoundError
            When a level has no match (``status_code`` 404).
        ConflictError
            When a name is shared within its parent (409): resolve by id.
        """
        specs = await self.cell_spec.list(
            name_exact=cell_specification, project_id=project_id
        )
        spec = _one(specs, "cell specification", cell_specification)
        cells = await self.cell_instance.list(spec.id, name_exact=cell_instance)
        cell = _one(cells, "cell instance", cell_instance)
        found = await self.cell_measurement.list(cell.id, name_exact=measurement)
        return _one(found, "cell measurement", measurement)

    async def cycle_table(
        self,
        cell_specification_id: str | None = None,
        *,
        batch_id: str | None = None,
        cell_instance_ids: Sequence[str] | None = None,
        cells_at_once: int | None = None,
    ) -> Frame:
        """Return every cycle of a fleet of cells, with its metrics, in one frame.

        For a specification's cells, a lot's, or a list of cells: each cell's
        ``detail()`` (steps only), a few cells at a time and through the data
        cache (a repeat over unchanged measurements is one round trip a cell),
        then each measurement's cycle metrics, computed here
        (:func:`ionworks_async.analysis.cycle_metrics`).

        Parameters
        ----------
        cell_specification_id : str, optional
            Every cell of this specification.
        batch_id : str, optional
            Every cell of this lot.
        cell_instance_ids : list of str, optional
            These cells. Give exactly one of the three.
        cells_at_once : int, optional
            Cells fetched at once (default: a quarter of ``max_concurrency``;
            each cell's measurements are fetched at once within it).

        Returns
        -------
        Frame
            A row a cycle: ``Specification``, ``Lot``, ``Cell``, ``Cell id``,
            ``Measurement``, ``Measurement id``, ``Cell cycle`` (counted across
            the cell's measurements, in the order they started), the 21 cycle
            metrics, and ``Cell capacity retention`` (discharge capacity over
            the cell's first cycle's), in the client's dataframe backend.

        Raises
        ------
        ValueError
            When not exactly one of the three is given.
        NotFoundError
            When the specification, lot or a cell does not exist.
        """
        from .resources.fleet import cycle_table

        return await cycle_table(
            self, cell_specification_id, batch_id, cell_instance_ids, cells_at_once
        )

    async def clear_cache(self) -> int:
        """Delete every entry of the on-disk data cache.

        Returns
        -------
        int
            How many entries were deleted (0 when the cache is off).
        """
        cache = self._context.data_cache
        return 0 if cache is None else await cache.clear()

    @property
    def max_concurrency(self) -> int:
        """How many requests this client keeps in flight at most."""
        return self._context.transport.max_concurrency

    @property
    def storage_concurrency(self) -> int:
        """How many storage requests this client keeps in flight at most."""
        return self._context.transport.storage_concurrency

    @property
    def closed(self) -> bool:
        """Whether the client was closed."""
        return self._context.transport.closed

    def __repr__(self) -> str:
        return f"{type(self).__name__}(api_url={self.api_url!r})"

    async def aclose(self) -> None:
        """Close the HTTP session; calling it again does nothing.

        Also waits for the data cache's background writes to reach the disk.
        """
        await self._context.transport.aclose()
        if self._context.data_cache is not None:
            await self._context.data_cache.flush()

    async def __aenter__(self) -> AsyncIonworks:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()


R = TypeVar("R")


def _one(found: list[R], label: str, name: str) -> R:
    """Return the one record a name lookup found: 404 for none, 409 for more."""
    if not found:
        raise NotFoundError(f"No {label} named {name!r} found", 404)
    if len(found) > 1:
        raise ConflictError(
            f"{len(found)} {label}s are named {name!r}: resolve by id instead", 409
        )
    return found[0]
