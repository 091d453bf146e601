"""ionworks-local over TLS: ``serve --tls-cert --tls-key``, and ``verify``."""

from __future__ import annotations

import ssl
from pathlib import Path

import aiohttp
import pytest
import trustme

from ionworks_async import AsyncIonworks, TLSVerificationError
from ionworks_async.local.cli import main
from ionworks_async.local.demo import constant_current_protocol
from ionworks_async.local.server import LocalServer


@pytest.fixture(scope="module")
def pems(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A test CA's bundle, and a certificate for 127.0.0.1 with its key."""
    folder = tmp_path_factory.mktemp("tls")
    ca = trustme.CA()
    issued = ca.issue_cert("127.0.0.1", "localhost")
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    issued.cert_chain_pems[0].write_to_path(str(folder / "cert.pem"))
    issued.private_key_pem.write_to_path(str(folder / "key.pem"))
    return folder / "ca.pem", folder / "cert.pem", folder / "key.pem"


async def test_the_whole_workflow_runs_over_https(
    pems: tuple[Path, Path, Path],
) -> None:
    ca, cert, key = pems
    async with LocalServer(in_memory=True, tls_cert=cert, tls_key=key) as server:
        assert server.url.startswith("https://127.0.0.1:")
        async with AsyncIonworks(server.api_key, server.url, verify=ca) as client:
            spec = await client.cell_spec.create({"name": "tls"})
            cell = await client.cell_instance.create(spec.id, {"name": "c"})
            series = constant_current_protocol(1)
            await client.cell_measurement.create(
                cell.id, {"measurement": {"name": "m"}, "time_series": series}
            )
            detail = await client.cell_instance.detail(cell.id)  # storage too
        (measurement,) = detail.measurements
        assert measurement.time_series is not None
        assert len(measurement.time_series) == len(series["Time [s]"])
        # Without the CA, the certificate is not trusted: a typed error.
        async with AsyncIonworks(server.api_key, server.url, max_retries=0) as other:
            with pytest.raises(TLSVerificationError, match="could not be verified"):
                await other.cell_spec.list()


def test_serve_refuses_half_or_unreadable_tls_settings(
    pems: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, cert, key = pems
    assert main(["serve", "--in-memory", "--tls-cert", str(cert)]) == 2
    assert "both a certificate and its key" in capsys.readouterr().err
    missing = tmp_path / "nope.pem"
    assert (
        main(
            ["serve", "--in-memory", "--tls-cert", str(missing), "--tls-key", str(key)]
        )
        == 2
    )
    assert "cannot load the TLS certificate" in capsys.readouterr().err
    assert (
        main(["serve", "--in-memory", "--tls-cert", str(key), "--tls-key", str(cert)])
        == 2
    )


async def test_storage_on_its_own_origin_as_hosted(
    pems: tuple[Path, Path, Path],
) -> None:
    ca, cert, key = pems
    async with LocalServer(
        in_memory=True, tls_cert=cert, tls_key=key, storage_port=0
    ) as server:
        assert server.storage_url.startswith("https://127.0.0.1:")
        assert server.storage_url != server.url
        async with AsyncIonworks(server.api_key, server.url, verify=ca) as client:
            spec = await client.cell_spec.create({"name": "tls"})
            cell = await client.cell_instance.create(spec.id, {"name": "c"})
            made = await client.cell_measurement.create(
                cell.id,
                {
                    "measurement": {"name": "m"},
                    "time_series": constant_current_protocol(1),
                },
            )
            series = await client.cell_measurement.time_series(made.id)
        assert len(series) > 0
        ssl_context = ssl.create_default_context(cafile=str(ca))

        async def location() -> str:
            async with (
                aiohttp.ClientSession() as session,
                session.get(
                    f"{server.url}/cell_measurements/{made.id}/time_series/download",
                    headers={"X-API-Key": server.api_key},
                    allow_redirects=False,
                    ssl=ssl_context,
                ) as answer,
            ):
                assert answer.status == 307
                return answer.headers["Location"]

        assert (await location()).startswith(server.storage_url + "/")
        server.advertise_storage("https://127.0.0.1:1")  # a proxy, say
        assert (await location()).startswith("https://127.0.0.1:1/")
