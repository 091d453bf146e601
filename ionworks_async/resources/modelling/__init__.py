"""The modelling sub-clients: studies, jobs, analyses (more to follow)."""

from .analyses import AsyncAnalysisClient
from .job import AsyncJobClient
from .study import AsyncStudyClient

__all__ = ["AsyncAnalysisClient", "AsyncJobClient", "AsyncStudyClient"]
