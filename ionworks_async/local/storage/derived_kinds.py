"""Materials, their property datasets, and analyses of measurements.

A material belongs to a project (its name unique there). A material property
dataset is a table (parquet) of a material's, with its columns' names, units
and positions; an analysis is a table of features extracted from one
measurement, with its columns, plot presets and metadata. Neither's name is
unique. Each table is kept as uploaded (``data.parquet``), read back as JSON
columns (a dataset's ``/data``) or through a signed URL.
"""

from __future__ import annotations

from .record_types import LIST, OBJECT, RECORD_COLUMNS, TEXT, Kind

__all__ = ["ANALYSIS", "DATASET", "DERIVED_TABLES", "MATERIAL", "TABLE_BLOB"]

TABLE_BLOB = "data.parquet"
"""The name an uploaded table is kept under."""

MATERIAL = Kind(
    table="materials",
    label="Material",
    parent_column=None,
    fields={
        "project_id": TEXT,
        "manufacturer": TEXT,
        "product_id": TEXT,
        "description": TEXT,
        "properties": OBJECT,
    },
    columns=("project_id", "manufacturer", "product_id"),
    scope="project_id",
    in_project=True,
    contains=("manufacturer", "product_id"),
)
DATASET = Kind(
    table="material_property_datasets",
    label="Material property dataset",
    parent_column="material_id",
    fields={"project_id": TEXT, "columns": LIST},
    columns=("project_id",),
    in_project=True,
    unique_names=False,
    read_only=("data_version", "nan_counts"),
)
ANALYSIS = Kind(
    table="analyses",
    label="Analysis",
    parent_column="measurement_id",
    fields={
        "analysis_type": TEXT,
        "columns": LIST,
        "plots": LIST,
        "metadata": OBJECT,
        "notes": TEXT,
    },
    columns=("project_id",),
    unique_names=False,
    read_only=("project_id",),
    lists_across=True,
)

_COMMON = RECORD_COLUMNS
DERIVED_TABLES = f"""
CREATE TABLE IF NOT EXISTS materials (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,{_COMMON},
    manufacturer TEXT,
    product_id TEXT,
    UNIQUE (project_id, name)
);
CREATE TABLE IF NOT EXISTS material_property_datasets (
    id TEXT PRIMARY KEY,
    material_id TEXT NOT NULL REFERENCES materials(id) ON DELETE CASCADE,
    project_id TEXT NOT NULL,{_COMMON}
);
CREATE TABLE IF NOT EXISTS analyses (
    id TEXT PRIMARY KEY,
    measurement_id TEXT NOT NULL REFERENCES cell_measurements(id) ON DELETE CASCADE,
    project_id TEXT,{_COMMON}
);
CREATE INDEX IF NOT EXISTS datasets_by_material
    ON material_property_datasets(material_id);
CREATE INDEX IF NOT EXISTS analyses_by_measurement ON analyses(measurement_id)
"""
"""The tables of materials, datasets and analyses (schema version 4)."""
