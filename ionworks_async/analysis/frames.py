"""The analysis on any frame the SDK returns or takes, answered in the active backend.

Synchronous and vectorised (numpy over whole columns, a block of whole
steps at a time): call them from a worker thread in async code.
"""

from __future__ import annotations

from typing import Any

from .._runtime.boundary import input_boundary
from ..tables.aliases import DataFrameBackend, Frame
from ..tables.backends import convert, get_dataframe_backend
from ..tables.sources import module_of
from ..tables.table import Table, as_table
from ..types import TableSource
from .cell import rated_capacity
from .curves import Method, Segments, arrow_of, differential, segments
from .metrics import cycle_metrics_arrow
from .selection import cell_size, scaled, selected
from .summary import StepTolerances, summarize_arrow

__all__ = [
    "cycle_metrics",
    "cycle_metrics_of",
    "dqdv",
    "dvdq",
    "select",
    "specific",
    "summarize",
    "voltage_capacity",
]


def _answer(arrow_table: Any, like: Any = None) -> Frame:
    """Return an answer in the active backend, or as the frame ``like`` is."""
    backend = get_dataframe_backend() if like is None else _backend_of(like)
    return convert(Table.from_arrow(arrow_table), backend)


def _backend_of(frame: Any) -> DataFrameBackend:
    if isinstance(frame, Table):
        return "table"
    module = module_of(frame)
    if module in ("polars", "pandas"):
        return module  # type: ignore[return-value]
    return "arrow" if module == "pyarrow" else get_dataframe_backend()


def cycle_metrics_of(steps: Frame) -> Frame:
    """Return :func:`cycle_metrics` of a step table, as the same kind of frame.

    Raises
    ------
    ValueError
        When the steps have no ``Cycle count`` or capacity column.
    """
    return _answer(cycle_metrics_arrow(as_table(steps).to_arrow()), like=steps)


@input_boundary(ValueError, TypeError)
def summarize(time_series: TableSource, *, cell_spec: Any = None) -> Frame:
    """Return the step table of a time series, as the hosted API returns it.

    ionworksdata's ``steps.summarize``, column for column (see
    :mod:`ionworks_async.analysis.summary` for the rules and where ours says
    more).

    Parameters
    ----------
    time_series : TableSource
        The series in the API's columns (``Time [s]``, ``Voltage [V]``,
        ``Current [A]``, ``Step count``, ...): any frame, or a parquet or CSV
        file, read a block of whole steps at a time.
    cell_spec : record or dict, optional
        The cell specification: with its rated capacity, the rest and
        constant-current tolerances are C/1000 and C/200 (else 1 % of the
        largest current in the series).

    Returns
    -------
    Frame
        One row a step, in the active dataframe backend.

    Raises
    ------
    SeriesError
        When a column the table needs is missing or holds no numbers, or
        the series has no rows (a ``ValueError``).
    """
    tolerances = StepTolerances(rated_capacity(cell_spec))
    return _answer(summarize_arrow(time_series, tolerances))


@input_boundary(ValueError, TypeError)
def cycle_metrics(steps: TableSource, options: dict[str, Any] | None = None) -> Frame:
    """Return one row a cycle of metrics, from a step table.

    ionworksdata's ``cycle_metrics.get_cycle_metrics``: capacities,
    energies, efficiencies, retention and fade against the first cycle,
    mean currents and durations each way, voltage range, throughput.

    Parameters
    ----------
    steps : TableSource
        A step table (:func:`summarize`'s, or ``steps()`` of a measurement).
    options : dict, optional
        ``{"current units": "density"}`` reads the capacities per area
        (``[mA.h.cm-2]``) instead of ``[A.h]``.

    Returns
    -------
    Frame
        One row a cycle, in the active dataframe backend.

    Raises
    ------
    ValueError
        When the steps have no ``Cycle count`` or capacity column, or the
        option is not known.
    """
    units = (options or {}).get("current units", "total")
    if units not in ("total", "density"):
        raise ValueError(f"'current units' must be 'total' or 'density', got {units!r}")
    unit = "A.h" if units == "total" else "mA.h.cm-2"
    return _answer(cycle_metrics_arrow(as_table(steps).to_arrow(), unit))


@input_boundary(ValueError, TypeError)
def voltage_capacity(
    time_series: TableSource,
    *,
    cycles: Any = None,
    direction: str = "both",
    cell_spec: Any = None,
) -> Frame:
    """Return the voltage against capacity of each cycle, one way at a time.

    Parameters
    ----------
    time_series : TableSource
        The series, in the API's columns.
    cycles : int or list of int, optional
        The cycles (``Cycle count``) to keep; all by default.
    direction : {"both", "charge", "discharge"}
        Which way.
    cell_spec : record or dict, optional
        With a rated capacity, the rest tolerance is C/1000.

    Returns
    -------
    Frame
        ``Cycle count``, ``Direction``, ``Capacity [A.h]`` (from 0 at the
        start of each cycle's charge or discharge), ``Voltage [V]`` and
        ``Time [s]``, a row a sample, in the active backend.
    """
    segs = Segments(time_series, rated_capacity(cell_spec))
    return _answer(arrow_of(segments(segs, cycles, direction)))


@input_boundary(ValueError, TypeError)
def dqdv(
    time_series: TableSource,
    *,
    cycles: Any = None,
    direction: str = "both",
    method: Method = "bin",
    step: float = 0.005,
    window: int = 11,
    order: int = 3,
    cell_spec: Any = None,
) -> Frame:
    """Return the differential capacity dQ/dV of each cycle, one way at a time.

    See :mod:`ionworks_async.analysis.curves` for the two methods.

    Parameters
    ----------
    time_series : TableSource
        The series, in the API's columns.
    cycles : int or list of int, optional
        The cycles to keep; all by default.
    direction : {"both", "charge", "discharge"}
        Which way.
    method : {"bin", "savgol"}
        A voltage histogram (default), or a Savitzky-Golay derivative of the
        capacity on an even voltage grid.
    step : float, optional
        The bin width or grid spacing in V (default 5 mV).
    window, order : int, optional
        The Savitzky-Golay window (odd, in grid points) and polynomial order.
    cell_spec : record or dict, optional
        With a rated capacity, the rest tolerance is C/1000.

    Returns
    -------
    Frame
        ``Cycle count``, ``Direction``, ``Voltage [V]``, ``dQ/dV [A.h.V-1]``
        (positive charging, negative discharging), in the active backend.
    """
    segs = Segments(time_series, rated_capacity(cell_spec))
    columns = differential(segs, "dqdv", cycles, direction, method, step, window, order)
    return _answer(arrow_of(columns))


@input_boundary(ValueError, TypeError)
def dvdq(
    time_series: TableSource,
    *,
    cycles: Any = None,
    direction: str = "both",
    method: Method = "bin",
    step: float | None = None,
    window: int = 11,
    order: int = 3,
    cell_spec: Any = None,
) -> Frame:
    """Return the differential voltage dV/dQ of each cycle, one way at a time.

    As :func:`dqdv`, against capacity: ``step`` is in A.h (default: 1/200
    of each segment's capacity).

    Returns
    -------
    Frame
        ``Cycle count``, ``Direction``, ``Capacity [A.h]``, ``dV/dQ
        [V.A.h-1]``, in the active backend.
    """
    segs = Segments(time_series, rated_capacity(cell_spec))
    columns = differential(segs, "dvdq", cycles, direction, method, step, window, order)
    return _answer(arrow_of(columns))


@input_boundary(ValueError, TypeError)
def select(
    time_series: TableSource,
    *,
    cycles: Any = None,
    steps: Any = None,
    step_types: Any = None,
) -> Frame:
    """Return the rows of chosen cycles, steps or step types.

    Parameters
    ----------
    time_series : TableSource
        The series, in the API's columns.
    cycles : int or list of int, optional
        ``Cycle count`` values to keep (as :func:`summarize` counts them).
    steps : int or list of int, optional
        ``Step count`` values to keep.
    step_types : str or list of str, optional
        Step types to keep: whole (``"Constant voltage charge"``) or by a
        word (``"discharge"``, ``"Rest"``, ``"constant current"``).

    Returns
    -------
    Frame
        The rows kept, every column, in the active backend.
    """
    return _answer(selected(time_series, cycles, steps, step_types))


@input_boundary(ValueError, TypeError)
def specific(
    data: TableSource,
    *,
    mass: float | None = None,
    area: float | None = None,
    cell: Any = None,
) -> Frame:
    """Return a table with its capacities, energies and currents per gram and cm².

    Parameters
    ----------
    data : TableSource
        A time series, a step table, or cycle metrics.
    mass : float, optional
        The active mass, in g.
    area : float, optional
        The electrode area, in cm².
    cell : record or dict, optional
        A cell instance or specification whose ``properties`` give ``mass``
        or ``area`` (used where the arguments do not).

    Returns
    -------
    Frame
        Every column, and beside each ``[A.h]``, ``[W.h]`` and ``[A]`` one its
        ``[mA.h.g-1]``/``[mA.h.cm-2]`` (``mW.h``, ``mA``) twins, in the
        active backend. ``cycle_metrics(steps, {"current units": "density"})``
        reads the per-area ones.

    Raises
    ------
    ValueError
        When neither a mass nor an area is given or found.
    """
    found_mass, found_area = cell_size(cell) if cell is not None else (None, None)
    table = as_table(data).to_arrow()
    return _answer(scaled(table, mass or found_mass, area or found_area))
