"""Search: one query over the names of every kind of record."""

from __future__ import annotations

from collections.abc import Sequence

from ...models.organization import SearchResponse
from .._routes import RouteResource, plain_pairs

__all__ = ["AsyncSearchClient"]


class AsyncSearchClient(RouteResource):
    """Client for search (the public client's ``client.search``).

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    async def query(
        self,
        q: str,
        *,
        limit: int = 25,
        offset: int = 0,
        per_type: int = 5,
        entity_types: Sequence[str] | None = None,
        project_id: str | None = None,
    ) -> SearchResponse:
        """Search the names of the organisation's records.

        Parameters
        ----------
        q : str
            The text to find.
        limit, offset : int, optional
            The page (25 hits from the first by default).
        per_type : int, optional
            The most hits of one entity type. Defaults to 5.
        entity_types : sequence of str, optional
            Only these types (``"cell_specification"``, ``"protocol"``, ...);
            an empty sequence finds nothing, without a request.
        project_id : str, optional
            Only this project's records.

        Returns
        -------
        SearchResponse
            The hits (iterate it), with ``total``.
        """
        if entity_types is not None and len(entity_types) == 0:
            empty = {"results": [], "query": q.strip(), "total": 0}
            return SearchResponse.model_validate(
                {**empty, "limit": limit, "offset": offset}
            )
        params = plain_pairs(q=q, limit=limit, offset=offset, per_type=per_type)
        params += plain_pairs(entity_types=list(entity_types or ()))
        params += plain_pairs(project_id=project_id)
        return await self._one("GET", "/search", SearchResponse, params=params)
