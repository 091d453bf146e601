"""A window of a time series' rows, read with HTTP byte ranges from storage.

``time_series(id, row_range=(start, stop))`` transfers only what those rows
need: the parquet footer (in the file's last 64 KiB, one request), then the
row groups that hold the rows (pyarrow coalesces a group's column chunks
into few reads). The file is read through :class:`RangeFile`, a read-only
file whose reads are range requests sent by the client's transport (its
retries, bounds and typed errors), from whichever thread pyarrow reads in.
"""

from __future__ import annotations

import io
import re
from collections.abc import Awaitable, Callable
from typing import Any

from ..._transport import Request
from ...errors import ResponseValidationError

__all__ = ["RangeFile", "check_row_range", "rows_of_groups"]

TAIL_BYTES = 64 * 1024
"""What the first request reads of the file's end (the footer, almost always)."""

_TOTAL = re.compile(r"bytes (\d+)-(\d+)/(\d+)")

Fetch = Callable[[Request], Awaitable[Any]]


def check_row_range(row_range: object) -> tuple[int, int]:
    """Read ``(start, stop)``: a half-open window of row numbers, from 0.

    Raises
    ------
    TypeError
        For anything but a pair of integers.
    ValueError
        For a negative start, or a stop before it.
    """
    if (
        not isinstance(row_range, tuple | list)
        or len(row_range) != 2
        or not all(isinstance(n, int) and not isinstance(n, bool) for n in row_range)
    ):
        raise TypeError(
            f"row_range must be (start, stop), two integers; got {row_range!r}"
        )
    start, stop = int(row_range[0]), int(row_range[1])
    if start < 0 or stop < start:
        raise ValueError(f"row_range must have 0 <= start <= stop, got {row_range!r}")
    return start, stop


class RangeFile(io.RawIOBase):
    """A stored file read by byte ranges (seekable, read-only, for pyarrow).

    Parameters
    ----------
    url : yarl.URL
        The signed storage URL.
    fetch : callable
        Sends a request and returns its 2xx response (the transport's
        ``fetch``), run on the client's loop.
    call : callable
        ``call(fetch, request)`` runs the fetch on the client's loop from
        whichever thread reads (pyarrow reads ahead in its own threads) and
        returns its response.
    """

    def __init__(self, url: Any, fetch: Fetch, call: Callable[..., Any]) -> None:
        super().__init__()
        self._url, self._fetch, self._call = url, fetch, call
        self._position = 0
        self.requests = 0
        self._tail_start, self._tail = self._get(f"bytes=-{TAIL_BYTES}")
        self._size = self._total

    def _get(self, byte_range: str) -> tuple[int, bytes]:
        """Send one range request; return where its bytes start, and them."""
        request = Request(
            "GET",
            self._url,
            headers={"Range": byte_range},
            credentials=False,
            transfer=True,
        )
        response = self._call(self._fetch, request)
        self.requests += 1
        where = _TOTAL.fullmatch(response.headers.get("Content-Range", ""))
        if response.status == 200:  # storage that ignores ranges: the whole file
            self._total = len(response.body)
            return 0, bytes(response.body)
        if response.status != 206 or where is None:
            raise ResponseValidationError(
                f"Storage answered a range request with HTTP {response.status} "
                "and no usable Content-Range",
                response.status,
                method="GET",
                path=self._url.path,
            )
        self._total = int(where[3])
        return int(where[1]), bytes(response.body)

    def readable(self) -> bool:
        """Return True: the file is read."""
        return True

    def seekable(self) -> bool:
        """Return True: reads start anywhere."""
        return True

    def tell(self) -> int:
        """Return the position of the next read."""
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Move the position; return it."""
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}
        self._position = max(0, base[whence] + offset)
        return self._position

    def read(self, size: int | None = -1) -> bytes:
        """Read ``size`` bytes (all that is left if negative) from the position."""
        first = self._position
        last = self._size if size is None or size < 0 else min(first + size, self._size)
        if last <= first:
            return b""
        if first >= self._tail_start and last <= self._tail_start + len(self._tail):
            data = self._tail[first - self._tail_start : last - self._tail_start]
        else:
            start, data = self._get(f"bytes={first}-{last - 1}")
            data = data[first - start : last - start]
        self._position = first + len(data)
        return data

    def readinto(self, buffer: Any) -> int:
        """Read into ``buffer``; return the bytes read."""
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def rows_of_groups(file: RangeFile, start: int, stop: int) -> Any:
    """Read rows ``start:stop`` of a parquet file: only the row groups holding them.

    Returns a pyarrow table (empty past the end).
    """
    import pyarrow.parquet as pq

    from ...tables.table import pyarrow_module

    pa = pyarrow_module()
    parquet = pq.ParquetFile(pa.PythonFile(file, mode="r"), pre_buffer=True)
    groups, first_row, row = [], None, 0
    for index in range(parquet.metadata.num_row_groups):
        rows = parquet.metadata.row_group(index).num_rows
        if row < stop and row + rows > start:
            groups.append(index)
            first_row = row if first_row is None else first_row
        row += rows
    if not groups or first_row is None:
        return parquet.schema_arrow.empty_table()
    table = parquet.read_row_groups(groups)
    return table.slice(start - first_row, stop - start)
