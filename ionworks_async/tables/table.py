"""``Table``: columnar measurement data, decoded lazily.

A table is built from columnar JSON (``{"Voltage [V]": [...], ...}``) or from
parquet bytes. Parquet is not decoded when the table is built (on the event
loop, inside ``detail()``) but the first time the data is touched. pyarrow is
an optional extra (``pip install "ionworks-async[data]"``), imported only then;
pandas and polars are used only through ``to_pandas()`` / ``to_polars()``.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..display import html_table
from ..errors import MissingDependencyError

__all__ = [
    "MissingDependencyError",
    "Table",
    "as_table",
    "parquet_options",
    "pyarrow_module",
]


def pyarrow_module() -> Any:
    """Return pyarrow with its parquet module loaded (MissingDependencyError: none)."""
    loaded = sys.modules.get("pyarrow")  # at every step of a read: no import
    if loaded is not None and "pyarrow.parquet" in sys.modules:
        return loaded
    try:
        import pyarrow
        import pyarrow.parquet  # registers pyarrow.parquet
    except ImportError:
        raise MissingDependencyError(
            "Reading or writing parquet data needs pyarrow: "
            'pip install "ionworks-async[data]"'
        ) from None
    return pyarrow


class Table:
    """Columnar data: a measurement's time series, steps or cycles.

    Build one with :meth:`from_columns`, :meth:`from_parquet` or
    :meth:`from_arrow`; ``Table(columns)`` is :meth:`from_columns`.

    Parameters
    ----------
    columns : mapping of str to sequence, optional
        Column name to values; every column must have the same length.
    """

    __slots__ = ("_arrow", "_columns", "_parquet")

    def __init__(self, columns: Mapping[str, Sequence[Any]] | None = None) -> None:
        self._columns: dict[str, list[Any]] | None = None
        self._parquet: bytes | None = None
        self._arrow: Any = None
        self._columns = _checked_columns(columns if columns is not None else {})

    @classmethod
    def from_columns(cls, columns: Mapping[str, Sequence[Any]]) -> Table:
        """Build a table from a mapping of column name to values.

        Parameters
        ----------
        columns : mapping of str to sequence
            Columns of equal length.

        Returns
        -------
        Table
            The table.

        Raises
        ------
        ValueError
            When the columns are not sequences of equal length.
        """
        return cls(columns)

    @classmethod
    def from_parquet(cls, data: bytes) -> Table:
        """Wrap parquet bytes; they are decoded only when the data is touched.

        Parameters
        ----------
        data : bytes
            A parquet file's content.

        Returns
        -------
        Table
            The table.
        """
        table = cls.__new__(cls)
        table._columns = None
        table._arrow = None
        table._parquet = bytes(data)
        return table

    @classmethod
    def from_arrow(cls, arrow_table: Any) -> Table:
        """Wrap a ``pyarrow.Table``.

        Parameters
        ----------
        arrow_table : pyarrow.Table
            The data.

        Returns
        -------
        Table
            The table.
        """
        table = cls.__new__(cls)
        table._columns = None
        table._parquet = None
        table._arrow = arrow_table
        return table

    # -- decoding ----------------------------------------------------------

    def _arrow_table(self) -> Any:
        if self._arrow is None:
            pa = pyarrow_module()
            if self._parquet is not None:
                try:
                    # ParquetFile.read, not read_table: the same table, without
                    # the datasets layer (half the time for a measurement's data).
                    reader = pa.parquet.ParquetFile(pa.BufferReader(self._parquet))
                    self._arrow = reader.read()
                except (pa.ArrowException, OSError) as error:
                    raise ValueError(
                        f"The data is not a readable parquet file: {error}"
                    ) from None
            else:
                try:
                    self._arrow = pa.table(self._columns or {})
                except OverflowError as error:
                    raise ValueError(
                        f"A column holds a number too large to store ({error})"
                    ) from None
        return self._arrow

    @property
    def column_names(self) -> list[str]:
        """The column names, in order."""
        if self._columns is not None:
            return list(self._columns)
        if self._arrow is None and self._parquet is not None:
            pa = pyarrow_module()
            schema = pa.parquet.read_schema(pa.BufferReader(self._parquet))
            return list(schema.names)
        return list(self._arrow_table().column_names)

    @property
    def num_rows(self) -> int:
        """The number of rows."""
        if self._columns is not None:
            return len(next(iter(self._columns.values()), ()))
        if self._arrow is None and self._parquet is not None:
            pa = pyarrow_module()
            return int(
                pa.parquet.read_metadata(pa.BufferReader(self._parquet)).num_rows
            )
        return int(self._arrow_table().num_rows)

    def __len__(self) -> int:
        return self.num_rows

    def __getitem__(self, column: str) -> list[Any]:
        """Return one column's values as a list.

        Raises
        ------
        KeyError
            Naming the available columns when ``column`` is not one of them.
        """
        if column not in self.column_names:
            raise KeyError(f"No column {column!r}; the columns are {self.column_names}")
        if self._columns is not None:
            return list(self._columns[column])
        values: list[Any] = self._arrow_table().column(column).to_pylist()
        return values

    def __contains__(self, column: object) -> bool:
        return column in self.column_names

    def __iter__(self) -> Iterator[str]:
        return iter(self.column_names)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Table):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def _described(self) -> tuple[str, list[tuple[str, str]]]:
        """Return the shape's text and each column's (name, type), undecoded."""
        lazy = self._arrow is None and self._columns is None
        if self._columns is not None:
            kinds = [(name, "") for name in self._columns]
        else:
            try:
                if self._arrow is not None:
                    schema = self._arrow.schema
                else:
                    pa = pyarrow_module()
                    schema = pa.parquet.read_schema(pa.BufferReader(self._parquet))
            except (ImportError, ValueError, OSError):  # no pyarrow, or not parquet
                return f"{len(self._parquet or b'')} bytes of parquet, not decoded", []
            kinds = [(field.name, str(field.type)) for field in schema]
        text = f"{self.num_rows} rows x {len(kinds)} columns"
        return text + (", not decoded" if lazy else ""), kinds

    def __repr__(self) -> str:
        text, kinds = self._described()
        names = [name for name, _ in kinds]
        shown = ", ".join(names[:8]) + (", …" if len(names) > 8 else "")
        return f"Table({text}" + (f": {shown})" if names else ")")

    def _repr_html_(self) -> str:
        text, kinds = self._described()
        return html_table(("column", "type"), kinds, caption=f"Table: {text}")

    # -- conversions -------------------------------------------------------

    def to_dict(self) -> dict[str, list[Any]]:
        """Return the data as a dict of column name to list of values."""
        if self._columns is not None:
            return {name: list(values) for name, values in self._columns.items()}
        result: dict[str, list[Any]] = self._arrow_table().to_pydict()
        return result

    def to_arrow(self) -> Any:
        """Return the data as a ``pyarrow.Table`` (needs the ``data`` extra)."""
        return self._arrow_table()

    def to_pandas(self) -> Any:
        """Return the data as a ``pandas.DataFrame`` (needs pandas installed)."""
        try:
            import pandas  # noqa: F401
        except ImportError:
            raise MissingDependencyError(
                'to_pandas() needs pandas: pip install pandas "ionworks-async[data]"'
            ) from None
        return self._arrow_table().to_pandas()

    def to_polars(self) -> Any:
        """Return the data as a ``polars.DataFrame`` (needs polars installed).

        Undecoded parquet is read by polars itself, and columns are built by
        it, so a process that wants polars frames never imports pyarrow (nor
        pandas, which pyarrow imports with its first array): a quarter of the
        imports. Data polars cannot read goes through pyarrow, which names the
        problem.
        """
        try:
            import polars
        except ImportError:
            raise MissingDependencyError(
                'to_polars() needs polars: pip install polars "ionworks-async[data]"'
            ) from None
        if self._arrow is None:
            try:
                if self._parquet is not None:
                    return polars.read_parquet(io.BytesIO(self._parquet))
                return polars.DataFrame(self._columns or {}, strict=False)
            except Exception:  # polars has many error types: pyarrow names them
                pass
        return polars.from_arrow(self._arrow_table())

    def to_parquet(self) -> bytes:
        """Return the data as zstd-compressed parquet bytes."""
        if self._parquet is not None:
            return self._parquet
        table = self._arrow_table()
        buffer = io.BytesIO()
        pyarrow_module().parquet.write_table(
            table, buffer, **parquet_options(table.schema)
        )
        return buffer.getvalue()


def parquet_options(schema: Any) -> dict[str, Any]:
    """Return how a table of ``schema`` is written to parquet for an upload.

    zstd, and dictionary encoding for every column but the floating-point
    ones. A cycler's floats (time, voltage, current, capacities) are nearly
    all distinct: a dictionary is built for them only to be dropped. Step and
    cycle numbers repeat, and their dictionary indices compress to almost
    nothing: a cycler run is written faster and in about half the bytes.
    """
    pa = pyarrow_module()
    return {
        "compression": "zstd",
        "use_dictionary": [
            field.name for field in schema if not pa.types.is_floating(field.type)
        ],
    }


def _checked_columns(columns: Mapping[str, Sequence[Any]]) -> dict[str, list[Any]]:
    if not isinstance(columns, Mapping):
        raise ValueError(
            f"Columnar data must be a mapping of column name to values, "
            f"got {type(columns).__name__}"
        )
    checked: dict[str, list[Any]] = {}
    for name, values in columns.items():
        if not isinstance(name, str):
            raise ValueError(f"Column names must be strings, got {name!r}")
        if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
            raise ValueError(f"Column {name!r} must be a list of values")
        checked[name] = list(values)
    lengths = {len(values) for values in checked.values()}
    if len(lengths) > 1:
        raise ValueError(
            "All columns must have the same length; got "
            + ", ".join(f"{name!r}: {len(v)}" for name, v in checked.items())
        )
    return checked


def as_table(source: Any) -> Table:
    """Turn any supported data source into a :class:`Table`.

    Parameters
    ----------
    source : TableSource
        A :class:`Table`, pyarrow table, pandas or polars DataFrame, mapping
        of columns, or the path of a ``.parquet`` or ``.csv`` file.

    Returns
    -------
    Table
        The data. Files are read here (call it off the event loop).

    Raises
    ------
    TypeError
        When the source is none of the supported kinds.
    ValueError
        When a file is missing or unreadable, or columns have unequal lengths.
    """
    if isinstance(source, Table):
        return source
    if isinstance(source, (str, os.PathLike)):
        return _read_file(Path(source))
    if isinstance(source, Mapping):
        return Table.from_columns(source)
    module = type(source).__module__.split(".")[0]
    if module == "pyarrow" and hasattr(source, "schema"):
        return Table.from_arrow(source)
    if module == "pandas":
        pa = pyarrow_module()
        return Table.from_arrow(pa.Table.from_pandas(source, preserve_index=False))
    if module == "polars":
        return Table.from_arrow(source.to_arrow())
    raise TypeError(
        "Data must be a Table, a pyarrow Table, a pandas or polars DataFrame, a "
        f"dict of columns, or a path to a .parquet or .csv file; got "
        f"{type(source).__name__}"
    )


def _read_file(path: Path) -> Table:
    suffix = path.suffix.lower()
    if suffix not in (".parquet", ".pq", ".csv"):
        raise ValueError(f"{path}: expected a .parquet or .csv file")
    try:
        if suffix == ".csv":
            pyarrow_module()
            import pyarrow.csv

            return Table.from_arrow(pyarrow.csv.read_csv(path))
        table = Table.from_parquet(path.read_bytes())
        table._arrow_table()  # fail here, not later, on a broken file
        return table
    except OSError as error:
        raise ValueError(f"{path}: cannot read the file ({error})") from None
    except Exception as error:
        if type(error).__module__.startswith("pyarrow"):
            raise ValueError(f"{path}: cannot read the file ({error})") from None
        raise
