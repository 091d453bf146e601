"""Tables: the light :class:`Table`, and the frame backends data methods return.

:mod:`.table` holds :class:`Table` (columnar, parquet decoded lazily with
pyarrow); :mod:`._backends` turns it into what ``dataframe_backend`` names;
:mod:`._sources` reads upload sources (files, frames) as record batches.
"""

from .aliases import DataFrameBackend, Frame, TableSource
from .backends import get_dataframe_backend, set_dataframe_backend
from .table import MissingDependencyError, Table

__all__ = [
    "DataFrameBackend",
    "Frame",
    "MissingDependencyError",
    "Table",
    "TableSource",
    "get_dataframe_backend",
    "set_dataframe_backend",
]
