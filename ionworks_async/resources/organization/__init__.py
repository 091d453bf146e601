"""The organisation's sub-clients: its members and usage, search, app links."""

from .organization import AsyncOrganizationClient
from .search import AsyncSearchClient
from .urls import AsyncUrlsClient

__all__ = ["AsyncOrganizationClient", "AsyncSearchClient", "AsyncUrlsClient"]
