"""Simple pipelines' record, where ``ionworks.simple_pipeline`` has it."""

from ionworks_async.models.pipelines import SimplePipelineSubmissionResponse
from ionworks_async.resources.modelling.simple_pipeline import MIGRATION_GUIDE_URL

__all__ = ["MIGRATION_GUIDE_URL", "SimplePipelineSubmissionResponse"]
