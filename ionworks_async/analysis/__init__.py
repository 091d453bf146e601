"""From a time series to answers: its steps and cycles, and the kernels under them.

:mod:`.steps` computes the API's steps and cycles tables from a time series
(ionworks-local's processing and ``read.time_series_and_steps`` both use
it); :mod:`.kernels` holds the per-step array kernels the readers, the
upload checks and the steps table share. Synchronous and vectorised: call it
from a worker thread in async code.
"""

from .steps import SeriesError, steps_and_cycles

__all__ = ["SeriesError", "steps_and_cycles"]
