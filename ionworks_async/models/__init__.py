"""The API's records (attrs classes read by one cattrs converter) and pages."""

from .pages import PaginatedList
from .records import (
    CellBatch,
    CellInstance,
    CellInstanceDetail,
    CellMeasurement,
    CellMeasurementBundle,
    CellMeasurementDetail,
    CellSpecification,
    MeasurementTag,
    Project,
    RawData,
    Record,
    StepsAndCycles,
)

__all__ = [
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
    "Record",
    "StepsAndCycles",
]
