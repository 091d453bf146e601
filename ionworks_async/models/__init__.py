"""The API's records (attrs classes read by one cattrs converter), pages and details.

:mod:`.records` holds the records, :mod:`.pages` a page of them,
:mod:`.details` what ``detail()`` composes of them and their data, and
:mod:`._base` the converter and the rules every record keeps.
"""

from .details import CellInstanceDetail, CellMeasurementDetail, StepsAndCycles
from .pages import PaginatedList
from .records import (
    CellBatch,
    CellInstance,
    CellMeasurement,
    CellMeasurementBundle,
    CellMeasurementBundleResponse,
    CellSpecification,
    InviteResult,
    MeasurementTag,
    MeasurementTagUsage,
    MeasurementType,
    Project,
    ProjectRoleInfo,
    RawData,
    Record,
)

__all__ = [
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
    "Record",
    "StepsAndCycles",
]
