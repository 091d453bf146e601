"""ionworks_async: the asynchronous client for the Ionworks battery-data API.

>>> from ionworks_async import AsyncIonworks
>>> async with AsyncIonworks() as client:  # doctest: +SKIP
...     detail = await client.cell_instance.detail(instance_id)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from ._client import AsyncIonworks
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
    from .frames import DataFrameBackend, Frame
    from .models import (
        CellBatch,
        CellInstance,
        CellInstanceDetail,
        CellMeasurement,
        CellMeasurementBundle,
        CellMeasurementDetail,
        CellSpecification,
        MeasurementTag,
        StepsAndCycles,
    )
    from .pages import PaginatedList
    from .resources import (
        AsyncCellBatchClient,
        AsyncCellInstanceClient,
        AsyncCellMeasurementClient,
        AsyncCellSpecificationClient,
    )
    from .tables import MissingDependencyError, Table
    from .validation import (
        IssueCode,
        MeasurementValidationError,
        MeasurementValidationWarning,
        ValidationIssue,
        validate_time_series,
    )

# Names load on first use (PEP 562): importing the package, as the pytest
# plugin's entry point does in every pytest run, costs next to nothing.
_EXPORTS = {
    "DataFrameBackend": ".frames",
    "Frame": ".frames",
    "APIConnectionError": ".errors",
    "APITimeoutError": ".errors",
    "AsyncCellBatchClient": ".resources",
    "AsyncCellInstanceClient": ".resources",
    "AsyncCellMeasurementClient": ".resources",
    "AsyncCellSpecificationClient": ".resources",
    "AsyncIonworks": "._client",
    "AuthenticationError": ".errors",
    "BadRequestError": ".errors",
    "BatchError": ".errors",
    "CellBatch": ".models",
    "CellInstance": ".models",
    "CellInstanceDetail": ".models",
    "CellMeasurement": ".models",
    "CellMeasurementBundle": ".models",
    "CellMeasurementDetail": ".models",
    "CellSpecification": ".models",
    "MeasurementTag": ".models",
    "ConflictError": ".errors",
    "IonworksError": ".errors",
    "MeasurementProcessingError": ".errors",
    "MissingDependencyError": ".tables",
    "NotFoundError": ".errors",
    "PaginatedList": ".pages",
    "PayloadTooLargeError": ".errors",
    "PermissionDeniedError": ".errors",
    "RateLimitError": ".errors",
    "ResponseValidationError": ".errors",
    "ServerError": ".errors",
    "StepsAndCycles": ".models",
    "Table": ".tables",
    "UnprocessableEntityError": ".errors",
    "IssueCode": ".validation",
    "MeasurementValidationError": ".validation",
    "MeasurementValidationWarning": ".validation",
    "ValidationIssue": ".validation",
    "validate_time_series": ".validation",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


__all__ = [
    "APIConnectionError",
    "APITimeoutError",
    "AsyncCellBatchClient",
    "AsyncCellInstanceClient",
    "AsyncCellMeasurementClient",
    "AsyncCellSpecificationClient",
    "AsyncIonworks",
    "AuthenticationError",
    "BadRequestError",
    "BatchError",
    "CellBatch",
    "CellInstance",
    "CellInstanceDetail",
    "CellMeasurement",
    "CellMeasurementBundle",
    "CellMeasurementDetail",
    "CellSpecification",
    "ConflictError",
    "DataFrameBackend",
    "Frame",
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
