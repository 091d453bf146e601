"""Tables the materials' and analyses' routes send and return.

A table given by the caller (a polars or pandas frame, a pyarrow table, a
mapping of columns) is sent as one zstd parquet file, ``data.parquet``, as
the public client sends it; a table the API returns comes back as a frame in
the client's backend.
"""

from __future__ import annotations

from typing import Any

from ...tables.backends import in_backend
from ...tables.table import Table, as_table

__all__ = ["PARQUET_PART", "frame_of", "parquet_part"]

PARQUET_PART = ("data.parquet", "application/vnd.apache.parquet")
"""The file name and media type of an uploaded table."""


def parquet_part(data: Any) -> dict[str, tuple[str, bytes, str]]:
    """Return a table as the ``file`` part of a form.

    Raises
    ------
    TypeError
        When ``data`` is not a table the client reads.
    """
    try:
        table = as_table(data)
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"data must be a DataFrame or a dict of columns, got "
            f"{type(data).__name__}: {error}"
        ) from None
    name, media_type = PARQUET_PART
    return {"file": (name, table.to_parquet(), media_type)}


def column_names(data: Any) -> list[str]:
    """Return the names of a table's columns, in order."""
    return as_table(data).column_names


async def frame_of(table: Table, backend: Any) -> Any:
    """Return a table as a frame of the backend (in a worker thread)."""
    return await in_backend(table, backend)
