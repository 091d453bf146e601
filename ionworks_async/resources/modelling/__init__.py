"""The modelling sub-clients: studies and jobs (more to follow)."""

from .job import AsyncJobClient
from .study import AsyncStudyClient

__all__ = ["AsyncJobClient", "AsyncStudyClient"]
