"""ionworks_async: the asynchronous client for the Ionworks battery-data API.

>>> from ionworks_async import AsyncIonworks
>>> async with AsyncIonworks() as client:  # doctest: +SKIP
...     detail = await client.cell_instance.detail(instance_id)
"""

from ._client import AsyncIonworks
from ._version import __version__
from .errors import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    BatchError,
    ConflictError,
    IonworksError,
    MeasurementProcessingError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
    UnprocessableEntityError,
)
from .models import (
    CellInstance,
    CellInstanceDetail,
    CellMeasurement,
    CellMeasurementDetail,
    CellSpecification,
    PaginatedList,
)
from .resources import (
    AsyncCellInstanceClient,
    AsyncCellMeasurementClient,
    AsyncCellSpecificationClient,
)
from .tables import MissingDependencyError, Table

__all__ = [
    "APIConnectionError",
    "APITimeoutError",
    "AsyncCellInstanceClient",
    "AsyncCellMeasurementClient",
    "AsyncCellSpecificationClient",
    "AsyncIonworks",
    "AuthenticationError",
    "BadRequestError",
    "BatchError",
    "CellInstance",
    "CellInstanceDetail",
    "CellMeasurement",
    "CellMeasurementDetail",
    "CellSpecification",
    "ConflictError",
    "IonworksError",
    "MeasurementProcessingError",
    "MissingDependencyError",
    "NotFoundError",
    "PaginatedList",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseValidationError",
    "ServerError",
    "Table",
    "UnprocessableEntityError",
    "__version__",
]
