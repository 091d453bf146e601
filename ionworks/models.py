"""The records and pages the clients return (the public client's ``ionworks.models``).

Records read and write as the public client's do (fields assignable,
``model_dump()``, ISO text times, :class:`MeasurementType`); they are attrs
classes read by cattrs, defined in :mod:`ionworks_async.models`.
"""

from ionworks_async.models import *  # noqa: F403
from ionworks_async.models import __all__ as __all__
