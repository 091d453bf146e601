"""Cell batches: manufacturing lots, each under a cell specification."""

from __future__ import annotations

import asyncio
from collections.abc import Hashable, Mapping
from typing import Any

from ._generated import PlainCellBatches
from ._records_api import name_key

__all__ = ["AsyncCellBatchClient", "LotNames", "same_lot_name"]


def same_lot_name(found: str, wanted: str) -> bool:
    """Whether two lot names are the same lot (compared case-insensitively)."""
    return found.casefold() == wanted.casefold()


class AsyncCellBatchClient(PlainCellBatches):
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

    def _name_query(self, name: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """Find a lot by ``name`` (the API compares it case-insensitively)."""
        return {"name": name}

    _same_name = staticmethod(same_lot_name)

    @staticmethod
    def _item_key(item: Any) -> Hashable | None:
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
