from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from ionworks_async import AsyncIonworks
from ionworks_async._transport import retry_policy as _retry

from .support import BASE_URL, LOCAL_KEY
from .support.local_api import API_KEY, LocalApi, threaded_local_api
from .support.mock_http import mocked as mocked
from .support.retries import no_sleep, set_retrier


def _make_aioresponses_fit_aiohttp_3_14() -> None:
    """aiohttp 3.14 added a required ``stream_writer`` to ``ClientResponse``.

    aioresponses 0.7.9 (the newest release) does not pass it
    (pnuckowski/aioresponses#289), so every mocked request fails. Give its
    responses a stand-in writer that reports nothing sent; the library under
    test is unaffected.
    """
    import inspect
    from types import SimpleNamespace

    import aiohttp
    import aioresponses.core

    if (
        "stream_writer"
        not in inspect.signature(aiohttp.ClientResponse.__init__).parameters
    ):
        return

    class CompatibleResponse(aiohttp.ClientResponse):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("stream_writer", SimpleNamespace(output_size=0))
            super().__init__(*args, **kwargs)

    aioresponses.core.ClientResponse = CompatibleResponse  # type: ignore[misc]


_make_aioresponses_fit_aiohttp_3_14()


@pytest.fixture(autouse=True)
def clean_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """No IONWORKS_* variable, .env file or cache of the developer's leaks in."""
    for name in (
        "IONWORKS_API_KEY",
        "IONWORKS_API_TOKEN",
        "IONWORKS_API_URL",
        "IONWORKS_ORGANIZATION_ID",
        "IONWORKS_PROJECT_ID",
        "PROJECT_ID",
        "IONWORKS_DATAFRAME_BACKEND",
    ):
        monkeypatch.delenv(name, raising=False)
    # Each test has a data cache of its own, never the developer's.
    monkeypatch.setenv("IONWORKS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    for scheme in ("http", "https", "all", "no"):
        monkeypatch.delenv(f"{scheme}_proxy", raising=False)
        monkeypatch.delenv(f"{scheme.upper()}_PROXY", raising=False)
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
    yield


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Make backoff instant; returns the list of delays the client asked for."""
    delays: list[float] = []

    def record(retries_done: int, **_: object) -> float:
        delay = _retry.BACKOFF_BASE * 2**retries_done
        delays.append(delay)
        return 0.0

    monkeypatch.setattr(_retry, "backoff_delay", record)
    return delays


@pytest.fixture
async def client() -> AsyncIterator[AsyncIonworks]:
    """A client of the mocked API at BASE_URL (use with aioresponses)."""
    async with AsyncIonworks(api_key=API_KEY, api_url=BASE_URL, max_retries=3) as c:
        set_retrier(c, sleep=no_sleep)
        yield c


@pytest.fixture
async def local_api() -> AsyncIterator[tuple[LocalApi, str]]:
    """ionworks-local on this test's loop, its traffic watched: (api, base URL)."""
    api = LocalApi()
    await api.server.start()
    try:
        yield api, api.url
    finally:
        await api.server.stop()


@pytest.fixture
def threaded_api() -> Iterator[tuple[LocalApi, str]]:
    """The watched ionworks-local served from its own thread, for blocking clients."""
    with threaded_local_api() as api:
        api.add_instance("inst", 3)
        yield api, api.url


@pytest.fixture
async def api_client(local_api: tuple[LocalApi, str]) -> AsyncIterator[AsyncIonworks]:
    async with AsyncIonworks(api_key=API_KEY, api_url=local_api[1]) as c:
        yield c


@pytest.fixture
async def local_server() -> AsyncIterator[Any]:
    """An in-memory ionworks-local on this test's loop (for async clients)."""
    from ionworks_async.local import LocalServer

    async with LocalServer(in_memory=True, api_keys=[LOCAL_KEY]) as server:
        yield server


@pytest.fixture
def local_thread_server() -> Iterator[Any]:
    """An in-memory ionworks-local on its own thread (for blocking clients)."""
    from ionworks_async.local import serve

    with serve(in_memory=True, api_keys=[LOCAL_KEY]) as server:
        yield server
