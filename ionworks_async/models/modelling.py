"""Records of modelling: studies and the jobs the hosted service runs."""

from __future__ import annotations

from typing import Any, NamedTuple

import attrs

from ._base import Record, register_record

__all__ = [
    "JobCreationPayload",
    "JobResponse",
    "Model",
    "Optimization",
    "ParameterizedModel",
    "SimulationResponse",
    "SimulationResult",
    "Study",
    "ZooImport",
]


@register_record
@attrs.define(kw_only=True, repr=False)
class Study(Record):
    """A study of a project: simulations and measurements gathered to compare."""

    SUMMARY = ("id", "name")

    id: str
    name: str


@register_record
@attrs.define(kw_only=True, repr=False)
class JobCreationPayload(Record):
    """What a job was submitted with (the API no longer takes direct submissions)."""

    SUMMARY = ("job_type", "priority")

    job_type: str
    params: dict[str, Any]
    priority: int = 5
    callback_url: str | None = None


@register_record
@attrs.define(kw_only=True, repr=False)
class JobResponse(Record):
    """A job of the hosted service (a fit, a simulation, a pipeline): its state."""

    SUMMARY = ("job_id", "job_type", "status")

    job_id: str
    status: str
    job_type: str
    priority: int
    created_at: str
    updated_at: str
    is_terminal: bool
    is_failed: bool
    error: str | None = None
    result: dict[str, Any] | None = None


@register_record
@attrs.define(kw_only=True, repr=False)
class Model(Record):
    """A model (a PyBaMM model's configuration) of a project, or a system one."""

    SUMMARY = ("id", "name", "project_id")

    id: str
    name: str
    project_id: str | None = None
    source_model_id: str | None = None
    config: dict[str, Any] | None = None
    simulation_settings: dict[str, Any] | None = None


@register_record
@attrs.define(kw_only=True, repr=False)
class ParameterizedModel(Record):
    """A model with its parameter values: what a simulation runs."""

    SUMMARY = ("id", "name")

    id: str
    name: str
    simulation_settings: dict[str, Any] | None = None


class ZooImport(NamedTuple):
    """A model imported from the PyBaMM model zoo, and its parameterized model."""

    model: Model
    parameterized_model: ParameterizedModel


@register_record
@attrs.define(kw_only=True, repr=False)
class Optimization(Record):
    """A design optimization submitted to the hosted service."""

    SUMMARY = ("id", "name", "job_id")

    id: str
    job_id: str
    project_id: str
    name: str | None = None


@register_record
@attrs.define(kw_only=True, repr=False)
class SimulationResponse(Record):
    """A submitted simulation: its id, its job's, and the protocol it runs."""

    SUMMARY = ("simulation_id", "job_id", "already_existed")

    simulation_id: str
    job_id: str
    protocol_id: str | None = None
    already_existed: bool = False


@attrs.define(eq=False)
class SimulationResult:
    """A finished simulation's data.

    Attributes
    ----------
    time_series, steps : Frame
        Frames of the client's backend.
    metrics : dict
        The simulation's metrics.
    """

    time_series: Any
    steps: Any
    metrics: dict[str, Any]
