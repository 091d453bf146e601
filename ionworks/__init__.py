"""ionworks: the blocking client for the Ionworks battery-data API.

>>> from ionworks import Ionworks
>>> client = Ionworks()  # doctest: +SKIP
>>> instance = client.cell_instance.get(instance_id)  # doctest: +SKIP

Every method is generated from :mod:`ionworks_async` and runs its coroutine on
one private event loop, so the blocking API works in scripts, threads and
notebooks alike.
"""

from ionworks_async import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    BatchError,
    CellBatch,
    CellInstance,
    CellInstanceDetail,
    CellMeasurement,
    CellMeasurementBundle,
    CellMeasurementDetail,
    CellSpecification,
    ConflictError,
    DataFrameBackend,
    Frame,
    IonworksError,
    IssueCode,
    MeasurementProcessingError,
    MeasurementTag,
    MeasurementValidationError,
    MeasurementValidationWarning,
    MissingDependencyError,
    NotFoundError,
    PaginatedList,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
    StepsAndCycles,
    Table,
    UnprocessableEntityError,
    ValidationIssue,
    __version__,
    validate_time_series,
)

from ._generated import (
    CellBatchClient,
    CellInstanceClient,
    CellMeasurementClient,
    CellSpecificationClient,
    Ionworks,
)

__all__ = [
    "APIConnectionError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BatchError",
    "CellBatch",
    "CellBatchClient",
    "CellInstance",
    "CellInstanceClient",
    "CellInstanceDetail",
    "CellMeasurement",
    "CellMeasurementBundle",
    "CellMeasurementClient",
    "CellMeasurementDetail",
    "CellSpecification",
    "CellSpecificationClient",
    "ConflictError",
    "DataFrameBackend",
    "Frame",
    "Ionworks",
    "IonworksError",
    "IssueCode",
    "MeasurementProcessingError",
    "MeasurementTag",
    "MeasurementValidationError",
    "MeasurementValidationWarning",
    "MissingDependencyError",
    "NotFoundError",
    "PaginatedList",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseValidationError",
    "ServerError",
    "StepsAndCycles",
    "Table",
    "UnprocessableEntityError",
    "ValidationIssue",
    "__version__",
    "validate_time_series",
]
