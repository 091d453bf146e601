"""Cell measurements: a resource with parts; :mod:`.client` is its public class."""

from .client import AsyncCellMeasurementClient

__all__ = ["AsyncCellMeasurementClient"]
