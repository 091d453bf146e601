"""Project client (the public client's import path).

``from ionworks.project import ProjectClient`` works as with ionworks-api;
the class is generated from :mod:`ionworks_async` into :mod:`ionworks._generated`.
"""

from ._generated import ProjectClient

__all__ = ["ProjectClient"]
