"""The base of the generated plain methods: the hooks a resource may override.

The methods :mod:`._generated` holds for every declared resource call these
where resources differ; the defaults are what most records need. A
hand-written resource overrides one to add its behaviour: specifications
file a new record in the default project and scope an exact-name lookup to
it, instances turn a lot's name into its id, measurements check their tags,
lots compare names case-insensitively.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Mapping
from typing import Any

from .._arguments.query import check_data
from ._base import ResourceClient
from ._records_api import name_key

__all__ = ["BodyMaker", "PlainResource"]

BodyMaker = Callable[[object], Awaitable[dict[str, Any]]]
"""Turns what a caller gives as a new record into the request's body."""


class PlainResource(ResourceClient):
    """A resource client with declared plain methods (see :mod:`._declared`)."""

    def _query(self, filters: Mapping[str, Any]) -> dict[str, Any]:
        """Return a list's query parameters from its checked filters."""
        return dict(filters)

    def _bodies(self, parent_id: str | None) -> BodyMaker:
        """Return how one call, or one batch, makes its request bodies.

        The default checks the data (a dict of fields). A batch makes all its
        bodies with one maker, so what a maker looks up (a lot's id) is
        looked up once a batch.
        """

        async def body(data: object) -> dict[str, Any]:
            return check_data(data)

        return body

    async def _update_body(self, record_id: str, data: object) -> dict[str, Any]:
        """Return the body of an update (default: the data, checked)."""
        return check_data(data)

    def _name_query(self, name: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """Return the filters that find the record a name conflict names."""
        return {"name_exact": name}

    @staticmethod
    def _same_name(found: str, wanted: str) -> bool:
        """Whether a found record's name is the wanted one (default: equal)."""
        return found == wanted

    @staticmethod
    def _item_key(item: Any) -> Hashable | None:
        """Return a batch item's identity: two items of one key are an error."""
        return name_key(item)
