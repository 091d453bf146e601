"""The API key and token stay secret: reprs, errors, logs, storage, redirects, TLS."""

from __future__ import annotations

import logging
import ssl
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from ionworks import Ionworks
from ionworks_async import (
    APIConnectionError,
    AsyncIonworks,
    IonworksError,
    TLSVerificationError,
)
from ionworks_async.local import LocalServer
from ionworks_async.local.demo import constant_current_protocol

from ..support import LOCAL_KEY
from ..support.hostile_server import RawAnswer, RawServer, http_answer

TOKEN = "tok-very-secret-bearer"
CREDENTIAL_HEADERS = {"x-api-key", "authorization", "x-organization-id", "cookie"}


async def test_nothing_shows_the_key_or_token(
    local_server: LocalServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, every level
    texts: list[str] = []
    async with AsyncIonworks(
        LOCAL_KEY, local_server.url, token=TOKEN, organization_id="org-1"
    ) as client:
        texts += [
            repr(client),
            str(client),
            repr(client.cell_spec),
            repr(client.context.transport.settings),
        ]
        spec = await client.cell_spec.create({"name": "s"})
        cell = await client.cell_instance.create(spec.id, {"name": "c"})
        await client.cell_measurement.create(
            cell.id,
            {
                "measurement": {"name": "m"},
                "time_series": constant_current_protocol(cycles=1, sample_seconds=60),
            },
        )
        detail = await client.cell_instance.detail(cell.id)
        batch = await client.cell_instance.create_many(
            spec.id, [{"name": "c"}], if_exists="error"
        )
        texts += [repr(spec), repr(detail), str(batch), repr(batch)]
        for failing in (
            client.cell_instance.get("missing"),
            client.cell_spec.create({"name": "s"}),
        ):
            with pytest.raises(IonworksError) as caught:
                await failing
            texts += [
                str(caught.value),
                repr(caught.value),
                caught.value.message,
                repr(caught.value.data),
            ]
    async with AsyncIonworks("wrong-" + LOCAL_KEY, local_server.url) as client:
        with pytest.raises(IonworksError) as caught:
            await client.cell_spec.list()
        texts += [str(caught.value), repr(caught.value)]
    with Ionworks(LOCAL_KEY, local_server.url, token=TOKEN) as blocking:
        texts += [repr(blocking), repr(blocking.cell_instance)]
    texts.append(caplog.text)
    assert caplog.records, "DEBUG logging should have recorded requests"
    for text in texts:
        assert LOCAL_KEY not in text and TOKEN not in text, text[:200]
    assert local_server.state is not None
    assert local_server.state.stats.storage_requests > 0
    assert local_server.state.stats.storage_requests_with_credentials == 0


@pytest.fixture
async def raw_servers() -> AsyncIterator[tuple[RawServer, RawServer]]:
    """Two hostile servers: the API, and another origin it redirects to."""
    servers = RawServer(), RawServer()
    for server in servers:
        await server.start()
    try:
        yield servers
    finally:
        for server in servers:
            await server.stop()


INSTANCE = b'{"id": "%s", "name": "n", "cell_specification_id": "s"}'


def _lowered(headers: dict[str, str]) -> dict[str, str]:
    return {key.lower(): value for key, value in headers.items()}


async def test_redirects_to_another_origin_get_no_credentials(
    raw_servers: tuple[RawServer, RawServer],
) -> None:
    api, elsewhere = raw_servers

    def redirect(method: str, target: str, headers: dict[str, str]) -> RawAnswer:
        if target.startswith("/cell_instances/same"):
            return http_answer(307, [("Location", "/cell_instances/final")], b"")
        if target.startswith("/cell_instances/final"):
            return http_answer(200, [], INSTANCE % b"final")
        return http_answer(307, [("Location", f"{elsewhere.url}{target}")], b"")

    api.answer = redirect
    elsewhere.answer = lambda method, target, headers: http_answer(
        200, [], INSTANCE % b"x"
    )
    async with AsyncIonworks(
        LOCAL_KEY, api.url, token=TOKEN, organization_id="org"
    ) as client:
        assert (await client.cell_instance.get("away")).id == "x"
        assert (await client.cell_instance.get("same")).id == "final"
        with pytest.raises(IonworksError):  # the body is not parquet
            await client.cell_measurement.time_series("m1", use_cache=False)
    seen = [
        {key.lower(): value for key, value in headers.items()}
        for *_, headers in elsewhere.requests
    ]
    own = [
        {key.lower(): value for key, value in headers.items()}
        for *_, headers in api.requests
    ]
    assert len(seen) == 2
    for headers in seen:
        assert not CREDENTIAL_HEADERS & set(headers), headers
    # a same-origin redirect of an API call keeps the credentials
    assert own[-2]["x-api-key"] == LOCAL_KEY and own[-1]["x-api-key"] == LOCAL_KEY


@pytest.fixture(scope="module")
def self_signed(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[ssl.SSLContext, Path]:
    """A server context with a self-signed certificate, and that certificate."""
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(folder / "key.pem"),
            "-out",
            str(folder / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    return context, folder / "cert.pem"


async def test_tls_is_verified_unless_turned_off_explicitly(
    self_signed: tuple[ssl.SSLContext, Path], caplog: pytest.LogCaptureFixture
) -> None:
    _, certificate = self_signed
    key = certificate.with_name("key.pem")
    async with LocalServer(
        in_memory=True, api_keys=[LOCAL_KEY], tls_cert=certificate, tls_key=key
    ) as server:
        url = server.url
        async with AsyncIonworks(LOCAL_KEY, url, max_retries=0) as client:
            with pytest.raises(IonworksError, match="certificate") as caught:
                await client.cell_spec.list()
            # Its own class, a connection error that is never retried.
            assert type(caught.value) is TLSVerificationError
            assert isinstance(caught.value, APIConnectionError)
        assert "verification is OFF" not in caplog.text
        with caplog.at_level(logging.WARNING, logger="ionworks"):
            async with AsyncIonworks(LOCAL_KEY, url, verify=False) as client:
                assert (await client.cell_spec.list()).total is not None
        assert "TLS certificate verification is OFF" in caplog.text
        assert LOCAL_KEY not in caplog.text
        # A CA bundle (a corporate proxy's) or a context of the caller's own.
        caplog.clear()
        for verify in (
            certificate,
            str(certificate),
            ssl.create_default_context(cafile=certificate),
        ):
            async with AsyncIonworks(LOCAL_KEY, url, verify=verify) as client:
                assert (await client.cell_spec.list()).total is not None
        assert "verification is OFF" not in caplog.text
    with pytest.raises(ValueError, match="CA bundle"):
        AsyncIonworks(LOCAL_KEY, url, verify="/no/such/ca.pem")
    with pytest.raises(TypeError):
        AsyncIonworks(LOCAL_KEY, url, verify=1)  # type: ignore[arg-type]
