"""The networks users have: forward proxies (environment or setting), NO_PROXY."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from ionworks_async import APIConnectionError, AsyncIonworks
from ionworks_async._transport import ProxyResolver
from ionworks_async.local import LocalServer
from ionworks_async.local.demo import constant_current_protocol

from ..support import LOCAL_KEY


class ForwardProxy:
    """A loopback HTTP forward proxy that records what passed through it."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, bool]] = []
        self.app = web.Application()
        self.app.router.add_route("*", "/{tail:.*}", self.forward)
        self.session: aiohttp.ClientSession | None = None

    async def forward(self, request: web.Request) -> web.StreamResponse:
        target = str(request.url)  # absolute-form: the client asked for this URL
        credentials = "X-API-Key" in request.headers
        self.seen.append((request.method, request.url.path, credentials))
        assert self.session is not None
        headers = {
            key: value
            for key, value in request.headers.items()
            if key.lower() not in ("host", "proxy-connection", "connection")
        }
        async with self.session.request(
            request.method,
            target,
            headers=headers,
            data=await request.read(),
            allow_redirects=False,
        ) as answer:
            body = await answer.read()
            return web.Response(
                status=answer.status,
                body=body,
                headers={
                    key: value
                    for key, value in answer.headers.items()
                    if key.lower()
                    not in ("content-length", "transfer-encoding", "connection")
                },
            )


@pytest.fixture
async def proxy() -> AsyncIterator[tuple[ForwardProxy, str]]:
    forward = ForwardProxy()
    server = TestServer(forward.app)
    await server.start_server()
    async with aiohttp.ClientSession() as session:
        forward.session = session
        try:
            yield forward, str(server.make_url("")).rstrip("/")
        finally:
            await server.close()


async def test_requests_follow_http_proxy_from_the_environment(
    proxy: tuple[ForwardProxy, str],
    local_server: LocalServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    forward, proxy_url = proxy
    monkeypatch.setenv("HTTP_PROXY", proxy_url)
    series = constant_current_protocol(cycles=1, sample_seconds=120.0)
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        spec = await client.cell_spec.create({"name": "through a proxy"})
        cell = await client.cell_instance.create(spec.id, {"name": "c"})
        await client.cell_measurement.create(
            cell.id, {"measurement": {"name": "m"}, "time_series": series}
        )
        detail = await client.cell_instance.detail(cell.id)
    assert detail.measurements[0].time_series is not None
    paths = [path for _, path, _ in forward.seen]
    assert "/cell_specifications" in paths and "/cell_instances/" + cell.id in paths
    storage = [entry for entry in forward.seen if entry[1].startswith("/storage/")]
    assert storage, "signed storage requests go through the proxy too"
    assert not any(credentials for _, _, credentials in storage)
    assert all(
        credentials for _, path, credentials in forward.seen if path in paths[:2]
    )


async def test_no_proxy_and_the_proxy_setting(
    proxy: tuple[ForwardProxy, str],
    local_server: LocalServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    forward, proxy_url = proxy
    monkeypatch.setenv("HTTP_PROXY", proxy_url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        await client.cell_spec.list()
    assert forward.seen == []  # bypassed
    async with AsyncIonworks(LOCAL_KEY, local_server.url, proxy=proxy_url) as client:
        await client.cell_spec.list()
    assert [path for _, path, _ in forward.seen] == ["/cell_specifications"]


async def test_an_unreachable_proxy_is_a_typed_error_naming_it(
    local_server: LocalServer,
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with AsyncIonworks(
        LOCAL_KEY, local_server.url, proxy=f"http://127.0.0.1:{port}", max_retries=1
    ) as client:
        with pytest.raises(APIConnectionError, match="proxy"):
            await client.cell_spec.list()
    with pytest.raises(ValueError, match="proxy"):
        AsyncIonworks(LOCAL_KEY, local_server.url, proxy="socks5://x:1")


@pytest.mark.parametrize(
    ("environ", "url", "expected"),
    [
        ({"HTTPS_PROXY": "http://p:1"}, "https://api.ionworks.com", "http://p:1"),
        (
            {"https_proxy": "p:2", "HTTPS_PROXY": "http://p:1"},
            "https://a.b",
            "http://p:2",
        ),
        ({"HTTPS_PROXY": "http://p:1"}, "http://a.b", None),
        ({"ALL_PROXY": "http://p:3"}, "http://a.b", "http://p:3"),
        ({"HTTP_PROXY": "http://p:1", "NO_PROXY": "*"}, "http://a.b", None),
        ({"HTTP_PROXY": "http://p:1", "NO_PROXY": ".b"}, "http://a.b", None),
        (
            {"HTTP_PROXY": "http://p:1", "NO_PROXY": "a.b:81"},
            "http://a.b",
            "http://p:1",
        ),
        (
            {"HTTP_PROXY": "http://p:1", "NO_PROXY": "10.0.0.0/8"},
            "http://10.1.2.3",
            None,
        ),
        ({"HTTP_PROXY": "http://p:1", "REQUEST_METHOD": "GET"}, "http://a.b", None),
    ],
)
def test_proxy_rules_are_the_ones_requests_applies(
    environ: dict[str, str], url: str, expected: Any
) -> None:
    from yarl import URL

    assert ProxyResolver(None, environ).for_url(URL(url)) == expected
