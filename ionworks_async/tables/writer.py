"""The one writer of tables to files: parquet row groups, or CSV, as they come.

Uploads, ``ionworks ingest`` and ``convert`` all write through
:class:`TableWriter`: tables (or record batches) of one schema, in the order
they arrive, gathered into parquet row groups of :data:`ROW_GROUP_ROWS` rows
(a file read a few steps at a time comes in small pieces; tiny row groups
compress badly), each written with :func:`~.table.parquet_options`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from .table import parquet_options, pyarrow_module

__all__ = ["ROW_GROUP_ROWS", "TableWriter"]

ROW_GROUP_ROWS = 1 << 18
"""Rows gathered into one parquet row group."""


class TableWriter:
    """Write tables or record batches of one schema to a file, as they come.

    Parameters
    ----------
    path : Path
        The file to write (created, or replaced).
    to : {"parquet", "csv"}
        The format.
    """

    def __init__(self, path: Path, to: Literal["parquet", "csv"] = "parquet") -> None:
        self.path, self.to = path, to
        self.writer: Any = None
        self.pending: list[Any] = []
        self.rows = 0
        self.written = 0

    def write(self, table: Any) -> None:
        """Add a table or a record batch (its schema: the first one's)."""
        pa = pyarrow_module()
        if isinstance(table, pa.RecordBatch):
            table = pa.Table.from_batches([table])
        if self.writer is None:
            self.writer = self._open(table.schema)
        self.written += table.num_rows
        if self.to != "parquet":
            self.writer.write_table(table)
            return
        self.pending.append(table)
        self.rows += table.num_rows
        if self.rows >= ROW_GROUP_ROWS:
            self._flush()

    def _open(self, schema: Any) -> Any:
        pa = pyarrow_module()
        if self.to == "parquet":
            return pa.parquet.ParquetWriter(
                self.path, schema, **parquet_options(schema)
            )
        import pyarrow.csv as pacsv

        return pacsv.CSVWriter(self.path, schema)

    def _flush(self) -> None:
        if self.pending:
            group = pyarrow_module().concat_tables(self.pending)
            self.writer.write_table(group, row_group_size=ROW_GROUP_ROWS)
        self.pending, self.rows = [], 0

    def close(self) -> None:
        """Write what is pending and close the file (again: nothing happens)."""
        if self.writer is not None:
            if self.to == "parquet":
                self._flush()
            self.writer.close()
            self.writer = None

    def abandon(self) -> None:
        """Close the file unfinished and delete it."""
        if self.writer is not None:
            self.writer.close()
            self.writer = None
        self.pending = []
        self.path.unlink(missing_ok=True)
