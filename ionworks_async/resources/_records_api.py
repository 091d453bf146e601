"""The API's records over one transport: typed requests, paging, create-or-get, bulk."""

from __future__ import annotations

from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Callable,
    Hashable,
    Mapping,
)
from typing import Any, TypeVar

from .._arguments.query import check_data, name_contains, nfc, query_params
from .._runtime.tasks import gather_or_cancel
from .._runtime.user_warnings import warn_user
from .._transport import QueryParams, Transport
from ..bulk.runner import BatchResult, ItemSource, Progress, run_batch
from ..errors import ConflictError, IonworksError, ResponseValidationError
from ..models import Record
from ..models._base import structure_record
from ..models.pages import PaginatedList
from ..tables.table import Table

__all__ = [
    "PAGE_SIZE",
    "RecordsApi",
    "columnar_table",
    "is_conflict",
    "name_key",
    "parse_page",
    "parse_record",
]


R = TypeVar("R", bound=Record)
PAGE_SIZE = 100
MAX_PLAUSIBLE_TOTAL = 10_000_000
"""A list ``total`` above this is a server's error, not a count of records."""
WALK_ATTEMPTS = 3
"""How often a list that changed while it was walked is walked again."""
"""The API's largest page, used when walking every page."""


def parse_record(payload: Any, cls: type[R], method: str, path: str) -> R:
    """Structure a response as a record, or raise ResponseValidationError."""
    try:
        return structure_record(payload, cls)
    except TypeError as error:
        raise ResponseValidationError(
            f"The Ionworks API answered {method} {path} with a body that is not "
            f"a valid {cls.__name__}: {error}.",
            method=method,
            path=path,
        ) from None


def parse_page(payload: Any, cls: type[R], method: str, path: str) -> PaginatedList[R]:
    """Read either list form: ``{"items", "count", "total"}`` or a bare array."""
    total: int | None = None
    if isinstance(payload, Mapping) and isinstance(payload.get("items"), list):
        items = payload["items"]
        raw_total = payload.get("total")
        total = raw_total if type(raw_total) is int and raw_total >= 0 else None
        if total is not None and total > MAX_PLAUSIBLE_TOTAL:
            raise ResponseValidationError(
                f"The Ionworks API answered {method} {path} with total={total}, "
                f"beyond any plausible count (more than {MAX_PLAUSIBLE_TOTAL:,} "
                "records).",
                method=method,
                path=path,
            )
    elif isinstance(payload, list):
        items = payload
    else:
        raise ResponseValidationError(
            f"The Ionworks API answered {method} {path} with a body that is not "
            "a list of records.",
            method=method,
            path=path,
        )
    return PaginatedList(
        (parse_record(item, cls, method, path) for item in items), total
    )


def columnar_table(payload: Any, key: str, path: str) -> Table:
    """Read the columnar JSON table at ``payload[key]``, or fail clearly."""
    columns = payload.get(key) if isinstance(payload, Mapping) else None
    try:
        return Table.from_columns(columns)  # type: ignore[arg-type]
    except ValueError as error:
        raise ResponseValidationError(
            f"The Ionworks API answered GET {path} without a columnar "
            f"{key!r} object: {error}.",
            method="GET",
            path=path,
        ) from None


def name_key(item: Any) -> Hashable | None:
    """Return an item's identity within its parent, for a batch: its name."""
    name = item.get("name") if isinstance(item, Mapping) else None
    return name if isinstance(name, str) else None


def is_conflict(error: IonworksError) -> bool:
    """Whether an error says the record already exists (409 or ``CONFLICT``)."""
    return error.status_code == 409 or error.error_code == "CONFLICT"


def _ids(page: PaginatedList[R]) -> list[str]:
    return [record.id for record in page]


def shifted_error(path: str, attempts: int) -> ResponseValidationError:
    """Return the error for a list that kept changing while it was walked."""
    return ResponseValidationError(
        f"The list GET {path} changed while it was read page by page (its total "
        "moved, a record appeared on two pages, or fewer came than its total "
        "said), "
        f"{attempts} time{'s' if attempts > 1 else ''}: records were created or "
        "deleted meanwhile. Read it again once they settle.",
        method="GET",
        path=path,
    )


def has_shifted(
    page: PaginatedList[R], first_total: int | None, seen: set[str]
) -> bool:
    """Whether a page shows the list changed since its first page.

    A record deleted or created before the page's offset moves ``total``
    and shifts the rows, so a record is skipped or read twice. (A delete and
    a create together keep ``total``; the repeated id still shows a create
    before the offset.)
    """
    ids = _ids(page)
    changed = page.total != first_total or not seen.isdisjoint(ids)
    seen.update(ids)
    return changed


def _ignores_offset(path: str, offset: int) -> ResponseValidationError:
    return ResponseValidationError(
        f"The Ionworks API answered GET {path} at offset {offset} with the same "
        "records as the page before: it ignores the offset, so the list cannot "
        "be walked.",
        method="GET",
        path=path,
    )


class _Shifted(Exception):
    """A list changed while it was walked (internal: walked again or raised)."""


class RecordsApi:
    """The API's records over one transport: typed requests, paging, bulk.

    What every resource (and every part of one) sends goes through here.

    Parameters
    ----------
    transport : Transport
        Where the requests go.
    max_concurrency : int
        The default number of items a bulk job keeps in flight.
    """

    def __init__(self, transport: Transport, max_concurrency: int) -> None:
        self.transport = transport
        self.max_concurrency = max_concurrency

    async def record(
        self,
        method: str,
        path: str,
        cls: type[R],
        body: Any = None,
        *,
        retry_safe: bool = False,
    ) -> R:
        """Send a request and read its answer as a record of ``cls``."""
        payload = await self.transport.request_json(
            method, path, body=body, retry_safe=retry_safe
        )
        return parse_record(payload, cls, method, path)

    async def page(
        self, path: str, params: QueryParams, cls: type[R]
    ) -> PaginatedList[R]:
        """GET one page of a list route."""
        payload = await self.transport.request_json("GET", path, params=params)
        return parse_page(payload, cls, "GET", path)

    async def delete(self, path: str) -> None:
        """DELETE a record."""
        await self.transport.request_json("DELETE", path)

    async def list(
        self,
        path: str,
        cls: type[R],
        limit: int | None,
        offset: int | None,
        filters: Mapping[str, Any],
    ) -> PaginatedList[R]:
        """One page when ``limit`` or ``offset`` is given, else every match."""
        if limit is not None or offset is not None:
            params = query_params(limit=limit, offset=offset, filters=filters)
            page = await self.page(path, params, cls)
            kept = _named(page, name_contains(filters))
            if len(kept) < len(page):
                kept.total = None  # how many of the others match is not known
            return kept
        for _ in range(WALK_ATTEMPTS):
            try:
                records = await self._whole(path, cls, filters)
            except _Shifted:
                continue  # walked again from the start
            records.total = len(records)
            return records
        raise shifted_error(path, WALK_ATTEMPTS)

    async def _whole(
        self, path: str, cls: type[R], filters: Mapping[str, Any]
    ) -> PaginatedList[R]:
        """Read every page: the first, then (its total known) the rest at once.

        At most ``max_concurrency`` pages are in flight. Each page must agree
        with the others as it arrives (one total, no record twice, full but
        the last), else the rest are cancelled: the list changed during the
        read (``_Shifted``), or the server ignores the offset (an error). A
        first page that is not full (a server that clamps the page, a total
        that is wrong) is walked page by page, as is a list without a total.
        """
        query_params(filters=filters)  # a bad filter fails before any request
        first = await self.page(
            path, query_params(limit=PAGE_SIZE, offset=0, filters=filters), cls
        )
        total = first.total
        if total is None or len(first) != PAGE_SIZE or total <= PAGE_SIZE:
            records: PaginatedList[R] = PaginatedList()
            async for page in self.pages(path, cls, filters, first=first):
                records += page
            return records
        seen: set[str] = set()
        has_shifted(first, total, seen)
        offsets = range(PAGE_SIZE, total, PAGE_SIZE)
        rest: list[PaginatedList[R]] = [PaginatedList() for _ in offsets]
        todo = iter(enumerate(offsets))  # shared: each page taken once

        async def reader() -> None:  # one of the readers; a failure stops all
            for index, offset in todo:
                params = query_params(limit=PAGE_SIZE, offset=offset, filters=filters)
                page = await self.page(path, params, cls)
                if page and _ids(page) == _ids(first):
                    raise _ignores_offset(path, offset)
                short = len(page) != min(PAGE_SIZE, total - offset)
                if has_shifted(page, total, seen) or short:
                    raise _Shifted
                rest[index] = page

        await gather_or_cancel(
            reader() for _ in range(min(self.max_concurrency, len(offsets)))
        )
        literal = name_contains(filters)
        records = PaginatedList(_named(first, literal))
        for page in rest:
            records += _named(page, literal)
        return records

    async def iterate(
        self, path: str, cls: type[R], filters: Mapping[str, Any]
    ) -> AsyncIterator[R]:
        """Yield every match, fetching page by page."""
        pages = self.pages(path, cls, filters)
        try:
            async for page in pages:
                for record in page:
                    yield record
        except _Shifted:
            # Records already yielded cannot be taken back: say so.
            raise shifted_error(path, 1) from None
        finally:
            await pages.aclose()

    async def pages(
        self,
        path: str,
        cls: type[R],
        filters: Mapping[str, Any],
        *,
        first: PaginatedList[R] | None = None,
    ) -> AsyncGenerator[PaginatedList[R], None]:
        """Yield every page of a list route, one request a page.

        The offset advances by the rows actually received (a server may clamp
        ``limit``); the walk stops at ``total``, or, when the API gives no
        total, on a page shorter than asked for; always on an empty page. A
        list that changes during the walk (see :func:`has_shifted`) raises
        ``_Shifted`` before the page that shows it is yielded.
        """
        query_params(filters=filters)  # a bad filter fails before any request
        literal = name_contains(filters)
        offset = 0
        previous: PaginatedList[R] | None = None
        first_total: int | None = None
        seen: set[str] = set()
        while True:
            params = query_params(limit=PAGE_SIZE, offset=offset, filters=filters)
            page = first if first is not None and offset == 0 else None
            if page is None:
                page = await self.page(path, params, cls)
            if offset == 0:
                first_total = page.total
            if previous and page and _ids(page) == _ids(previous):
                raise _ignores_offset(path, offset)
            if has_shifted(page, first_total, seen):
                raise _Shifted
            yield _named(page, literal)
            offset += len(page)
            if not page:
                return
            if page.total is not None:
                if offset >= page.total:
                    return
            elif len(page) < PAGE_SIZE:
                return
            previous = page

    async def create_or_get(
        self,
        create: Awaitable[R],
        *,
        name: object,
        legacy_key: str,
        get: Callable[[str], Awaitable[R]],
        find_by_name: Callable[[str], AsyncIterator[R]],
        same_name: Callable[[str, str], bool] = str.__eq__,
    ) -> tuple[R, bool]:
        """Create a record; on a name conflict return the existing one.

        Returns the record and whether this call created it.

        The existing record is found by ``detail.existing_id``, else by the
        legacy key (with a ``DeprecationWarning``), else by a name query over
        every page, compared by ``same_name``; if none names it, ``ValueError``.
        """
        try:
            return await create, True
        except IonworksError as error:
            if not is_conflict(error):
                raise
            conflict = error
        existing_id = (
            conflict.existing_id if isinstance(conflict, ConflictError) else None
        )
        detail = conflict.detail
        if existing_id is None and isinstance(detail, Mapping):
            legacy_id = detail.get(legacy_key)
            if isinstance(legacy_id, str) and legacy_id:
                warn_user(
                    f"The API named the existing record with the legacy key "
                    f"{legacy_key!r}; newer servers send 'existing_id'.",
                    DeprecationWarning,
                )
                existing_id = legacy_id
        if existing_id is not None:
            return await get(existing_id), False
        if isinstance(name, str):
            candidates = find_by_name(name)
            try:
                async for record in candidates:
                    if same_name(record.name, name):
                        return record, False
            finally:
                # Stop the page walk now rather than when it is garbage-collected.
                close = getattr(candidates, "aclose", None)
                if close is not None:
                    await close()
        raise ValueError(
            f"Creating {name!r} conflicted with an existing record, but the API "
            "did not say which one and none was found by name."
        ) from conflict

    async def bulk(
        self,
        items: ItemSource[dict[str, Any]],
        *,
        create: Callable[[dict[str, Any]], Awaitable[R]],
        create_or_get: Callable[[dict[str, Any]], Awaitable[tuple[R, bool]]],
        if_exists: str,
        concurrency: int | None,
        progress: Progress,
        stop_on_error: bool,
        key: Callable[[dict[str, Any]], Hashable | None] = name_key,
    ) -> BatchResult[R]:
        """Run a bulk create: every item through ``create`` or ``create_or_get``.

        With ``if_exists="get"`` each item is a create-or-get, whose create
        the transport may re-send after an ambiguous failure (dropped
        connection, timeout, 5xx) within the client's one retry budget and
        deadline: a create that committed but lost its answer then resolves to
        the existing record, so nothing is created twice and nothing is lost.
        Two items of one batch with the same name (``key``) are an error of
        the second, never a silent "existing".
        """
        if if_exists not in ("get", "error"):
            raise ValueError(f"if_exists must be 'get' or 'error', got {if_exists!r}")

        async def operation(item: dict[str, Any]) -> tuple[R, bool]:
            body = check_data(item, "each item")
            if if_exists == "error":
                return await create(body), True
            return await create_or_get(body)

        return await run_batch(
            items,
            operation,
            concurrency=self.max_concurrency if concurrency is None else concurrency,
            progress=progress,
            stop_on_error=stop_on_error,
            key=key,
        )


def _named(page: PaginatedList[R], literal: str | None) -> PaginatedList[R]:
    """Keep the records whose name holds ``literal`` (all when it is ``None``)."""
    if literal is None:
        return page
    kept = PaginatedList(
        r for r in page if literal in nfc(str(getattr(r, "name", ""))).casefold()
    )
    kept.total = page.total
    return kept
