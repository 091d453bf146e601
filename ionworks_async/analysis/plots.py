"""The analysis drawn: a fleet's fade, a cell's dQ/dV and voltage-capacity curves.

matplotlib figures built without pyplot (see
:mod:`ionworks_async.display.figures`); a notebook shows them inline.
"""

from __future__ import annotations

from typing import Any

from .._runtime.boundary import input_boundary
from ..display.figures.analysis import plot_curves, plot_fade
from ..types import TableSource
from .frames import dqdv, voltage_capacity

__all__ = ["plot_dqdv", "plot_fade", "plot_voltage_capacity"]


@input_boundary(ValueError, TypeError)
def plot_dqdv(
    time_series: TableSource,
    *,
    cycles: Any = None,
    direction: str = "both",
    title: str | None = None,
    **options: Any,
) -> Any:
    """Draw dQ/dV against voltage for chosen cycles, a line a cycle and direction.

    Parameters
    ----------
    time_series : TableSource
        The series, in the API's columns.
    cycles : int or list of int, optional
        The cycles to draw; all by default.
    direction : {"both", "charge", "discharge"}
        Which way (charging solid, discharging dashed).
    title : str, optional
        The figure's title.
    **options
        :func:`~ionworks_async.analysis.dqdv`'s ``method``, ``step``,
        ``window``, ``order``, ``cell_spec``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    curves = dqdv(time_series, cycles=cycles, direction=direction, **options)
    return plot_curves(curves, title=title)


@input_boundary(ValueError, TypeError)
def plot_voltage_capacity(
    time_series: TableSource,
    *,
    cycles: Any = None,
    direction: str = "both",
    title: str | None = None,
) -> Any:
    """Draw voltage against capacity for chosen cycles, a line a cycle and direction.

    Parameters
    ----------
    time_series : TableSource
        The series, in the API's columns.
    cycles : int or list of int, optional
        The cycles to draw; all by default.
    direction : {"both", "charge", "discharge"}
        Which way.
    title : str, optional
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    curves = voltage_capacity(time_series, cycles=cycles, direction=direction)
    return plot_curves(curves, title=title)
