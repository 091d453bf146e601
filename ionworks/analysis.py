"""From a time series to answers: :mod:`ionworks_async.analysis`, as it is.

The functions are synchronous already (they compute on this machine), so the
blocking package re-exports them::

    import ionworks
    steps = ionworks.analysis.summarize(series)
    metrics = ionworks.analysis.cycle_metrics(steps)
"""

from ionworks_async.analysis import *  # noqa: F403 - the same surface, as it is
from ionworks_async.analysis import __all__ as __all__
