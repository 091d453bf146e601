"""Cell batch client for manufacturing lots (the public client's import path).

``from ionworks.cell_batch import CellBatchClient`` works as with ionworks-api;
the class is generated from :mod:`ionworks_async` into :mod:`ionworks._generated`.
"""

from ._generated import CellBatchClient

__all__ = ["CellBatchClient"]
