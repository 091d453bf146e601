"""Text filters match the user's text literally, in the client and ionworks-local."""

from __future__ import annotations

from typing import Any

from ionworks_async import AsyncIonworks

from ..support import LOCAL_KEY

NAMES = ["cell_1", "cell 1", "cell-1", "cellA1", "100% done", "1000 cycles", "a\\b"]
STARS = ["ab", "axxb", "axb", "a*b", "XA*BY", "a**b"]


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


async def test_a_star_in_a_name_filter_is_a_star(local_server: Any) -> None:
    # The API reads "*" as a wildcard and has no escape for it: the client
    # sends one that finds a superset, and keeps only the names holding "a*b".
    async with AsyncIonworks(LOCAL_KEY, local_server.url, cache_dir=False) as client:
        for name in STARS:
            await client.cell_spec.create({"name": name})
        walked = await client.cell_spec.list(name="a*b")
        assert sorted(s.name for s in walked) == ["XA*BY", "a*b"]
        assert walked.total == 2
        iterated = [s.name async for s in client.cell_spec.iter_all(name="A*B")]
        assert sorted(iterated) == ["XA*BY", "a*b"]
        page = await client.cell_spec.list(name="a*b", limit=100)
        assert sorted(s.name for s in page) == ["XA*BY", "a*b"]
        assert page.total is None  # the API counted "axb" too: not known
        assert [s.name for s in await client.cell_spec.list(name="**")] == ["a**b"]
