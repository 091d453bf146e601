"""Pipelines' records, where the public client's ``ionworks.pipeline`` has them."""

from ionworks_async.models.pipelines import (
    CalculationResponse,
    DataFitResponse,
    EntryResponse,
    PipelineResponse,
    PipelineSubmissionResponse,
)

__all__ = [
    "CalculationResponse",
    "DataFitResponse",
    "EntryResponse",
    "PipelineResponse",
    "PipelineSubmissionResponse",
]
