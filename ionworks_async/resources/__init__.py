"""The resource clients: one entry a resource, built from a context.

``_base`` holds what they share (the context, the base class, the
descriptors), ``_requests`` the typed requests, ``_paths`` every API path.
"""

from ._base import HasContext, ResourceContext
from .cell_batch import AsyncCellBatchClient
from .cell_instance import AsyncCellInstanceClient
from .cell_measurement import AsyncCellMeasurementClient
from .cell_specification import AsyncCellSpecificationClient
from .navigator import AsyncNavigator, Navigable
from .project import AsyncProjectClient
from .raw_data import AsyncRawDataClient

__all__ = [
    "AsyncCellBatchClient",
    "AsyncCellInstanceClient",
    "AsyncCellMeasurementClient",
    "AsyncCellSpecificationClient",
    "AsyncNavigator",
    "AsyncProjectClient",
    "AsyncRawDataClient",
    "HasContext",
    "Navigable",
    "ResourceContext",
]
