"""Figures of measurement data: what a scientist looks at first.

:func:`plot_time_series` draws voltage and current against time with the
steps shaded by kind (charge, discharge, rest); :func:`plot_cycles` draws
capacity or energy per cycle across a cell's measurements;
:func:`plot_impedance` an impedance spectrum (Nyquist and Bode). They take frames of
any backend and return a ``matplotlib.figure.Figure`` built without pyplot
(no global state, safe in threads), which a notebook shows inline.
``CellMeasurementDetail.plot()`` and ``CellInstanceDetail.plot()`` call them.
matplotlib is an extra (``pip install "ionworks-async[plot]"``), imported only
when a figure is asked for.
"""

from .cycles import plot_cycles
from .impedance import is_impedance, plot_impedance
from .time_series import plot_time_series

__all__ = ["is_impedance", "plot_cycles", "plot_impedance", "plot_time_series"]
