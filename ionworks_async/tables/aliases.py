"""The type aliases of data tables, used in signatures (and named in ``types``).

Aliases, not classes: importing this module loads nothing heavy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, TypeAlias

__all__ = ["DataFrameBackend", "Frame", "TableSource"]

DataFrameBackend: TypeAlias = Literal["table", "arrow", "pandas", "polars"]
"""The kinds of frame the client can return."""

if TYPE_CHECKING:
    import pandas
    import polars
    import pyarrow

    from .table import Table

    Frame: TypeAlias = Table | pyarrow.Table | pandas.DataFrame | polars.DataFrame
else:
    Frame = Any
"""A data table as the client returns it: a polars ``DataFrame`` by default,
else the type ``dataframe_backend`` names (a :class:`~ionworks_async.Table`,
a ``pyarrow.Table`` or a pandas ``DataFrame``)."""

TableSource: TypeAlias = Any
"""What measurement uploads accept as data: a :class:`~ionworks_async.Table`, a
pyarrow table, a pandas or polars DataFrame, a mapping of column name to
values, or the path of a ``.parquet`` or ``.csv`` file."""
