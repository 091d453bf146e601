"""The modelling sub-clients: models, studies, jobs, optimizations, analyses."""

from .analyses import AsyncAnalysisClient
from .builders import AsyncModelBuilderClient
from .ecm import AsyncECMClient
from .job import AsyncJobClient
from .models import AsyncModelClient
from .optimization import AsyncOptimizationClient
from .parameterized import AsyncParameterizedModelClient
from .pipeline import AsyncPipelineClient
from .simple_pipeline import AsyncSimplePipelineClient
from .simulation import AsyncSimulationClient
from .study import AsyncStudyClient

__all__ = [
    "AsyncAnalysisClient",
    "AsyncECMClient",
    "AsyncJobClient",
    "AsyncModelBuilderClient",
    "AsyncModelClient",
    "AsyncOptimizationClient",
    "AsyncParameterizedModelClient",
    "AsyncPipelineClient",
    "AsyncSimplePipelineClient",
    "AsyncSimulationClient",
    "AsyncStudyClient",
]
