"""The materials' sub-clients: materials and their property datasets."""

from .datasets import AsyncMaterialPropertyDatasetClient
from .material import AsyncMaterialClient

__all__ = ["AsyncMaterialClient", "AsyncMaterialPropertyDatasetClient"]
