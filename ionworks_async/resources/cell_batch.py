"""Cell batches: manufacturing lots, each under a cell specification."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any, Unpack

from .._arguments.filters import NameFilters, check_filters, document_filters
from .._arguments.query import check_data, segment
from ..ingest._runner import BatchResult, ItemSource, Progress
from ..models import CellBatch
from ..models.pages import PaginatedList
from ..types import IfExists
from ._base import ResourceClient
from ._paths import batch_path, specification_batches_path
from ._requests import name_key

__all__ = ["AsyncCellBatchClient", "LotNames", "same_lot_name"]


def same_lot_name(found: str, wanted: str) -> bool:
    """Whether two lot names are the same lot (compared case-insensitively)."""
    return found.casefold() == wanted.casefold()


class AsyncCellBatchClient(ResourceClient):
    """Client for cell batches (manufacturing lots).

    A lot groups cells of one specification made together; cells join it by
    ``batch_id``. Lot names are unique within a specification, compared
    case-insensitively. Deleting a lot keeps its cells (their ``batch_id``
    becomes null).

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    async def get(self, cell_batch_id: str) -> CellBatch:
        """Get a lot by id, with its current ``instance_count``.

        Parameters
        ----------
        cell_batch_id : str
            The lot's id.

        Returns
        -------
        CellBatch
            The lot.
        """
        path = batch_path(cell_batch_id)
        return await self._api.record("GET", path, CellBatch)

    @document_filters(NameFilters)
    async def list(
        self,
        cell_spec_id: str,
        limit: int | None = None,
        offset: int | None = None,
        **filters: Unpack[NameFilters],
    ) -> PaginatedList[CellBatch]:
        """List the lots of a specification: every match, or one page.

        Parameters
        ----------
        cell_spec_id : str
            The specification's id.
        limit : int, optional
            Page size, 1 to 100. With ``limit`` or ``offset``, one page.
        offset : int, optional
            Records to skip. With neither, every page is fetched.
        **filters

        Returns
        -------
        PaginatedList[CellBatch]
            A list of the lots, with ``total``.
        """
        check_filters(filters, NameFilters, "list")
        return await self._api.list(
            specification_batches_path(cell_spec_id), CellBatch, limit, offset, filters
        )

    @document_filters(NameFilters)
    async def iter_all(
        self, cell_spec_id: str, **filters: Unpack[NameFilters]
    ) -> AsyncIterator[CellBatch]:
        """Iterate over every lot of a specification, page by page.

        Parameters
        ----------
        cell_spec_id : str
            The specification's id.
        **filters

        Yields
        ------
        CellBatch
            Each matching lot.
        """
        check_filters(filters, NameFilters, "iter_all")
        async for lot in self._api.iterate(
            specification_batches_path(cell_spec_id), CellBatch, filters
        ):
            yield lot

    async def create(self, cell_spec_id: str, data: dict[str, Any]) -> CellBatch:
        """Create a lot under a specification.

        Parameters
        ----------
        cell_spec_id : str
            The specification's id.
        data : dict
            ``name`` (required), and optionally ``notes``,
            ``date_manufactured`` (``YYYY-MM-DD``) and ``properties``.

        Returns
        -------
        CellBatch
            The new lot.
        """
        return await self._post(cell_spec_id, check_data(data), retry_safe=False)

    async def _post(
        self, cell_spec_id: str, body: dict[str, Any], *, retry_safe: bool
    ) -> CellBatch:
        return await self._api.record(
            "POST",
            specification_batches_path(cell_spec_id),
            CellBatch,
            body,
            retry_safe=retry_safe,
        )

    async def create_or_get(self, cell_spec_id: str, data: dict[str, Any]) -> CellBatch:
        """Create a lot, or get the specification's lot of that name.

        Names are compared case-insensitively, as the API does; an existing
        lot is returned as it is (the other fields of ``data`` are not
        applied).

        Parameters
        ----------
        cell_spec_id : str
            The specification's id.
        data : dict
            The lot's fields; ``name`` is required.

        Returns
        -------
        CellBatch
            The new lot, or the one that already had this name.

        Raises
        ------
        ValueError
            When the API reports a conflict but the existing lot is not found.
        """
        segment(cell_spec_id, "cell_spec_id")
        record, _ = await self._create_or_get_reporting(cell_spec_id, check_data(data))
        return record

    async def _create_or_get_reporting(
        self, cell_spec_id: str, body: dict[str, Any]
    ) -> tuple[CellBatch, bool]:
        return await self._api.create_or_get(
            self._post(cell_spec_id, body, retry_safe=True),
            name=body.get("name"),
            legacy_key="existing_cell_batch_id",
            get=self.get,
            find_by_name=lambda name: self.iter_all(cell_spec_id, name=name),
            same_name=same_lot_name,
        )

    async def update(self, cell_batch_id: str, data: dict[str, Any]) -> CellBatch:
        """Update a lot; a new name shows on every member as ``batch_name``.

        Parameters
        ----------
        cell_batch_id : str
            The lot's id.
        data : dict
            The fields to change: ``name``, ``notes``, ``date_manufactured``,
            ``properties``.

        Returns
        -------
        CellBatch
            The updated lot.
        """
        path = batch_path(cell_batch_id)
        return await self._api.record("PATCH", path, CellBatch, check_data(data))

    async def delete(self, cell_batch_id: str) -> None:
        """Delete a lot; its cells are kept, with no lot.

        Parameters
        ----------
        cell_batch_id : str
            The lot's id.
        """
        await self._api.delete(batch_path(cell_batch_id))

    async def create_many(
        self,
        cell_spec_id: str,
        items: ItemSource[dict[str, Any]],
        *,
        if_exists: IfExists = "get",
        concurrency: int | None = None,
        progress: Progress = False,
        stop_on_error: bool = False,
    ) -> BatchResult[CellBatch]:
        """Create many lots under one specification, concurrently.

        Parameters
        ----------
        cell_spec_id : str
            The specification's id.
        items : iterable or async iterable of dict
            The lots' fields, as :meth:`create` takes them; consumed lazily.
        if_exists : {"get", "error"}, optional
            ``"get"`` (the default) returns a lot that already has the name
            (compared case-insensitively); ``"error"`` fails the item.
        concurrency : int, optional
            Items in flight at once (default: the client's ``max_concurrency``).
        progress : bool or callable, optional
            ``True`` for a progress bar; a callable gets
            ``(done, total_or_None, failed)``.
        stop_on_error : bool, optional
            Cancel the remaining items at the first failure.

        Returns
        -------
        BatchResult[CellBatch]
            Records in input order, failures with their errors, counts and rate.
        """
        segment(cell_spec_id, "cell_spec_id")
        return await self._api.bulk(
            items,
            create=lambda body: self.create(cell_spec_id, body),
            create_or_get=lambda body: self._create_or_get_reporting(
                cell_spec_id, body
            ),
            if_exists=if_exists,
            concurrency=concurrency,
            progress=progress,
            stop_on_error=stop_on_error,
            key=folded_name_key,
        )


def folded_name_key(item: Any) -> str | None:
    """Return a lot item's identity within a batch: its case-folded name."""
    name = name_key(item)
    return name.casefold() if isinstance(name, str) else None


class LotNames:
    """Resolve lot names to lot ids: create-or-get, once per distinct name.

    Older documentation (the seed guide among it) sends ``"batch": "<name>"``
    on an instance; the API keeps lots as records that instances name by
    ``batch_id``. One resolver serves one call (a ``create_many`` batch
    shares one): concurrent items of the same lot wait for one lookup, so no
    race creates two lots and each distinct name costs one request.

    Parameters
    ----------
    batches : AsyncCellBatchClient
        The client that creates or finds the lots.
    """

    def __init__(self, batches: AsyncCellBatchClient) -> None:
        self._batches = batches
        self._ids: dict[tuple[str, str], str] = {}
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}

    @staticmethod
    def name_in(body: dict[str, Any]) -> str | None:
        """Return the lot name a body gives as ``batch``, checked, or ``None``.

        Raises
        ------
        TypeError
            When ``batch`` is not a string or ``None``.
        ValueError
            When the body names both ``batch`` and ``batch_id``, or ``batch``
            is blank.
        """
        if "batch" not in body:
            return None
        if "batch_id" in body:
            raise ValueError(
                "Give either 'batch' (a lot's name) or 'batch_id' (its id), not both."
            )
        name = body["batch"]
        if name is None:
            return None
        if not isinstance(name, str):
            raise TypeError(
                "batch must be a lot's name (a string) or None, "
                f"got {type(name).__name__}"
            )
        if not name.strip():
            raise ValueError("batch must be a non-empty lot name")
        return name

    async def translate(
        self, cell_spec_id: str | None, body: dict[str, Any]
    ) -> dict[str, Any]:
        """Return the body with ``batch`` replaced by the lot's ``batch_id``.

        ``"batch": None`` clears the lot (``batch_id: None``); a body without
        ``batch`` is returned as it is. ``cell_spec_id`` may be ``None`` only
        when :meth:`name_in` found no name. Raises as :meth:`name_in`.
        """
        name = self.name_in(body)
        if "batch" not in body:
            return body
        translated = {key: value for key, value in body.items() if key != "batch"}
        lot_id = None
        if name is not None:
            assert cell_spec_id is not None, "a lot name needs its specification"
            lot_id = await self.lot_id(cell_spec_id, name)
        translated["batch_id"] = lot_id
        return translated

    async def lot_id(self, cell_spec_id: str, name: str) -> str:
        """Return the id of the specification's lot of this name, creating it."""
        key = (cell_spec_id, name.casefold())
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            known = self._ids.get(key)
            if known is None:
                lot = await self._batches.create_or_get(cell_spec_id, {"name": name})
                known = self._ids[key] = lot.id
            return known
