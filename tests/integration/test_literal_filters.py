"""Text filters match the user's text literally, in the client and ionworks-local."""

from __future__ import annotations

from typing import Any

from ionworks_async import AsyncIonworks

from ..support import LOCAL_KEY

NAMES = ["cell_1", "cell 1", "cell-1", "cellA1", "100% done", "1000 cycles", "a\\b"]


async def test_wildcards_in_a_name_filter_are_the_characters_themselves(
    local_server: Any,
) -> None:
    async with AsyncIonworks(LOCAL_KEY, local_server.url, cache_dir=False) as client:
        for name in NAMES:
            await client.cell_spec.create({"name": name})

        async def names(text: str) -> list[str]:
            return sorted(spec.name for spec in await client.cell_spec.list(name=text))

        assert await names("cell_1") == ["cell_1"]
        assert await names("100%") == ["100% done"]
        assert await names("a\\b") == ["a\\b"]
        assert await names("CELL") == ["cell 1", "cell-1", "cellA1", "cell_1"]
        assert await names("_") == ["cell_1"]
