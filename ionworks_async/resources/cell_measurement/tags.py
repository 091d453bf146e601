"""Measurement tags: the tags in use, and adding or removing them in bulk.

Part of :class:`~.cell_measurement.AsyncCellMeasurementClient`. Tags are also
set in create and update bodies (``"tags": [...]``, which replaces the set)
and filtered on in ``list(..., tags_all=..., tags_any=...)``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..._arguments.query import integer_text
from ..._runtime.tasks import gather_or_cancel
from ...errors import ResponseValidationError
from ...models import MeasurementTag
from ...models.pages import PaginatedList
from .._base import ResourceClient
from .._paths import TAGS_PATH
from .arguments import check_tags
from .processing import checked_measurement_ids as checked_ids

__all__ = ["BULK_TAG_IDS", "MeasurementTags"]

BULK_TAG_IDS = 1000
"""Measurement ids in one bulk tag request (the API's limit)."""


def _tag_list(tags: str | Iterable[str], name: str) -> list[str]:
    return check_tags([tags] if isinstance(tags, str) else tags, name)


class MeasurementTags(ResourceClient):
    """Tags of cell measurements (part of the cell measurement client)."""

    async def list_tags(
        self,
        project_id: str | None,
        q: str | None = None,
        limit: int | None = None,
    ) -> PaginatedList[MeasurementTag]:
        """List the tags in use, most used first.

        Parameters
        ----------
        project_id : str or None
            Only tags of this project's measurements; ``None``: the client's
            ``project_id`` setting, else every project.
        q : str, optional
            Only tags containing this text (case-insensitive).
        limit : int, optional
            At most this many, 1 to 1,000 (the API's default is 50).

        Returns
        -------
        PaginatedList[MeasurementTag]
            Each ``tag`` with its ``usage_count``; ``total`` counts every match.
        """
        params: list[tuple[str, str]] = []
        project = project_id if project_id is not None else self._context.project_id
        if project is not None:
            if not isinstance(project, str) or not project.strip():
                raise TypeError(
                    f"project_id must be a non-empty string, got {project!r}"
                )
            params.append(("project_id", project))
        if q is not None:
            if not isinstance(q, str):
                raise TypeError(f"q must be a string, got {type(q).__name__}")
            params.append(("q", q))
        if limit is not None:
            params.append(("limit", integer_text(limit, "limit", 1, 1000)))
        page = await self._api.page(TAGS_PATH, params, MeasurementTag)
        if page.total is None:  # a bare array: all there is
            page.total = len(page)
        return page

    async def add_tags(
        self, measurement_ids: str | Iterable[str], tags: str | Iterable[str]
    ) -> int:
        """Add tags to measurements (a tag they already hold is left alone).

        Parameters
        ----------
        measurement_ids : str or iterable of str
            The measurements; any number (sent 1,000 to a request).
        tags : str or iterable of str
            The tags (a bare string is one tag). A tag already used in the
            project keeps the spelling used there.

        Returns
        -------
        int
            How many measurements' tags changed.

        Raises
        ------
        NotFoundError
            When a measurement of a request does not exist (that request
            changes nothing).
        BadRequestError
            When a measurement would hold more than 50 tags.
        """
        return await self._retag(measurement_ids, add=_tag_list(tags, "tags"))

    async def remove_tags(
        self, measurement_ids: str | Iterable[str], tags: str | Iterable[str]
    ) -> int:
        """Remove tags from measurements (compared case-insensitively).

        Parameters
        ----------
        measurement_ids : str or iterable of str
            The measurements; any number (sent 1,000 to a request).
        tags : str or iterable of str
            The tags (a bare string is one tag); absent ones are ignored.

        Returns
        -------
        int
            How many measurements' tags changed.

        Raises
        ------
        NotFoundError
            When a measurement of a request does not exist (that request
            changes nothing).
        """
        return await self._retag(measurement_ids, remove=_tag_list(tags, "tags"))

    async def _retag(
        self,
        measurement_ids: str | Iterable[str],
        *,
        add: list[str] | None = None,
        remove: list[str] | None = None,
    ) -> int:
        ids = checked_ids(measurement_ids)
        chunks = [
            ids[start : start + BULK_TAG_IDS]
            for start in range(0, len(ids), BULK_TAG_IDS)
        ]

        async def send(chunk: list[str]) -> int:
            # Adding or removing a tag twice changes nothing: safe to re-send.
            payload = await self._api.transport.request_json(
                "POST",
                f"{TAGS_PATH}/bulk",
                body={
                    "measurement_ids": chunk,
                    "add": add or [],
                    "remove": remove or [],
                },
                retry_safe=True,
            )
            count = payload.get("updated_count") if isinstance(payload, dict) else None
            if isinstance(count, bool) or not isinstance(count, int):
                raise ResponseValidationError(
                    f"POST {TAGS_PATH}/bulk answered without an updated_count.",
                    method="POST",
                    path=f"{TAGS_PATH}/bulk",
                )
            return count

        return sum(await gather_or_cancel(send(chunk) for chunk in chunks))
