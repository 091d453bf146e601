"""An impedance spectrum: its Nyquist plot, and its Bode plot beside it."""

from __future__ import annotations

from typing import Any

from .canvas import as_written, column, has_column, new_figure

__all__ = ["IMPEDANCE_COLUMNS", "is_impedance", "plot_impedance"]

IMPEDANCE_COLUMNS = ("Frequency [Hz]", "Z_Re [Ohm]", "Z_Im [Ohm]")
"""The columns of a spectrum (``Z_Im`` as measured: capacitive is negative)."""


def _spectrum(frame: Any) -> tuple[Any, Any, Any]:
    """Return frequency, Z_Re and Z_Im of the rows that are a spectrum's."""
    import numpy as np

    frequency, real, imaginary = (column(frame, name) for name in IMPEDANCE_COLUMNS)
    rows = (frequency > 0) & np.isfinite(frequency * real * imaginary)
    return frequency[rows], real[rows], imaginary[rows]


def is_impedance(frame: Any) -> bool:
    """Whether a time series holds a spectrum (three points or more)."""
    if not all(has_column(frame, name) for name in IMPEDANCE_COLUMNS):
        return False
    return bool(_spectrum(frame)[0].size >= 3)


def plot_impedance(frame: Any, *, title: str | None = None) -> Any:
    """Draw an impedance spectrum: Nyquist, and Bode (magnitude and phase).

    Parameters
    ----------
    frame : Frame
        A series with ``Frequency [Hz]``, ``Z_Re [Ohm]`` and ``Z_Im [Ohm]``
        (rows without a frequency, the rest of an EIS step, are left out).
    title : str, optional
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure
        Nyquist (``-Z_Im`` against ``Z_Re``, equal scales) on the left; on the
        right ``|Z|`` and the phase against frequency (log scale).

    Raises
    ------
    ValueError
        When a column is missing or no row has a frequency.
    MissingDependencyError
        When matplotlib is not installed.
    """
    import numpy as np

    frequency, real, imaginary = _spectrum(frame)
    if not frequency.size:
        raise ValueError("No row has a frequency and an impedance to plot")
    figure, (first,) = new_figure(1, height=5.0)
    first.remove()  # Nyquist on the left, the height of both Bode axes
    grid = figure.subplot_mosaic([["nyquist", "magnitude"], ["nyquist", "phase"]])
    nyquist, magnitude, phase = grid["nyquist"], grid["magnitude"], grid["phase"]
    magnitude.sharex(phase)
    nyquist.plot(real, -imaginary, marker="o", markersize=3, color="black")
    nyquist.set_xlabel("Z_Re [Ohm]")
    nyquist.set_ylabel("-Z_Im [Ohm]")
    nyquist.set_aspect("equal", adjustable="datalim")
    modulus = np.hypot(real, imaginary)
    angle = np.degrees(np.arctan2(imaginary, real))
    magnitude.loglog(frequency, modulus, marker="o", markersize=3, color="black")
    magnitude.set_ylabel("|Z| [Ohm]")
    phase.semilogx(frequency, angle, marker="o", markersize=3, color="black")
    phase.set_ylabel("Phase [deg]")
    phase.set_xlabel("Frequency [Hz]")
    if title:
        as_written(figure.suptitle(title))
    return figure
