"""Which kind of data frame the client returns: the ``dataframe_backend`` setting.

``"table"`` (the default) returns :class:`~ionworks_async.tables.Table`, the
light core: parquet stays undecoded until the data is touched. ``"arrow"``,
``"pandas"`` and ``"polars"`` return a ``pyarrow.Table``, a
``pandas.DataFrame`` or a ``polars.DataFrame``, converted in a worker thread
(never on the event loop). The setting is the client's ``dataframe_backend``
argument, else ``IONWORKS_DATAFRAME_BACKEND`` (the public client's variable).

For type checkers, data methods return :data:`Frame`, the union of the four
types; narrow it where the backend is known::

    series = client.cell_measurement.time_series(measurement_id)
    assert isinstance(series, pl.DataFrame)
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from .._threads import cpu_limiter, run_in_thread
from ..types import DataFrameBackend, Frame
from .table import Table

__all__ = [
    "BACKENDS",
    "ENVIRONMENT_VARIABLE",
    "DataFrameBackend",
    "Frame",
    "convert",
    "in_backend",
    "resolve_backend",
]

BACKENDS: tuple[DataFrameBackend, ...] = ("table", "arrow", "pandas", "polars")
ENVIRONMENT_VARIABLE = "IONWORKS_DATAFRAME_BACKEND"


def resolve_backend(
    value: object, environ: Mapping[str, str] | None = None
) -> DataFrameBackend:
    """Return the backend: the argument, else the environment, else ``"table"``.

    Raises
    ------
    ValueError
        For a name that is not one of :data:`BACKENDS` (from either source).
    """
    source = "dataframe_backend"
    if value is None:
        environ = os.environ if environ is None else environ
        value = environ.get(ENVIRONMENT_VARIABLE) or "table"
        source = ENVIRONMENT_VARIABLE
    if isinstance(value, str) and value.strip().lower() in BACKENDS:
        backend: DataFrameBackend = value.strip().lower()  # type: ignore[assignment]
        return backend
    raise ValueError(f"{source} must be one of {', '.join(BACKENDS)}, got {value!r}")


def convert(table: Table, backend: DataFrameBackend) -> Frame:
    """Convert a table (CPU work: call it in a worker thread).

    Raises
    ------
    MissingDependencyError
        When the backend's library (or pyarrow) is not installed; the message
        names what to install.
    """
    if backend == "table":
        return table
    if backend == "arrow":
        return table.to_arrow()
    if backend == "pandas":
        return table.to_pandas()
    return table.to_polars()


async def in_backend(table: Table, backend: DataFrameBackend) -> Frame:
    """Return ``table`` as the backend's type, converted off the event loop."""
    if backend == "table":
        return table
    result: Frame = await run_in_thread()(
        convert, table, backend, limiter=cpu_limiter()
    )
    return result
