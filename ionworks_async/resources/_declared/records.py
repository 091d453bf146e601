"""The plain methods of projects, measurements and raw data, declared."""

from __future__ import annotations

from .vocabulary import Declared, Doc, Extra

__all__ = ["MEASUREMENT", "PROJECT", "RAW_DATA"]


PROJECT = Declared(
    name="PlainProjects",
    record="Project",
    id="project_id",
    item_path="project_path",
    collection="PROJECTS_PATH",
    filters="RecordFilters",
    data_optional=True,
    update_retry_safe=True,
    methods={
        "get": Doc(
            "Get a project.",
            {"project_id": ("str", "The project's id.")},
            "The project.",
        ),
        "list": Doc(
            "List projects: every match, or one page.",
            returns="The projects, with ``total``.",
        ),
        "create": Doc(
            "Create a project.",
            {"data": ("dict", "Its fields: ``name`` (required), ``description``, ...")},
            "The new project.",
        ),
        "update": Doc(
            "Update fields of a project.",
            {
                "project_id": ("str", "The project's id."),
                "data": ("dict", "The fields to change."),
            },
            "The project.",
        ),
        "delete": Doc(
            "Delete a project (ionworks-local: an empty one, not the default).",
            {"project_id": ("str", "The project's id.")},
        ),
    },
)

_MEASUREMENT_TYPE = Extra(
    "measurement_type",
    "str | None",
    "str, optional",
    '``"time_series"``, ``"file"`` or ``"properties"``.',
)
_INSTANCE_OF_MEASUREMENT = {"cell_instance_id": ("str", "The cell instance ID.")}

MEASUREMENT = Declared(
    name="PlainMeasurementRecords",
    record="CellMeasurement",
    id="measurement_id",
    item_path="measurement_path",
    collection="instance_measurements_path",
    parent="cell_instance_id",
    filters="MeasurementFilters",
    extra=(_MEASUREMENT_TYPE,),
    methods={
        "list": Doc(
            "List the measurements of a cell instance: every match, or one page.",
            _INSTANCE_OF_MEASUREMENT,
            "A list of the measurements, with ``total``.",
        ),
        "iter_all": Doc(
            "Iterate over every measurement of an instance, page by page.",
            _INSTANCE_OF_MEASUREMENT,
            "Each matching measurement.",
        ),
        "get": Doc(
            "Get a measurement's metadata by ID.",
            {"measurement_id": ("str", "The measurement ID.")},
            "The measurement.",
        ),
        "update": Doc(
            "Update fields of a measurement.",
            {
                "measurement_id": ("str", "The measurement ID."),
                "data": (
                    "dict[str, Any]",
                    'The fields to change (``"tags"`` replaces the set).',
                ),
            },
            "The updated measurement.",
        ),
        "delete": Doc(
            "Delete a measurement and its data.",
            {"measurement_id": ("str", "The measurement ID.")},
        ),
    },
)

RAW_DATA = Declared(
    name="PlainRawData",
    record="RawData",
    id="raw_data_id",
    item_path="raw_data_path",
    collection="RAW_DATA_PATH",
    parent="project_id",
    parent_in_query=True,
    first_page=True,
    methods={
        "list": Doc(
            "List a project's raw-data records: one page, or every one.",
            {"project_id": ("str", "The project.")},
            "The records, with ``total``.",
        ),
        "iter_all": Doc(
            "Iterate over a project's raw-data records, fetching page by page.",
            {"project_id": ("str", "The project.")},
            "Each record.",
        ),
        "get": Doc(
            "Get a raw-data record.",
            {"raw_data_id": ("str", "The record's id.")},
            "The record.",
        ),
        "delete": Doc(
            "Delete a record, its links and its stored file.",
            {"raw_data_id": ("str", "The record's id.")},
        ),
    },
)
