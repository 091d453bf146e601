"""The base of the sub-clients that map a method to one route of the API.

The lab's clients (and the others that follow the public client route for
route) send what the public client sends for each call: the same method,
path, query and body. What they share is here: ids checked into paths, a
list's query as the public client builds it (``None`` left out, the name
filters in PostgREST's words), one record or one page read and checked,
the walk over every page a ``detail`` needs, create-or-get, and the
default project.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

from .._arguments.query import check_data, integer_text, like_literal, segment
from .._transport import decode_json
from .._transport.multipart import multipart_body
from .._transport.request import Request
from ..errors import ResponseValidationError
from ..models import Record
from ..models.pages import PaginatedList
from ._base import ResourceClient
from ._records_api import PAGE_SIZE, parse_page, parse_record

__all__ = ["RouteResource", "every_page", "filter_pairs", "route"]

R = TypeVar("R", bound=Record)
Pairs = list[tuple[str, str]]


def route(template: str, **ids: object) -> str:
    """Return a path from its template, each id checked and percent-encoded."""
    return template.format(
        **{name: segment(value, name) for name, value in ids.items()}
    )


def _text(value: object) -> str:
    """Return a query value as the public client writes it (``str()``)."""
    return str(value)


def filter_pairs(
    limit: int | None = None,
    offset: int | None = None,
    *,
    name: str | None = None,
    name_exact: str | None = None,
    created_by_email: str | None = None,
    created_after: str | None = None,
    created_before: str | None = None,
    updated_after: str | None = None,
    updated_before: str | None = None,
    order_by: str | None = None,
    order: str | None = None,
) -> Pairs:
    """Return a page and the common filters as query pairs, in the API's words.

    ``name`` matches a part of the name, literally (``%`` and ``_`` are not
    wildcards), ``name_exact`` all of it and wins over ``name``; the times
    become ``created_at_gt`` and the like. ``None`` is not sent.

    Raises
    ------
    TypeError, ValueError
        For a page bound that is not a whole number in range, or an
        ``order`` other than ``"asc"``/``"desc"``.
    """
    pairs: Pairs = []
    if limit is not None:
        pairs.append(("limit", integer_text(limit, "limit", 1, None)))
    if offset is not None:
        pairs.append(("offset", integer_text(offset, "offset", 0, None)))
    if name_exact is not None:
        pairs.append(("name", f"eq.{name_exact}"))
    elif name is not None:
        pairs.append(("name", f"ilike.%{like_literal(name)}%"))
    if created_by_email is not None:
        pairs.append(("created_by_email", f"ilike.%{like_literal(created_by_email)}%"))
    for key, value in (
        ("created_at_gt", created_after),
        ("created_at_lt", created_before),
        ("updated_at_gt", updated_after),
        ("updated_at_lt", updated_before),
        ("order_by", order_by),
    ):
        if value is not None:
            pairs.append((key, _text(value)))
    if order is not None:
        if order not in ("asc", "desc"):
            raise ValueError(f"order must be 'asc' or 'desc', got {order!r}")
        pairs.append(("order", order))
    return pairs


def contains_pairs(**fields: str | None) -> Pairs:
    """Return ``field=ilike.%text%`` for each field given (a literal match)."""
    return [
        (key, f"ilike.%{like_literal(value)}%")
        for key, value in fields.items()
        if value is not None
    ]


def plain_pairs(**fields: object) -> Pairs:
    """Return ``field=value`` for each field given; a list repeats the field."""
    pairs: Pairs = []
    for key, value in fields.items():
        for one in value if isinstance(value, list | tuple) else [value]:
            if one is not None:
                pairs.append((key, _text(one)))
    return pairs


async def every_page(
    fetch: Callable[[int, int], Awaitable[PaginatedList[R]]],
) -> list[R]:
    """Walk a list page after page (``limit=100``) until its total is read.

    ``fetch(limit, offset)`` returns one page; the walk sends the requests the
    public client's own walks send, one after another.
    """
    found: list[R] = []
    offset = 0
    while True:
        page = await fetch(PAGE_SIZE, offset)
        found.extend(page)
        offset += len(page)
        if not page or offset >= (page.total or 0):
            return found


class RouteResource(ResourceClient):
    """A sub-client whose methods each send one route's request (or a few)."""

    def _project(self, project_id: str | None) -> str:
        """Return the given project, else the client's default, else fail.

        The id is checked (a path segment), not encoded: give it to :func:`route`.
        """
        resolved = project_id or self._context.project_id
        if not resolved:
            raise ValueError(
                "project_id is required. Pass it explicitly, set it on the client "
                "(project_id=...), or set the IONWORKS_PROJECT_ID environment "
                "variable."
            )
        segment(resolved, "project_id")
        return resolved

    async def _json(
        self,
        method: str,
        path: str,
        *,
        params: Pairs | None = None,
        body: Any = None,
    ) -> Any:
        """Send a request; return its decoded JSON answer."""
        return await self._api.transport.request_json(
            method, path, params=params or None, body=body
        )

    async def _object(
        self, method: str, path: str, *, params: Pairs | None = None, body: Any = None
    ) -> dict[str, Any]:
        """Send a request whose answer is a JSON object; return it."""
        answer = await self._json(method, path, params=params, body=body)
        if not isinstance(answer, dict):
            raise ResponseValidationError(
                f"The Ionworks API answered {method} {path} with "
                f"{type(answer).__name__}, not a JSON object.",
                method=method,
                path=path,
            )
        return answer

    async def _array(
        self,
        method: str,
        path: str,
        *,
        params: Pairs | None = None,
        body: Any = None,
        what: str = "",
    ) -> list[Any]:
        """Send a request whose answer is a JSON array; return it."""
        answer = await self._json(method, path, params=params, body=body)
        if not isinstance(answer, list):
            raise ResponseValidationError(
                f"The Ionworks API answered {method} {path} without a list"
                + (f" of {what}." if what else "."),
                method=method,
                path=path,
            )
        return answer

    async def _url(self, path: str, *, params: Pairs | None = None) -> str:
        """GET a route answering ``{"url": ...}`` (a signed URL); return the URL."""
        url = (await self._object("GET", path, params=params)).get("url")
        if not isinstance(url, str) or not url:
            raise ResponseValidationError(
                f"The Ionworks API answered GET {path} without a url.",
                method="GET",
                path=path,
            )
        return url

    async def _one(
        self,
        method: str,
        path: str,
        cls: type[R],
        *,
        params: Pairs | None = None,
        body: Any = None,
    ) -> R:
        """Send a request; read its answer as one record of ``cls``."""
        answer = await self._json(method, path, params=params, body=body)
        return parse_record(answer, cls, method, path)

    async def _records(
        self, method: str, path: str, cls: type[R], *, body: Any = None
    ) -> list[R]:
        """Send a request whose answer is a JSON array of records."""
        answer = await self._array(
            method, path, body=body, what=f"{cls.__name__} records"
        )
        return [parse_record(item, cls, method, path) for item in answer]

    async def _page(self, path: str, cls: type[R], params: Pairs) -> PaginatedList[R]:
        """GET one page of a list route (either list form of the API)."""
        answer = await self._json("GET", path, params=params)
        page = parse_page(answer, cls, "GET", path)
        if page.total is None:
            page.total = len(page)
        return page

    async def _text(self, path: str) -> str:
        """GET a route that answers text (or a JSON string); return the text."""
        transport = self._api.transport
        response = await transport.fetch(Request("GET", transport.api_url(path)))
        if response.headers.get("Content-Type", "").startswith("application/json"):
            answer = decode_json(response.body)
            return answer if isinstance(answer, str) else str(answer)
        return response.body.decode("utf-8", errors="replace")

    async def _multipart(
        self,
        path: str,
        files: dict[str, Any] | None,
        fields: dict[str, Any] | None = None,
        method: str = "POST",
        *,
        params: Pairs | None = None,
    ) -> Any:
        """Send form fields and files as ``multipart/form-data``; return its JSON.

        Without files or fields the request has no body (query parameters only).
        """
        transport = self._api.transport
        body: bytes | None = None
        headers: dict[str, str] = {}
        if files or fields:
            body, headers = multipart_body(fields, files)
        request = Request(
            method,
            transport.api_url(path),
            params=params or None,
            body=body,
            headers=headers,
            transfer=True,
        )
        response = await transport.fetch(request)
        return decode_json(response.body)

    async def _delete(self, path: str) -> None:
        """DELETE a record."""
        await self._json("DELETE", path)

    @staticmethod
    async def _every(
        fetch: Callable[[int, int], Awaitable[PaginatedList[R]]],
    ) -> list[R]:
        """Walk a list page after page (see :func:`every_page`)."""
        return await every_page(fetch)

    async def _create_or_get(
        self,
        create: Callable[[], Awaitable[R]],
        data: object,
        get: Callable[[str], Awaitable[R]],
        find: Callable[[str], Awaitable[PaginatedList[R]]],
    ) -> R:
        """Create a record; on a name conflict return the existing one."""
        name = check_data(data).get("name")

        async def by_name(wanted: str) -> AsyncIterator[R]:
            for record in await find(wanted):
                yield record

        record, _ = await self._api.create_or_get(
            create(), name=name, legacy_key="", get=get, find_by_name=by_name
        )
        return record
