"""The public surface of both packages, declared once: name -> defining module.

``ionworks_async`` loads each name from its module on first use (PEP 562), and
``ionworks`` re-exports the same table beside its blocking clients. A test
pins the names, so a change here is a deliberate one.
"""

from __future__ import annotations

from .errors import __all__ as _error_names

__all__ = ["EXPORTS"]

# Every error class: errors.py has no dependencies, so reading it here is free.
_ERRORS = tuple(name for name in _error_names if name[0].isupper())
_MODELS = (
    "CellBatch",
    "CellInstance",
    "CellInstanceDetail",
    "CellMeasurement",
    "CellMeasurementBundle",
    "CellMeasurementDetail",
    "CellSpecification",
    "MeasurementTag",
    "PaginatedList",
    "Project",
    "RawData",
    "StepsAndCycles",
)
_RESOURCES = (
    "AsyncCellBatchClient",
    "AsyncCellInstanceClient",
    "AsyncCellMeasurementClient",
    "AsyncCellSpecificationClient",
    "AsyncProjectClient",
    "AsyncRawDataClient",
)
_VALIDATION = (
    "IssueCode",
    "MeasurementValidationError",
    "MeasurementValidationWarning",
    "ValidationIssue",
    "validate_time_series",
)

EXPORTS: dict[str, str] = {
    "AsyncIonworks": "ionworks_async._client",
    **dict.fromkeys(_ERRORS, "ionworks_async.errors"),
    **dict.fromkeys(_MODELS, "ionworks_async.models"),
    **dict.fromkeys(_RESOURCES, "ionworks_async.resources"),
    **dict.fromkeys(_VALIDATION, "ionworks_async.validation"),
    "BatchResult": "ionworks_async.ingest",
    "ItemFailure": "ionworks_async.ingest",
    "Success": "ionworks_async.ingest",
    "Unknown": "ionworks_async.ingest",
    "MissingDependencyError": "ionworks_async.tables",
    "Table": "ionworks_async.tables",
    "get_dataframe_backend": "ionworks_async.tables",
    "set_dataframe_backend": "ionworks_async.tables",
    "DataFrameBackend": "ionworks_async.types",
    "Frame": "ionworks_async.types",
}
"""Every public name of ``ionworks_async`` (and so of ``ionworks``) but
``__version__``, with the module it is loaded from."""
