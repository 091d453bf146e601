"""The raw data index of an ingest run, read while other workers keep files.

A Dask run's workers keep originals at the same time: the list of a
project's raw data grows while a walk reads it. The index (SHA-256 to id)
is read once, where the run starts, and its walk goes on when the list
changes under it, where the data clients' ``iter_all`` would (rightly, for
a listing) refuse a list that moved.
"""

from __future__ import annotations

from typing import Any

import pytest

from ionworks_async.errors import IonworksError
from ionworks_async.ingest.settle import raw_index_of


def _raw(number: int) -> dict[str, Any]:
    return {
        "id": f"rd-{number}",
        "project_id": "p",
        "name": f"f{number}",
        "filename": f"f{number}.csv",
        "metadata": {"sha256": f"{number:064x}"},
    }


async def test_the_index_is_read_whole_while_the_list_grows(served: Any) -> None:
    pages = iter(
        [
            # the first page; then one kept at the front by another worker
            {"items": [_raw(n) for n in range(150, 50, -1)], "total": 150},
            {"items": [_raw(n) for n in range(51, 0, -1)], "total": 151},
        ]
    )
    client, seen = await served({"/raw_data": lambda: next(pages)}, project_id="p")
    index = await raw_index_of(client, "p")
    assert len(index) == 150 and index[f"{7:064x}"] == "rd-7"
    assert [path.split("?")[1] for _, path in seen] == [
        "limit=100&offset=0&project_id=p",
        "limit=100&offset=100&project_id=p",
    ]
    walked = iter(
        [
            {"items": [_raw(n) for n in range(150, 50, -1)], "total": 150},
            {"items": [_raw(n) for n in range(51, 0, -1)], "total": 151},
        ]
    )
    client, _ = await served({"/raw_data": lambda: next(walked)}, project_id="p")
    with pytest.raises(IonworksError, match="changed"):  # a listing refuses it
        async for _ in client.raw_data.iter_all("p"):
            pass
