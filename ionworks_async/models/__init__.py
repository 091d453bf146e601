"""The API's records (attrs classes read by one cattrs converter), pages and details.

:mod:`.records` holds the records, :mod:`.pages` a page of them,
:mod:`.details` what ``detail()`` composes of them and their data, and
:mod:`._base` the converter and the rules every record keeps.
"""

import importlib
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:  # the lab's records: imported on first use (see __getattr__)
    from .builders import (
        BuilderReadiness,
        BuildResult,
        ModelBuilder,
        ReadinessIssue,
        ReadinessReport,
    )
    from .ecm import (
        EcmFitJob,
        FitResults,
        RcPairFit,
        SaveToProjectResponse,
        ValidationResults,
    )
    from .lab import (
        Channel,
        ChannelIncident,
        ChannelState,
        Cycler,
        CyclerDetail,
        CyclerServiceEvent,
        FlatChannel,
        LabChannel,
        LabCycler,
        LabMeasurementSummary,
        LabSite,
        LabStatus,
        Site,
        SiteDetail,
        Utilization,
    )
    from .materials import (
        KNOWN_ANALYSIS_TYPES,
        Analysis,
        AnalysisColumnSpec,
        AnalysisType,
        ColumnSpec,
        MaterialPropertyDataset,
    )
    from .modelling import (
        JobCreationPayload,
        JobResponse,
        Model,
        Optimization,
        ParameterizedModel,
        SimulationResponse,
        SimulationResult,
        Study,
        ZooImport,
    )
    from .organization import (
        ComputeUsage,
        Material,
        OrganizationMember,
        OrganizationUsage,
        ProjectMembership,
        SearchResponse,
        SearchResult,
        SimulationUsage,
    )
    from .pipelines import (
        CalculationResponse,
        DataFitResponse,
        EntryResponse,
        PipelineResponse,
        PipelineSubmissionResponse,
        SimplePipelineSubmissionResponse,
    )
    from .planning import (
        AutoScheduleAssignment,
        AutoScheduleProposal,
        ConvertResult,
        ParsedProtocol,
        PlannedMeasurement,
        PlannedMeasurementStatus,
        Protocol,
    )

_LAZY = {
    **dict.fromkeys(
        (
            "CalculationResponse",
            "DataFitResponse",
            "EntryResponse",
            "PipelineResponse",
            "PipelineSubmissionResponse",
            "SimplePipelineSubmissionResponse",
        ),
        ".pipelines",
    ),
    **dict.fromkeys(
        (
            "EcmFitJob",
            "FitResults",
            "RcPairFit",
            "SaveToProjectResponse",
            "ValidationResults",
        ),
        ".ecm",
    ),
    **dict.fromkeys(
        (
            "BuildResult",
            "BuilderReadiness",
            "ModelBuilder",
            "ReadinessIssue",
            "ReadinessReport",
        ),
        ".builders",
    ),
    **dict.fromkeys(
        (
            "KNOWN_ANALYSIS_TYPES",
            "Analysis",
            "AnalysisColumnSpec",
            "AnalysisType",
            "ColumnSpec",
            "MaterialPropertyDataset",
        ),
        ".materials",
    ),
    **dict.fromkeys(
        (
            "JobCreationPayload",
            "JobResponse",
            "Model",
            "Optimization",
            "ParameterizedModel",
            "SimulationResponse",
            "SimulationResult",
            "Study",
            "ZooImport",
        ),
        ".modelling",
    ),
    **dict.fromkeys(
        (
            "ComputeUsage",
            "Material",
            "OrganizationMember",
            "OrganizationUsage",
            "ProjectMembership",
            "SearchResponse",
            "SearchResult",
            "SimulationUsage",
        ),
        ".organization",
    ),
    **dict.fromkeys(
        (
            "Channel",
            "ChannelIncident",
            "ChannelState",
            "Cycler",
            "CyclerDetail",
            "CyclerServiceEvent",
            "FlatChannel",
            "LabChannel",
            "LabCycler",
            "LabMeasurementSummary",
            "LabSite",
            "LabStatus",
            "Site",
            "SiteDetail",
            "Utilization",
        ),
        ".lab",
    ),
    **dict.fromkeys(
        (
            "AutoScheduleAssignment",
            "AutoScheduleProposal",
            "ConvertResult",
            "ParsedProtocol",
            "PlannedMeasurement",
            "PlannedMeasurementStatus",
            "Protocol",
        ),
        ".planning",
    ),
}


def __getattr__(name: str) -> Any:
    """Import the lab's and the planning records on first use."""
    home = _LAZY.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "KNOWN_ANALYSIS_TYPES",
    "Analysis",
    "AnalysisColumnSpec",
    "AnalysisType",
    "AutoScheduleAssignment",
    "AutoScheduleProposal",
    "BuildResult",
    "BuilderReadiness",
    "CalculationResponse",
    "CellBatch",
    "CellInstance",
    "CellInstanceDetail",
    "CellMeasurement",
    "CellMeasurementBundle",
    "CellMeasurementBundleResponse",
    "CellMeasurementDetail",
    "CellSpecification",
    "Channel",
    "ChannelIncident",
    "ChannelState",
    "ColumnSpec",
    "ComputeUsage",
    "ConvertResult",
    "Cycler",
    "CyclerDetail",
    "CyclerServiceEvent",
    "DataFitResponse",
    "EcmFitJob",
    "EntryResponse",
    "FitResults",
    "FlatChannel",
    "InviteResult",
    "JobCreationPayload",
    "JobResponse",
    "LabChannel",
    "LabCycler",
    "LabMeasurementSummary",
    "LabSite",
    "LabStatus",
    "Material",
    "MaterialPropertyDataset",
    "MeasurementTag",
    "MeasurementTagUsage",
    "MeasurementType",
    "Model",
    "ModelBuilder",
    "Optimization",
    "OrganizationMember",
    "OrganizationUsage",
    "PaginatedList",
    "ParameterizedModel",
    "ParsedProtocol",
    "PipelineResponse",
    "PipelineSubmissionResponse",
    "PlannedMeasurement",
    "PlannedMeasurementStatus",
    "Project",
    "ProjectMembership",
    "ProjectRoleInfo",
    "Protocol",
    "RawData",
    "RcPairFit",
    "ReadinessIssue",
    "ReadinessReport",
    "Record",
    "SaveToProjectResponse",
    "SearchResponse",
    "SearchResult",
    "SimplePipelineSubmissionResponse",
    "SimulationResponse",
    "SimulationResult",
    "SimulationUsage",
    "Site",
    "SiteDetail",
    "StepsAndCycles",
    "Study",
    "Utilization",
    "ValidationResults",
    "ZooImport",
]
