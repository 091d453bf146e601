"""The materials' sub-clients: materials (their datasets to follow)."""

from .material import AsyncMaterialClient

__all__ = ["AsyncMaterialClient"]
