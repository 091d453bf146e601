"""ionworks-local: an Ionworks-compatible API server on SQLite.

>>> from ionworks_async.local import serve
>>> with serve() as server:  # doctest: +SKIP
...     client = Ionworks(server.api_key, server.url)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .server import LocalServer, serve

__all__ = ["LocalServer", "serve"]


def __getattr__(name: str) -> Any:
    # The server (aiohttp.web, sqlite3) loads on first use, not with the
    # package: the pytest plugin imports this package in every pytest run.
    if name in __all__:
        from . import server

        return getattr(server, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
