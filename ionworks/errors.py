"""The errors the client raises (the public client's ``ionworks.errors``).

Every one is an :class:`IonworksError`; each HTTP failure has its own class
(``NotFoundError``, ``ConflictError``, ...), with ``status_code`` as the
public client gives it.
"""

from ionworks_async.errors import *  # noqa: F403
from ionworks_async.errors import __all__ as __all__
