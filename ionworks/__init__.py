"""ionworks: the blocking client for the Ionworks battery-data API.

>>> from ionworks import Ionworks
>>> client = Ionworks()  # doctest: +SKIP
>>> instance = client.cell_instance.get(instance_id)  # doctest: +SKIP

Every method is generated from :mod:`ionworks_async` and runs its coroutine on
one private event loop, so the blocking API works in scripts, threads and
notebooks alike. Besides the blocking clients, this package re-exports the
public names of :mod:`ionworks_async` (one table,
:data:`ionworks_async.EXPORTS`), loaded on first use; the async
clients stay in :mod:`ionworks_async`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ionworks_async import EXPORTS
from ionworks_async import __version__ as __version__

from ._generated import CellBatchClient as CellBatchClient
from ._generated import CellInstanceClient as CellInstanceClient
from ._generated import CellMeasurementClient as CellMeasurementClient
from ._generated import CellSpecificationClient as CellSpecificationClient
from ._generated import Ionworks as Ionworks
from ._generated import Navigator as Navigator
from ._generated import ProjectClient as ProjectClient
from ._generated import RawDataClient as RawDataClient

if TYPE_CHECKING:
    from ionworks_async import APIConnectionError as APIConnectionError
    from ionworks_async import APIStatusError as APIStatusError
    from ionworks_async import APITimeoutError as APITimeoutError
    from ionworks_async import AuthenticationError as AuthenticationError
    from ionworks_async import BadRequestError as BadRequestError
    from ionworks_async import BatchError as BatchError
    from ionworks_async import BatchResult as BatchResult
    from ionworks_async import CellBatch as CellBatch
    from ionworks_async import CellInstance as CellInstance
    from ionworks_async import CellInstanceDetail as CellInstanceDetail
    from ionworks_async import CellMeasurement as CellMeasurement
    from ionworks_async import CellMeasurementBundle as CellMeasurementBundle
    from ionworks_async import (
        CellMeasurementBundleResponse as CellMeasurementBundleResponse,
    )
    from ionworks_async import CellMeasurementDetail as CellMeasurementDetail
    from ionworks_async import CellSpecification as CellSpecification
    from ionworks_async import ConflictError as ConflictError
    from ionworks_async import DataFrameBackend as DataFrameBackend
    from ionworks_async import Frame as Frame
    from ionworks_async import InviteResult as InviteResult
    from ionworks_async import IonworksError as IonworksError
    from ionworks_async import IssueCode as IssueCode
    from ionworks_async import ItemFailure as ItemFailure
    from ionworks_async import MeasurementProcessingError as MeasurementProcessingError
    from ionworks_async import MeasurementTag as MeasurementTag
    from ionworks_async import MeasurementTagUsage as MeasurementTagUsage
    from ionworks_async import MeasurementType as MeasurementType
    from ionworks_async import MeasurementValidationError as MeasurementValidationError
    from ionworks_async import (
        MeasurementValidationWarning as MeasurementValidationWarning,
    )
    from ionworks_async import MissingDependencyError as MissingDependencyError
    from ionworks_async import NotAvailableError as NotAvailableError
    from ionworks_async import NotFoundError as NotFoundError
    from ionworks_async import PaginatedList as PaginatedList
    from ionworks_async import PayloadTooLargeError as PayloadTooLargeError
    from ionworks_async import PermissionDeniedError as PermissionDeniedError
    from ionworks_async import Project as Project
    from ionworks_async import ProjectRoleInfo as ProjectRoleInfo
    from ionworks_async import RateLimitError as RateLimitError
    from ionworks_async import RawData as RawData
    from ionworks_async import ResponseValidationError as ResponseValidationError
    from ionworks_async import ServerError as ServerError
    from ionworks_async import StepsAndCycles as StepsAndCycles
    from ionworks_async import Success as Success
    from ionworks_async import Table as Table
    from ionworks_async import TLSVerificationError as TLSVerificationError
    from ionworks_async import Unknown as Unknown
    from ionworks_async import UnprocessableEntityError as UnprocessableEntityError
    from ionworks_async import ValidationIssue as ValidationIssue
    from ionworks_async import clear_cache as clear_cache
    from ionworks_async import get_cache_directory as get_cache_directory
    from ionworks_async import get_cache_enabled as get_cache_enabled
    from ionworks_async import get_cache_ttl as get_cache_ttl
    from ionworks_async import get_dataframe_backend as get_dataframe_backend
    from ionworks_async import set_cache_directory as set_cache_directory
    from ionworks_async import set_cache_enabled as set_cache_enabled
    from ionworks_async import set_cache_ttl as set_cache_ttl
    from ionworks_async import set_dataframe_backend as set_dataframe_backend
    from ionworks_async import validate_measurement_data as validate_measurement_data
    from ionworks_async import validate_time_series as validate_time_series

_BLOCKING = (
    "CellBatchClient",
    "CellInstanceClient",
    "CellMeasurementClient",
    "CellSpecificationClient",
    "Ionworks",
    "Navigator",
    "ProjectClient",
    "RawDataClient",
)
_SHARED = {
    name: module for name, module in EXPORTS.items() if not name.startswith("Async")
}

__all__ = sorted([*_SHARED, *_BLOCKING, "__version__"])


def __getattr__(name: str) -> Any:
    if name in ("read", "analysis"):  # loaded on first use
        return importlib.import_module(f"ionworks.{name}")
    module = _SHARED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_SHARED, "read", "analysis"})
