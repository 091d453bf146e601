"""ionworks: the blocking client for the Ionworks battery-data API.

>>> from ionworks import Ionworks
>>> client = Ionworks()  # doctest: +SKIP
>>> instance = client.cell_instance.get(instance_id)  # doctest: +SKIP

Every method is generated from :mod:`ionworks_async` and runs its coroutine on
one private event loop, so the blocking API works in scripts, threads and
notebooks alike.
"""

from typing import TYPE_CHECKING, Any

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
    MeasurementProcessingError,
    MeasurementTag,
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
    __version__,
)

if TYPE_CHECKING:
    from ionworks_async.validation import (
        IssueCode,
        MeasurementValidationError,
        MeasurementValidationWarning,
        ValidationIssue,
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


_VALIDATION = frozenset(
    {
        "IssueCode",
        "MeasurementValidationError",
        "MeasurementValidationWarning",
        "ValidationIssue",
        "validate_time_series",
    }
)


def __getattr__(name: str) -> Any:
    # The validation names load on first use: importing the package stays cheap.
    if name in _VALIDATION:
        import ionworks_async.validation

        value = getattr(ionworks_async.validation, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
