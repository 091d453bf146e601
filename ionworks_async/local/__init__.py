"""ionworks-local: an Ionworks-compatible API server on SQLite.

>>> from ionworks_async.local import serve
>>> with serve() as server:  # doctest: +SKIP
...     client = Ionworks(server.api_key, server.url)
"""

from .server import LocalServer, serve

__all__ = ["LocalServer", "serve"]
