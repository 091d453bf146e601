"""From a caller's data to an upload: read, checked and encoded, written once.

A file, its bytes or a frame is read in record batches (a cycler's file by
its reader, :mod:`ionworks_async.read`), each batch checked
(:mod:`ionworks_async.validation`) and encoded to parquet
(:class:`~ionworks_async.tables.writer.TableWriter`) in one pass:
:func:`prepare`. ``cell_measurement.create`` and ``create_many``,
:func:`validate_time_series` and ``ionworks ingest`` all go through it.
:mod:`.digest` keeps what an upload was made from: its file's SHA-256 and a
digest of its rows.
"""

from .digest import RowDigest, copy_with_digest, file_digest, rows_digest
from .encode import (
    NATIVE_IN_MEMORY_BYTES,
    SPOOL_BYTES,
    Batches,
    Prepared,
    parquet_bytes,
    prepare,
    source_batches,
    with_file_fields,
)
from .validate import validate_measurement_data, validate_time_series

__all__ = [
    "NATIVE_IN_MEMORY_BYTES",
    "SPOOL_BYTES",
    "Batches",
    "Prepared",
    "RowDigest",
    "copy_with_digest",
    "file_digest",
    "parquet_bytes",
    "prepare",
    "rows_digest",
    "source_batches",
    "validate_measurement_data",
    "validate_time_series",
    "with_file_fields",
]
