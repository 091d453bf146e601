"""The materials' sub-clients: materials, their property datasets, electrolytes."""

from .datasets import AsyncMaterialPropertyDatasetClient
from .electrolyte import AsyncElectrolyteClient
from .material import AsyncMaterialClient

__all__ = [
    "AsyncElectrolyteClient",
    "AsyncMaterialClient",
    "AsyncMaterialPropertyDatasetClient",
]
