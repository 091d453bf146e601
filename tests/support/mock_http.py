"""aioresponses, the unit tests' mock of the HTTP layer, set up in one place.

Tests take the ``mocked`` fixture (one mock for the whole test); a test that
needs a fresh mock partway (two phases) opens :func:`mock_http` itself.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aioresponses import aioresponses

__all__ = ["mock_http", "mocked"]


def mock_http() -> aioresponses:
    """Return a new mock of aiohttp's client: every request answers from it."""
    return aioresponses()


@pytest.fixture
def mocked() -> Iterator[aioresponses]:
    """The HTTP mock of one test: register answers, read ``requests``."""
    with mock_http() as mock:
        yield mock
