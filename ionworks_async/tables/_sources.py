"""Reading data in record batches, so that no file is ever held whole.

A CSV file is streamed with pyarrow's CSV reader (1 MiB blocks: the reader
reads ahead, so its memory grows with the block size), a parquet
file is read a row group at a time, an in-memory frame is sliced (no copy).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..types import TableSource
from .table import _pyarrow, as_table

__all__ = ["BLOCK_BYTES", "checked_path", "is_file", "record_batches"]

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
    pa = _pyarrow()
    try:
        if path.suffix.lower() == ".csv":
            yield from _csv_batches(path)
            return
        reader = pa.parquet.ParquetFile(path)
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
