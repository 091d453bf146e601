"""ionworks: the blocking client for the Ionworks battery-data API.

The blocking facade is generated from :mod:`ionworks_async`; until it lands
this package re-exports the errors and models.
"""

from ionworks_async import *  # noqa: F403
from ionworks_async import __all__ as _async_all

__all__ = [name for name in _async_all if not name.startswith("Async")]
