"""Voltage and current against time, the steps shaded by kind."""

from __future__ import annotations

from typing import Any

from .canvas import as_written, column, has_column, new_figure

__all__ = ["plot_time_series"]

REST_AMPS = 1e-6
"""A step whose mean current is at most this (in magnitude) is a rest."""

KINDS = (("discharge", "#d62728"), ("charge", "#1f77b4"), ("rest", "#7f7f7f"))
"""Each step kind's shade (positive current discharges)."""


def plot_time_series(frame: Any, *, title: str | None = None) -> Any:
    """Draw voltage and current against time, steps shaded by kind.

    Parameters
    ----------
    frame : Frame
        A time series (``Time [s]``, ``Voltage [V]``, ``Current [A]``; with
        ``Step count``, each step is shaded: discharge, charge or rest, by the
        sign of its mean current, positive discharging) of any backend.
    title : str, optional
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes sharing time (hours when the test is longer than two).

    Raises
    ------
    ValueError
        When a needed column is missing.
    MissingDependencyError
        When matplotlib is not installed.
    """
    import numpy as np

    time = column(frame, "Time [s]")
    voltage = column(frame, "Voltage [V]")
    current = column(frame, "Current [A]")
    hours = time.size > 0 and float(np.nanmax(time)) > 7200.0
    x = time / 3600.0 if hours else time
    figure, (top, bottom) = new_figure(2, height=5.5)
    top.plot(x, voltage, color="black", linewidth=0.9)
    top.set_ylabel("Voltage [V]")
    bottom.plot(x, current, color="black", linewidth=0.9)
    bottom.set_ylabel("Current [A]")
    bottom.set_xlabel("Time [h]" if hours else "Time [s]")
    if has_column(frame, "Step count") and time.size:
        _shade_steps(top, bottom, x, current, column(frame, "Step count"))
    if title:
        as_written(figure.suptitle(title))
    return figure


def _shade_steps(top: Any, bottom: Any, x: Any, current: Any, steps: Any) -> None:
    """Shade each step by its kind: one fill per kind, however many steps."""
    import numpy as np

    starts = np.flatnonzero(np.r_[True, steps[1:] != steps[:-1]])
    sums = np.add.reduceat(np.nan_to_num(current), starts)
    means = sums / np.diff(np.r_[starts, current.size])
    kinds = np.where(
        np.abs(means) <= REST_AMPS, 2, np.where(means > 0, 0, 1)
    )  # index into KINDS
    per_row = np.repeat(kinds, np.diff(np.r_[starts, current.size]))
    for index, (label, colour) in enumerate(KINDS):
        mask = per_row == index
        if not mask.any():
            continue
        for axes in (top, bottom):
            axes.fill_between(
                x,
                0,
                1,
                where=mask,
                transform=axes.get_xaxis_transform(),
                color=colour,
                alpha=0.12,
                linewidth=0,
                step="post",
                label=label if axes is top else None,
            )
    top.legend(
        loc="lower right",
        bbox_to_anchor=(1.0, 1.0),
        ncols=3,
        fontsize="small",
        frameon=False,
    )
