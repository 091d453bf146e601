"""Cell measurement client.

The documented import path of ``CellMeasurementClient``; the class is generated from
:mod:`ionworks_async` into :mod:`ionworks._generated`.
"""

from ._generated import CellMeasurementClient

__all__ = ["CellMeasurementClient"]
