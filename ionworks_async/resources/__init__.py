"""The resource clients, one module a resource."""

from .cell_batch import AsyncCellBatchClient
from .cell_instance import AsyncCellInstanceClient
from .cell_measurement import AsyncCellMeasurementClient
from .cell_specification import AsyncCellSpecificationClient

__all__ = [
    "AsyncCellBatchClient",
    "AsyncCellInstanceClient",
    "AsyncCellMeasurementClient",
    "AsyncCellSpecificationClient",
]
