"""Capacity or energy per cycle, across a cell's measurements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from .canvas import as_written, column, has_column, new_figure

__all__ = ["plot_cycles"]

QUANTITIES = {
    "capacity": ("Discharge capacity [A.h]", "Charge capacity [A.h]"),
    "energy": ("Discharge energy [W.h]", "Charge energy [W.h]"),
}


def plot_cycles(
    measurements: Sequence[Any],
    *,
    quantity: Literal["capacity", "energy"] = "capacity",
    title: str | None = None,
) -> Any:
    """Draw discharge and charge capacity (or energy) per cycle.

    The measurements' cycles follow one another on the x axis in the order
    given (a cell's life, measurement by measurement), each in its own colour.

    Parameters
    ----------
    measurements : sequence of CellMeasurementDetail
        Measurements with their ``cycles`` frame; those without one (files,
        properties, not processed) are left out.
    quantity : {"capacity", "energy"}, optional
        What to draw.
    title : str, optional
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure
        One axes: the quantity against the cycle number.

    Raises
    ------
    ValueError
        For another ``quantity``, or when no measurement has cycles with its
        columns.
    MissingDependencyError
        When matplotlib is not installed.
    """
    import numpy as np

    if quantity not in QUANTITIES:
        raise ValueError(f"quantity must be 'capacity' or 'energy', got {quantity!r}")
    discharge, charge = QUANTITIES[quantity]
    drawn = [
        m
        for m in measurements
        if getattr(m, "cycles", None) is not None and has_column(m.cycles, discharge)
    ]
    if not drawn:
        raise ValueError(
            f"No measurement has cycles with a {discharge!r} column to plot "
            "(were they fetched, include_cycles=True, and processed?)"
        )
    figure, (axes,) = new_figure(1, height=4.0)
    offset = 0
    lines = []
    for measurement in drawn:
        values = column(measurement.cycles, discharge)
        x = offset + np.arange(1, values.size + 1)
        (line,) = axes.plot(x, values, marker="o", markersize=3, label=measurement.name)
        lines.append(line)  # a name may begin with "_", which legends leave out
        if has_column(measurement.cycles, charge):
            axes.plot(
                x,
                column(measurement.cycles, charge),
                marker="o",
                markersize=3,
                markerfacecolor="none",
                linestyle="--",
                color=line.get_color(),
            )
        offset += values.size
    from matplotlib.lines import Line2D
    from matplotlib.ticker import MaxNLocator

    unit = discharge.rsplit("[", 1)[1].rstrip("]")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # no cycle 1.5
    axes.set_xlabel("Cycle")
    axes.set_ylabel(f"{quantity.capitalize()} [{unit}]")
    kinds = [
        Line2D([], [], color="black", label="discharge"),
        Line2D([], [], color="black", linestyle="--", label="charge"),
    ]
    legend = axes.legend(handles=[*lines, *kinds], fontsize="small", frameon=False)
    as_written(*legend.get_texts())
    if title:
        as_written(figure.suptitle(title))
    return figure
