"""A pytest plugin (entry point ``pytest11``): the ``ionworks_local`` fixture.

Any project with ionworks-async installed can test its own jobs against a
throw-away server::

    def test_my_ingestion(ionworks_local):
        client = Ionworks(ionworks_local.api_key, ionworks_local.url)
        ...

Installing the package registers this plugin in every pytest run of every
project, so it imports nothing of the server (or of the client) until a test
asks for the fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .server import LocalServer


@pytest.fixture
def ionworks_local() -> Iterator[LocalServer]:
    """Serve a fresh in-memory ionworks-local (``.url``, ``.api_key``)."""
    from .server import serve

    with serve(in_memory=True) as server:
        yield server
