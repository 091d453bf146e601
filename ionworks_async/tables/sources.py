"""Reading data in record batches, so that no file is ever held whole.

A CSV file is streamed with pyarrow's CSV reader (1 MiB blocks: the reader
reads ahead, so its memory grows with the block size), a parquet
file is read a row group at a time, an in-memory frame is sliced (no copy).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .aliases import TableSource
from .table import as_table, pyarrow_module

__all__ = [
    "BLOCK_BYTES",
    "bytes_of",
    "checked_path",
    "is_file",
    "record_batches",
    "spooled",
]

BLOCK_BYTES = 1 << 20
"""Bytes of CSV read at a time."""
FLOAT_COLUMNS = (
    "Time [s]",
    "Voltage [V]",
    "Current [A]",
    "Discharge capacity [A.h]",
    "Charge capacity [A.h]",
    "Discharge energy [W.h]",
    "Charge energy [W.h]",
    "Power [W]",
    "Temperature [degC]",
)
"""Read as float64 whatever the first block holds (a column of whole numbers
early in a file must not make a later 3.7 an error)."""
SLICE_ROWS = 1 << 18


def bytes_of(source: Any) -> bytes | None:
    """Return the bytes of a source given as bytes or an open binary file.

    ``None`` for any other kind of source.

    Raises
    ------
    TypeError
        For a file opened in text mode.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    read = getattr(source, "read", None)
    if not callable(read) or isinstance(source, (str, os.PathLike)):
        return None
    if module_of(source) in ("pyarrow", "pandas", "polars"):
        return None
    data = read()
    if not isinstance(data, bytes):
        raise TypeError("an open file to upload must be opened in binary mode ('rb')")
    return data


def module_of(value: Any) -> str:
    """Return the top-level package a value's class comes from."""
    return type(value).__module__.split(".")[0]


def spooled(data: bytes) -> Path:
    """Write bytes to a temporary file named for what they hold; return its path.

    Parquet (``PAR1``) gets ``.parquet``; a CSV whose header has the API's
    columns ``.csv``; anything else ``.dat``, for the cycler readers, which
    recognise a file by its content. The caller deletes it.
    """
    head = data[:4096].decode("utf-8", "replace").splitlines()[:1]
    if data[:4] == b"PAR1":
        suffix = ".parquet"
    elif head and "Time [s]" in head[0] and "Current [A]" in head[0]:
        suffix = ".csv"
    else:
        suffix = ".dat"
    descriptor, name = tempfile.mkstemp(prefix="ionworks-data-", suffix=suffix)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    return Path(name)


def is_file(source: TableSource) -> bool:
    """Whether ``source`` is the path of a data file."""
    return isinstance(source, (str, os.PathLike))


def checked_path(source: str | os.PathLike[str]) -> Path:
    """Return the path of a data file, checked to exist and be CSV or parquet.

    Raises
    ------
    ValueError
        For another suffix, or a missing file.
    """
    path = Path(source)
    if path.suffix.lower() not in (".parquet", ".pq", ".csv"):
        raise ValueError(f"{path}: expected a .parquet or .csv file")
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    return path


def record_batches(source: TableSource) -> Iterator[Any]:
    """Yield ``source`` as pyarrow record batches, in row order.

    Raises
    ------
    ValueError
        When a file is missing or cannot be read (with the reader's reason).
    TypeError
        When the source is no supported kind of data.
    """
    if not is_file(source):
        table = as_table(source).to_arrow()
        yield from table.to_batches(max_chunksize=SLICE_ROWS) or [
            _empty_batch(table.schema)
        ]
        return
    path = checked_path(source)
    pa = pyarrow_module()
    try:
        if path.suffix.lower() == ".csv":
            yield from _csv_batches(path)
            return
        # pre_buffer reads ahead whole row groups: on a local disk it buys
        # nothing, and it held 110 MB more at the peak of a 10M-row read.
        reader = pa.parquet.ParquetFile(path, pre_buffer=False)
        empty = True
        for batch in reader.iter_batches(batch_size=SLICE_ROWS):
            empty = False
            yield batch
        if empty:
            yield _empty_batch(reader.schema_arrow)
    except OSError as error:
        raise ValueError(f"{path}: cannot read the file ({error})") from None
    except Exception as error:
        if type(error).__module__.startswith("pyarrow"):
            raise ValueError(f"{path}: cannot read the file ({error})") from None
        raise


def _empty_batch(schema: Any) -> Any:
    import pyarrow as pa

    return pa.RecordBatch.from_pylist([], schema=schema)


def _csv_batches(path: Path) -> Iterator[Any]:
    import pyarrow as pa
    import pyarrow.csv

    convert = pyarrow.csv.ConvertOptions(
        column_types={name: pa.float64() for name in FLOAT_COLUMNS}
    )
    read = pyarrow.csv.ReadOptions(block_size=BLOCK_BYTES)
    with pyarrow.csv.open_csv(
        path, read_options=read, convert_options=convert
    ) as reader:
        empty = True
        for batch in reader:
            empty = False
            yield batch
        if empty:
            yield _empty_batch(reader.schema)
