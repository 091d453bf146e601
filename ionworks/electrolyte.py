"""Electrolytes' defaults, where ``ionworks.electrolyte`` has them."""

from ionworks_async.resources.materials.electrolyte import (
    DEFAULT_COLUMNS,
    DEFAULT_CONCENTRATION_COLUMN,
)

__all__ = ["DEFAULT_COLUMNS", "DEFAULT_CONCENTRATION_COLUMN"]
