"""Raw-data client for original files (the public client's import path).

``from ionworks.raw_data import RawDataClient`` works as with ionworks-api;
the class is generated from :mod:`ionworks_async` into :mod:`ionworks._generated`.
"""

from ._generated import RawDataClient

__all__ = ["RawDataClient"]
