"""Records of materials' data and of analyses of measurements."""

from __future__ import annotations

import enum
from typing import Any

import attrs

from ._base import Record, register_record

__all__ = [
    "KNOWN_ANALYSIS_TYPES",
    "Analysis",
    "AnalysisColumnSpec",
    "AnalysisType",
    "ColumnSpec",
    "MaterialPropertyDataset",
]


@register_record
@attrs.define(kw_only=True, repr=False)
class ColumnSpec(Record):
    """A column of a material property dataset: its name, unit and position."""

    SUMMARY = ("name", "unit", "source_column_index")

    name: str
    source_column_index: int
    unit: str = ""


@register_record
@attrs.define(kw_only=True, repr=False)
class MaterialPropertyDataset(Record):
    """A table of a material's properties (a conductivity against concentration)."""

    SUMMARY = ("id", "name", "data_version")

    id: str
    name: str
    data_version: int
    columns: list[ColumnSpec] = attrs.field(factory=list)
    nan_counts: dict[str, int] | None = None
    created_at: str | None = None
    source_pipeline_id: str | None = None
    source_simple_pipeline_id: str | None = None
    source_analysis_id: str | None = None
    source_label: str | None = None


class AnalysisType(enum.StrEnum):
    """Well-known ``analysis_type`` values (any non-empty string is accepted)."""

    ECM_FROM_EIS = "ecm_from_eis"
    LAM_LLI_FROM_RPT = "lam_lli_from_rpt"
    DCIR_FROM_HPPC = "dcir_from_hppc"


KNOWN_ANALYSIS_TYPES: list[str] = [kind.value for kind in AnalysisType]
"""The well-known analysis types' values."""


@register_record
@attrs.define(kw_only=True, repr=False)
class AnalysisColumnSpec(Record):
    """A column of an analysis' table."""

    SUMMARY = ("name", "unit", "dtype")

    name: str
    unit: str = ""
    dtype: str | None = None


@register_record
@attrs.define(kw_only=True, repr=False)
class Analysis(Record):
    """Features extracted from one measurement (ECM from EIS, LLI/LAM from RPT).

    A table (parquet, :meth:`~ionworks_async.AsyncIonworks.analysis` ``get_data``)
    and loose metadata.
    """

    SUMMARY = ("id", "name", "analysis_type", "measurement_id")

    id: str
    measurement_id: str
    name: str
    analysis_type: str
    project_id: str | None = None
    columns: list[AnalysisColumnSpec] = attrs.field(factory=list)
    plots: list[dict[str, Any]] = attrs.field(factory=list)
    metadata: dict[str, Any] = attrs.field(factory=dict)
    notes: str | None = None
    source_pipeline_id: str | None = None
    source_simple_pipeline_id: str | None = None
    source_analysis_id: str | None = None
    source_label: str | None = None
    created_at: str | None = None
