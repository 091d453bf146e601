"""Records of model building: builders, their readiness reports and builds."""

from __future__ import annotations

from typing import Any

import attrs

from ._base import Record, register_record

__all__ = [
    "BuildResult",
    "BuilderReadiness",
    "ModelBuilder",
    "ReadinessIssue",
    "ReadinessReport",
]


@register_record
@attrs.define(kw_only=True, repr=False)
class ModelBuilder(Record):
    """A recipe that builds a model's parameter values from a cell's data."""

    SUMMARY = ("id", "name", "model_id")

    id: str
    organization_id: str
    project_id: str
    model_id: str
    name: str
    config: dict[str, Any]
    description: str | None = None


@register_record
@attrs.define(kw_only=True, repr=False)
class ReadinessIssue(Record):
    """Something a build lacks (an error) or would guess (a warning)."""

    SUMMARY = ("severity", "code", "parameter")

    severity: str
    code: str
    message: str
    parameter: str | None = None
    path: str | None = None
    element: str | None = None


@register_record
@attrs.define(kw_only=True, repr=False)
class ReadinessReport(Record):
    """Whether a builder can build for a cell, and what stops it."""

    SUMMARY = ("ready", "resolved", "total")

    ready: bool
    issues: list[ReadinessIssue]
    resolved: int
    total: int


@register_record
@attrs.define(kw_only=True, repr=False)
class BuilderReadiness(Record):
    """One builder's readiness for a cell specification."""

    SUMMARY = ("name", "ready", "error_count")

    model_builder_id: str
    model_id: str
    name: str
    ready: bool
    error_count: int
    warning_count: int


@register_record
@attrs.define(kw_only=True, repr=False)
class BuildResult(Record):
    """A build's parameter values (and the parameterized model, when saved)."""

    SUMMARY = ("parameterized_model_id",)

    parameters: dict[str, Any]
    missing: list[str] = attrs.field(factory=list)
    issues: list[ReadinessIssue] = attrs.field(factory=list)
    parameterized_model_id: str | None = None
