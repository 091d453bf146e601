"""The cached name walk (the public client's ``ionworks.navigator``).

``Navigator`` is generated from :class:`ionworks_async.AsyncNavigator` into
:mod:`ionworks._generated`.
"""

from ._generated import Navigator

__all__ = ["Navigator"]
