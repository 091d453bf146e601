"""ionworks_async: the asynchronous client for the Ionworks battery-data API.

>>> from ionworks_async import AsyncIonworks
>>> async with AsyncIonworks() as client:  # doctest: +SKIP
...     detail = await client.cell_instance.detail(instance_id)

The public names are declared once, in :data:`EXPORTS` below,
and load on first use (PEP 562): importing the package, as the pytest plugin's
entry point does in every pytest run, costs next to nothing. The block below
names them for type checkers; a test holds it equal to the table.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._runtime.collision import warn_if_foreign
from ._runtime.version import __version__ as __version__
from .errors import __all__ as _error_names

warn_if_foreign()  # another distribution's "ionworks" installed over ours

# Every error class: errors.py has no dependencies, so reading it here is free.
_ERRORS = tuple(name for name in _error_names if name[0].isupper())
_MODELS = (
    "CellBatch",
    "CellInstance",
    "CellInstanceDetail",
    "CellMeasurement",
    "CellMeasurementBundle",
    "CellMeasurementBundleResponse",
    "CellMeasurementDetail",
    "CellSpecification",
    "InviteResult",
    "MeasurementTag",
    "MeasurementTagUsage",
    "MeasurementType",
    "PaginatedList",
    "Project",
    "ProjectRoleInfo",
    "RawData",
    "StepsAndCycles",
)
_RESOURCES = (
    "AsyncCellBatchClient",
    "AsyncCellInstanceClient",
    "AsyncCellMeasurementClient",
    "AsyncCellSpecificationClient",
    "AsyncNavigator",
    "AsyncProjectClient",
    "AsyncRawDataClient",
)
_CACHE_SWITCHES = (
    "clear_cache",
    "get_cache_directory",
    "get_cache_enabled",
    "get_cache_ttl",
    "set_cache_directory",
    "set_cache_enabled",
    "set_cache_ttl",
)
_VALIDATION = (
    "IssueCode",
    "MeasurementValidationError",
    "MeasurementValidationWarning",
    "ValidationIssue",
)

EXPORTS: dict[str, str] = {
    "AsyncIonworks": "ionworks_async._client",
    **dict.fromkeys(_ERRORS, "ionworks_async.errors"),
    **dict.fromkeys(_MODELS, "ionworks_async.models"),
    **dict.fromkeys(_RESOURCES, "ionworks_async.resources"),
    **dict.fromkeys(_VALIDATION, "ionworks_async.validation"),
    "validate_time_series": "ionworks_async.pipeline",
    "validate_measurement_data": "ionworks_async.pipeline",
    **dict.fromkeys(_CACHE_SWITCHES, "ionworks_async._cache"),
    "BatchResult": "ionworks_async.bulk",
    "ItemFailure": "ionworks_async.bulk",
    "Success": "ionworks_async.bulk",
    "Unknown": "ionworks_async.bulk",
    "Table": "ionworks_async.tables",
    "get_dataframe_backend": "ionworks_async.tables",
    "set_dataframe_backend": "ionworks_async.tables",
    "DataFrameBackend": "ionworks_async.types",
    "Frame": "ionworks_async.types",
}
"""Every public name of ``ionworks_async`` (and so of ``ionworks``) but
``__version__``, with the module it is loaded from."""

if TYPE_CHECKING:
    from ._cache import clear_cache as clear_cache
    from ._cache import get_cache_directory as get_cache_directory
    from ._cache import get_cache_enabled as get_cache_enabled
    from ._cache import get_cache_ttl as get_cache_ttl
    from ._cache import set_cache_directory as set_cache_directory
    from ._cache import set_cache_enabled as set_cache_enabled
    from ._cache import set_cache_ttl as set_cache_ttl
    from ._client import AsyncIonworks as AsyncIonworks
    from .bulk import BatchResult as BatchResult
    from .bulk import ItemFailure as ItemFailure
    from .bulk import Success as Success
    from .bulk import Unknown as Unknown
    from .errors import APIConnectionError as APIConnectionError
    from .errors import APIStatusError as APIStatusError
    from .errors import APITimeoutError as APITimeoutError
    from .errors import AuthenticationError as AuthenticationError
    from .errors import BadRequestError as BadRequestError
    from .errors import BatchError as BatchError
    from .errors import ConflictError as ConflictError
    from .errors import IonworksError as IonworksError
    from .errors import MeasurementProcessingError as MeasurementProcessingError
    from .errors import MissingDependencyError as MissingDependencyError
    from .errors import NotAvailableError as NotAvailableError
    from .errors import NotFoundError as NotFoundError
    from .errors import PayloadTooLargeError as PayloadTooLargeError
    from .errors import PermissionDeniedError as PermissionDeniedError
    from .errors import RateLimitError as RateLimitError
    from .errors import ResponseValidationError as ResponseValidationError
    from .errors import ServerError as ServerError
    from .errors import TLSVerificationError as TLSVerificationError
    from .errors import UnprocessableEntityError as UnprocessableEntityError
    from .models import CellBatch as CellBatch
    from .models import CellInstance as CellInstance
    from .models import CellInstanceDetail as CellInstanceDetail
    from .models import CellMeasurement as CellMeasurement
    from .models import CellMeasurementBundle as CellMeasurementBundle
    from .models import (
        CellMeasurementBundleResponse as CellMeasurementBundleResponse,
    )
    from .models import CellMeasurementDetail as CellMeasurementDetail
    from .models import CellSpecification as CellSpecification
    from .models import InviteResult as InviteResult
    from .models import MeasurementTag as MeasurementTag
    from .models import MeasurementTagUsage as MeasurementTagUsage
    from .models import MeasurementType as MeasurementType
    from .models import PaginatedList as PaginatedList
    from .models import Project as Project
    from .models import ProjectRoleInfo as ProjectRoleInfo
    from .models import RawData as RawData
    from .models import StepsAndCycles as StepsAndCycles
    from .pipeline import validate_measurement_data as validate_measurement_data
    from .pipeline import validate_time_series as validate_time_series
    from .resources import AsyncCellBatchClient as AsyncCellBatchClient
    from .resources import AsyncCellInstanceClient as AsyncCellInstanceClient
    from .resources import AsyncCellMeasurementClient as AsyncCellMeasurementClient
    from .resources import (
        AsyncCellSpecificationClient as AsyncCellSpecificationClient,
    )
    from .resources import AsyncNavigator as AsyncNavigator
    from .resources import AsyncProjectClient as AsyncProjectClient
    from .resources import AsyncRawDataClient as AsyncRawDataClient
    from .tables import Table as Table
    from .tables import get_dataframe_backend as get_dataframe_backend
    from .tables import set_dataframe_backend as set_dataframe_backend
    from .types import DataFrameBackend as DataFrameBackend
    from .types import Frame as Frame
    from .validation import IssueCode as IssueCode
    from .validation import MeasurementValidationError as MeasurementValidationError
    from .validation import (
        MeasurementValidationWarning as MeasurementValidationWarning,
    )
    from .validation import ValidationIssue as ValidationIssue

__all__ = sorted([*EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    if name == "read":  # the cycler readers, loaded on first use
        return importlib.import_module("ionworks_async.read")
    module = EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *EXPORTS, "read"})
