"""The common wrong URLs, and a folder for a file, are told with the fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import ionworks
from ionworks_async import APIConnectionError, AsyncIonworks, NotFoundError

from ..support import LOCAL_KEY


@pytest.mark.parametrize(
    ("url", "fix"),
    [
        ("localhost:8765", "Did you mean http://localhost:8765?"),
        ("api.ionworks.com", "Did you mean https://api.ionworks.com?"),
    ],
)
def test_a_url_without_a_scheme_is_told_the_scheme(url: str, fix: str) -> None:
    with pytest.raises(ValueError, match="must start with http") as refused:
        AsyncIonworks("k" * 40, url)
    assert str(refused.value).endswith(fix)


async def test_https_to_a_plain_http_server_is_told_to_use_http(
    local_server: Any,
) -> None:
    url = local_server.url.replace("http://", "https://")
    async with AsyncIonworks(LOCAL_KEY, url, max_retries=0) as client:
        with pytest.raises(APIConnectionError) as failed:
            await client.cell_spec.list()
    assert f"use {local_server.url} instead" in str(failed.value)


async def test_a_url_with_a_path_is_told_the_routes_start_at_the_root(
    local_server: Any,
) -> None:
    async with AsyncIonworks(LOCAL_KEY, local_server.url + "/v1") as client:
        with pytest.raises(NotFoundError, match="without a path such as /v1"):
            await client.cell_spec.list()
        # a record that is not there is not a wrong URL
        async with AsyncIonworks(LOCAL_KEY, local_server.url) as right:
            with pytest.raises(NotFoundError) as missing:
                await right.cell_spec.get("no-such-spec")
    assert "/v1" not in str(missing.value)


def test_a_folder_given_for_a_file_is_told_so(tmp_path: Path) -> None:
    with pytest.raises(ionworks.read.CyclerFileError, match="give one of its files"):
        ionworks.read.time_series(tmp_path)
