"""From a time series to answers: its steps, its cycles, the kernels under them.

:func:`summarize` gives the hosted API's step table of a time series and
:func:`cycle_metrics` one row a cycle of metrics (both ionworksdata's, column
for column); :mod:`.steps` the API's steps and cycles tables (ionworks-local's
processing and ``read.time_series_and_steps`` use it); :mod:`.kernels` the
per-step array kernels the readers, the upload checks and the steps table
share. Synchronous and vectorised: call them from a worker thread in async
code.
"""

import importlib
from typing import TYPE_CHECKING, Any

from .errors import SeriesError

if TYPE_CHECKING:  # imported on first use: numpy is not needed to import the client
    from .frames import (
        cycle_metrics,
        dqdv,
        dvdq,
        select,
        specific,
        summarize,
        voltage_capacity,
    )
    from .plots import plot_dqdv, plot_fade, plot_voltage_capacity
    from .steps import steps_and_cycles

_HOMES = {
    **dict.fromkeys(
        (
            "cycle_metrics",
            "dqdv",
            "dvdq",
            "select",
            "specific",
            "summarize",
            "voltage_capacity",
        ),
        ".frames",
    ),
    **dict.fromkeys(("plot_dqdv", "plot_fade", "plot_voltage_capacity"), ".plots"),
    "steps_and_cycles": ".steps",
}


def __getattr__(name: str) -> Any:
    """Import a public function's module on first use (see ``_HOMES``)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "SeriesError",
    "cycle_metrics",
    "dqdv",
    "dvdq",
    "plot_dqdv",
    "plot_fade",
    "plot_voltage_capacity",
    "select",
    "specific",
    "steps_and_cycles",
    "summarize",
    "voltage_capacity",
]
