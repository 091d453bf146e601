"""Read cyclers' own files into the API's time series: :mod:`ionworks_async.read`.

The functions are synchronous already (they read files on this machine), so
the blocking package re-exports them as they are::

    import ionworks
    frame = ionworks.read.time_series("cell07.txt")
"""

from ionworks_async.read import *  # noqa: F403 - the same surface, as it is
from ionworks_async.read import __all__ as __all__
