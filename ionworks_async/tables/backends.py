"""Which kind of data frame the client returns: the ``dataframe_backend`` setting.

``"polars"`` (the default, as the public client's) returns a
``polars.DataFrame``; ``"pandas"`` and ``"arrow"`` a ``pandas.DataFrame`` or a
``pyarrow.Table``, each converted in a worker thread (never on the event
loop). ``"table"`` returns :class:`~ionworks_async.tables.Table`, the light
core: parquet stays undecoded until the data is touched. It is also the
default when polars or pyarrow is not installed (a core install without the
``data`` extra), so that such an install still reads data.

A client's ``dataframe_backend`` argument wins; a client built without one
follows the process's setting at each call: :func:`set_dataframe_backend`,
else ``IONWORKS_DATAFRAME_BACKEND`` (the public client's variable), else the
default. Unlike the public client, a client's argument does not change the
process's setting.

For type checkers, data methods return :data:`Frame`, the union of the four
types; narrow it where the backend is known::

    series = client.cell_measurement.time_series(measurement_id)
    assert isinstance(series, pl.DataFrame)
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from importlib.util import find_spec

from .._runtime.threads import cpu_limiter, run_in_thread
from .aliases import DataFrameBackend, Frame
from .table import Table

__all__ = [
    "BACKENDS",
    "ENVIRONMENT_VARIABLE",
    "DataFrameBackend",
    "Frame",
    "all_in_backend",
    "convert",
    "default_backend",
    "get_dataframe_backend",
    "in_backend",
    "resolve_backend",
    "set_dataframe_backend",
]

BACKENDS: tuple[DataFrameBackend, ...] = ("table", "arrow", "pandas", "polars")
ENVIRONMENT_VARIABLE = "IONWORKS_DATAFRAME_BACKEND"


_chosen: DataFrameBackend | None = None  # set_dataframe_backend's choice


def default_backend() -> DataFrameBackend:
    """Return ``"polars"`` when polars and pyarrow are installed, else ``"table"``.

    Whether they are installed is looked up, not imported (no import cost).
    """
    return "polars" if _installed("polars") and _installed("pyarrow") else "table"


@functools.cache
def _installed(name: str) -> bool:
    """Whether a package can be imported, looked up once a process.

    Looking up a package not yet imported searches the path: tens of
    microseconds, at every frame otherwise.
    """
    return find_spec(name) is not None


def _named(value: object, source: str) -> DataFrameBackend:
    if isinstance(value, str) and value.strip().lower() in BACKENDS:
        backend: DataFrameBackend = value.strip().lower()  # type: ignore[assignment]
        return backend
    raise ValueError(f"{source} must be one of {', '.join(BACKENDS)}, got {value!r}")


def resolve_backend(
    value: object, environ: Mapping[str, str] | None = None
) -> DataFrameBackend:
    """Return the backend: the argument, else the process's setting.

    Parameters
    ----------
    value : str or None
        A client's ``dataframe_backend`` argument.
    environ : Mapping, optional
        Where ``IONWORKS_DATAFRAME_BACKEND`` is read (``os.environ`` unless
        given).

    Raises
    ------
    ValueError
        For a name that is not one of :data:`BACKENDS` (from either source).
    """
    if value is not None:
        return _named(value, "dataframe_backend")
    if _chosen is not None:
        return _chosen
    environ = os.environ if environ is None else environ
    named = environ.get(ENVIRONMENT_VARIABLE)
    return _named(named, ENVIRONMENT_VARIABLE) if named else default_backend()


def set_dataframe_backend(backend: str) -> None:
    """Set the frame type data methods return, for the whole process.

    It overrides ``IONWORKS_DATAFRAME_BACKEND`` for every client built without
    a ``dataframe_backend`` argument, from their next call on.

    Parameters
    ----------
    backend : {"polars", "pandas", "arrow", "table"}
        The frame type.

    Raises
    ------
    ValueError
        For another name.

    Examples
    --------
    >>> import ionworks
    >>> ionworks.set_dataframe_backend("pandas")
    >>> ionworks.get_dataframe_backend()
    'pandas'
    >>> ionworks.set_dataframe_backend("polars")
    """
    global _chosen
    _chosen = _named(backend, "backend")


def get_dataframe_backend() -> DataFrameBackend:
    """Return the process's frame type: set, else from the environment, else default.

    Returns
    -------
    {"polars", "pandas", "arrow", "table"}
        What a client built without a ``dataframe_backend`` argument returns.

    Raises
    ------
    ValueError
        When ``IONWORKS_DATAFRAME_BACKEND`` names no backend.
    """
    return resolve_backend(None)


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
    (result,) = await all_in_backend([table], backend)
    return result


async def all_in_backend(tables: list[Table], backend: DataFrameBackend) -> list[Frame]:
    """Return ``tables`` as the backend's type, converted in one worker thread call."""
    if backend == "table":
        return list(tables)
    result: list[Frame] = await run_in_thread()(
        _convert_all, tables, backend, limiter=cpu_limiter()
    )
    return result


def _convert_all(tables: list[Table], backend: DataFrameBackend) -> list[Frame]:
    return [convert(table, backend) for table in tables]
